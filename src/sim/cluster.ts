/**
 * A whole Kafka cluster in one process on virtual time: the controller, the brokers, their
 * "disks" and the network between them, plus the operator's verbs (kill, restart, controlled
 * shutdown, wipe, partition, heal) in the shape of RaftEventSimulationTest's cluster
 * (`kill` / `shutdown` / `killAndDeletePersistentState`).
 *
 * A broker's MemoryLogStore belongs to the cluster, not to the Broker: killing a broker drops the
 * Broker object (its memory) and keeps the store (its disk), so a restart builds a new Broker over
 * what the old one had durably written, as a real restart would.
 */
import type { Random } from '../core/random';
import { Broker } from '../broker/broker';
import type { TopicPartition } from '../broker/log-store';
import { MemoryLogStore } from '../broker/memory-log-store';
import { SlowLogStore } from '../broker/slow-log-store';
import type { LogMeta } from '../broker/unified-log';
import type { Controller } from '../controller/controller';
import { GroupCoordinator } from '../group/group-coordinator';
import { Kafka } from '../client/kafka';
import type { BrokerConfig } from '../protocol/configs';
import { LeaderRecoveryState } from '../protocol/metadata-records';
import { brokerAddress, CONTROLLER_ADDRESS, GROUP_COORDINATOR_ADDRESS, type NodeAddress } from '../protocol/rpc';
import type { Driver } from './driver';
import { deriveRandom } from './derive-random';
import { describeTopics, UNKNOWN_OFFSETS, type LeaderOffsets } from './describe-topics';
import { InvariantChecker, type PartitionView } from './invariants';
import { SimProcess } from './sim-process';
import type { NetworkMessage, SimNetwork } from './sim-network';
import { formatElapsed, type VirtualClock } from './virtual-clock';

export type BrokerState = 'running' | 'fenced' | 'shutdown' | 'killed';

export interface BrokerDescription {
  id: number;
  rack: string | null;
  state: BrokerState;
}

export interface PartitionDescription {
  partition: number;
  /** -1 while the partition is offline. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** A reassignment in progress (KIP-455): the target replicas not yet in sync, and the ones that go once they are. */
  addingReplicas: number[];
  removingReplicas: number[];
  /** The leader's offsets, all -1 while the partition is offline or its leader is not running. */
  highWatermark: number;
  logEndOffset: number;
  logStartOffset: number;
}

export interface TopicDescription {
  name: string;
  topicId: string;
  /** The topic's config overrides. */
  configs: Record<string, string>;
  partitions: PartitionDescription[];
}

export interface ClusterDescription {
  /** The node id of the active controller. */
  controller: number;
  brokers: BrokerDescription[];
  topics: TopicDescription[];
}

/** Committed records a broker gave up, e.g. when it was elected uncleanly (unclean.leader.election.enable). */
export interface CommittedOffsetsLost {
  brokerId: number;
  timeMs: number;
  topic: string;
  partition: number;
  fromOffset: number;
  toOffset: number;
}

/** A node in fault helpers: a broker id, or an address ('controller', 'client-1'). */
export type NodeRef = number | NodeAddress;

export interface ClientOptions {
  clientId?: string;
}

/** What the cluster needs to build; createCluster() assembles it. */
export interface ClusterParts {
  seed: number;
  clusterId: string;
  clock: VirtualClock;
  /** The one PRNG every other Random is derived from. */
  random: Random;
  network: SimNetwork;
  driver: Driver;
  controller: Controller;
  controllerId: number;
  brokerConfig: BrokerConfig;
  checkInvariants: boolean;
}

interface BrokerSlot {
  readonly id: number;
  readonly rack: string | null;
  /** The broker's disk: outlives every process that runs over it, until wiped. */
  disk: MemoryLogStore<LogMeta>;
  broker: Broker | null;
  process: SimProcess<LogMeta> | null;
  /** broker(id).slowDisk(extraMs): what each write to the disk is held back by; 0 for none. A property of the slot, so kept across restarts. */
  slowDiskMs: number;
  /** The running process's view of its disk, through which slowDisk() reaches it. */
  slowStore: SlowLogStore<LogMeta> | null;
  /** What the operator last did; the controller's image says whether a running broker is fenced. */
  lifecycle: 'running' | 'shutdown' | 'killed';
}

