/**
 * The cluster contract: what an operator (a test, a script, the page, the terminal, the chaos run)
 * can do to a Kafka cluster and read from it, whichever runtime runs it. The in-process runtime
 * (InProcessCluster, src/sim: one process on virtual time) and the browser runtime (BrowserCluster,
 * src/runtime: a Web Worker per broker on real time) both implement it, and every caller takes this
 * interface, or a Pick of it, never a concrete runtime.
 *
 * The verbs follow RaftEventSimulationTest's cluster (kill, shutdown, killAndDeletePersistentState)
 * and Jepsen's nemeses (partitions both ways and one way, isolation, slowness); time is the
 * cluster's own (`now`, `wait`, `settle`), so a script reads the same on virtual and real time.
 */
import type { BrokerContact } from '../controller/broker-heartbeat-manager';
import type { Clock } from '../core/clock';
import type { Kafka } from '../client/kafka';
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { MetadataImage } from '../protocol/metadata-image';
import type { NodeAddress } from '../protocol/rpc';
import type {
  BrokerState,
  ClusterDescription,
  CommittedOffsetsLost,
  CutLink,
  PartitionDescription,
  ReplicaOffsets,
} from './cluster-description';
import type { GroupView } from './group-views';
import type { Timeline } from './timeline';
import type { Traffic, TrafficCursor } from './traffic';

/**
 * The controller is a separate KRaft controller node, as in a production 3.x/4.x cluster with
 * dedicated controllers; brokers start at id 1, so the controller takes an id no broker will.
 */
export const CONTROLLER_NODE_ID = 3000;

/** Broker configs by Kafka name, as createCluster({ config }) takes them. */
export type ConfigOverrides = Record<string, string | number | boolean>;

/** A node in the fault verbs: a broker by id, or a node's address ('controller', 'group-coordinator', 'broker-2'). */
export type NodeRef = number | NodeAddress;

export interface RestartOptions {
  /** Resolve only once the controller has unfenced the broker. Default true. */
  waitUntilUnfenced?: boolean;
}

export interface ClientOptions {
  clientId?: string;
}

/** One broker, for scripts and tests that read as stories: `cluster.broker(2).kill()`. */
export interface BrokerHandle {
  readonly id: number;
  readonly address: NodeAddress;
  readonly state: BrokerState;
  /** A crash: the process and its memory are gone at once, its log stays. Nothing tells the controller. */
  kill(): Promise<void>;
  restart(options?: RestartOptions): Promise<void>;
  /** Controlled shutdown: leadership moves away first, then the process exits. */
  shutdown(): Promise<void>;
  /** Kills the broker and deletes its log: a restart comes back empty and must re-replicate. */
  wipe(): Promise<void>;
  isolate(): void;
  heal(): void;
  /** Holds back every message the broker sends or receives by `extraMs` (a slow broker); 0 restores it. */
  slow(extraMs: number): void;
  /** Every write to the broker's log completes `extraMs` later, in order; reads are not held back (a slow disk). 0 restores it. */
  slowDisk(extraMs: number): void;
  /** Fills the broker's disk: its next write fails, its log directory with it, and it halts (see fillDisk below). */
  fillDisk(): Promise<void>;
}

/**
 * A Kafka client whose processes can crash: `crash('consumer-2')` makes its second consumer vanish
 * as kill -9 would (no LeaveGroup, no last commit, requests in flight never answered), so the
 * coordinator has to time the member out after session.timeout.ms.
 */
export interface CrashableClient {
  readonly kafka: Kafka;
  /** Kills the process behind a client address: the Kafka client's 'consumer-2', 'producer-1' ... */
  crash(clientAddress: string): void;
  /** Closes every connection; the client is not used after this. */
  close(): void;
}

/** The controller's metadata as watchers read it: the image now, and each batch of records appended. */
export interface MetadataSource {
  readonly image: MetadataImage;
  onAppend(listener: (entries: MetadataLogEntry[]) => void): () => void;
  /** Each broker's last BrokerHeartbeat and the metadata offset it reported: the controller's side of the control plane. */
  brokerContacts(): BrokerContact[];
}

export interface ClusterOperator {
  readonly clusterId: string;
  /** The node id of the KRaft controller. */
  readonly controllerId: number;
  /** The broker configs the cluster was created with, by Kafka name. */
  readonly config: ConfigOverrides;
  /** The controller's image and metadata log, for tools that read what no admin API answers here and for watchers. */
  readonly controller: MetadataSource;
  /** The metadata log in words, with group rebalances and committed records lost. */
  readonly timeline: Timeline;
  /** The clock the cluster's nodes run on (virtual or real), for timers a workload schedules beside them. */
  readonly clock: Clock;

