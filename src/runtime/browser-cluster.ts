/**
 * The browser runtime's cluster: each broker in its own module worker over its IndexedDB log, the
 * controller and the group coordinator on the main thread, real time. It implements the cluster
 * contract (ClusterOperator) as the in-process cluster does; what differs is how a broker's process
 * runs (a worker; killing it is worker.terminate(), after which the main thread tells every peer,
 * so requests waiting on the dead worker fail with NETWORK_EXCEPTION instead of waiting for their
 * timeout) and how the network is wired (BrowserNetwork: MessagePorts from node to node).
 *
 * Persistence: the controller's metadata log and a manifest of the brokers live in IndexedDB
 * (ClusterStore), so `BrowserCluster.open()` after a reload replays the log and restarts the
 * brokers that were running, over their own databases. The group coordinator keeps no state of its
 * own: on open it reloads every group and committed offset from __consumer_offsets on the brokers.
 *
 * The brokers' partition states (each replica's LEO and HW) and their reports of committed
 * records given up are polled from the workers; describe() reads the last poll.
 */
import type { PartitionStateView } from '../broker/replica-manager';
import { Kafka } from '../client/kafka';
import { brokerHandle } from '../cluster/broker-handle';
import { BrokerRoster, type RosterSlot } from '../cluster/broker-roster';
import type { ClusterDescription, CommittedOffsetsLost, ReplicaOffsets } from '../cluster/cluster-description';
import { ClusterBase } from '../cluster/cluster-base';
import { ClusterFaults } from '../cluster/cluster-faults';
import {
  CONTROLLER_NODE_ID,
  type BrokerHandle,
  type ClientOptions,
  type ResettableCluster,
  type ConfigOverrides,
  type CrashableClient,
  type RestartOptions,
} from '../cluster/cluster-operator';
import { brokerState, describeCluster, replicaOffsetsOf, UNKNOWN_OFFSETS } from '../cluster/describe-cluster';
import { describeGroups, type GroupView } from '../cluster/group-views';
import { LinkFaults } from '../cluster/link-faults';
import { Timeline } from '../cluster/timeline';
import { UncleanElectionLosses } from '../cluster/unclean-election-losses';
import { collectTraffic, type Flight, type LinkTotals, type Traffic, type TrafficCursor, type TrafficSource } from '../cluster/traffic';
import { RingBuffer } from '../core/ring-buffer';
import type { Timer } from '../core/clock';
import { deriveRandom } from '../core/random';
import { randomUuid } from '../core/uuid';
import { Controller } from '../controller/controller';
import { GroupCoordinator } from '../group/group-coordinator';
import { BrokerConfig } from '../protocol/configs';
import { brokerAddress, CONTROLLER_ADDRESS, GROUP_COORDINATOR_ADDRESS, type NodeAddress, type RequestHandler } from '../protocol/rpc';
import { topicPartitionKey } from '../protocol/topic-partition';
import type { BrokerHost, BrokerSpec } from './broker-host';
import { BrowserNetwork } from './browser-network';
import { ClusterStore, deleteDatabases, type ClusterManifest, type StoredCluster } from './cluster-store';
import { KafkaError } from '../protocol/errors';
import { PageCrashableClient } from './crashable-client';
import { cryptoSeededRandom } from './crypto-random';
import type { MetricsReading } from './metrics-sampler';
import { PageClock } from './page-clock';
import { TimeControl } from './time-control';
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
  /**
   * Whether open() waits until the brokers it restarts are unfenced. Default true. The page does
   * not: after a reload the controller holds every broker's old session for
   * broker.session.timeout.ms before it takes the new incarnations (as a restarted KRaft
   * controller does), and the page draws them starting meanwhile.
   */
  waitForBrokers?: boolean;
}

interface BrokerSlot extends RosterSlot {
  connection: WorkerConnection<BrokerHost> | null;
  /** The worker's partition states as last polled, by topic-partition: the view looks up 600 of them per redraw. */
  states: Map<string, PartitionStateView>;
  /** The last lost-offsets event received from this worker (numbered per worker, from 1). */
  seenLostSequence: number;
  /** What the worker's broker served, as polled: its newest flights and its totals per link. */
  traffic: { origin: string; flights: RingBuffer<Flight>; totals: LinkTotals[] } | null;
}

