/**
 * The lab worker's side: one LabEngine, moved forward in slices at a chosen speed against wall
 * time while not paused, and a snapshot of what the page draws posted after every change. The wall
 * clock is injected: in the worker it is the one place the lab reads real time, and nothing below
 * the engine ever sees it, so the run stays the seed's and the journal's.
 *
 * Every operation on the engine (a slice, a step, a seek, starting an action) runs one after the
 * other, so an action always lands between two slices, at a moment the journal can name. What is
 * left of each tick goes to building the engine's checkpoints, so seeks stay short (LabEngine).
 */
import type { ClusterDescription, CommittedOffsetsLost, CutLink, ReplicaOffsets } from '../cluster/cluster-description';
import type { Flight, ServedTotals, TrafficCursor } from '../cluster/traffic';
import type { BrokerContact } from '../controller/broker-heartbeat-manager';
import type { GroupView } from '../cluster/group-views';
import type { TimelineEvent } from '../cluster/timeline';
import type { WorkloadSnapshot } from '../workload/workload-types';
import { KafkaError } from '../protocol/errors';
import type { PartitionReadOptions } from '../client/read-partition';
import { LabEngine, type LabRunSetup } from './lab-engine';
import type { TerminalEvent } from './lab-terminal';
import type { ChaosProgress } from '../chaos/chaos-run';
import type { JournalEntry, LabAction, Moment } from './lab-journal';

/** Slow motion down to a tenth of real time, fast forward up to ten times it. */
export const LAB_MIN_SPEED = 0.1;
export const LAB_MAX_SPEED = 10;
/** How often the worker moves time while running: often enough to look continuous. */
export const SLICE_WALL_MS = 50;
/** A slice never covers more wall time than this, so a slow seek does not make time leap afterwards. */
const MAX_SLICE_WALL_MS = 250;
/**
 * Wall time per tick given to building checkpoints, in slices of BUILD_SLICE_MS of virtual time
 * (about 15 ms of replay each): half a tick, so the worker stays free for the page half the time.
 */
const BUILD_WALL_MS = 25;
const BUILD_SLICE_MS = 1_000;
const MAX_BUILD_SLICES_PER_TICK = 8;

/** What the page draws of the lab, as one structured-cloneable value. */
export interface LabSnapshot {
  moment: Moment;
  /** Virtual ms since the epoch (`cluster.now()`). */
  nowMs: number;
  description: ClusterDescription;
  groups: GroupView[];
  timeline: TimelineEvent[];
  workloads: WorkloadSnapshot[];
  paused: boolean;
  speed: number;
  /** The last step in words, until time moves on by other means. */
  lastStep: string | null;
  /** Moments (virtual ms since the run began) a seek can resume from at once. */
  checkpoints: number[];
  /** Why time stopped moving, when an event of the run threw (a bug to report, with the seed and journal). */
  failure: string | null;
  setup: LabRunSetup;
  journal: JournalEntry[];
  faults: {
    cutLinks: CutLink[];
    isolatedBrokers: number[];
    slowBrokers: { id: number; extraMs: number }[];
    slowDisks: { id: number; extraMs: number }[];
  };
  lostCommittedOffsets: CommittedOffsetsLost[];
  trafficTotals: ServedTotals[];
  /** The Produce and Fetch requests that carried records since the last snapshot (all the brokers keep, after a seek). */
  flights: Flight[];
  /** What the controller last heard from each broker, for the heartbeats layer. */
  contacts: BrokerContact[];
  /** Each running replica's own LEO and HW, by `topic-partition@broker` (the picture's log cells). */
  replicaOffsets: [string, ReplicaOffsets][];
  /** What the terminal's commands printed since the last snapshot, in which run (a seek can make another current). */
  terminal: { run: number; events: TerminalEvent[] };
  /** The Chaos tab's run under way in the current run, with its latest progress. */
  chaos: { running: boolean; progress: ChaosProgress | null };
}

/**
 * How an action ended, as a structured clone can carry it: an error crosses to the page as its
 * Kafka error name and message, so the page words it as it words the live cluster's.
 */
export type ActOutcome = { ok: true; value: unknown } | { ok: false; type: string | null; message: string };

