/**
 * The lab's cluster as the page sees it: the cluster contract answered on the main thread from the
 * snapshots the lab worker posts (as BrowserCluster answers describe() from what its workers
 * report), with every action sent to the worker, where it is journaled and carried out on virtual
 * time. The data path (the cluster, its clients, the workloads) never runs on the main thread, so
 * this cluster hands out no Kafka client and no controller image: those live in the worker. The
 * controller's side of the control plane (its brokers' last heartbeats) and the flights of data
 * come with each snapshot.
 */
import type * as Comlink from 'comlink';
import type { Clock, Timer } from '../core/clock';
import type { Kafka } from '../client/kafka';
import { brokerHandle } from '../cluster/broker-handle';
import type { CommittedOffsetsLost, CutLink, PartitionDescription, ReplicaOffsets } from '../cluster/cluster-description';
import {
  CONTROLLER_NODE_ID,
  type BrokerHandle,
  type ConfigOverrides,
  type CrashableClient,
  type MetadataSource,
  type NodeRef,
  type ResettableCluster,
} from '../cluster/cluster-operator';
import { partitionOf } from '../cluster/describe-cluster';
import type { GroupView } from '../cluster/group-views';
import { Timeline } from '../cluster/timeline';
import type { Flight, Traffic, TrafficCursor } from '../cluster/traffic';
import { isErrorName, KafkaError } from '../protocol/errors';
import type { ActOutcome, LabHost, LabSnapshot } from './lab-host';
import type { PartitionRead, PartitionReadOptions } from '../client/read-partition';
import type { LabAction } from './lab-journal';

/** The cursor's one key: the count of flights this cluster has been posted. */
const LAB_FLIGHTS = 'lab';
/** Flights kept for a reader that is behind: more than a picture draws at once (TOKEN_BUDGET). */
const KEPT_FLIGHTS = 500;
/**
 * Flights are handed out at most this often (wall ms), as the live page polls its brokers: the
 * picture replays each batch as tokens over up to a second, and a batch every 50 ms (a snapshot
 * per slice of the lab's time) would replace every token before it had travelled.
 */
const FLIGHT_BATCH_WALL_MS = 500;

export class LabCluster implements ResettableCluster {
  readonly controllerId = CONTROLLER_NODE_ID;
  readonly timeline = new Timeline();
  /** The lab's virtual time as last reported; timers a view schedules on it run on the page's timers. */
  readonly clock: Clock = {
    now: () => this.latest.nowMs,
    schedule: (delayMs: number, task: () => void): Timer => {
      const handle = setTimeout(task, delayMs);
      return { cancel: () => clearTimeout(handle) };
    },
  };
  private latest: LabSnapshot;
  private readonly listeners = new Set<() => void>();
  /** The flights posted lately, each numbered by this cluster, so traffic() can answer a cursor. */
  private flights: { n: number; flight: Flight }[] = [];
  private flightsPosted = 0;
  /** When traffic() last handed flights out (wall ms). */
  private flightsHandedAt = Number.NEGATIVE_INFINITY;
  private offsets = new Map<string, ReplicaOffsets>();
  private readonly terminalListeners = new Set<(terminal: LabSnapshot['terminal']) => void>();

  private constructor(
    private readonly host: Comlink.Remote<LabHost>,
    first: LabSnapshot,
    private readonly wallNow: () => number,
  ) {
    this.latest = first;
    this.followTimeline(first);
    this.followSnapshot(first);
  }

  /** The cluster over a lab worker whose run is open; it follows every snapshot the worker posts. */
  static async over(host: Comlink.Remote<LabHost>, proxy: typeof Comlink.proxy, wallNow = () => performance.now()): Promise<LabCluster> {
    const cluster = new LabCluster(host, await host.snapshot(), wallNow);
    await host.onSnapshot(proxy((snapshot: LabSnapshot) => cluster.receive(snapshot)));
    return cluster;
  }

  /** The last snapshot the worker posted. */
  get snapshot(): LabSnapshot {
    return this.latest;
  }

