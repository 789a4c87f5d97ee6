import { describe, expect, it } from 'vitest';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { LabEngine, type LabStep } from '../../src/lab/lab-engine';
import type { ChaosResult } from '../../src/chaos/chaos-run';

const SETUP = { seed: 7, config: DEMO_PRESET.broker };

/** Three brokers and a topic with three replicas, as a learner sets them up, then a few seconds of running. */
async function setUp(engine: LabEngine): Promise<void> {
  for (let i = 0; i < 3; i++) {
    void engine.act({ kind: 'addBroker' });
    await engine.advance(1_000);
  }
  void engine.act({ kind: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 });
  await engine.advance(3_000);
}

describe('lab > engine', () => {
  it('moves time only when told, and adds brokers as the journal says', async () => {
    const engine = await LabEngine.open(SETUP);
    expect(engine.moment()).toEqual({ atMs: 0, steps: 0 });
    await setUp(engine);
    expect(engine.moment().atMs).toBe(6_000);
    expect(engine.cluster.describe().brokers.map((broker) => broker.state)).toEqual(['running', 'running', 'running']);
    expect(engine.cluster.describe().topics[0].partitions.map((p) => p.leader)).not.toContain(-1);
    expect(engine.journal.entries.map((entry) => entry.action.kind)).toEqual(['addBroker', 'addBroker', 'addBroker', 'createTopic']);
    await engine.close();
  });

  it('replays the same seed and journal into the same cluster at the same moment', async () => {
    const first = await LabEngine.open(SETUP);
    await setUp(first);
    void first.act({ kind: 'killBroker', brokerId: first.cluster.leaderOf('orders', 0) });
    await first.advance(10_000);

    const replay = await LabEngine.open(SETUP, first.journal.entries);
    await replay.seek(first.moment().atMs);
    expect(replay.moment()).toEqual(first.moment());
    expect(replay.cluster.describe()).toEqual(first.cluster.describe());
    await first.close();
    await replay.close();
  });

  it('seeks back before a kill and finds the old leader leading again, then forward to the kill', async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    const oldLeader = engine.cluster.leaderOf('orders', 0);
    const killedAt = engine.moment().atMs;
    void engine.act({ kind: 'killBroker', brokerId: oldLeader });
    await engine.advance(15_000);
    const afterKill = engine.cluster.describe();
    expect(engine.cluster.leaderOf('orders', 0)).not.toBe(oldLeader);

    await engine.seek(killedAt - 1_000);
    expect(engine.moment().atMs).toBe(killedAt - 1_000);
    expect(engine.cluster.leaderOf('orders', 0)).toBe(oldLeader);
    expect(engine.cluster.describe().brokers.every((broker) => broker.state === 'running')).toBe(true);

    await engine.seek(killedAt + 15_000);
    expect(engine.cluster.describe()).toEqual(afterKill);
    await engine.close();
  });

  it('forks: acting at an earlier moment drops the journal after it', async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    const before = engine.moment().atMs;
    void engine.act({ kind: 'killBroker', brokerId: 1 });
    await engine.advance(5_000);
    await engine.seek(before - 500);
    void engine.act({ kind: 'killBroker', brokerId: 2 });
    await engine.advance(15_000);
    expect(engine.journal.entries.map((entry) => entry.action)).toContainEqual({ kind: 'killBroker', brokerId: 2 });
    expect(engine.journal.entries.map((entry) => entry.action)).not.toContainEqual({ kind: 'killBroker', brokerId: 1 });
    expect(engine.cluster.describe().brokers.map((broker) => broker.state)).toEqual(['running', 'killed', 'running']);
    await engine.close();
  });

  it('steps one event at a time and names it', async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    const steps: LabStep[] = [];
    for (let i = 0; i < 20; i++) steps.push(await engine.step());
    expect(steps.map((step) => step.steps)).toEqual(Array.from({ length: 20 }, (_, i) => steps[0].steps + i));
    expect(steps.map((step) => step.what)).toContainEqual(
      expect.stringMatching(/^broker-\d → (controller|broker-\d): \w+ (request|response) delivered$/),
    );
    // A moment reached by steps is a moment a replay reaches too.
    const replay = await LabEngine.open(SETUP, engine.journal.entries);
    await replay.goTo(engine.moment());
    expect(replay.cluster.describe()).toEqual(engine.cluster.describe());
    await engine.close();
    await replay.close();
  });

  it('resumes a run a seek left instead of replaying from the start, until a fork makes it another history', async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    await engine.seek(20_000);
    const runAt20s = engine.cluster;
    const describedAt20s = engine.cluster.describe();

    await engine.seek(10_000);
    const runAt10s = engine.cluster;
    expect(runAt10s).not.toBe(runAt20s);
    await engine.seek(20_000);
    expect(engine.cluster).toBe(runAt20s);
    expect(engine.cluster.describe()).toEqual(describedAt20s);
    await engine.seek(15_000);
    expect(engine.cluster).toBe(runAt10s);
    expect(engine.moment().atMs).toBe(15_000);

    void engine.act({ kind: 'killBroker', brokerId: 3 });
    await engine.seek(20_000);
    expect(engine.cluster).toBe(runAt10s);
    expect(engine.cluster.describe().brokers.map((broker) => broker.state)).toEqual(['running', 'running', 'killed']);
    await engine.close();
  });

  it("names the controller's session timeout when a step fences a killed broker", async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    void engine.act({ kind: 'killBroker', brokerId: 2 });
    // The demo timings' broker.session.timeout.ms is 3 s: step through the moments around it.
    await engine.advance(2_500);
    const named: string[] = [];
    while (engine.cluster.describe().brokers[1].state !== 'fenced' && named.length < 5_000) named.push((await engine.step()).what);
    expect(named).toContain('timer fired: broker.session.timeout.ms of broker 2');
    await engine.close();
  });
});