async function outcomeOf(result: Promise<unknown>): Promise<ActOutcome> {
  try {
    return { ok: true, value: await result };
  } catch (error) {
    return {
      ok: false,
      type: error instanceof KafkaError ? error.type : null,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

export interface WallTime {
  now(): number;
  setTimeout(task: () => void, ms: number): unknown;
}

export class LabHost {
  private engine: LabEngine | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pausedValue = false;
  private speedValue = 1;
  private lastWallMs = 0;
  /** Virtual time owed to the run below a whole millisecond (the engine moves in whole ones). */
  private owedMs = 0;
  private failure: string | null = null;
  private lastStep: string | null = null;
  private groups: GroupView[] = [];
  private listener: ((snapshot: LabSnapshot) => void) | null = null;
  /** Where the last snapshot's flights ended, in the run they were read from (a seek can make another run current). */
  private traffic: { cluster: unknown; cursor: TrafficCursor } = { cluster: null, cursor: {} };
  /** The last terminal event posted, in which run. */
  private terminalRead = { run: 0, seq: 0 };
  private ticking = false;
  private closed = false;

  constructor(private readonly wall: WallTime) {}

  /** Opens a run; with `moment` (a share link's), replays to it and stays paused there. */
  open(setup: LabRunSetup, journal: JournalEntry[] = [], moment?: Moment): Promise<void> {
    return this.serially(async () => {
      await this.engine?.close();
      this.engine = await LabEngine.open(setup, journal);
      this.failure = null;
      this.groups = [];
      if (moment !== undefined) {
        this.pausedValue = true;
        await this.engine.goTo(moment);
      }
      this.lastWallMs = this.wall.now();
      this.startTicking();
    });
  }

  onSnapshot(listener: (snapshot: LabSnapshot) => void): void {
    this.listener = listener;
    this.publish();
  }

  /** Takes an action now; resolves with how it ended once the cluster's time has carried it out. */
  async act(action: LabAction): Promise<ActOutcome> {
    let result!: Promise<unknown>;
    await this.serially(async () => {
      result = this.running().act(action);
      result.catch(() => undefined);
    });
    return outcomeOf(result);
  }

  pause(): void {
    this.pausedValue = true;
    this.publish();
  }

  resume(): void {
    this.lastWallMs = this.wall.now();
    this.pausedValue = false;
    this.publish();
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < LAB_MIN_SPEED || speed > LAB_MAX_SPEED) {
      throw new RangeError(`The lab's time runs at ${LAB_MIN_SPEED}× to ${LAB_MAX_SPEED}× real time, not ${speed}×.`);
    }
    this.speedValue = speed;
    this.publish();
  }

  /** Pauses and runs the next event alone; resolves to what it was, in words. */
  step(): Promise<string> {
    this.pausedValue = true;
    return this.serially(async () => {
      const step = await this.running().step();
      this.lastStep = step.what;
      return step.what;
    });
  }

  /** Goes to `atMs` virtual ms since the run began (back by replay), and stays paused or running as it was. */
  seek(atMs: number): Promise<void> {
    return this.serially(() => this.running().seek(atMs));
  }

  /** Reads a partition's latest records from the current run (no request: see LabEngine.readPartition). */
  async readPartition(options: PartitionReadOptions): Promise<ActOutcome> {
    return outcomeOf(this.serially(() => this.running().readPartition(options), false));
  }

  /** Completes a terminal line against the current run (it sends no request). */
  complete(line: string, cursor: number): Promise<string[]> {
    return this.serially(() => this.running().complete(line, cursor), false);
  }

  snapshot(): LabSnapshot {
    const engine = this.running();
    const cluster = engine.cluster;
    const traffic = cluster.traffic(this.traffic.cluster === cluster ? this.traffic.cursor : {});
    this.traffic = { cluster, cursor: traffic.cursor };
    const description = cluster.describe();
    const { run, terminal } = engine.terminal();
    const terminalEvents = terminal?.since(run === this.terminalRead.run ? this.terminalRead.seq : 0) ?? [];
    this.terminalRead = { run, seq: terminalEvents.at(-1)?.seq ?? (run === this.terminalRead.run ? this.terminalRead.seq : 0) };
    return {
      moment: engine.moment(),
      nowMs: cluster.now(),
      description,
      groups: this.groups,
      timeline: cluster.timeline.events(),
      workloads: engine.workloads?.list() ?? [],
      paused: this.pausedValue,
      speed: this.speedValue,
      lastStep: this.lastStep,
      checkpoints: engine.checkpoints(),
      failure: this.failure,
      setup: engine.setup,
      journal: [...engine.journal.entries],
      faults: {
        cutLinks: cluster.cutLinks(),
        isolatedBrokers: cluster.isolatedBrokers(),
        slowBrokers: cluster.slowBrokers(),
        slowDisks: cluster.slowDisks(),
      },
      lostCommittedOffsets: cluster.lostCommittedOffsets(),
      trafficTotals: traffic.totals,
      flights: traffic.flights,
      contacts: cluster.controller.brokerContacts(),
      terminal: { run, events: terminalEvents },
      chaos: { running: engine.chaos() !== null, progress: engine.chaos()?.progress ?? null },
      replicaOffsets: description.topics.flatMap((topic) =>
        topic.partitions.flatMap((p) =>
          p.replicas.flatMap((brokerId): [string, ReplicaOffsets][] => {
            const offsets = cluster.replicaOffsets(topic.name, p.partition, brokerId);
            return offsets === undefined ? [] : [[`${topic.name}-${p.partition}@${brokerId}`, offsets]];
          }),
        ),
      ),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.serially(async () => this.engine?.close());
  }

  private running(): LabEngine {
    if (this.engine === null) throw new Error('The lab has no run open yet.');
    return this.engine;
  }

  /** Runs `operation` after every operation queued before it, then posts a snapshot (unless told not to). */
  private serially<T>(operation: () => Promise<T>, publish = true): Promise<T> {
    const result = this.queue.then(operation);
    const after = publish ? () => this.publish() : () => undefined;
    this.queue = result.then(after, after);
    return result;
  }

  private startTicking(): void {
    if (this.ticking) return;
    this.ticking = true;
    const tick = () => {
      if (this.closed) return;
      const wallMs = this.wall.now();
      const elapsed = Math.min(wallMs - this.lastWallMs, MAX_SLICE_WALL_MS);
      this.lastWallMs = wallMs;
      const next = () => this.wall.setTimeout(tick, SLICE_WALL_MS);
      if (this.pausedValue || elapsed <= 0) {
        void this.serially(() => this.buildCheckpoints(wallMs), false).finally(next);
        return;
      }
      this.owedMs += elapsed * this.speedValue;
      const wholeMs = Math.floor(this.owedMs);
      this.owedMs -= wholeMs;
      void this.serially(async () => {
        this.lastStep = null;
        try {
          await this.running().advance(wholeMs);
        } catch (error) {
          this.failure ??= error instanceof Error ? error.message : String(error);
        }
        this.lookAtGroups();
      })
        .then(() => this.serially(() => this.buildCheckpoints(wallMs), false))
        .finally(next);
    };
    this.wall.setTimeout(tick, SLICE_WALL_MS);
  }

  /** Spends what is left of the tick that began at `tickWallMs` building checkpoints; posts a snapshot when one is done. */
  private async buildCheckpoints(tickWallMs: number): Promise<void> {
    const engine = this.running();
    const before = engine.checkpoints().length;
    for (let slice = 0; slice < MAX_BUILD_SLICES_PER_TICK && this.wall.now() - tickWallMs < BUILD_WALL_MS; slice++) {
      if (this.closed || !(await engine.buildCheckpoint(BUILD_SLICE_MS))) break;
    }
    if (engine.checkpoints().length !== before) this.publish();
  }

  /** Groups are read by a request to the coordinator, answered as time moves; the last answer is kept. */
  private lookAtGroups(): void {
    const engine = this.running();
    engine.cluster.describeGroups().then(
      (groups) => {
        if (this.engine === engine) this.groups = groups;
      },
      () => undefined,
    );
  }

  private publish(): void {
    if (this.listener !== null && this.engine !== null) this.listener(this.snapshot());
  }
}
