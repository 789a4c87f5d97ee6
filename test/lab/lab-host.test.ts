import { describe, expect, it } from 'vitest';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { LabHost, type LabSnapshot, type WallTime } from '../../src/lab/lab-host';

/** Wall time the test moves by hand: each tick the host asked for runs when the test says so. */
class ManualWall implements WallTime {
  private ms = 0;
  private tasks: (() => void)[] = [];

  now(): number {
    return this.ms;
  }

  setTimeout(task: () => void): void {
    this.tasks.push(task);
  }

  /** Moves wall time on by `ms` in the host's slices, letting each slice finish. */
  async pass(ms: number, sliceMs = 50): Promise<void> {
    for (let passed = 0; passed < ms; passed += sliceMs) {
      this.ms += sliceMs;
      const due = this.tasks;
      this.tasks = [];
      for (const task of due) task();
      await new Promise((resolve) => setTimeout(resolve, 0));
      while (this.tasks.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}

const SETUP = { seed: 3, config: DEMO_PRESET.broker };

describe('lab > host', () => {
  it('moves virtual time with wall time at the chosen speed, and not at all while paused', async () => {
    const wall = new ManualWall();
    const host = new LabHost(wall);
    await host.open(SETUP);
    await wall.pass(1_000);
    expect(host.snapshot().moment.atMs).toBe(1_000);
    host.setSpeed(2);
    await wall.pass(1_000);
    expect(host.snapshot().moment.atMs).toBe(3_000);
    host.pause();
    await wall.pass(1_000);
    expect(host.snapshot().moment.atMs).toBe(3_000);
    expect(() => host.setSpeed(20)).toThrow(/0.1× to 10×/);
    await host.close();
  });

  it('moves virtual time in whole milliseconds, owing the fractions to later slices', async () => {
    const wall = new ManualWall();
    const host = new LabHost(wall);
    await host.open(SETUP);
    host.setSpeed(0.25);
    await wall.pass(50);
    expect(host.snapshot().moment.atMs).toBe(12);
    await wall.pass(150);
    expect(host.snapshot().moment.atMs).toBe(50);
    await host.close();
  });

  it('carries out an action as time passes, and posts what changed', async () => {
    const wall = new ManualWall();
    const host = new LabHost(wall);
    await host.open(SETUP);
    const seen: LabSnapshot[] = [];
    host.onSnapshot((snapshot) => seen.push(snapshot));
    const added = host.act({ kind: 'addBroker' });
    await wall.pass(2_000);
    expect(await added).toEqual({ ok: true, value: 1 });
    expect(seen.at(-1)?.description.brokers).toEqual([{ id: 1, rack: null, state: 'running' }]);
    expect(seen.at(-1)?.journal.map((entry) => entry.action)).toEqual([{ kind: 'addBroker' }]);
    await host.close();
  });

  it('opens a shared moment paused there, with the same description', async () => {
    const wall = new ManualWall();
    const first = new LabHost(wall);
    await first.open(SETUP);
    void first.act({ kind: 'addBroker' });
    await wall.pass(1_500);
    first.pause();
    const { journal, moment, description } = first.snapshot();

    const opened = new LabHost(new ManualWall());
    await opened.open(SETUP, journal, moment);
    expect(opened.snapshot().paused).toBe(true);
    expect(opened.snapshot().moment).toEqual(moment);
    expect(opened.snapshot().description).toEqual(description);
    await first.close();
    await opened.close();
  });

  it('replays a run with a producer and a consumer group, looked at every slice, into the same cluster', async () => {
    const wall = new ManualWall();
    const live = new LabHost(wall);
    await live.open(SETUP);
    for (let i = 0; i < 3; i++) void live.act({ kind: 'addBroker' });
    await wall.pass(2_000);
    void live.act({ kind: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 });
    await wall.pass(1_000);
    void live.act({ kind: 'startProducer', spec: { topic: 'orders', recordsPerSecond: 50 } });
    void live.act({ kind: 'startConsumerGroup', spec: { groupId: 'billing', topics: ['orders'], members: 2 } });
    await wall.pass(8_000);
    live.pause();
    const { journal, moment, description, workloads } = live.snapshot();
    expect(workloads.map((workload) => workload.state)).toEqual(['running', 'running']);
    const orders = description.topics.find((topic) => topic.name === 'orders')!;
    expect(orders.partitions.reduce((sum, p) => sum + p.highWatermark, 0)).toBeGreaterThan(100);

    const replayed = new LabHost(new ManualWall());
    await replayed.open(SETUP, journal, moment);
    expect(replayed.snapshot().description).toEqual(description);
    await live.close();
    await replayed.close();
  });

  it('builds checkpoints while the learner watches or pauses, and says which moments a seek resumes at once', async () => {
    const wall = new ManualWall();
    const host = new LabHost(wall);
    await host.open(SETUP);
    for (let i = 0; i < 3; i++) void host.act({ kind: 'addBroker' });
    host.setSpeed(10);
    await wall.pass(6_500);
    host.pause();
    const seen: LabSnapshot[] = [];
    host.onSnapshot((snapshot) => seen.push(snapshot));
    await wall.pass(2_000);
    expect(host.snapshot().moment.atMs).toBe(65_000);
    expect(seen.at(-1)?.checkpoints).toEqual([30_000, 60_000]);
    await host.seek(40_000);
    expect(host.snapshot().checkpoints).toEqual([60_000]);
    await host.close();
  });
});