  get clusterId(): string {
    return `lab-seed-${this.latest.setup.seed}`;
  }

  get config(): ConfigOverrides {
    return this.latest.setup.config;
  }

  /** The controller runs in the worker: what it last heard from each broker comes with the snapshots; its image does not. */
  get controller(): MetadataSource {
    const inWorker = () => new KafkaError('INVALID_REQUEST', "The lab's controller runs in the lab worker; read describe() instead.");
    return {
      get image(): never {
        throw inWorker();
      },
      onAppend: () => {
        throw inWorker();
      },
      brokerContacts: () => this.latest.contacts,
    };
  }

  /** Takes an action in the worker; resolves with its result, or throws its error, once the lab's time has carried it out. */
  async act(action: LabAction): Promise<unknown> {
    return valueOf(await this.host.act(action));
  }

  /** A partition's latest committed records, read in the worker from its leader's log. */
  async readPartition(options: PartitionReadOptions): Promise<PartitionRead> {
    return valueOf(await this.host.readPartition(options)) as PartitionRead;
  }

  async addBroker(options: { rack?: string | null } = {}): Promise<number> {
    return (await this.act(options.rack === undefined ? { kind: 'addBroker' } : { kind: 'addBroker', rack: options.rack })) as number;
  }

  brokerIds(): number[] {
    return this.latest.description.brokers.map((broker) => broker.id);
  }

  broker(id: number): BrokerHandle {
    return brokerHandle(this, id, () => this.latest.description.brokers.find((broker) => broker.id === id)?.state ?? 'killed');
  }

  async killBroker(brokerId: number): Promise<void> {
    await this.act({ kind: 'killBroker', brokerId });
  }

  async restartBroker(brokerId: number): Promise<void> {
    await this.act({ kind: 'restartBroker', brokerId });
  }

  async shutdownBroker(brokerId: number): Promise<void> {
    await this.act({ kind: 'shutdownBroker', brokerId });
  }

  async wipeBroker(brokerId: number): Promise<void> {
    await this.act({ kind: 'wipeBroker', brokerId });
  }

  async fillDisk(brokerId: number): Promise<void> {
    await this.act({ kind: 'fillDisk', brokerId });
  }

  partition(a: NodeRef, b: NodeRef): void {
    void this.act({ kind: 'partition', a, b });
  }

  partitionOneWay(a: NodeRef, b: NodeRef): void {
    void this.act({ kind: 'partitionOneWay', a, b });
  }

  isolate(node: NodeRef): void {
    void this.act({ kind: 'isolate', node });
  }

