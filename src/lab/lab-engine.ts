/**
 * The lab's deterministic core: an in-process cluster on a paced virtual clock (src/sim), built
 * from a seed and broker configs, with the workloads running on its clients, and a journal of every
 * action taken. Time moves only when the owner says (`advance`, `step`, `seek`): nothing here reads
 * the wall clock, so the same seed and journal give the same run, event for event.
 *
 * Seeking back rebuilds the run from the seed and replays the journal up to the moment sought
 * (RaftEventSimulationTest and TigerBeetle's VOPR reproduce a run the same way); acting there forks
 * the run (the journal after that moment is dropped). Seeking forward after a seek back plays the
 * rest of the journal again. The engine's state cannot be copied, but a run a seek leaves is kept
 * where it stopped (parked): a later seek resumes the latest run not past the moment sought instead
 * of replaying from the start, so scrubbing back and forth costs only the distance from the
 * nearest such moment.
 */
import type { ConfigOverrides, CrashableClient } from '../cluster/cluster-operator';
import { createCluster } from '../sim/create-cluster';
import type { InProcessCluster } from '../sim/in-process-cluster';
import { settleMicrotasks, type VirtualClock } from '../sim/virtual-clock';
import { WorkloadSet } from '../workload/workloads';
import { isBefore, LabJournal, type JournalEntry, type LabAction, type Moment } from './lab-journal';

/** A 10-minute busy run is ~1M events; a lab run has no reason to stop at the tests' default bound. */
const LAB_MAX_STEPS = Number.MAX_SAFE_INTEGER;
/** Runs kept parked for seeks, each a whole cluster in memory; the one parked longest ago goes first. */
export const PARKED_RUNS = 3;

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
}

export class LabEngine {
  readonly journal: LabJournal;
  private current!: Run;
  /** Runs left by seeks, at the moments they stopped, oldest parked first. */
  private parked: Run[] = [];
  private readonly runListeners = new Set<(cluster: InProcessCluster<VirtualClock>) => void>();

  private constructor(
    readonly setup: LabRunSetup,
    journal: readonly JournalEntry[],
  ) {
    this.journal = new LabJournal(journal);
  }

  /** A lab at the run's start, its journal ready to replay as time moves. */
  static async open(setup: LabRunSetup, journal: readonly JournalEntry[] = []): Promise<LabEngine> {
    const engine = new LabEngine(setup, journal);
    engine.current = await engine.newRun();
    return engine;
  }

  get cluster(): InProcessCluster<VirtualClock> {
    return this.current.cluster;
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
    this.current.applied = this.journal.entries.length;
    return this.apply(action);
  }

  /** Lets `ms` of virtual time pass, applying journaled actions that fall in it. */
  advance(ms: number): Promise<void> {
    return this.runTo({ atMs: this.moment().atMs + Math.max(0, ms), steps: Infinity });
  }

  /** Runs the next event alone (a message delivered or a timer fired) and says what it was. */
  async step(): Promise<LabStep> {
    const clock = this.current.cluster.clock;
    const next = clock.nextEvent();
    if (next === null) return { ...this.moment(), what: 'nothing is pending' };
    clock.runNext();
    await settleMicrotasks();
    await this.runTo(this.moment());
    return { ...this.moment(), what: next.label ?? 'timer fired' };
  }

  /** Goes to `atMs` (all events at it run): forward by playing on, back by replaying the seed and journal. */
  seek(atMs: number): Promise<void> {
    return this.goTo({ atMs: Math.max(0, atMs), steps: Infinity });
  }

  /** Goes to an exact moment, as a share link names it: from the latest run (current or parked) not past it, or from the start. */
  async goTo(moment: Moment): Promise<void> {
    const usable = [this.current, ...this.parked].filter((run) => !isBefore(moment, momentOf(run)));
    const latest = usable.reduce<Run | undefined>(
      (best, run) => (best === undefined || isBefore(momentOf(best), momentOf(run)) ? run : best),
      undefined,
    );
    if (latest !== this.current) {
      this.parked = this.parked.filter((run) => run !== latest);
      this.parked.push(this.current);
      while (this.parked.length > PARKED_RUNS) this.discard(this.parked[0]);
      this.current = latest ?? (await this.newRun());
      for (const listener of this.runListeners) listener(this.current.cluster);
    }
    await this.runTo(moment);
  }

  async close(): Promise<void> {
    for (const run of [...this.parked]) this.discard(run);
    await closeRun(this.current);
  }

  private discard(run: Run): void {
    this.parked = this.parked.filter((parked) => parked !== run);
    void closeRun(run);
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
    return { cluster, client: null, workloads: null, applied: 0 };
  }

  /** Runs to `target`, applying each journaled action at its own moment on the way. */
  private async runTo(target: Moment): Promise<void> {
    const entries = this.journal.entries;
    while (this.current.applied < entries.length && !isBefore(target, entries[this.current.applied])) {
      const entry = entries[this.current.applied++];
      await this.reach(entry);
      this.apply(entry.action).catch(() => undefined);
    }
    await this.reach(target);
  }

  /**
   * Runs the events before `moment`: exactly `steps` events when the moment names them (a step can
   * stop between two events of one millisecond), then time moves on to `atMs`.
   */
  private async reach(moment: Moment): Promise<void> {
    const clock = this.current.cluster.clock;
    if (Number.isFinite(moment.steps) && clock.steps < moment.steps) {
      await clock.runUntil(() => clock.steps >= moment.steps, { maxSteps: LAB_MAX_STEPS, waitingFor: 'the journal to replay' });
    }
    const targetMs = clock.startMs + moment.atMs;
    if (clock.now() < targetMs) await clock.advanceTo(targetMs, { maxSteps: LAB_MAX_STEPS });
  }

  private async apply(action: LabAction): Promise<unknown> {
    const { cluster } = this.current;
    switch (action.kind) {
      case 'addBroker':
        return cluster.addBroker();
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
        return this.createTopic(action);
      case 'startProducer':
        return this.workloadSet().startProducer(action.spec);
      case 'startConsumerGroup':
        return this.workloadSet().startConsumerGroup(action.spec);
      case 'crashMember':
        return this.workloadSet().crashMember(action.id, action.member);
      case 'stopWorkload':
        return this.workloadSet().stop(action.id);
    }
  }

  private workloadSet(): WorkloadSet {
    const run = this.current;
    if (run.workloads === null) {
      const client = run.cluster.crashableClient({ clientId: 'lab-workloads' });
      run.client = client;
      run.workloads = new WorkloadSet({ kafka: client.kafka, clock: run.cluster.clock, crash: (address) => client.crash(address) });
    }
    return run.workloads;
  }

  private async createTopic(action: Extract<LabAction, { kind: 'createTopic' }>): Promise<boolean> {
    const admin = this.current.cluster.client({ clientId: 'lab-admin' }).admin();
    await admin.connect();
    return admin.createTopics({
      topics: [{ topic: action.topic, numPartitions: action.partitions, replicationFactor: action.replicationFactor }],
    });
  }
}

function momentOf(run: Run): Moment {
  return { atMs: run.cluster.elapsedMs(), steps: run.cluster.clock.steps };
}

function closeRun(run: Run): Promise<void> {
  run.workloads?.stopAll().catch(() => undefined);
  return run.cluster.close();
}
