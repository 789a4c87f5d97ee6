/**
 * The lab's deterministic core: an in-process cluster on a paced virtual clock (src/sim), built
 * from a seed and broker configs, with the workloads running on its clients, and a journal of every
 * action taken. Time moves only when the owner says (`advance`, `step`, `seek`): nothing here reads
 * the wall clock, so the same seed and journal give the same run, event for event.
 *
 * Seeking back rebuilds the run from the seed and replays the journal up to the moment sought
 * (RaftEventSimulationTest and TigerBeetle's VOPR reproduce a run the same way); acting there forks
 * the run (the journal after that moment is dropped). Seeking forward after a seek back plays the
 * rest of the journal again.
 *
 * The engine's state (closures, promises, timers) cannot be copied, so a checkpoint here is a whole
 * run kept parked at a moment: a seek resumes the latest parked run not past the moment sought and
 * replays only the distance from it. Two kinds are kept. Runs a seek leaves behind (at most
 * PARKED_RUNS), so scrubbing back and forth between two moments is instant. And checkpoints on a
 * grid (every CHECKPOINT_EVERY_MS, the spacing doubling so there are never more than
 * MAX_CHECKPOINTS), each a replay from the start built a slice at a time by `buildCheckpoint`
 * whenever its owner has time to spare: with the grid in place no moment is more than one spacing
 * of replay away. A seek that resumes a checkpoint uses it up; the next slices build it again.
 */
import type { Admin } from '../client/admin/admin';
import { recordsOfBatches, type PartitionRead, type PartitionReadOptions } from '../client/read-partition';
import { KafkaError } from '../protocol/errors';
import { topicPartitionKey } from '../protocol/topic-partition';
import type { ConfigOverrides, CrashableClient } from '../cluster/cluster-operator';
import { createCluster } from '../sim/create-cluster';
import type { InProcessCluster } from '../sim/in-process-cluster';
import { settleMicrotasks, type VirtualClock } from '../sim/virtual-clock';
import { WorkloadSet } from '../workload/workloads';
import { LabTerminal } from './lab-terminal';
import type { LiveChaosOptions } from '../chaos/chaos-options';
import type { ChaosProgress } from '../chaos/chaos-run';
import { runLiveChaos, type LiveChaosResult } from '../chaos/live-chaos';
import { isBefore, LabJournal, type JournalEntry, type LabAction, type Moment } from './lab-journal';

/** A 10-minute busy run is ~1M events; a lab run has no reason to stop at the tests' default bound. */
const LAB_MAX_STEPS = Number.MAX_SAFE_INTEGER;
/** Runs a seek left, kept parked for seeks back to them; the one parked longest ago goes first. */
export const PARKED_RUNS = 3;
/**
 * The checkpoint grid's spacing: at the ~70 simulated seconds per wall second the lab replays a
 * busy run at (BENCHMARKS.md), 30 s of replay from a checkpoint is well under a second.
 */
export const CHECKPOINT_EVERY_MS = 30_000;
/**
 * At most this many checkpoints (20 cover 10 minutes; each is a whole cluster in memory, about 12
 * MB at the end of the bench's busy 10-minute run); past that the spacing doubles.
 */
export const MAX_CHECKPOINTS = 20;

/** The checkpoint grid (tests make it small). */
export interface CheckpointGrid {
  everyMs: number;
  max: number;
}

const DEFAULT_GRID: CheckpointGrid = { everyMs: CHECKPOINT_EVERY_MS, max: MAX_CHECKPOINTS };

export interface LabRunSetup {
  seed: number;
  /** Broker configs by Kafka name (a timing preset's). */
  config: ConfigOverrides;
}

/** One step: the moment after it and what it was in words. */
export interface LabStep extends Moment {
  what: string;
}

