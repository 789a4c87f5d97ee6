/**
 * A whole Kafka cluster in one process on virtual time: the controller, the brokers, their
 * "disks" and the network between them, behind the cluster contract (ClusterOperator) that the
 * browser runtime implements too. Its verbs have the shape of RaftEventSimulationTest's cluster
 * (`kill` / `shutdown` / `killAndDeletePersistentState`).
 *
 * A broker's MemoryLogStore belongs to the cluster, not to the Broker: killing a broker drops the
 * Broker object (its memory) and keeps the store (its disk), so a restart builds a new Broker over
 * what the old one had durably written, as a real restart would.
 */
import { deriveRandom, type Random } from '../core/random';
import { scheduleRepeating, type Timer } from '../core/clock';
import { Broker } from '../broker/broker';
import { MemoryLogStore } from '../broker/memory-log-store';
import { SlowLogStore } from '../broker/slow-log-store';
import { QuotaLogStore } from '../broker/quota-log-store';
import type { LogMeta } from '../broker/unified-log';
import type { Controller } from '../controller/controller';
import { GroupCoordinator } from '../group/group-coordinator';
import { Kafka } from '../client/kafka';
import type { BrokerConfig } from '../protocol/configs';
import { LeaderRecoveryState } from '../protocol/metadata-records';
import { brokerAddress, CONTROLLER_ADDRESS, GROUP_COORDINATOR_ADDRESS, type NodeAddress } from '../protocol/rpc';
import type { TopicPartition } from '../protocol/topic-partition';
import { topicPartitionKey } from '../protocol/topic-partition';
import { brokerHandle } from '../cluster/broker-handle';
import { BrokerRoster, type RosterSlot } from '../cluster/broker-roster';
import type { ClusterDescription, CommittedOffsetsLost, ReplicaOffsets } from '../cluster/cluster-description';
import { ClusterBase } from '../cluster/cluster-base';
import { ClusterFaults } from '../cluster/cluster-faults';
import type {
  BrokerHandle,
  ClientOptions,
  ClusterOperator,
  ConfigOverrides,
  CrashableClient,
  RestartOptions,
} from '../cluster/cluster-operator';
import { brokerState, describeCluster, replicaOffsetsOf, UNKNOWN_OFFSETS, type LeaderOffsets } from '../cluster/describe-cluster';
import { describeGroups, type GroupView } from '../cluster/group-views';
import type { LinkFaults } from '../cluster/link-faults';
import { Timeline } from '../cluster/timeline';
import { UncleanElectionLosses } from '../cluster/unclean-election-losses';
import { collectTraffic, type Traffic, type TrafficCursor, type TrafficSource } from '../cluster/traffic';
import type { ClusterDriver } from './driver';
import { InvariantChecker, type PartitionView } from './invariants';
import { SimProcess } from './sim-process';
import type { NetworkMessage, SimNetwork } from './sim-network';
import { formatElapsed, type VirtualClock } from './virtual-clock';
import type { SimClock } from './wall-clock';

/** One broker of the in-process cluster, for tests that look inside it: `cluster.broker(2).instance`. */
export interface InProcessBrokerHandle extends BrokerHandle {
  /** The live Broker object, null while killed or shut down. */
  readonly instance: Broker | null;
  /** The partitions whose logs are on the broker's disk, whether or not it is running. */
  storedPartitions(): Promise<TopicPartition[]>;
}

/** What the cluster needs to build; createCluster() assembles it. */
export interface ClusterParts<C extends SimClock = VirtualClock> {
  seed: number;
  clusterId: string;
  clock: C;
  /** The one PRNG every other Random is derived from. */
  random: Random;
  network: SimNetwork;
  /** The fault model the network follows. */
  faults: LinkFaults;
  driver: ClusterDriver;
  controller: Controller;
  controllerId: number;
  brokerConfig: BrokerConfig;
  /** The broker configs as given, by Kafka name. */
  config: ConfigOverrides;
  checkInvariants: boolean;
}

interface BrokerSlot extends RosterSlot {
  /** The broker's disk: outlives every process that runs over it, until wiped. */
  disk: MemoryLogStore<LogMeta>;
  broker: Broker | null;
  process: SimProcess<LogMeta> | null;
  /** The running process's view of its disk, through which a slow disk reaches it. */
  slowStore: SlowLogStore<LogMeta> | null;
  /** The running process's quota, which fillDisk fills; a new process gets room again. */
  quota: QuotaLogStore<LogMeta> | null;
}

