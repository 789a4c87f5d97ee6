/**
 * The browser runtime's cluster: each broker in its own module worker over its IndexedDB log, the
 * controller on the main thread, real time. It has the verbs and the describe() of the in-process
 * Cluster (src/sim/cluster.ts), minus what only virtual time can do (advance, run).
 *
 * Network: the main thread creates one MessageChannel per pair of nodes and hands the ends out
 * once: broker-broker when the later of the two starts, broker-controller (and any other
 * main-thread server, see `serve`) when the broker starts, client-broker when a client first sends
 * to that broker. Produce, fetch and replication therefore go straight from port to port and never
 * through the main thread's code, even for clients living on the main thread. Killing a broker is
 * worker.terminate(); the main thread then tells every peer, so requests waiting on the dead
 * worker fail with NETWORK_EXCEPTION instead of waiting for their timeout.
 *
 * Persistence: the controller's metadata log and a manifest of the brokers live in IndexedDB
 * (ClusterStore), so `BrowserCluster.open()` after a reload replays the log and restarts the
 * brokers that were running, over their own databases.
 *
 * The group coordinator runs beside the controller on the main thread (`serve`), as in the
 * in-process Cluster; on open it reloads every group and committed offset from __consumer_offsets
 * on the brokers. The timeline translates the controller's metadata log into words.
 */
import * as Comlink from 'comlink';
import type { PartitionStateView } from '../broker/replica-manager';
import { Kafka } from '../client/kafka';
import { randomUuid } from '../core/uuid';
import { Controller } from '../controller/controller';
import { GroupCoordinator } from '../group/group-coordinator';
import { BrokerConfig } from '../protocol/configs';
import {
  brokerAddress,
  brokerIdOf,
  CONTROLLER_ADDRESS,
  GROUP_COORDINATOR_ADDRESS,
  type NodeAddress,
  type RequestHandler,
} from '../protocol/rpc';
import {
  checkSlowDelay,
  type BrokerState,
  type ClientOptions,
  type ClusterDescription,
  type CommittedOffsetsLost,
  type NodeRef,
  type PartitionDescription,
  type RestartOptions,
} from '../sim/cluster';
import { CONTROLLER_NODE_ID } from '../sim/create-cluster';
import { deriveRandom } from '../sim/derive-random';
import { describeTopics, UNKNOWN_OFFSETS } from '../sim/describe-topics';
import type { BrokerHost, BrokerSpec, CommittedOffsetsLostEvent, ConfigOverrides } from './broker-host';
import { ClusterStore, deleteDatabases, type BrokerLifecycle, type ClusterManifest, type StoredCluster } from './cluster-store';
import { cryptoSeededRandom } from './crypto-random';
import { describeGroups, type GroupView } from './describe-groups';
import type { MetricsReading } from './metrics-sampler';
import { PortNode, type LinkDirection } from './port-node';
import { RealClock } from './real-clock';
import { Timeline } from './timeline';
import { WorkerConnection, type WorkerLike } from './worker-connection';

export interface BrowserClusterOptions {
  /** Starts the worker for a broker (src/runtime/spawn-broker-worker.ts on the page). */
  spawnBroker: (brokerId: number) => WorkerLike;
  /** Broker configs by Kafka name, for brokers and controller of a new cluster; a restored cluster keeps those it was created with. */
  config?: ConfigOverrides;
  /** Prefix of every IndexedDB database this cluster owns. Default 'kafka-in-a-tab'. */
  storagePrefix?: string;
  /** How long a control call (connect, partitionStates, ...) may take before it fails. Default 10 s. */
  controlTimeoutMs?: number;
  /** How long a broker may take to register and be unfenced. Default 60 s. */
  startTimeoutMs?: number;
  /** How often the brokers' partition states (LEO, HW) are read for describe(). Default 500 ms. */
  pollIntervalMs?: number;
}

/** A broker as scripts and tests drive it: `cluster.broker(2).kill()`. */
export interface BrowserBrokerHandle {
  readonly id: number;
  readonly address: NodeAddress;
  readonly state: BrokerState;
  kill(): Promise<void>;
  restart(options?: RestartOptions): Promise<void>;
  shutdown(): Promise<void>;
  wipe(): Promise<void>;
  isolate(): void;
  heal(): void;
  /** Holds back every message the broker sends or receives by `extraMs` (a slow broker); 0 restores it. */
  slow(extraMs: number): void;
  /** Every write to the broker's log completes `extraMs` later, in order; reads are not held back (a slow disk). 0 restores it. */
  slowDisk(extraMs: number): void;
}