/** One run of the cluster from the seed: rebuilt on every seek back. */
interface Run {
  cluster: InProcessCluster<VirtualClock>;
  /**
   * The workloads' client and set, made at the first workload action: a client bootstraps from the
   * brokers there are when it is made, and a lab starts with none.
   */
  client: CrashableClient | null;
  workloads: WorkloadSet | null;
  /** Journal entries applied so far. */
  applied: number;
  /** The grid moment this run is parked at as a checkpoint, or null for any other run. */
  checkpointAtMs: number | null;
  /** The terminal's shell, made at the first command. */
  terminal: LabTerminal | null;
  /** The chaos run under way in this run, with its latest progress and what stops its faults. */
  chaos: { progress: ChaosProgress | null; stop: AbortController } | null;
  /** Which run this is, counted by the engine: the page's terminal notices when a seek changed it. */
  id: number;
}

export class LabEngine {
  readonly journal: LabJournal;
  private current!: Run;
  /** Runs left by seeks and checkpoints, at the moments they stopped, oldest parked first. */
  private parked: Run[] = [];
  /** The checkpoint being built, replaying from the start towards its grid moment. */
  private building: (Run & { targetMs: number }) | null = null;
  /** Runs made so far, for Run.id. */
  private runs = 0;
  private readonly runListeners = new Set<(cluster: InProcessCluster<VirtualClock>) => void>();

  private constructor(
    readonly setup: LabRunSetup,
    journal: readonly JournalEntry[],
    private readonly grid: CheckpointGrid,
  ) {
    this.journal = new LabJournal(journal);
  }

  /** A lab at the run's start, its journal ready to replay as time moves. */
  static async open(setup: LabRunSetup, journal: readonly JournalEntry[] = [], grid = DEFAULT_GRID): Promise<LabEngine> {
    const engine = new LabEngine(setup, journal, grid);
    engine.current = await engine.newRun();
    return engine;
  }

  get cluster(): InProcessCluster<VirtualClock> {
    return this.current.cluster;
  }

  /**
   * A partition's latest committed records, read from its leader's log without a request, so a
   * look in the inspector changes nothing a replay would have to repeat.
   */
  async readPartition({ topic, partition, fromOffset, maxBytes = 1 << 20 }: PartitionReadOptions): Promise<PartitionRead> {
    const leader = this.cluster.leaderOf(topic, partition);
    const broker = leader < 0 ? null : this.cluster.broker(leader).instance;
    if (broker === null) throw new KafkaError('LEADER_NOT_AVAILABLE', `${topicPartitionKey(topic, partition)} has no running leader now.`);
    const read = await broker.readCommitted(topic, partition, Number(fromOffset), maxBytes);
    return {
      records: recordsOfBatches(read.batches, Number(fromOffset), read.highWatermark),
      highWatermark: String(read.highWatermark),
      logStartOffset: String(read.logStartOffset),
    };
  }

  /** The chaos run under way in the current run, if any. */
  chaos(): { progress: ChaosProgress | null } | null {
    return this.current.chaos;
  }

  /** Which run is current, and its terminal once a command was run in it. */
  terminal(): { run: number; terminal: LabTerminal | null } {
    return { run: this.current.id, terminal: this.current.terminal };
  }

  /**
   * Completes a terminal line. It reads the run (topic names from the controller, groups from the
   * coordinator) and sends no request, so it changes nothing a replay would have to repeat.
   */
  complete(line: string, cursor: number): Promise<string[]> {
    return this.terminalOf(this.current).complete(line, cursor);
  }

  /** The workloads, once one was started in this run. */
  get workloads(): WorkloadSet | null {
    return this.current.workloads;
  }