describe('lab > checkpoints', () => {
  /** Builds every checkpoint there is to build, as the lab's worker does in its spare time. */
  async function buildAll(engine: LabEngine): Promise<void> {
    while (await engine.buildCheckpoint(5_000));
  }

  it('builds a checkpoint at every grid moment the run has passed, and a seek resumes the nearest', async () => {
    const engine = await LabEngine.open(SETUP, [], { everyMs: 10_000, max: 20 });
    await setUp(engine);
    void engine.act({ kind: 'killBroker', brokerId: engine.cluster.leaderOf('orders', 0) });
    await engine.advance(39_000 - engine.moment().atMs);
    await buildAll(engine);
    expect(engine.checkpoints()).toEqual([10_000, 20_000, 30_000]);

    await engine.seek(24_000);
    // The checkpoint at 0:20 became the run; the next spare slices build it again.
    expect(engine.checkpoints()).toEqual([10_000, 30_000]);
    const replay = await LabEngine.open(SETUP, engine.journal.entries);
    await replay.seek(24_000);
    expect(engine.moment()).toEqual(replay.moment());
    expect(engine.cluster.describe()).toEqual(replay.cluster.describe());
    await buildAll(engine);
    expect(engine.checkpoints()).toEqual([10_000, 20_000, 30_000]);
    await engine.close();
    await replay.close();
  });

  it('doubles the spacing so the grid never holds more than its maximum', async () => {
    const engine = await LabEngine.open(SETUP, [], { everyMs: 1_000, max: 4 });
    await setUp(engine);
    await engine.advance(9_000 - engine.moment().atMs);
    await buildAll(engine);
    expect(engine.checkpoints()).toEqual([4_000, 8_000]);
    await engine.advance(7_000);
    await buildAll(engine);
    expect(engine.checkpoints()).toEqual([4_000, 8_000, 12_000, 16_000]);
    await engine.close();
  });

  it('drops the checkpoints after a fork: they belong to a history that no longer happens', async () => {
    const engine = await LabEngine.open(SETUP, [], { everyMs: 10_000, max: 20 });
    await setUp(engine);
    void engine.act({ kind: 'killBroker', brokerId: 1 });
    await engine.advance(35_000 - engine.moment().atMs);
    await buildAll(engine);
    await engine.seek(15_000);
    expect(engine.checkpoints()).toEqual([20_000, 30_000]);
    void engine.act({ kind: 'killBroker', brokerId: 2 });
    expect(engine.checkpoints()).toEqual([]);
    await engine.seek(32_000);
    await buildAll(engine);
    expect(engine.checkpoints()).toEqual([10_000, 20_000, 30_000]);
    await engine.seek(31_000);
    expect(engine.cluster.describe().brokers.map((broker) => broker.state)).toEqual(['killed', 'killed', 'running']);
    await engine.close();
  });
});