/** How often a timeline, once asked for, looks at the coordinator's groups for rebalances (the page polls as often). */
const GROUP_LOOK_INTERVAL_MS = 1_000;

export class InProcessCluster<C extends SimClock = VirtualClock> extends ClusterBase implements ClusterOperator {
  readonly seed: number;
  readonly clusterId: string;
  readonly clock: C;
  readonly network: SimNetwork;
  readonly controller: Controller;
  readonly controllerId: number;
  readonly config: ConfigOverrides;
  /** The group coordinator beside the controller; a new instance after restartGroupCoordinator(). */
  groupCoordinator: GroupCoordinator;
  private readonly driver: ClusterDriver;
  private readonly random: Random;
  private readonly brokerConfig: BrokerConfig;
  private readonly roster = new BrokerRoster<BrokerSlot>();
  protected readonly faults: ClusterFaults;
  private readonly lost: CommittedOffsetsLost[] = [];
  private readonly uncleanLosses = new UncleanElectionLosses((id) => this.roster.find(id)?.broker?.partitionStates());
  private readonly invariants: InvariantChecker | null;
  private readonly listeners = new Set<() => void>();
  private readonly timelineValue = new Timeline();
  private groupLook: Timer | null = null;
  private nextClientNumber = 1;
  private closed = false;

  constructor(parts: ClusterParts<C>) {
    super();
    this.seed = parts.seed;
    this.clusterId = parts.clusterId;
    this.clock = parts.clock;
    this.random = parts.random;
    this.network = parts.network;
    this.driver = parts.driver;
    this.controller = parts.controller;
    this.controllerId = parts.controllerId;
    this.brokerConfig = parts.brokerConfig;
    this.config = { ...parts.config };
    this.faults = new ClusterFaults(parts.faults, {
      hasBroker: (id) => this.roster.has(id),
      brokerIds: () => this.roster.ids(),
      // Any address can be cut off in process: the controller, the coordinator, a client's connection.
      isKnownNode: () => true,
      describeKnownNodes: () => 'any node address',
    });
    parts.faults.onChange((changed) => {
      for (const address of changed) this.applySlowDisk(address);
      this.changed();
    });
    this.network.register(CONTROLLER_ADDRESS, this.controller.handle);
    this.groupCoordinator = this.startGroupCoordinator();
    this.timelineValue.appendMetadata(this.controller.metadataLog);
    this.controller.onAppend((entries) => {
      this.timelineValue.appendMetadata(entries);
      for (const election of this.uncleanLosses.electionsIn(entries, this.controller.image)) {
        const lost = this.uncleanLosses.lossOf(election, this.clock.now());
        if (lost !== null) this.recordLost(lost);
      }
      this.changed();
    });
    this.invariants = parts.checkInvariants ? new InvariantChecker() : null;
    if (this.invariants !== null) this.watchInvariants(this.invariants);
  }

  /**
   * The metadata log in words, with rebalances, restarts and committed records lost. It looks at the
   * groups for rebalances once a second from the first time it is asked for, so a run nobody reads
   * the timeline of schedules nothing for it.
   */
  get timeline(): Timeline {
    this.groupLook ??= scheduleRepeating(this.clock, GROUP_LOOK_INTERVAL_MS, () =>
      this.timelineValue.lookAtGroups(this.groupCoordinator, this.clock.now()),
    );
    return this.timelineValue;
  }

  /**
   * The group coordinator's process restarts (a page reload, in the browser): its memory is gone and
   * every group is rebuilt by reading __consumer_offsets back from the brokers.
   */
  restartGroupCoordinator(): void {
    this.assertOpen();
    this.groupCoordinator.close();
    this.network.kill(GROUP_COORDINATOR_ADDRESS);
    this.groupCoordinator = this.startGroupCoordinator();
  }

  private startGroupCoordinator(): GroupCoordinator {
    // On the network before it exists: it starts loading its shards from the brokers at once.
    let coordinator: GroupCoordinator | null = null;
    this.network.register(GROUP_COORDINATOR_ADDRESS, (api, body, from) => coordinator!.handle(api, body, from));
    coordinator = new GroupCoordinator({
      clock: this.clock,
      random: deriveRandom(this.random),
      config: this.brokerConfig,
      transport: this.network.transport(GROUP_COORDINATOR_ADDRESS),
      metadata: this.controller,
    });
    return coordinator;
  }