  heal(a?: NodeRef, b?: NodeRef): void {
    void this.act({ kind: 'heal', ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) });
  }

  slow(brokerId: number, extraMs: number): void {
    void this.act({ kind: 'slow', brokerId, extraMs });
  }

  slowDisk(brokerId: number, extraMs: number): void {
    void this.act({ kind: 'slowDisk', brokerId, extraMs });
  }

  cutLinks(): CutLink[] {
    return this.latest.faults.cutLinks;
  }

  isolatedBrokers(): number[] {
    return this.latest.faults.isolatedBrokers;
  }

  slowBrokers(): { id: number; extraMs: number }[] {
    return this.latest.faults.slowBrokers;
  }

  slowDisks(): { id: number; extraMs: number }[] {
    return this.latest.faults.slowDisks;
  }

  describe() {
    return this.latest.description;
  }

  describePartition(topic: string, partition: number): PartitionDescription {
    return partitionOf(this.latest.description, topic, partition);
  }

  leaderOf(topic: string, partition: number): number {
    return this.describePartition(topic, partition).leader;
  }

  /** One replica's LEO and HW as its broker reported them in the last snapshot. */
  replicaOffsets(topic: string, partition: number, brokerId: number): ReplicaOffsets | undefined {
    return this.offsets.get(`${topic}-${partition}@${brokerId}`);
  }

  async describeGroups(): Promise<GroupView[]> {
    return this.latest.groups;
  }

  lostCommittedOffsets(): CommittedOffsetsLost[] {
    return this.latest.lostCommittedOffsets;
  }

  /** The flights posted after `cursor` (of those kept; none until FLIGHT_BATCH_WALL_MS has passed), and the running totals. */
  traffic(cursor: TrafficCursor = {}): Traffic {
    const after = cursor[LAB_FLIGHTS] ?? 0;
    const wallMs = this.wallNow();
    if (wallMs - this.flightsHandedAt < FLIGHT_BATCH_WALL_MS) return { flights: [], totals: this.latest.trafficTotals, cursor };
    this.flightsHandedAt = wallMs;
    return {
      flights: this.flights.flatMap(({ n, flight }) => (n > after ? [flight] : [])),
      totals: this.latest.trafficTotals,
      cursor: { [LAB_FLIGHTS]: this.flightsPosted },
    };
  }

  client(): Kafka {
    throw noClientHere();
  }

  crashableClient(): CrashableClient {
    throw noClientHere();
  }

  now(): number {
    return this.latest.nowMs;
  }

  /** Resolves once the lab's time has moved `ms` on (it does not while paused). */
  wait(ms: number): Promise<void> {
    const targetMs = this.now() + ms;
    return new Promise((resolve) => {
      const off = this.onChange(() => {
        if (this.now() < targetMs) return;
        off();
        resolve();
      });
    });
  }

  settle<T>(promise: Promise<T>): Promise<T> {
    return promise;
  }

  async refresh(): Promise<void> {
    this.receive(await this.host.snapshot());
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a new run from the same seed with `config`, its journal empty. */
  async reset(options: { config?: ConfigOverrides } = {}): Promise<void> {
    await this.host.open({ seed: this.latest.setup.seed, config: options.config ?? this.config });
    await this.refresh();
  }

  close(): Promise<void> {
    return this.host.close();
  }

  private receive(snapshot: LabSnapshot): void {
    this.latest = snapshot;
    this.followTimeline(snapshot);
    this.followSnapshot(snapshot);
    for (const listener of [...this.listeners]) listener();
  }

  /** Called with every snapshot's terminal events and the run they came from (./lab-shell.ts reads them). */
  onTerminal(listener: (terminal: LabSnapshot['terminal']) => void): () => void {
    this.terminalListeners.add(listener);
    return () => this.terminalListeners.delete(listener);
  }

  /** Completes a terminal line in the worker. */
  complete(line: string, cursor: number): Promise<string[]> {
    return this.host.complete(line, cursor);
  }

  private followSnapshot(snapshot: LabSnapshot): void {
    for (const listener of [...this.terminalListeners]) listener(snapshot.terminal);
    this.offsets = new Map(snapshot.replicaOffsets);
    for (const flight of snapshot.flights) this.flights.push({ n: ++this.flightsPosted, flight });
    if (this.flights.length > KEPT_FLIGHTS) this.flights = this.flights.slice(-KEPT_FLIGHTS);
  }

  /** Appends the worker's new timeline events; after a seek back (events gone) the timeline starts over. */
  private followTimeline(snapshot: LabSnapshot): void {
    const known = this.timeline.events();
    const events = snapshot.timeline;
    const continues =
      known.length <= events.length && known.every((event, i) => event.timeMs === events[i].timeMs && event.text === events[i].text);
    if (!continues) this.timeline.reset();
    for (const event of events.slice(continues ? known.length : 0))
      this.timeline.append(event.timeMs, event.kind, event.text, event.subjects);
  }
}

/** An outcome's value, or its error thrown again as the KafkaError it was. */
function valueOf(outcome: ActOutcome): unknown {
  if (outcome.ok) return outcome.value;
  throw outcome.type !== null && isErrorName(outcome.type) ? new KafkaError(outcome.type, outcome.message) : new Error(outcome.message);
}

function noClientHere(): KafkaError {
  return new KafkaError('INVALID_REQUEST', 'In the lab, Kafka clients run in the lab worker: start workloads with sim.workloads.');
}