describe('lab > terminal', () => {
  /** Runs a command in the lab's terminal, its input typed line by line, and returns what it printed once it ended. */
  async function command(engine: LabEngine, line: string, input: string[] = []): Promise<string> {
    const id = (await engine.act({ kind: 'shell', line })) as number;
    for (const typed of input) {
      await engine.advance(100);
      void engine.act({ kind: 'shellInput', line: typed });
    }
    if (input.length > 0) void engine.act({ kind: 'shellInput', line: null });
    const { terminal } = engine.terminal();
    for (let i = 0; i < 100 && !terminal!.since(0).some((event) => event.command === id && event.exitCode !== undefined); i++) {
      await engine.advance(100);
    }
    return terminal!
      .since(0)
      .filter((event) => event.command === id)
      .map((event) => event.text ?? `[exit ${event.exitCode}]`)
      .join('');
  }

  it("runs Kafka's tools on the run's cluster, with typed input, and a replay prints the same", async () => {
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    expect(await command(engine, 'kafka-topics.sh --create --topic events --bootstrap-server localhost:9092')).toBe(
      'Created topic events.\n[exit 0]',
    );
    await command(engine, 'kafka-console-producer.sh --topic events --bootstrap-server localhost:9092', ['hello', 'lab']);
    const consumed = await command(
      engine,
      'kafka-console-consumer.sh --topic events --from-beginning --max-messages 2 --bootstrap-server localhost:9092',
    );
    expect(consumed).toMatch(/^hello\nlab\nProcessed a total of 2 messages\n\[exit 0\]$/);
    expect(await engine.complete('kafka-console-consumer.sh --topic ev', 36)).toEqual(['events']);
    // The inspector's read goes to the leader's log, not over the network: the replay below never made it.
    const read = await engine.readPartition({ topic: 'events', partition: 0, fromOffset: '0' });
    expect(read.records.map((record) => new TextDecoder().decode(record.value!))).toEqual(['hello', 'lab']);
    expect(read.highWatermark).toBe('2');

    const replay = await LabEngine.open(SETUP, engine.journal.entries);
    await replay.goTo(engine.moment());
    expect(replay.terminal().terminal!.since(0)).toEqual(engine.terminal().terminal!.since(0));
    expect(replay.cluster.describe()).toEqual(engine.cluster.describe());
    await engine.close();
    await replay.close();
  });
});

describe('lab > chaos', () => {
  it("runs the Chaos tab's checker on the run's cluster, and a replay runs it to the same verdict", async () => {
    const options = { seed: 4, faults: 3, durationMs: 15_000, settleMs: 30_000 };
    /** Runs the chaos action in a lab (live, or replaying a journal) until its verdict. */
    async function verdictOf(engine: LabEngine, act: boolean): Promise<ChaosResult> {
      let verdict: ChaosResult | null = null;
      if (act) void engine.act({ kind: 'chaos', options }).then((result) => (verdict = result as ChaosResult));
      await engine.advance(5_000);
      expect(engine.chaos()?.progress?.sent).toBeGreaterThan(0);
      for (let i = 0; i < 60 && engine.chaos() !== null; i++) await engine.advance(5_000);
      return verdict ?? ({} as ChaosResult);
    }
    const engine = await LabEngine.open(SETUP);
    await setUp(engine);
    const verdict = await verdictOf(engine, true);
    expect(verdict).toMatchObject({ seed: 4, anomalies: [], unhealed: [] });
    expect(verdict.history.length).toBeGreaterThanOrEqual(3);
    expect(verdict.report).toMatchObject({ ok: true });
    expect(verdict.report.ackedCount).toBeGreaterThan(0);

    const replay = await LabEngine.open(SETUP, engine.journal.entries);
    await replay.goTo(engine.moment());
    expect(replay.cluster.describe()).toEqual(engine.cluster.describe());
    expect(replay.moment()).toEqual(engine.moment());
    await engine.close();
    await replay.close();
  }, 60_000);
});