  /** Starts a broker with the next free id, or with `id` (kafkajs's tests expect brokers 0, 1 and 2). */
  async addBroker(options: { rack?: string | null; id?: number } = {}): Promise<number> {
    this.assertOpen();
    if (options.id !== undefined && !(Number.isInteger(options.id) && options.id >= 0))
      throw new RangeError(`A broker id is a whole number >= 0, got ${options.id}`);
    const slot = this.roster.add({
      id: options.id ?? this.roster.nextId(),
      rack: options.rack ?? null,
      disk: new MemoryLogStore<LogMeta>(),
      broker: null,
      process: null,
      slowStore: null,
      quota: null,
      lifecycle: 'killed',
      unfenced: false,
    });
    await this.start(slot);
    return slot.id;
  }

  brokerIds(): number[] {
    return this.roster.ids();
  }

  broker(id: number): InProcessBrokerHandle {
    const slot = () => this.roster.get(id);
    slot();
    const handle = brokerHandle(this, id, () => this.stateOf(slot()));
    return Object.defineProperties(handle, {
      instance: { get: () => slot().broker, enumerable: true },
      storedPartitions: { value: () => slot().disk.listPartitions(), enumerable: true },
    }) as InProcessBrokerHandle;
  }

  async killBroker(id: number): Promise<void> {
    const slot = this.roster.get(id);
    if (slot.broker !== null) this.stop(slot, 'killed');
  }

  async restartBroker(id: number, options: RestartOptions = {}): Promise<void> {
    this.assertOpen();
    const slot = this.roster.get(id);
    if (slot.broker !== null) await this.killBroker(id);
    await this.start(slot, options.waitUntilUnfenced ?? true);
  }

  async shutdownBroker(id: number): Promise<void> {
    const slot = this.roster.get(id);
    if (slot.broker === null) throw new Error(`Broker ${id} is not running (${slot.lifecycle}).`);
    const broker = slot.broker;
    await this.driver.run(broker.controlledShutdown(), `broker ${id} controlled shutdown`);
    // Unless it halted on the way (its log directory failed), which already stopped it as killed.
    if (slot.broker === broker) this.stop(slot, 'shutdown');
  }

  async fillDisk(id: number): Promise<void> {
    const slot = this.roster.get(id);
    if (slot.quota === null) throw new Error(`Broker ${id} is not running (${slot.lifecycle}): there is no disk in use to fill.`);
    slot.quota.fill();
  }

  async wipeBroker(id: number): Promise<void> {
    const slot = this.roster.get(id);
    await this.killBroker(id);
    slot.disk = new MemoryLogStore<LogMeta>();
  }

  journal(): NetworkMessage[] {
    return this.network.journal();
  }

  lostCommittedOffsets(): CommittedOffsetsLost[] {
    return [...this.lost];
  }

  traffic(cursor?: TrafficCursor): Traffic {
    const sources: TrafficSource[] = [];
    for (const slot of this.roster.all()) {
      const recorder = slot.broker?.traffic;
      if (recorder === undefined) continue;
      sources.push({
        address: brokerAddress(slot.id),
        origin: recorder.origin,
        since: (seq) => recorder.since(seq),
        totals: () => recorder.linkTotals(),
      });
    }
    return collectTraffic(sources, cursor);
  }

  describe(): ClusterDescription {
    return describeCluster({
      controllerId: this.controllerId,
      image: this.controller.image,
      brokers: this.roster.described(),
      leaderOffsets: (leader, topic, partition) => this.leaderOffsets(leader, topic, partition),
      sessionDeadlineMs: (id) => this.controller.sessionDeadlineMs(id),
      nowMs: this.clock.now(),
      sessionTimeoutMs: this.brokerConfig.int('broker.session.timeout.ms'),
      heartbeatIntervalMs: this.brokerConfig.int('broker.heartbeat.interval.ms'),
    });
  }

  replicaOffsets(topic: string, partition: number, brokerId: number): ReplicaOffsets | undefined {
    const registration = this.controller.image.topicsByName.get(topic)?.partitions.get(partition);
    const leader = registration?.leader ?? -1;
    return replicaOffsetsOf(
      brokerId,
      this.partitionState(brokerId, topic, partition),
      this.partitionState(leader, topic, partition),
      registration?.isr.includes(brokerId) ?? false,
      this.clock.now(),
      this.brokerConfig.long('replica.lag.time.max.ms'),
    );
  }