export interface RestartOptions {
  /** Resolve only once the controller has unfenced the broker. Default true. */
  waitUntilUnfenced?: boolean;
}

/** One broker, for scenario tests that read as stories: `cluster.broker(2).kill()`. */
export interface BrokerHandle {
  readonly id: number;
  readonly address: NodeAddress;
  readonly state: BrokerState;
  /** The live Broker object, null while killed or shut down. */
  readonly instance: Broker | null;
  kill(): Promise<void>;
  restart(options?: RestartOptions): Promise<void>;
  shutdown(): Promise<void>;
  wipe(): Promise<void>;
  isolate(): void;
  heal(): void;
  slow(extraMs: number): void;
  /** Every write to the broker's log completes `extraMs` later, in order; reads are not held back (a slow disk). 0 restores it. */
  slowDisk(extraMs: number): void;
  /** The partitions whose logs are on the broker's disk, whether or not it is running. */
  storedPartitions(): Promise<TopicPartition[]>;
}

/** broker(id).slow(extraMs) and slowDisk(extraMs), in both runtimes: 0 restores the broker, a negative or non-number delay is a mistake said out loud. */
export function checkSlowDelay(brokerId: number, extraMs: number, method: 'slow' | 'slowDisk' = 'slow'): void {
  if (!Number.isFinite(extraMs) || extraMs < 0) {
    throw new RangeError(`broker(${brokerId}).${method}(extraMs) takes a delay of 0 ms or more (0 restores it), not ${extraMs}.`);
  }
}

export class Cluster {
  readonly seed: number;
  readonly clusterId: string;
  readonly clock: VirtualClock;
  readonly network: SimNetwork;
  readonly controller: Controller;
  readonly controllerId: number;
  /** The group coordinator beside the controller; a new instance after restartGroupCoordinator(). */
  groupCoordinator: GroupCoordinator;
  private readonly driver: Driver;
  private readonly random: Random;
  private readonly brokerConfig: BrokerConfig;
  private readonly slots = new Map<number, BrokerSlot>();
  private readonly lost: CommittedOffsetsLost[] = [];
  private readonly invariants: InvariantChecker | null;
  private nextClientNumber = 1;
  private closed = false;