/** A cut link as the view draws it: both directions (from < to), or only what `from` sends to `to`. */
export interface CutLink {
  from: NodeAddress;
  to: NodeAddress;
  oneWay: boolean;
}

interface BrokerSlot {
  readonly id: number;
  readonly rack: string | null;
  lifecycle: BrokerLifecycle;
  connection: WorkerConnection<BrokerHost> | null;
  isolated: boolean;
  /** broker(id).slow(extraMs): what the worker holds back each message by; 0 for none. Kept across restarts. */
  slowMs: number;
  /** broker(id).slowDisk(extraMs): what the worker holds back each write to its log by; 0 for none. Kept across restarts. */
  slowDiskMs: number;
  /** The worker's partition states as last polled, by `topic-partition`: the view looks up 600 of them per redraw. */
  states: Map<string, PartitionStateView>;
  /** The last lost-offsets event received from this worker (numbered per worker, from 1). */
  seenLostSequence: number;
}

const DEFAULT_PREFIX = 'kafka-in-a-tab';
/** Broker.controlledShutdown gives the controller up to 5 minutes; wait a little longer than that. */
const SHUTDOWN_TIMEOUT_MS = 5 * 60_000 + 10_000;

export class BrowserCluster {
  readonly controllerId = CONTROLLER_NODE_ID;
  /** The metadata log in words, plus group rebalances and committed offsets lost; starts over on reset(). */
  readonly timeline = new Timeline();
  private readonly clock = new RealClock();
  private readonly random = cryptoSeededRandom();
  private readonly prefix: string;
  private readonly controlTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly slots = new Map<number, BrokerSlot>();
  /** Main-thread nodes every broker is connected to: the controller, and whatever `serve` adds. */
  private readonly servers = new Map<NodeAddress, PortNode>();
  private readonly clientNodes = new Set<PortNode>();
  /** Every broker id; Kafka clients read this array on each bootstrap, so brokers added later are found. */
  private readonly bootstrap: number[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly stoppedListeners = new Set<(brokerId: number) => void>();
  /** Cut directions, as 'from->to' (node addresses), as SimNetwork keeps them: a two-way cut is both. */
  private readonly cuts = new Set<string>();
  private readonly lost: CommittedOffsetsLost[] = [];
  /** Each group's generation as last seen, to tell a rebalance on the timeline. */
  private readonly generations = new Map<string, number>();
  /** The coordinator's shards that were loaded at the last poll. */
  private activeShards = new Set<number>();
  private readonly pollTimer: ReturnType<typeof setInterval>;
  private manifest!: ClusterManifest;
  private controllerValue!: Controller;
  private coordinatorValue!: GroupCoordinator;
  private stopPersisting: () => void = () => undefined;
  private nextClientNumber = 1;
  private closed = false;

  private constructor(
    private store: ClusterStore,
    private readonly options: BrowserClusterOptions,
  ) {
    this.prefix = options.storagePrefix ?? DEFAULT_PREFIX;
    this.controlTimeoutMs = options.controlTimeoutMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.pollTimer = setInterval(() => void this.poll(), options.pollIntervalMs ?? 500);
  }

  /** The cluster saved under the prefix, brought back (brokers that were running are restarted), or a new empty one. */
  static async open(options: BrowserClusterOptions): Promise<BrowserCluster> {
    const store = await ClusterStore.open(clusterDatabase(options.storagePrefix ?? DEFAULT_PREFIX));
    const cluster = new BrowserCluster(store, options);
    await cluster.restore(await store.load(), options.config ?? {});
    return cluster;
  }

  get clusterId(): string {
    return this.manifest.clusterId;
  }

  get controller(): Controller {
    return this.controllerValue;
  }

  /** The group coordinator on the main thread; a new one after reset(). */
  get groupCoordinator(): GroupCoordinator {
    return this.coordinatorValue;
  }

  /** The configs this cluster was created with. */
  get config(): ConfigOverrides {
    return { ...this.manifest.config };
  }

  /** Starts a new broker with the next free id; resolves once it is registered and unfenced. */
  async addBroker(options: { rack?: string | null } = {}): Promise<number> {
    this.assertOpen();
    const id = Math.max(0, ...this.slots.keys()) + 1;
    const slot: BrokerSlot = {
      id,
      rack: options.rack ?? null,
      lifecycle: 'killed',
      connection: null,
      isolated: false,
      slowMs: 0,
      slowDiskMs: 0,
      states: new Map(),
      seenLostSequence: 0,
    };
    this.slots.set(id, slot);
    this.bootstrap.push(id);
    await this.start(slot, true);
    return id;
  }

  brokerIds(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  broker(id: number): BrowserBrokerHandle {
    this.slot(id);
    const state = () => this.brokerState(this.slot(id));
    return {
      id,
      address: brokerAddress(id),
      get state() {
        return state();
      },
      kill: () => this.killBroker(id),
      restart: (options) => this.restartBroker(id, options),
      shutdown: () => this.shutdownBroker(id),
      wipe: () => this.wipeBroker(id),
      isolate: () => this.isolate(id),
      heal: () => this.heal(id),
      slow: (extraMs) => this.slow(id, extraMs),
      slowDisk: (extraMs) => this.slowDisk(id, extraMs),
    };
  }

  /** A crash: worker.terminate(). Its memory is gone, its IndexedDB log stays; nothing tells the controller. */
  async killBroker(id: number): Promise<void> {
    const slot = this.slot(id);
    if (slot.connection !== null) await this.stop(slot, 'killed');
  }

  /** A new worker over the broker's log (killing the running one first); by default resolves once unfenced. */
  async restartBroker(id: number, options: RestartOptions = {}): Promise<void> {
    this.assertOpen();
    const slot = this.slot(id);
    if (slot.connection !== null) await this.stop(slot, 'killed');
    await this.start(slot, options.waitUntilUnfenced ?? true);
  }

  /** Controlled shutdown: leadership moves away first, then the worker exits. */
  async shutdownBroker(id: number): Promise<void> {
    const slot = this.slot(id);
    const connection = slot.connection;
    if (connection === null) throw new Error(`Broker ${id} is not running (${slot.lifecycle}).`);
    await connection.call('controlledShutdown', (remote) => remote.controlledShutdown(), SHUTDOWN_TIMEOUT_MS);
    await this.stop(slot, 'shutdown');
  }

  /** Kills the broker and deletes its database: a restart comes back empty and must re-replicate. */
  async wipeBroker(id: number): Promise<void> {
    await this.killBroker(id);
    await deleteDatabases([brokerDatabase(this.prefix, id)]);
  }

  /** Cuts the broker off: its worker drops everything it would send or receive on its ports. */
  isolate(id: number): void {
    this.setIsolated(this.slot(id), true);
  }

  /** Cuts both directions between two nodes: two brokers, or a broker and 'controller' or 'group-coordinator'. */
  partition(a: NodeRef, b: NodeRef): void {
    const [from, to] = this.linkEnds(a, b);
    this.cutDirection(from, to, true);
    this.cutDirection(to, from, true);
    this.changed();
  }

  /** Drops only what `from` sends to `to` (requests and answers alike); what `to` sends to `from` still arrives. */
  partitionOneWay(from: NodeRef, to: NodeRef): void {
    this.cutDirection(...this.linkEnds(from, to), true);
    this.changed();
  }

  /**
   * heal(): every cut and isolation. heal(a): a's isolation and cuts. heal(a, b): the cut between a
   * and b, both ways. As in the in-process Cluster, a slow broker stays slow: slow(0) restores it.
   */
  heal(a?: NodeRef, b?: NodeRef): void {
    const node = a === undefined ? undefined : this.nodeAddress(a);
    const peer = b === undefined ? undefined : this.nodeAddress(b);
    if (peer === undefined) {
      for (const slot of this.slots.values()) if (node === undefined || brokerAddress(slot.id) === node) this.setIsolated(slot, false);
    }
    for (const key of [...this.cuts]) {
      const [from, to] = splitCutKey(key);
      const touches = (x: NodeAddress) => from === x || to === x;
      const matches = node === undefined || (peer === undefined ? touches(node) : touches(node) && touches(peer));
      if (matches) this.cutDirection(from, to, false);
    }
    this.changed();
  }

  /** The links cut by partition() and partitionOneWay(), in address order; a link cut both ways is one entry. */
  cutLinks(): CutLink[] {
    const links: CutLink[] = [];
    for (const key of [...this.cuts].sort()) {
      const [from, to] = splitCutKey(key);
      const both = this.cuts.has(cutKey(to, from));
      if (both && to < from) continue;
      links.push({ from, to, oneWay: !both });
    }
    return links;
  }

  /** The brokers cut off by isolate(), in id order. */
  isolatedBrokers(): number[] {
    return this.brokerIds().filter((id) => this.slot(id).isolated);
  }

  /** Holds back every message broker `id` sends or receives by `extraMs` (a slow follower); 0 restores it. */
  slow(id: number, extraMs: number): void {
    const slot = this.slot(id);
    checkSlowDelay(id, extraMs);
    slot.slowMs = extraMs;
    slot.connection?.call('setSlow', (remote) => remote.setSlow(extraMs)).catch(() => undefined);
    this.changed();
  }

  /** The brokers made slow by broker(id).slow(extraMs), in id order. */
  slowBrokers(): { id: number; extraMs: number }[] {
    return this.brokerIds()
      .map((id) => ({ id, extraMs: this.slot(id).slowMs }))
      .filter((b) => b.extraMs > 0);
  }

  /** Holds back every write broker `id` makes to its log by `extraMs` (a slow follower that stays unfenced); 0 restores it. */
  slowDisk(id: number, extraMs: number): void {
    const slot = this.slot(id);
    checkSlowDelay(id, extraMs, 'slowDisk');
    slot.slowDiskMs = extraMs;
    slot.connection?.call('setSlowDisk', (remote) => remote.setSlowDisk(extraMs)).catch(() => undefined);
    this.changed();
  }

  /** The brokers given a slow disk by broker(id).slowDisk(extraMs), in id order. */
  slowDisks(): { id: number; extraMs: number }[] {
    return this.brokerIds()
      .map((id) => ({ id, extraMs: this.slot(id).slowDiskMs }))
      .filter((b) => b.extraMs > 0);
  }

  /**
   * One replica's log end offset and high watermark as its broker last reported them (describe()
   * gives only the leader's): a follower's LEO shows how far it has caught up. Undefined when the
   * broker is not running or does not hold the replica.
   */
  replicaOffsets(topic: string, partition: number, brokerId: number): { logEndOffset: number; highWatermark: number } | undefined {
    const state = this.slots.get(brokerId)?.states.get(stateKey(topic, partition));
    return state === undefined ? undefined : { logEndOffset: state.logEndOffset, highWatermark: state.highWatermark };
  }

  /** Committed offsets the brokers reported giving up (after unclean elections), oldest first. */
  lostCommittedOffsets(): CommittedOffsetsLost[] {
    return [...this.lost];
  }

  /** Every group the coordinator knows: state, protocol, generation, members and committed offsets with lag. */
  describeGroups(): Promise<GroupView[]> {
    // The page asks every second, for every committed offset: look the high watermarks up in a map.
    const highWatermarks = new Map<string, number>();
    for (const topic of this.describe().topics) {
      for (const p of topic.partitions) highWatermarks.set(`${topic.name}-${p.partition}`, p.highWatermark);
    }
    return describeGroups(this.coordinatorValue, (topic, partition) => highWatermarks.get(`${topic}-${partition}`) ?? -1);
  }

  /** Each running broker's metrics and the controller's gauges, for the metrics panel. */
  async readMetrics(): Promise<Omit<MetricsReading, 'groupLagMax'>> {
    const brokers = new Map<number, Record<string, number>>();
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        const connection = slot.connection;
        if (connection === null) return;
        try {
          brokers.set(slot.id, await connection.call('metrics', (remote) => remote.metrics()));
        } catch {
          // A dead or busy worker is left out of this sample.
        }
      }),
    );
    return { brokers, controller: this.controllerValue.metrics() };
  }

  /**
   * Hands a client's end of a new channel to a broker (a client worker dialing it); the port is
   * closed if that broker is not running, and the client's request then times out.
   */
  connectClient(from: NodeAddress, peer: NodeAddress, port: MessagePort): void {
    const brokerId = brokerIdOf(peer);
    const slot = brokerId === null ? undefined : this.slots.get(brokerId);
    if (slot?.connection == null) {
      port.close();
      return;
    }
    void this.handOut(slot, from, port);
  }

  /** The ids of the brokers whose workers run now. */
  runningBrokerIds(): number[] {
    return this.brokerIds().filter((id) => this.slot(id).connection !== null);
  }

  /** Called with a broker's id when its worker ends (kill, shutdown, wipe), so clients elsewhere drop their connections. */
  onBrokerStopped(listener: (brokerId: number) => void): () => void {
    this.stoppedListeners.add(listener);
    return () => this.stoppedListeners.delete(listener);
  }

  /**
   * Serves `address` on the main thread, connected to every broker, like the controller. This is
   * where the group coordinator plugs in: `cluster.serve(GROUP_COORDINATOR_ADDRESS, coordinator.handle)`.
   */
  serve(address: NodeAddress, handler: RequestHandler): void {
    this.assertOpen();
    if (this.servers.has(address)) throw new Error(`${address} is already served on the main thread.`);
    const node = new PortNode({ address, clock: this.clock, handler });
    this.servers.set(address, node);
    for (const slot of this.slots.values()) if (slot.connection !== null) this.connectServer(slot, node);
  }

  /** The same shape as the in-process Cluster's; offsets come from the leaders' last polled states. */
  describe(): ClusterDescription {
    const brokers = this.brokerIds().map((id) => {
      const slot = this.slot(id);
      return { id, rack: slot.rack, state: this.brokerState(slot) };
    });
    const topics = describeTopics(this.controllerValue.image, (leader, topic, partition) => {
      const state = this.slots.get(leader)?.states.get(stateKey(topic, partition));
      if (state === undefined) return UNKNOWN_OFFSETS;
      return { highWatermark: state.highWatermark, logEndOffset: state.logEndOffset, logStartOffset: state.logStartOffset };
    });
    return { controller: this.controllerId, brokers, topics };
  }

  describePartition(topic: string, partition: number): PartitionDescription {
    const found = this.describe()
      .topics.find((t) => t.name === topic)
      ?.partitions.find((p) => p.partition === partition);
    if (found === undefined) throw new Error(`No partition ${topic}-${partition} in this cluster.`);
    return found;
  }

  leaderOf(topic: string, partition: number): number {
    return this.describePartition(topic, partition).leader;
  }

  /** Reads every running broker's partition states now, instead of waiting for the next poll. */
  async refresh(): Promise<void> {
    await this.poll();
  }

  /** Called after every metadata record and every poll, for a view to redraw. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A Kafka client on this cluster whose connections are MessagePorts to the brokers. */
  client(options: ClientOptions = {}): Kafka {
    this.assertOpen();
    const number = this.nextClientNumber++;
    return new Kafka({
      clientId: options.clientId ?? `browser-client-${number}`,
      brokers: this.bootstrap,
      clock: this.clock,
      random: deriveRandom(this.random),
      connect: (clientAddress) => this.clientNode(`client-${number}-${clientAddress}`).transport,
    });
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Wipes everything (every broker's log, the metadata log, the manifest) and starts over with an
   * empty cluster, with `config` if given. Clients made before keep working against the new cluster.
   */
  async reset(options: { config?: ConfigOverrides } = {}): Promise<void> {
    this.assertOpen();
    const config = options.config ?? this.manifest.config;
    const brokerIds = this.brokerIds();
    this.shutDownEverything();
    await this.store.flush();
    this.store.close();
    const leftovers = ((await indexedDB.databases?.()) ?? [])
      .map((database) => database.name ?? '')
      .filter((name) => name.startsWith(`${this.prefix}-broker-`));
    await deleteDatabases([
      ...new Set([clusterDatabase(this.prefix), ...brokerIds.map((id) => brokerDatabase(this.prefix, id)), ...leftovers]),
    ]);
    this.store = await ClusterStore.open(clusterDatabase(this.prefix));
    this.lost.length = 0;
    this.timeline.reset();
    await this.restore({ manifest: null, metadataLog: [] }, config);
    this.changed();
  }

  /** Terminates every worker and stops the controller; the databases stay for the next open(). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pollTimer);
    this.shutDownEverything();
    await this.store.flush();
    this.store.close();
  }

  private async restore(stored: StoredCluster, config: ConfigOverrides): Promise<void> {
    this.manifest = stored.manifest ?? { clusterId: randomUuid(this.random), config, brokers: [] };
    this.controllerValue = new Controller({
      clock: this.clock,
      random: deriveRandom(this.random),
      config: BrokerConfig.from(this.manifest.config),
      clusterId: this.manifest.clusterId,
      metadataLog: stored.metadataLog,
    });
    this.timeline.appendMetadata(stored.metadataLog);
    this.stopPersisting = this.controllerValue.onAppend((entries) => {
      this.store.appendMetadata(entries).catch((error: unknown) => console.error('Could not persist the metadata log:', error));
      this.timeline.appendMetadata(entries);
      this.changed();
    });
    this.servers.set(
      CONTROLLER_ADDRESS,
      new PortNode({ address: CONTROLLER_ADDRESS, clock: this.clock, handler: this.controllerValue.handle }),
    );
    this.startGroupCoordinator();
    for (const broker of this.manifest.brokers) {
      this.slots.set(broker.id, {
        id: broker.id,
        rack: broker.rack,
        lifecycle: broker.lifecycle,
        connection: null,
        isolated: false,
        slowMs: 0,
        slowDiskMs: 0,
        states: new Map(),
        seenLostSequence: 0,
      });
      this.bootstrap.push(broker.id);
    }
    await this.saveManifest();
    // Launched one at a time so each finds the ones before it running and connects to them; then unfenced together.
    const unfenced: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.lifecycle === 'running') unfenced.push((await this.launch(slot)).unfenced);
    }
    await Promise.all(unfenced);
  }

  /**
   * The coordinator is served before it exists (as in the in-process Cluster): it starts loading its
   * shards from the brokers at once, over its own node's connections.
   */
  private startGroupCoordinator(): void {
    let coordinator: GroupCoordinator | null = null;
    this.serve(GROUP_COORDINATOR_ADDRESS, (api, body, from) => coordinator!.handle(api, body, from));
    coordinator = new GroupCoordinator({
      clock: this.clock,
      random: deriveRandom(this.random),
      config: BrokerConfig.from(this.manifest.config),
      transport: this.servers.get(GROUP_COORDINATOR_ADDRESS)!.transport,
      metadata: this.controllerValue,
    });
    this.coordinatorValue = coordinator;
  }

  private async start(slot: BrokerSlot, waitUntilUnfenced: boolean): Promise<void> {
    const { unfenced } = await this.launch(slot);
    if (waitUntilUnfenced) await unfenced;
    // A broker killed before it was unfenced never starts; nobody is waiting to hear it.
    else unfenced.catch(() => undefined);
  }

  /** Spawns and wires the worker; `unfenced` settles once the controller has unfenced it. */
  private async launch(slot: BrokerSlot): Promise<{ unfenced: Promise<void> }> {
    const address = brokerAddress(slot.id);
    const connection = new WorkerConnection<BrokerHost>(
      this.options.spawnBroker(slot.id),
      `broker ${slot.id}'s worker`,
      this.controlTimeoutMs,
    );
    slot.connection = connection;
    slot.lifecycle = 'running';
    slot.states.clear();
    slot.seenLostSequence = 0;
    const spec: BrokerSpec = {
      brokerId: slot.id,
      rack: slot.rack,
      clusterId: this.manifest.clusterId,
      config: this.manifest.config,
      storeName: brokerDatabase(this.prefix, slot.id),
    };
    const initialised = connection.call('init', (remote) => remote.init(spec));
    for (const node of this.servers.values()) this.connectServer(slot, node);
    for (const peer of this.slots.values()) {
      if (peer === slot || peer.connection === null) continue;
      const channel = new MessageChannel();
      void this.handOut(slot, brokerAddress(peer.id), channel.port1);
      void this.handOut(peer, address, channel.port2);
    }
    // A restarted broker is as cut off, and as slow (network and disk), as it was before.
    if (slot.isolated) void connection.call('setIsolated', (remote) => remote.setIsolated(true)).catch(() => undefined);
    if (slot.slowMs > 0) void connection.call('setSlow', (remote) => remote.setSlow(slot.slowMs)).catch(() => undefined);
    if (slot.slowDiskMs > 0) void connection.call('setSlowDisk', (remote) => remote.setSlowDisk(slot.slowDiskMs)).catch(() => undefined);
    for (const key of this.cuts) {
      const [from, to] = splitCutKey(key);
      if (from === address) void connection.call('setCut', (remote) => remote.setCut(to, 'outgoing', true)).catch(() => undefined);
      if (to === address) void connection.call('setCut', (remote) => remote.setCut(from, 'incoming', true)).catch(() => undefined);
    }
    await this.saveManifest();
    await initialised;
    this.changed();
    return { unfenced: connection.call('start', (remote) => remote.start(), this.startTimeoutMs) };
  }

  /** The worker ends; peers drop their connections to it, failing what waited on it. */
  private async stop(slot: BrokerSlot, lifecycle: 'killed' | 'shutdown'): Promise<void> {
    const address = brokerAddress(slot.id);
    slot.connection?.terminate();
    slot.connection = null;
    slot.lifecycle = lifecycle;
    slot.states.clear();
    for (const node of [...this.servers.values(), ...this.clientNodes]) node.disconnect(address);
    for (const peer of this.slots.values()) {
      peer.connection?.call('disconnect', (remote) => remote.disconnect(address)).catch(() => undefined);
    }
    for (const listener of [...this.stoppedListeners]) listener(slot.id);
    await this.saveManifest();
    this.changed();
  }

  private linkEnds(a: NodeRef, b: NodeRef): [NodeAddress, NodeAddress] {
    const [from, to] = [this.nodeAddress(a), this.nodeAddress(b)];
    if (from === to) throw new Error(`Cannot cut ${from} off from itself.`);
    return [from, to];
  }

  /**
   * Cuts or restores what `from` sends to `to`, on both ends (a broker worker's or a main-thread
   * node's): the sender stops posting, and the receiver drops what was already on its way.
   */
  private cutDirection(from: NodeAddress, to: NodeAddress, cut: boolean): void {
    if (cut) this.cuts.add(cutKey(from, to));
    else this.cuts.delete(cutKey(from, to));
    const end = (self: NodeAddress, peer: NodeAddress, direction: LinkDirection) => {
      const brokerId = brokerIdOf(self);
      if (brokerId === null) {
        this.servers.get(self)?.setCut(peer, direction, cut);
        return;
      }
      this.slots
        .get(brokerId)
        ?.connection?.call('setCut', (remote) => remote.setCut(peer, direction, cut))
        .catch(() => undefined);
    };
    end(from, to, 'outgoing');
    end(to, from, 'incoming');
  }

  private nodeAddress(node: NodeRef): NodeAddress {
    const broker = typeof node === 'number' ? node : brokerIdOf(node);
    if (broker !== null) return brokerAddress(this.slot(broker).id);
    if (this.servers.has(node as NodeAddress)) return node as NodeAddress;
    throw new Error(`No node ${node} in this cluster (brokers by id, or ${[...this.servers.keys()].join(', ')}).`);
  }

  private connectServer(slot: BrokerSlot, node: PortNode): void {
    const channel = new MessageChannel();
    node.connect(brokerAddress(slot.id), channel.port1);
    void this.handOut(slot, node.address, channel.port2);
  }

  /** Gives a broker its end of a channel to `peer`; a broker that died meanwhile just never gets it. */
  private handOut(slot: BrokerSlot, peer: NodeAddress, port: MessagePort): Promise<void> {
    const connection = slot.connection;
    if (connection === null) return Promise.resolve();
    return connection.call(`connect ${peer}`, (remote) => remote.connect(peer, Comlink.transfer(port, [port]))).catch(() => undefined);
  }

  private clientNode(address: NodeAddress): PortNode {
    const node = new PortNode({
      address,
      clock: this.clock,
      dial: (peer) => {
        const brokerId = brokerIdOf(peer);
        const slot = brokerId === null ? undefined : this.slots.get(brokerId);
        if (slot?.connection == null) return null;
        const channel = new MessageChannel();
        void this.handOut(slot, address, channel.port2);
        return channel.port1;
      },
    });
    this.clientNodes.add(node);
    return node;
  }

  private setIsolated(slot: BrokerSlot, isolated: boolean): void {
    slot.isolated = isolated;
    slot.connection?.call('setIsolated', (remote) => remote.setIsolated(isolated)).catch(() => undefined);
    this.changed();
  }

  private async poll(): Promise<void> {
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        const connection = slot.connection;
        if (connection === null) return;
        try {
          const { partitionStates, lostOffsets } = await connection.call('poll', (remote) => remote.poll(slot.seenLostSequence));
          if (slot.connection !== connection) return;
          slot.states = new Map(partitionStates.map((state) => [stateKey(state.topic, state.partition), state]));
          for (const { sequence, event } of lostOffsets) {
            if (sequence <= slot.seenLostSequence) continue;
            slot.seenLostSequence = sequence;
            this.committedOffsetsLost(slot.id, event);
          }
        } catch {
          // A dead or busy worker keeps its last states until the next poll.
        }
      }),
    );
    if (!this.closed) this.watchGenerations();
    this.changed();
  }

  private committedOffsetsLost(brokerId: number, event: CommittedOffsetsLostEvent): void {
    const timeMs = this.clock.now();
    const { topic, partition, fromOffset, toOffset } = event;
    this.lost.push({ brokerId, timeMs, topic, partition, fromOffset, toOffset });
    const range = toOffset - fromOffset === 1 ? `offset ${fromOffset}` : `offsets ${fromOffset}–${toOffset - 1}`;
    this.timeline.append(
      timeMs,
      'committed-offsets-lost',
      `broker ${brokerId} gave up committed ${range} of ${topic}-${partition} (unclean election)`,
      { brokers: [brokerId], topic, partitions: [partition] },
    );
  }

  /**
   * A group whose generation went up rebalanced. A group first seen when its shard has just loaded
   * was reloaded from the log, not rebalanced, so it only sets the baseline.
   */
  private watchGenerations(): void {
    const coordinator = this.coordinatorValue;
    const active = new Set(
      coordinator
        .shards()
        .filter((shard) => shard.state === 'active')
        .map((shard) => shard.partition),
    );
    for (const { groupId, type, generation } of coordinator.generations()) {
      const before = this.generations.get(groupId);
      this.generations.set(groupId, generation);
      const rebalanced =
        before === undefined ? generation > 0 && this.activeShards.has(coordinator.partitionFor(groupId)) : generation > before;
      if (!rebalanced) continue;
      const text = `group ${groupId} rebalanced, ${type === 'classic' ? 'generation' : 'epoch'} ${generation}`;
      this.timeline.append(this.clock.now(), 'group-rebalanced', text, { group: groupId });
    }
    this.activeShards = active;
  }

  private shutDownEverything(): void {
    for (const slot of this.slots.values()) slot.connection?.terminate();
    this.slots.clear();
    this.bootstrap.length = 0;
    this.stopPersisting();
    this.coordinatorValue.close();
    this.controllerValue.close();
    for (const node of this.servers.values()) node.close();
    this.servers.clear();
    this.cuts.clear();
    this.generations.clear();
    this.activeShards = new Set();
    for (const node of this.clientNodes) node.close();
    this.clientNodes.clear();
  }

  private saveManifest(): Promise<void> {
    this.manifest.brokers = this.brokerIds().map((id) => {
      const slot = this.slot(id);
      return { id, rack: slot.rack, lifecycle: slot.lifecycle };
    });
    return this.store.writeManifest(this.manifest);
  }

  private brokerState(slot: BrokerSlot): BrokerState {
    if (slot.lifecycle !== 'running') return slot.lifecycle;
    const registration = this.controllerValue.image.brokers.get(slot.id);
    return registration === undefined || registration.fenced ? 'fenced' : 'running';
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
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

function cutKey(from: NodeAddress, to: NodeAddress): string {
  return `${from}->${to}`;
}

function splitCutKey(key: string): [NodeAddress, NodeAddress] {
  return key.split('->') as [NodeAddress, NodeAddress];
}

function clusterDatabase(prefix: string): string {
  return `${prefix}-cluster`;
}

function brokerDatabase(prefix: string, brokerId: number): string {
  return `${prefix}-broker-${brokerId}`;
}

/** A polled partition state's key in BrokerSlot.states. */
function stateKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