  describeGroups(): Promise<GroupView[]> {
    const highWatermarks = new Map<string, number>();
    for (const topic of this.describe().topics) {
      for (const p of topic.partitions) highWatermarks.set(topicPartitionKey(topic.name, p.partition), p.highWatermark);
    }
    const described = describeGroups(
      this.groupCoordinator,
      (topic, partition) => highWatermarks.get(topicPartitionKey(topic, partition)) ?? -1,
    );
    return this.driver.run(described, 'the group coordinator to describe its groups');
  }

  /** A Kafka client on this cluster whose async methods run the simulation until they settle. */
  client(options: ClientOptions = {}): Kafka {
    return this.newClient(options).kafka;
  }

  crashableClient(options: ClientOptions = {}): CrashableClient {
    const { kafka, prefix } = this.newClient(options);
    return {
      kafka,
      // The process is gone: its requests in flight are abandoned, and the brokers see its connections drop.
      crash: (clientAddress) => this.network.kill(`${prefix}-${clientAddress}`),
      // Connections on the simulated network hold nothing open.
      close: () => undefined,
    };
  }

  /** Runs the simulation until `promise` settles (for engine calls made outside the driven clients). */
  run<T>(promise: Promise<T>, what?: string): Promise<T> {
    return this.driver.run(promise, what);
  }

  settle<T>(promise: Promise<T>, what?: string, withinMs?: number): Promise<T> {
    return this.driver.run(promise, what, withinMs);
  }

  /** Moves virtual time forward, running everything that falls due. */
  advance(ms: number): Promise<void> {
    return this.driver.advance(ms);
  }

  wait(ms: number): Promise<void> {
    return this.driver.advance(ms);
  }

  now(): number {
    return this.clock.now();
  }

  /** Virtual milliseconds since the cluster was created. */
  elapsedMs(): number {
    return this.clock.elapsedMs();
  }

  /** Every broker's offsets are read when asked, in process: nothing to wait for. */
  async refresh(): Promise<void> {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.groupLook?.cancel();
    for (const slot of this.roster.all()) if (slot.broker !== null) this.stop(slot, 'killed');
    this.groupCoordinator.close();
    this.network.kill(GROUP_COORDINATOR_ADDRESS);
    this.controller.close();
    this.network.kill(CONTROLLER_ADDRESS);
  }

  private newClient(options: ClientOptions): { kafka: Kafka; prefix: string } {
    this.assertOpen();
    const number = this.nextClientNumber++;
    const prefix = `client-${number}`;
    const kafka = new Kafka({
      clientId: options.clientId ?? `sim-client-${number}`,
      brokers: this.brokerIds(),
      clock: this.clock,
      random: deriveRandom(this.random),
      // Each Kafka instance numbers its connections from 1 ('producer-1'); the prefix keeps two instances apart.
      connect: (clientAddress: NodeAddress) => this.network.transport(`${prefix}-${clientAddress}`),
    });
    return { kafka: this.driver.wrap(kafka, 'kafka'), prefix };
  }

  private async start(slot: BrokerSlot, waitUntilUnfenced = true): Promise<void> {
    const address = brokerAddress(slot.id);
    const simProcess = new SimProcess(this.clock, this.network.transport(address), slot.disk);
    // On the process's clock: writes still held back when it dies never reach the disk.
    const quota = new QuotaLogStore(simProcess.store);
    const store = new SlowLogStore(quota, simProcess.clock, this.faults.model.extraDiskMs(address));
    const broker = new Broker({
      brokerId: slot.id,
      rack: slot.rack,
      clock: simProcess.clock,
      random: deriveRandom(this.random),
      transport: simProcess.transport,
      store,
      config: this.brokerConfig,
      clusterId: this.clusterId,
    });
    broker.onEvent((event) => {
      if (event.type === 'log-dir-failed') {
        this.timelineValue.logDirFailed(slot.id, this.clock.now(), event.reason);
        // The broker halted itself; the process goes with it, as Exit.halt ends a JVM.
        if (slot.broker === broker) this.stop(slot, 'killed');
        return;
      }
      if (event.type !== 'committed-offsets-lost') return;
      const { topic, partition, fromOffset, toOffset } = event;
      this.recordLost({ brokerId: slot.id, timeMs: this.clock.now(), topic, partition, fromOffset, toOffset, detectedAt: 'truncation' });
    });
    this.invariants?.restarted(slot.id);
    slot.broker = broker;
    slot.process = simProcess;
    slot.slowStore = store;
    slot.quota = quota;
    slot.lifecycle = 'running';
    slot.unfenced = false;
    this.noteRestartInsideSession(slot.id);
    this.network.register(address, broker.handle);
    this.changed();
    const started = broker.start();
    started.then(
      () => {
        if (slot.broker !== broker) return;
        slot.unfenced = true;
        this.changed();
      },
      () => undefined,
    );
    if (waitUntilUnfenced) await this.driver.run(started, `broker ${slot.id} to register and be unfenced`);
    // A broker killed before it was unfenced never starts; nobody is waiting to hear it.
    else started.catch(() => undefined);
  }