  constructor(parts: ClusterParts) {
    this.seed = parts.seed;
    this.clusterId = parts.clusterId;
    this.clock = parts.clock;
    this.random = parts.random;
    this.network = parts.network;
    this.driver = parts.driver;
    this.controller = parts.controller;
    this.controllerId = parts.controllerId;
    this.brokerConfig = parts.brokerConfig;
    this.network.register(CONTROLLER_ADDRESS, this.controller.handle);
    this.groupCoordinator = this.startGroupCoordinator();
    this.invariants = parts.checkInvariants ? new InvariantChecker() : null;
    if (this.invariants !== null) this.watchInvariants(this.invariants);
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

  /** Starts a new broker with the next free id; resolves once it is registered and unfenced. */
  async addBroker(options: { rack?: string | null } = {}): Promise<number> {
    this.assertOpen();
    const id = Math.max(0, ...this.slots.keys()) + 1;
    const slot: BrokerSlot = {
      id,
      rack: options.rack ?? null,
      disk: new MemoryLogStore<LogMeta>(),
      broker: null,
      process: null,
      slowDiskMs: 0,
      slowStore: null,
      lifecycle: 'killed',
    };
    this.slots.set(id, slot);
    await this.start(slot);
    return id;
  }

  brokerIds(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  broker(id: number): BrokerHandle {
    this.slot(id);
    const slot = () => this.slot(id);
    const state = () => this.brokerState(slot());
    return {
      id,
      address: brokerAddress(id),
      get state() {
        return state();
      },
      get instance() {
        return slot().broker;
      },
      kill: () => this.killBroker(id),
      restart: (options) => this.restartBroker(id, options),
      shutdown: () => this.shutdownBroker(id),
      wipe: () => this.wipeBroker(id),
      isolate: () => this.isolate(id),
      heal: () => this.heal(id),
      slow: (extraMs) => {
        checkSlowDelay(id, extraMs);
        this.network.slow(brokerAddress(id), extraMs);
      },
      slowDisk: (extraMs) => this.slowDisk(id, extraMs),
      storedPartitions: () => this.slot(id).disk.listPartitions(),
    };
  }

  /** A crash: the process and its memory are gone at once, its disk stays. Nothing tells the controller. */
  async killBroker(id: number): Promise<void> {
    const slot = this.slot(id);
    if (slot.broker !== null) this.stop(slot, 'killed');
  }

  /**
   * Starts a new process over the broker's disk (killing the running one first, if any) and resolves
   * once the controller has unfenced it. With `waitUntilUnfenced: false` it resolves at once and the
   * broker goes on starting by itself, e.g. while it is still cut off from the controller.
   */
  async restartBroker(id: number, options: RestartOptions = {}): Promise<void> {
    this.assertOpen();
    const slot = this.slot(id);
    if (slot.broker !== null) await this.killBroker(id);
    await this.start(slot, options.waitUntilUnfenced ?? true);
  }

  /** Controlled shutdown: leadership moves away first, then the process exits. */
  async shutdownBroker(id: number): Promise<void> {
    const slot = this.slot(id);
    if (slot.broker === null) throw new Error(`Broker ${id} is not running (${slot.lifecycle}).`);
    await this.driver.run(slot.broker.controlledShutdown(), `broker ${id} controlled shutdown`);
    this.stop(slot, 'shutdown');
  }

  /** Kills the broker and deletes its disk: a restart comes back empty and must re-replicate. */
  async wipeBroker(id: number): Promise<void> {
    const slot = this.slot(id);
    await this.killBroker(id);
    slot.disk = new MemoryLogStore<LogMeta>();
  }

  /** Holds back every write broker `id` makes to its disk by `extraMs` (a slow follower that stays unfenced); 0 restores it. heal() leaves it. */
  slowDisk(id: number, extraMs: number): void {
    const slot = this.slot(id);
    checkSlowDelay(id, extraMs, 'slowDisk');
    slot.slowDiskMs = extraMs;
    slot.slowStore?.setExtraMs(extraMs);
  }

  /** The brokers given a slow disk by broker(id).slowDisk(extraMs), in id order. */
  slowDisks(): { id: number; extraMs: number }[] {
    return this.brokerIds()
      .map((id) => ({ id, extraMs: this.slot(id).slowDiskMs }))
      .filter((b) => b.extraMs > 0);
  }

  /** Cuts both directions between two nodes. */
  partition(a: NodeRef, b: NodeRef): void {
    this.network.partitionBoth(address(a), address(b));
  }

  /** Drops only what `from` sends to `to`. */
  partitionOneWay(from: NodeRef, to: NodeRef): void {
    this.network.partition(address(from), address(to));
  }

  isolate(node: NodeRef): void {
    this.network.isolate(address(node));
  }

  /** heal(): every cut. heal(a): a's isolation and cuts. heal(a, b): the cut between a and b. */
  heal(a?: NodeRef, b?: NodeRef): void {
    if (a === undefined) this.network.healAll();
    else this.network.heal(address(a), b === undefined ? undefined : address(b));
  }

  journal(): NetworkMessage[] {
    return this.network.journal();
  }

  /** Committed offsets the brokers reported giving up, oldest first. */
  lostCommittedOffsets(): CommittedOffsetsLost[] {
    return [...this.lost];
  }

  describe(): ClusterDescription {
    const brokers = this.brokerIds().map((id) => {
      const slot = this.slot(id);
      return { id, rack: slot.rack, state: this.brokerState(slot) };
    });
    const topics = describeTopics(this.controller.image, (leader, topic, partition) => this.leaderOffsets(leader, topic, partition));
    return { controller: this.controllerId, brokers, topics };
  }

  /** One partition as describe() shows it; throws if the topic or partition does not exist. */
  describePartition(topic: string, partition: number): PartitionDescription {
    const found = this.describe()
      .topics.find((t) => t.name === topic)
      ?.partitions.find((p) => p.partition === partition);
    if (found === undefined) throw new Error(`No partition ${topic}-${partition} in this cluster.`);
    return found;
  }

  /** The partition's leader per the controller, -1 while offline. */
  leaderOf(topic: string, partition: number): number {
    return this.describePartition(topic, partition).leader;
  }

  /** A Kafka client on this cluster whose async methods run the simulation until they settle. */
  client(options: ClientOptions = {}): Kafka {
    this.assertOpen();
    const number = this.nextClientNumber++;
    const kafka = new Kafka({
      clientId: options.clientId ?? `sim-client-${number}`,
      brokers: this.brokerIds(),
      clock: this.clock,
      random: deriveRandom(this.random),
      // Each Kafka instance numbers its connections from 1 ('producer-1'); the prefix keeps two instances apart.
      connect: (clientAddress: NodeAddress) => this.network.transport(`client-${number}-${clientAddress}`),
    });
    return this.driver.wrap(kafka, 'kafka');
  }

  /** Runs the simulation until `promise` settles (for engine calls made outside the driven clients). */
  run<T>(promise: Promise<T>, what?: string): Promise<T> {
    return this.driver.run(promise, what);
  }

  /** Moves virtual time forward, running everything that falls due. */
  advance(ms: number): Promise<void> {
    return this.driver.advance(ms);
  }

  now(): number {
    return this.clock.now();
  }

  /** Virtual milliseconds since the cluster was created. */
  elapsedMs(): number {
    return this.clock.elapsedMs();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots.values()) if (slot.broker !== null) this.stop(slot, 'killed');
    this.groupCoordinator.close();
    this.network.kill(GROUP_COORDINATOR_ADDRESS);
    this.controller.close();
    this.network.kill(CONTROLLER_ADDRESS);
  }

  private async start(slot: BrokerSlot, waitUntilUnfenced = true): Promise<void> {
    const simProcess = new SimProcess(this.clock, this.network.transport(brokerAddress(slot.id)), slot.disk);
    // On the process's clock: writes still held back when it dies never reach the disk.
    const store = new SlowLogStore(simProcess.store, simProcess.clock, slot.slowDiskMs);
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
      if (event.type !== 'committed-offsets-lost') return;
      this.lost.push({
        brokerId: slot.id,
        timeMs: this.clock.now(),
        topic: event.topic,
        partition: event.partition,
        fromOffset: event.fromOffset,
        toOffset: event.toOffset,
      });
    });
    this.invariants?.restarted(slot.id);
    slot.broker = broker;
    slot.process = simProcess;
    slot.slowStore = store;
    slot.lifecycle = 'running';
    this.network.register(brokerAddress(slot.id), broker.handle);
    const started = broker.start();
    if (waitUntilUnfenced) await this.driver.run(started, `broker ${slot.id} to register and be unfenced`);
    // A broker killed before it was unfenced never starts; nobody is waiting to hear it.
    else started.catch(() => undefined);
  }

  /** The process ends: the Broker object and its memory go, the disk stays. */
  private stop(slot: BrokerSlot, lifecycle: 'killed' | 'shutdown'): void {
    slot.broker?.kill();
    slot.process?.kill();
    slot.broker = null;
    slot.process = null;
    slot.slowStore = null;
    this.network.kill(brokerAddress(slot.id));
    slot.lifecycle = lifecycle;
  }

  private brokerState(slot: BrokerSlot): BrokerState {
    if (slot.lifecycle !== 'running') return slot.lifecycle;
    const registration = this.controller.image.brokers.get(slot.id);
    return registration === undefined || registration.fenced ? 'fenced' : 'running';
  }

  private leaderOffsets(leader: number, topic: string, partition: number): LeaderOffsets {
    const state = this.slots
      .get(leader)
      ?.broker?.partitionStates()
      .find((s) => s.topic === topic && s.partition === partition);
    if (state === undefined) return UNKNOWN_OFFSETS;
    return { highWatermark: state.highWatermark, logEndOffset: state.logEndOffset, logStartOffset: state.logStartOffset };
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
    for (const slot of this.slots.values()) {
      for (const state of slot.broker?.partitionStates() ?? []) {
        const topicId = image.topicsByName.get(state.topic)?.topicId;
        if (topicId === undefined) continue;
        views.push({ brokerId: slot.id, topicId, ...state });
      }
    }
    invariants.check(views, `t=${formatElapsed(this.clock.elapsedMs())} (seed ${this.seed})`);
  }

  private slot(id: number): BrokerSlot {
    const slot = this.slots.get(id);
    if (slot === undefined) throw new Error(`No broker ${id} in this cluster (brokers: ${this.brokerIds().join(', ')}).`);
    return slot;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This cluster is closed.');
  }
}

function address(node: NodeRef): NodeAddress {
  return typeof node === 'number' ? brokerAddress(node) : node;
}