const DEFAULT_PREFIX = 'kafka-in-a-tab';
/** The flights of each broker kept between polls and reads, as its worker keeps them. */
const KEPT_FLIGHTS = 512;
/** Broker.controlledShutdown gives the controller up to 5 minutes; wait a little longer than that. */
const SHUTDOWN_TIMEOUT_MS = 5 * 60_000 + 10_000;
/** How long a broker whose start timed out is given to say what it waits for. */
const STARTUP_QUESTION_TIMEOUT_MS = 2_000;

export class BrowserCluster extends ClusterBase implements ResettableCluster {
  readonly controllerId = CONTROLLER_NODE_ID;
  /** The metadata log in words, plus group rebalances and committed offsets lost; starts over on reset(). */
  readonly timeline = new Timeline();
  /** The page's time: pause, resume and slow motion for every node at once (window.sim.time). */
  readonly time = new TimeControl();
  /** The main thread's nodes' clock (controller, coordinator, clients), following the page's time. */
  readonly clock = new PageClock(this.time.current);
  private readonly random = cryptoSeededRandom();
  private readonly prefix: string;
  private readonly controlTimeoutMs: number;
  /** The reset under way, which starting a broker waits for (afterReset). */
  private resetting: Promise<void> | null = null;
  private readonly startTimeoutMs: number;
  private readonly roster = new BrokerRoster<BrokerSlot>();
  private readonly linkFaults = new LinkFaults();
  protected readonly faults: ClusterFaults;
  private network: BrowserNetwork;
  /** Every broker id; Kafka clients read this array on each bootstrap, so brokers added later are found. */
  private readonly bootstrap: number[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly stoppedListeners = new Set<(brokerId: number) => void>();
  private readonly lost: CommittedOffsetsLost[] = [];
  /** What unclean elections give up, from the brokers' last polled offsets; a new one after reset(). */
  private uncleanLosses!: UncleanElectionLosses;
  private readonly pollTimer: ReturnType<typeof setInterval>;
  private manifest!: ClusterManifest;
  private controllerValue!: Controller;
  private coordinatorValue!: GroupCoordinator;
  private stopPersisting: () => void = () => undefined;
  private nextClientNumber = 1;
  private closed = false;

  /** The broker configs of this cluster, parsed; a new cluster after reset() may have others. */
  private brokerConfig!: BrokerConfig;

  private constructor(
    private store: ClusterStore,
    private readonly options: BrowserClusterOptions,
  ) {
    super();
    this.prefix = options.storagePrefix ?? DEFAULT_PREFIX;
    this.controlTimeoutMs = options.controlTimeoutMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.network = this.newNetwork();
    this.faults = new ClusterFaults(this.linkFaults, {
      hasBroker: (id) => this.roster.has(id),
      brokerIds: () => this.roster.ids(),
      isKnownNode: (address) => this.network.isServed(address),
      describeKnownNodes: () => this.network.servedAddresses().join(', '),
    });
    this.linkFaults.onChange((changed) => {
      this.network.applyFaults(changed);
      this.changed();
    });
    this.time.onChange((course) => {
      this.clock.follow(course);
      for (const slot of this.roster.all()) {
        slot.connection?.call('setTimeCourse', (remote) => remote.setTimeCourse(course)).catch(() => undefined);
      }
      this.changed();
    });
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

  async addBroker(options: { rack?: string | null } = {}): Promise<number> {
    this.assertOpen();
    await this.afterReset();
    const slot = this.roster.add({
      id: this.roster.nextId(),
      rack: options.rack ?? null,
      lifecycle: 'killed',
      unfenced: false,
      connection: null,
      states: new Map(),
      seenLostSequence: 0,
      traffic: null,
    });
    this.bootstrap.push(slot.id);
    await this.start(slot, true);
    return slot.id;
  }

  brokerIds(): number[] {
    return this.roster.ids();
  }

  broker(id: number): BrokerHandle {
    this.roster.get(id);
    return brokerHandle(this, id, () => this.stateOf(this.roster.get(id)));
  }

  /** A crash: worker.terminate(). Its memory is gone, its IndexedDB log stays; nothing tells the controller. */
  async killBroker(id: number): Promise<void> {
    const slot = this.roster.get(id);
    if (slot.connection !== null) await this.stop(slot, 'killed');
  }

  async restartBroker(id: number, options: RestartOptions = {}): Promise<void> {
    this.assertOpen();
    await this.afterReset();
    const slot = this.roster.get(id);
    if (slot.connection !== null) await this.stop(slot, 'killed');
    await this.start(slot, options.waitUntilUnfenced ?? true);
  }

  async shutdownBroker(id: number): Promise<void> {
    const slot = this.roster.get(id);
    const connection = slot.connection;
    if (connection === null) throw new Error(`Broker ${id} is not running (${slot.lifecycle}).`);
    const halted = await connection.call('controlledShutdown', (remote) => remote.controlledShutdown(), SHUTDOWN_TIMEOUT_MS);
    // Its log directory failed on the last checkpoint: it halted rather than shut down (Broker.controlledShutdown).
    if (halted !== null) this.timeline.logDirFailed(id, this.clock.now(), halted);
    await this.stop(slot, halted === null ? 'shutdown' : 'killed');
  }

  async fillDisk(id: number): Promise<void> {
    const connection = this.roster.get(id).connection;
    if (connection === null) throw new Error(`Broker ${id} is not running: there is no disk in use to fill.`);
    await connection.call('fillDisk', (remote) => remote.fillDisk());
  }

  /** Kills the broker and deletes its database: a restart comes back empty and must re-replicate. */
  async wipeBroker(id: number): Promise<void> {
    await this.killBroker(id);
    await deleteDatabases([brokerDatabase(this.prefix, id)]);
  }

  /** The same shape as the in-process cluster's; offsets come from the leaders' last polled states. */
  describe(): ClusterDescription {
    const config = this.brokerConfig;
    return describeCluster({
      controllerId: this.controllerId,
      image: this.controllerValue.image,
      brokers: this.roster.described(),
      leaderOffsets: (leader, topic, partition) => {
        const state = this.roster.find(leader)?.states.get(topicPartitionKey(topic, partition));
        if (state === undefined) return UNKNOWN_OFFSETS;
        return { highWatermark: state.highWatermark, logEndOffset: state.logEndOffset, logStartOffset: state.logStartOffset };
      },
      sessionDeadlineMs: (id) => this.controllerValue.sessionDeadlineMs(id),
      nowMs: this.clock.now(),
      sessionTimeoutMs: config.int('broker.session.timeout.ms'),
      heartbeatIntervalMs: config.int('broker.heartbeat.interval.ms'),
    });
  }

  replicaOffsets(topic: string, partition: number, brokerId: number): ReplicaOffsets | undefined {
    const key = topicPartitionKey(topic, partition);
    const registration = this.controllerValue.image.topicsByName.get(topic)?.partitions.get(partition);
    const leader = registration?.leader ?? -1;
    return replicaOffsetsOf(
      brokerId,
      this.roster.find(brokerId)?.states.get(key),
      this.roster.find(leader)?.states.get(key),
      registration?.isr.includes(brokerId) ?? false,
      this.clock.now(),
      this.brokerConfig.long('replica.lag.time.max.ms'),
    );
  }

  lostCommittedOffsets(): CommittedOffsetsLost[] {
    return [...this.lost];
  }

  /** What the brokers served, as last polled from their workers. */
  traffic(cursor?: TrafficCursor): Traffic {
    const sources: TrafficSource[] = [];
    for (const slot of this.roster.all()) {
      const traffic = slot.traffic;
      if (slot.connection === null || traffic === null) continue;
      sources.push({
        address: brokerAddress(slot.id),
        origin: traffic.origin,
        since: (seq) => traffic.flights.toArray().filter((flight) => flight.seq > seq),
        totals: () => traffic.totals,
      });
    }
    return collectTraffic(sources, cursor);
  }

  describeGroups(): Promise<GroupView[]> {
    // The page asks every second, for every committed offset: look the high watermarks up in a map.
    const highWatermarks = new Map<string, number>();
    for (const topic of this.describe().topics) {
      for (const p of topic.partitions) highWatermarks.set(topicPartitionKey(topic.name, p.partition), p.highWatermark);
    }
    return describeGroups(this.coordinatorValue, (topic, partition) => highWatermarks.get(topicPartitionKey(topic, partition)) ?? -1);
  }

  /** Each running broker's metrics and the controller's gauges, for the metrics panel. */
  async readMetrics(): Promise<Omit<MetricsReading, 'groupLagMax'>> {
    const brokers = new Map<number, Record<string, number>>();
    await Promise.all(
      this.roster.all().map(async (slot) => {
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

  /** Hands a client's end of a new channel to a broker (a client worker dialing it). */
  connectClient(from: NodeAddress, peer: NodeAddress, port: MessagePort): void {
    this.network.connectClient(from, peer, port);
  }

  /** The ids of the brokers whose workers run now. */
  runningBrokerIds(): number[] {
    return this.roster
      .all()
      .filter((slot) => slot.connection !== null)
      .map((slot) => slot.id);
  }

  /** Called with a broker's id when its worker ends (kill, shutdown, wipe), so clients elsewhere drop their connections. */
  onBrokerStopped(listener: (brokerId: number) => void): () => void {
    this.stoppedListeners.add(listener);
    return () => this.stoppedListeners.delete(listener);
  }

  /**
   * Serves `address` on the main thread, connected to every broker, like the controller. This is
   * where the group coordinator plugs in.
   */
  serve(address: NodeAddress, handler: RequestHandler): void {
    this.assertOpen();
    this.network.serve(address, handler);
  }

  /** Reads every running broker's partition states now, instead of waiting for the next poll. */
  async refresh(): Promise<void> {
    await this.poll();
  }

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
      connect: (clientAddress) => this.network.clientNode(`client-${number}-${clientAddress}`).transport,
    });
  }

  crashableClient(options: ClientOptions = {}): CrashableClient {
    this.assertOpen();
    return new PageCrashableClient(this, options.clientId ?? `browser-client-${this.nextClientNumber++}`);
  }

  now(): number {
    return this.clock.now();
  }

  /** `ms` of the page's time: longer in slow motion, and not over while paused. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.schedule(ms, resolve));
  }

  settle<T>(promise: Promise<T>, what = 'the awaited operation', withinMs?: number): Promise<T> {
    if (withinMs === undefined) return promise;
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.schedule(withinMs, () => reject(new Error(`Waited ${withinMs} ms for ${what} to settle.`)));
    });
    return Promise.race([promise, timeout]).finally(() => timer?.cancel());
  }

  /**
   * Wipes everything (every broker's log, the metadata log, the manifest) and starts over with an
   * empty cluster, with `config` if given. Clients made before keep working against the new cluster.
   */
  reset(options: { config?: ConfigOverrides } = {}): Promise<void> {
    this.assertOpen();
    // Marked at once, so a broker added right after this call waits for it; a reset waits for the one before.
    const previous = this.resetting;
    const resetting = (async () => {
      if (previous !== null) await previous;
      await this.startOver(options);
    })();
    const settled = resetting.catch(() => undefined);
    this.resetting = settled;
    void settled.then(() => {
      if (this.resetting === settled) this.resetting = null;
    });
    return resetting;
  }

  /**
   * Waits for a reset under way: a broker started meanwhile would be wired to the network and
   * controller the reset is tearing down, and never registered with the new one (the page's reset
   * button and a script's addBroker once the new configs show raced so, once in a while).
   */
  private async afterReset(): Promise<void> {
    while (this.resetting !== null) await this.resetting;
  }

  private async startOver(options: { config?: ConfigOverrides }): Promise<void> {
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
    this.network = this.newNetwork();
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

  private newNetwork(): BrowserNetwork {
    return new BrowserNetwork({
      clock: this.clock,
      faults: this.linkFaults,
      workerOf: (id) => this.roster.find(id)?.connection ?? null,
      runningBrokerIds: () => this.runningBrokerIds(),
    });
  }

  private async restore(stored: StoredCluster, config: ConfigOverrides): Promise<void> {
    this.manifest = stored.manifest ?? { clusterId: randomUuid(this.random), config, brokers: [] };
    this.brokerConfig = BrokerConfig.from(this.manifest.config);
    this.controllerValue = new Controller({
      clock: this.clock,
      random: deriveRandom(this.random),
      config: this.brokerConfig,
      clusterId: this.manifest.clusterId,
      metadataLog: stored.metadataLog,
    });
    // A new cluster's controller opened its log with the bootstrap records (the features): persist them too.
    const bootstrap = this.controllerValue.metadataLog.slice(stored.metadataLog.length);
    if (bootstrap.length > 0) {
      this.store.appendMetadata(bootstrap).catch((error: unknown) => console.error('Could not persist the metadata log:', error));
    }
    this.timeline.appendMetadata(this.controllerValue.metadataLog);
    const uncleanLosses = new UncleanElectionLosses((id) => {
      const slot = this.roster.find(id);
      return slot?.connection == null ? undefined : [...slot.states.values()];
    });
    this.uncleanLosses = uncleanLosses;
    this.stopPersisting = this.controllerValue.onAppend((entries) => {
      this.store.appendMetadata(entries).catch((error: unknown) => console.error('Could not persist the metadata log:', error));
      this.timeline.appendMetadata(entries);
      const elections = uncleanLosses.electionsIn(entries, this.controllerValue.image);
      // Read every replica afresh first: the new leader's log end offset is measured before it takes writes.
      if (elections.length > 0) {
        void this.poll().then(() => {
          for (const election of elections) {
            const lost = uncleanLosses.lossOf(election, this.clock.now());
            if (lost !== null) this.recordLost(lost);
          }
        });
      }
      this.changed();
    });
    this.network.serve(CONTROLLER_ADDRESS, this.controllerValue.handle);
    this.startGroupCoordinator();
    for (const broker of this.manifest.brokers) {
      this.roster.add({
        id: broker.id,
        rack: broker.rack,
        lifecycle: broker.lifecycle,
        unfenced: false,
        connection: null,
        states: new Map(),
        seenLostSequence: 0,
        traffic: null,
      });
      this.bootstrap.push(broker.id);
    }
    // Only the brokers restored here: one added while the manifest was written has started already.
    const restored = this.roster.all().filter((slot) => slot.lifecycle === 'running' && slot.connection === null);
    await this.saveManifest();
    // Launched one at a time so each finds the ones before it running and connects to them; then unfenced together.
    const unfenced: Promise<void>[] = [];
    for (const slot of restored) unfenced.push((await this.launch(slot)).unfenced);
    if (this.options.waitForBrokers ?? true) await Promise.all(unfenced);
    // Nobody waits to hear of a broker killed before it was unfenced.
    else for (const started of unfenced) started.catch(() => undefined);
  }

  /**
   * The coordinator is served before it exists (as in the in-process cluster): it starts loading its
   * shards from the brokers at once, over its own node's connections.
   */
  private startGroupCoordinator(): void {
    let coordinator: GroupCoordinator | null = null;
    const node = this.network.serve(GROUP_COORDINATOR_ADDRESS, (api, body, from) => coordinator!.handle(api, body, from));
    coordinator = new GroupCoordinator({
      clock: this.clock,
      random: deriveRandom(this.random),
      config: this.brokerConfig,
      transport: node.transport,
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
    const connection = new WorkerConnection<BrokerHost>(
      this.options.spawnBroker(slot.id),
      `broker ${slot.id}'s worker`,
      this.controlTimeoutMs,
      this.clock,
    );
    slot.connection = connection;
    slot.lifecycle = 'running';
    slot.unfenced = false;
    this.noteRestartInsideSession(slot.id);
    slot.states.clear();
    slot.seenLostSequence = 0;
    slot.traffic = null;
    const spec: BrokerSpec = {
      timeCourse: this.time.current,
      brokerId: slot.id,
      rack: slot.rack,
      clusterId: this.manifest.clusterId,
      config: this.manifest.config,
      storeName: brokerDatabase(this.prefix, slot.id),
    };
    // Comlink runs each call's synchronous part in order: the worker's node exists before the connections arrive.
    const initialised = connection.call('init', (remote) => remote.init(spec));
    this.network.wireBroker(slot.id);
    await this.saveManifest();
    await initialised;
    this.changed();
    const unfenced = connection
      .call('start', (remote) => remote.start(), this.startTimeoutMs)
      .catch((error: unknown) => this.explainSlowStart(connection, error));
    unfenced.then(
      () => {
        if (slot.connection !== connection) return;
        slot.unfenced = true;
        this.changed();
      },
      () => undefined,
    );
    return { unfenced };
  }

  /** A start that timed out says what the broker was still waiting for, as far as its worker answers. */
  private async explainSlowStart(connection: WorkerConnection<BrokerHost>, error: unknown): Promise<never> {
    if (!(error instanceof KafkaError) || error.type !== 'REQUEST_TIMED_OUT') throw error;
    const startup = await connection
      .call('describeStartup', (remote) => remote.describeStartup(), STARTUP_QUESTION_TIMEOUT_MS)
      .catch((question: unknown) => `its worker did not say why: ${(question as Error).message}`);
    throw new KafkaError('REQUEST_TIMED_OUT', `${error.message} (${startup})`);
  }

  /** The worker ends; peers drop their connections to it, failing what waited on it. */
  private async stop(slot: BrokerSlot, lifecycle: 'killed' | 'shutdown'): Promise<void> {
    // What it last reported having in memory: a kill takes that memory with it.
    this.uncleanLosses.remember([...slot.states.values()], this.controllerValue.image);
    slot.connection?.terminate();
    slot.connection = null;
    slot.lifecycle = lifecycle;
    slot.unfenced = false;
    slot.states.clear();
    this.network.unwireBroker(slot.id);
    for (const listener of [...this.stoppedListeners]) listener(slot.id);
    await this.saveManifest();
    this.changed();
  }

  private async poll(): Promise<void> {
    await Promise.all(
      this.roster.all().map(async (slot) => {
        const connection = slot.connection;
        if (connection === null) return;
        try {
          const last = slot.traffic?.flights.toArray().at(-1);
          const seenFlight = slot.traffic === null || last === undefined ? null : { origin: slot.traffic.origin, seq: last.seq };
          const { partitionStates, lostOffsets, traffic, halted } = await connection.call('poll', (remote) =>
            remote.poll(slot.seenLostSequence, seenFlight),
          );
          if (slot.connection !== connection) return;
          if (traffic !== null) {
            if (slot.traffic?.origin !== traffic.origin)
              slot.traffic = { origin: traffic.origin, flights: new RingBuffer(KEPT_FLIGHTS), totals: [] };
            // Polls overlap (the timer's and refresh()'s): keep each flight once, in order.
            const newest = slot.traffic.flights.toArray().at(-1)?.seq ?? 0;
            for (const flight of traffic.flights) if (flight.seq > newest) slot.traffic.flights.push(flight);
            slot.traffic.totals = traffic.totals;
          }
          slot.states = new Map(partitionStates.map((state) => [topicPartitionKey(state.topic, state.partition), state]));
          for (const { sequence, event } of lostOffsets) {
            if (sequence <= slot.seenLostSequence) continue;
            slot.seenLostSequence = sequence;
            const { topic, partition, fromOffset, toOffset } = event;
            this.recordLost({
              brokerId: slot.id,
              timeMs: this.clock.now(),
              topic,
              partition,
              fromOffset,
              toOffset,
              detectedAt: 'truncation',
            });
          }
          if (halted !== null) {
            // The broker halted itself (Exit.halt in Kafka): the worker goes with it, as a kill ends it.
            this.timeline.logDirFailed(slot.id, this.clock.now(), halted);
            await this.stop(slot, 'killed');
          }
        } catch {
          // A dead or busy worker keeps its last states until the next poll.
        }
      }),
    );
    if (!this.closed) this.timeline.lookAtGroups(this.coordinatorValue, this.clock.now());
    this.changed();
  }

  private recordLost(lost: CommittedOffsetsLost): void {
    this.lost.push(lost);
    this.timeline.committedOffsetsLost(lost);
    this.changed();
  }

  private shutDownEverything(): void {
    for (const slot of this.roster.all()) slot.connection?.terminate();
    this.roster.clear();
    this.bootstrap.length = 0;
    this.stopPersisting();
    this.coordinatorValue.close();
    this.controllerValue.close();
    this.network.close();
    this.linkFaults.clear();
  }

  private saveManifest(): Promise<void> {
    this.manifest.brokers = this.roster.described().map(({ id, rack, lifecycle }) => ({ id, rack, lifecycle }));
    return this.store.writeManifest(this.manifest);
  }

  /** A broker started while the controller still holds its old incarnation's session serves nothing until that ends: said on the timeline. */
  private noteRestartInsideSession(brokerId: number): void {
    const deadlineMs = this.controllerValue.sessionDeadlineMs(brokerId);
    if (deadlineMs === undefined || deadlineMs <= this.clock.now()) return;
    const sessionTimeoutMs = this.brokerConfig.int('broker.session.timeout.ms');
    this.timeline.restartedInsideSession(brokerId, this.clock.now(), deadlineMs, sessionTimeoutMs);
  }

  private stateOf(slot: BrokerSlot) {
    return brokerState(this.controllerValue.image, slot);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This cluster is closed.');
  }
}

function clusterDatabase(prefix: string): string {
  return `${prefix}-cluster`;
}

function brokerDatabase(prefix: string, brokerId: number): string {
  return `${prefix}-broker-${brokerId}`;
}