  /** Called with each new run a seek back builds (views re-subscribe to its cluster). */
  onRun(listener: (cluster: InProcessCluster<VirtualClock>) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  moment(): Moment {
    return momentOf(this.current);
  }

  /** Takes an action now: journaled (forking the run if it was sought back), then applied. */
  act(action: LabAction): Promise<unknown> {
    const moment = this.moment();
    this.journal.record(moment, action);
    // Runs parked after this moment followed the journal this action just cut off.
    for (const run of this.parked.filter((parked) => isBefore(moment, momentOf(parked)))) this.discard(run);
    if (this.building !== null && isBefore(moment, momentOf(this.building))) this.stopBuilding();
    this.current.applied = this.journal.entries.length;
    return this.apply(this.current, action);
  }

  /** Lets `ms` of virtual time pass (whole milliseconds, as the clock's are), applying journaled actions that fall in it. */
  advance(ms: number): Promise<void> {
    return this.runTo(this.current, { atMs: this.moment().atMs + Math.max(0, Math.floor(ms)), steps: Infinity });
  }

  /** Runs the next event alone (a message delivered or a timer fired) and says what it was. */
  async step(): Promise<LabStep> {
    const clock = this.current.cluster.clock;
    const next = clock.nextEvent();
    if (next === null) return { ...this.moment(), what: 'nothing is pending' };
    clock.runNext();
    await settleMicrotasks();
    await this.runTo(this.current, this.moment());
    return { ...this.moment(), what: next.label ?? 'timer fired' };
  }

  /** Goes to `atMs` (all events at it run): forward by playing on, back by replaying the seed and journal. */
  seek(atMs: number): Promise<void> {
    return this.goTo({ atMs: Math.max(0, Math.floor(atMs)), steps: Infinity });
  }

  /** Goes to an exact moment, as a share link names it: from the latest run (current, parked or being built) not past it, or from the start. */
  async goTo(moment: Moment): Promise<void> {
    const candidates = [this.current, ...this.parked, ...(this.building === null ? [] : [this.building])];
    const latest = candidates
      .filter((run) => !isBefore(moment, momentOf(run)))
      .reduce<Run | undefined>((best, run) => (best === undefined || isBefore(momentOf(best), momentOf(run)) ? run : best), undefined);
    if (latest !== this.current) {
      if (latest === this.building) this.building = null;
      this.parked = this.parked.filter((run) => run !== latest);
      this.park(this.current);
      this.current = latest ?? (await this.newRun());
      this.current.checkpointAtMs = null;
      for (const listener of this.runListeners) listener(this.current.cluster);
    }
    await this.runTo(this.current, moment);
  }

  /** The grid moments (virtual ms since the run began) that have a checkpoint parked at them. */
  checkpoints(): number[] {
    return this.parked.flatMap((run) => (run.checkpointAtMs === null ? [] : [run.checkpointAtMs])).sort((a, b) => a - b);
  }

  /**
   * Builds checkpoints a slice at a time: replays at most `sliceMs` of virtual time of the one
   * being built, parking it when it reaches its grid moment. Resolves false when every grid moment
   * up to the furthest this run has been already has its checkpoint (there is nothing to do until
   * time moves on or a seek uses one up). The owner calls it when it has time to spare.
   */
  async buildCheckpoint(sliceMs: number): Promise<boolean> {
    if (this.building === null) {
      const targetMs = this.missingCheckpoint();
      if (targetMs === null) return false;
      this.building = Object.assign(await this.newRun(), { targetMs });
    }
    const building = this.building;
    const atMs = Math.min(momentOf(building).atMs + Math.max(1, sliceMs), building.targetMs);
    await this.runTo(building, { atMs, steps: Infinity });
    if (this.building === building && atMs === building.targetMs) {
      this.building = null;
      building.checkpointAtMs = building.targetMs;
      this.park(building);
    }
    return true;
  }

  async close(): Promise<void> {
    for (const run of [...this.parked]) this.discard(run);
    this.stopBuilding();
    await closeRun(this.current);
  }

  /** The grid's spacing for a run that has reached `horizonMs`: doubled until MAX_CHECKPOINTS cover it. */
  private checkpointSpacing(horizonMs: number): number {
    let spacing = this.grid.everyMs;
    while (horizonMs / spacing > this.grid.max) spacing *= 2;
    return spacing;
  }

  /** The latest grid moment, up to the furthest any run has been, without a checkpoint yet. */
  private missingCheckpoint(): number | null {
    const horizonMs = Math.max(...[this.current, ...this.parked].map((run) => momentOf(run).atMs));
    const spacing = this.checkpointSpacing(horizonMs);
    const have = new Set(this.checkpoints());
    for (let atMs = Math.floor(horizonMs / spacing) * spacing; atMs > 0; atMs -= spacing) {
      if (!have.has(atMs)) return atMs;
    }
    return null;
  }

  /** Parks a run; past the limits, the oldest runs a seek left go first, then checkpoints off the grid. */
  private park(run: Run): void {
    this.parked.push(run);
    const horizonMs = Math.max(...[this.current, ...this.parked].map((each) => momentOf(each).atMs));
    const spacing = this.checkpointSpacing(horizonMs);
    for (const parked of this.parked) {
      if (parked.checkpointAtMs !== null && parked.checkpointAtMs % spacing !== 0) parked.checkpointAtMs = null;
    }
    const leftBySeeks = this.parked.filter((parked) => parked.checkpointAtMs === null);
    for (const old of leftBySeeks.slice(0, Math.max(0, leftBySeeks.length - PARKED_RUNS))) this.discard(old);
  }

  private discard(run: Run): void {
    this.parked = this.parked.filter((parked) => parked !== run);
    void closeRun(run);
  }

  private stopBuilding(): void {
    if (this.building !== null) void closeRun(this.building);
    this.building = null;
  }

  private async newRun(): Promise<Run> {
    const { cluster } = await createCluster({
      brokers: 0,
      seed: this.setup.seed,
      config: this.setup.config,
      clock: 'paced',
      maxSteps: LAB_MAX_STEPS,
    });
    // The timeline looks at the groups on a timer from the first time it is read; reading it here,
    // at the run's start, puts that timer at the same moment in every replay.
    void cluster.timeline;
    return { cluster, client: null, workloads: null, applied: 0, checkpointAtMs: null, terminal: null, chaos: null, id: ++this.runs };
  }

  /** Runs `run` to `target`, applying each journaled action at its own moment on the way. */
  private async runTo(run: Run, target: Moment): Promise<void> {
    const entries = this.journal.entries;
    while (run.applied < entries.length && !isBefore(target, entries[run.applied])) {
      const entry = entries[run.applied++];
      await reach(run, entry);
      this.apply(run, entry.action).catch(() => undefined);
    }
    await reach(run, target);
  }

  private async apply(run: Run, action: LabAction): Promise<unknown> {
    const { cluster } = run;
    switch (action.kind) {
      case 'addBroker':
        return cluster.addBroker(action.rack === undefined ? {} : { rack: action.rack });
      case 'killBroker':
        return cluster.killBroker(action.brokerId);
      case 'restartBroker':
        return cluster.restartBroker(action.brokerId);
      case 'shutdownBroker':
        return cluster.shutdownBroker(action.brokerId);
      case 'wipeBroker':
        return cluster.wipeBroker(action.brokerId);
      case 'fillDisk':
        return cluster.fillDisk(action.brokerId);
      case 'partition':
        return Promise.resolve(cluster.partition(action.a, action.b));
      case 'partitionOneWay':
        return Promise.resolve(cluster.partitionOneWay(action.a, action.b));
      case 'isolate':
        return Promise.resolve(cluster.isolate(action.node));
      case 'heal':
        return Promise.resolve(cluster.heal(action.a, action.b));
      case 'slow':
        return Promise.resolve(cluster.slow(action.brokerId, action.extraMs));
      case 'slowDisk':
        return Promise.resolve(cluster.slowDisk(action.brokerId, action.extraMs));
      case 'createTopic':
        // The first lab actions' shape for a topic, kept so older journals replay: the same admin call.
        return adminCall(run, {
          kind: 'admin',
          call: 'createTopics',
          options: { topics: [{ topic: action.topic, numPartitions: action.partitions, replicationFactor: action.replicationFactor }] },
        });
      case 'admin':
        return adminCall(run, action);
      case 'shell':
        return this.terminalOf(run).start(action.line);
      case 'shellInput':
        return this.terminalOf(run).input(action.line);
      case 'shellInterrupt':
        return this.terminalOf(run).interrupt();
      case 'chaos':
        return runChaos(run, action.options);
      case 'chaosStop':
        return run.chaos?.stop.abort();
      case 'startProducer':
        return workloadSet(run).startProducer(action.spec);
      case 'startConsumerGroup':
        return workloadSet(run).startConsumerGroup(action.spec);
      case 'crashMember':
        return workloadSet(run).crashMember(action.id, action.member);
      case 'stopWorkload':
        return workloadSet(run).stop(action.id);
    }
  }

  private terminalOf(run: Run): LabTerminal {
    return (run.terminal ??= new LabTerminal(run.cluster, this.setup.seed));
  }
}

/**
 * Runs the events before `moment`: exactly `steps` events when the moment names them (a step can
 * stop between two events of one millisecond), then time moves on to `atMs`.
 */
async function reach(run: Run, moment: Moment): Promise<void> {
  const clock = run.cluster.clock;
  if (Number.isFinite(moment.steps) && clock.steps < moment.steps) {
    await clock.runUntil(() => clock.steps >= moment.steps, { maxSteps: LAB_MAX_STEPS, waitingFor: 'the journal to replay' });
  }
  const targetMs = clock.startMs + moment.atMs;
  if (clock.now() < targetMs) await clock.advanceTo(targetMs, { maxSteps: LAB_MAX_STEPS });
}

/** The workloads' set of a run, made at its first workload action (see Run.client). */
function workloadSet(run: Run): WorkloadSet {
  if (run.workloads === null) {
    const client = run.cluster.crashableClient({ clientId: 'lab-workloads' });
    run.client = client;
    run.workloads = new WorkloadSet({ kafka: client.kafka, clock: run.cluster.clock, crash: (address) => client.crash(address) });
  }
  return run.workloads;
}

/**
 * The Chaos tab's run, on the run's own cluster: the same faults, workloads and checkers as on the
 * live page (src/chaos/live-chaos.ts), on virtual time, so the verdict and every fault replay.
 */
async function runChaos(run: Run, options: LiveChaosOptions): Promise<LiveChaosResult> {
  if (run.chaos !== null) throw new Error('A chaos run is already under way: stop it, or wait for its verdict.');
  const chaos = { progress: null as ChaosProgress | null, stop: new AbortController() };
  run.chaos = chaos;
  try {
    return await runLiveChaos(run.cluster, options, { onProgress: (progress) => (chaos.progress = progress), signal: chaos.stop.signal });
  } finally {
    run.chaos = null;
  }
}

/** An admin call the page made (TopicControls, the quickstart), on a client of the run's own. */
async function adminCall(run: Run, { call, options }: Extract<LabAction, { kind: 'admin' }>): Promise<unknown> {
  const admin = run.cluster.client({ clientId: 'lab-admin' }).admin();
  await admin.connect();
  switch (call) {
    case 'createTopics':
      return admin.createTopics(options as Parameters<Admin['createTopics']>[0]);
    case 'createPartitions':
      return admin.createPartitions(options as Parameters<Admin['createPartitions']>[0]);
    case 'deleteTopics':
      return admin.deleteTopics(options as Parameters<Admin['deleteTopics']>[0]);
  }
}

function momentOf(run: Run): Moment {
  return { atMs: run.cluster.elapsedMs(), steps: run.cluster.clock.steps };
}

function closeRun(run: Run): Promise<void> {
  run.workloads?.stopAll().catch(() => undefined);
  return run.cluster.close();
}