  /** Starts a new broker with the next free id; resolves once it is registered and unfenced. */
  addBroker(options?: { rack?: string | null }): Promise<number>;
  brokerIds(): number[];
  broker(id: number): BrokerHandle;
  killBroker(id: number): Promise<void>;
  /**
   * Starts a new process over the broker's log (killing the running one first) and resolves once
   * the controller has unfenced it; with `waitUntilUnfenced: false` it resolves at once and the
   * broker goes on starting by itself, e.g. while it is still cut off from the controller.
   */
  restartBroker(id: number, options?: RestartOptions): Promise<void>;
  shutdownBroker(id: number): Promise<void>;
  wipeBroker(id: number): Promise<void>;
  /**
   * Fills a running broker's disk, as a browser's storage quota or a real disk runs out: every
   * write from then on is refused, the first refused write takes its only log directory offline
   * (LogDirFailureChannel; the request gets KAFKA_STORAGE_ERROR, nothing it wrote is acknowledged)
   * and the broker halts, as a KRaft broker with no live log directory does. The controller fences
   * it when its heartbeats stop and elects new leaders from the ISR. A restart frees the space.
   */
  fillDisk(id: number): Promise<void>;

  /** Cuts both directions between two nodes. */
  partition(a: NodeRef, b: NodeRef): void;
  /** Drops only what `from` sends to `to`. */
  partitionOneWay(from: NodeRef, to: NodeRef): void;
  /** Cuts a node off from every other, including nodes that start later. */
  isolate(node: NodeRef): void;
  /** heal(): every cut and isolation. heal(a): a's isolation and cuts. heal(a, b): the cut between a and b. Slowness stays. */
  heal(a?: NodeRef, b?: NodeRef): void;
  slow(brokerId: number, extraMs: number): void;
  slowDisk(brokerId: number, extraMs: number): void;
  /** The cut links in address order; a link cut both ways is one entry. */
  cutLinks(): CutLink[];
  /** The brokers cut off by isolate(), in id order. */
  isolatedBrokers(): number[];
  /** The brokers made slow, in id order. */
  slowBrokers(): { id: number; extraMs: number }[];
  /** The brokers given a slow disk, in id order. */
  slowDisks(): { id: number; extraMs: number }[];

  describe(): ClusterDescription;
  /** One partition as describe() shows it; throws if the topic or partition does not exist. */
  describePartition(topic: string, partition: number): PartitionDescription;
  /** The partition's leader per the controller, -1 while offline. */
  leaderOf(topic: string, partition: number): number;
  /** One replica's LEO and HW as its own broker reports them; undefined when that broker is not running or holds no such replica. */
  replicaOffsets(topic: string, partition: number, brokerId: number): ReplicaOffsets | undefined;
  /** Every group the coordinator knows: state, protocol, generation, members and committed offsets with lag. */
  describeGroups(): Promise<GroupView[]>;
  /** Committed offsets the brokers reported giving up (after unclean elections), oldest first. */
  lostCommittedOffsets(): CommittedOffsetsLost[];
  /**
   * Data in motion: the Produce and Fetch requests that carried records, as each broker recorded
   * them after `cursor`, and running totals per link. Pass the returned cursor back next time.
   */
  traffic(cursor?: TrafficCursor): Traffic;

  /** A Kafka client on this cluster. */
  client(options?: ClientOptions): Kafka;
  /** A Kafka client whose producers, consumers and admins can be crashed one by one. */
  crashableClient(options?: ClientOptions): CrashableClient;

  /** The cluster's time in ms (virtual or wall-clock). */
  now(): number;
  /** Lets `ms` of the cluster's time pass: the in-process cluster runs its simulation that far, a real-time one waits. */
  wait(ms: number): Promise<void>;
  /**
   * Waits for `promise`: the in-process cluster runs its simulation until it settles, a real-time
   * one just waits. With `withinMs`, it rejects if the promise has not settled within that much of
   * the cluster's time (`what` names it in the error).
   */
  settle<T>(promise: Promise<T>, what?: string, withinMs?: number): Promise<T>;

  /** Reads every running broker's offsets now: a runtime that polls its brokers (the browser's) does not wait for its next poll. */
  refresh(): Promise<void>;
  /** Called after each change a view would redraw for (metadata, a broker's process, a fault, polled offsets). */
  onChange(listener: () => void): () => void;
  /** Stops every broker and the controller. */
  close(): Promise<void>;
}

/** A cluster that can be wiped and started over with new configs: the page's, whatever runtime it runs on. */
export interface ResettableCluster extends ClusterOperator {
  /** Wipes every broker's log and the metadata log and starts over empty, with `config` if given. */
  reset(options?: { config?: ConfigOverrides }): Promise<void>;
}