  private recordLost(lost: CommittedOffsetsLost): void {
    this.lost.push(lost);
    this.timelineValue.committedOffsetsLost(lost);
    this.changed();
  }

  /** The process ends: the Broker object and its memory go, the disk stays. */
  private stop(slot: BrokerSlot, lifecycle: 'killed' | 'shutdown'): void {
    if (slot.broker !== null) this.uncleanLosses.remember(slot.broker.partitionStates(), this.controller.image);
    slot.broker?.kill();
    slot.process?.kill();
    slot.broker = null;
    slot.process = null;
    slot.slowStore = null;
    slot.quota = null;
    this.network.kill(brokerAddress(slot.id));
    slot.lifecycle = lifecycle;
    slot.unfenced = false;
    this.changed();
  }

  /** A broker started while the controller still holds its old incarnation's session serves nothing until that ends: said on the timeline. */
  private noteRestartInsideSession(brokerId: number): void {
    const deadlineMs = this.controller.sessionDeadlineMs(brokerId);
    if (deadlineMs === undefined || deadlineMs <= this.clock.now()) return;
    this.timelineValue.restartedInsideSession(brokerId, this.clock.now(), deadlineMs, this.brokerConfig.int('broker.session.timeout.ms'));
  }

  /** A broker's disk follows the fault model: a running one's store takes its new delay at once. */
  private applySlowDisk(address: NodeAddress): void {
    const slot = this.roster.all().find((s) => brokerAddress(s.id) === address);
    slot?.slowStore?.setExtraMs(this.faults.model.extraDiskMs(address));
  }

  private stateOf(slot: BrokerSlot) {
    return brokerState(this.controller.image, slot);
  }

  private partitionState(brokerId: number, topic: string, partition: number) {
    return this.roster
      .find(brokerId)
      ?.broker?.partitionStates()
      .find((s) => s.topic === topic && s.partition === partition);
  }

  private leaderOffsets(leader: number, topic: string, partition: number): LeaderOffsets {
    const state = this.partitionState(leader, topic, partition);
    if (state === undefined) return UNKNOWN_OFFSETS;
    return { highWatermark: state.highWatermark, logEndOffset: state.logEndOffset, logStartOffset: state.logStartOffset };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private watchInvariants(invariants: InvariantChecker): void {
    // An unclean election leaves the partition RECOVERING (KIP-704); a leader elected while it still
    // is (a second unclean election before the first leader recovered) is no cleaner.
    this.controller.onAppend((entries) => {
      for (const { record } of entries) {
        if (record.type !== 'PartitionChange') continue;
        const partition = this.controller.image.topicsById.get(record.topicId)?.partitions.get(record.partitionId);
        if (partition === undefined) continue;
        const recovering =
          record.leaderRecoveryState === LeaderRecoveryState.RECOVERING ||
          (record.leader !== undefined && partition.leaderRecoveryState === LeaderRecoveryState.RECOVERING);
        if (recovering) invariants.uncleanElection(record.topicId, record.partitionId, partition.leaderEpoch);
      }
    });
    this.clock.afterEachEvent(() => this.checkInvariants(invariants));
  }

  private checkInvariants(invariants: InvariantChecker): void {
    const image = this.controller.image;
    const views: PartitionView[] = [];
    for (const slot of this.roster.all()) {
      for (const state of slot.broker?.partitionStates() ?? []) {
        const topicId = image.topicsByName.get(state.topic)?.topicId;
        if (topicId === undefined) continue;
        views.push({ brokerId: slot.id, topicId, ...state });
      }
    }
    invariants.check(views, `t=${formatElapsed(this.clock.elapsedMs())} (seed ${this.seed})`);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This cluster is closed.');
  }
}
