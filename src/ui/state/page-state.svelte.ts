/**
 * The page's state between the runtime and the components (RaftScope's state holder): one
 * subscription to the cluster's changes and one to the workloads', each coalesced into one
 * snapshot per animation frame, and the coordinator's groups read again with the cluster at most
 * once a second. Components read snapshots; they never poll the runtime, so App.svelte is layout.
 *
 * The cluster is taken as the contract (ClusterOperator), so the same state serves whichever
 * runtime draws the picture.
 */
import type { BrokerContact } from '../../controller/broker-heartbeat-manager';
import type { ClusterOperator, ConfigOverrides } from '../../cluster/cluster-operator';
import type { ClusterDescription, CutLink, ReplicaOffsets } from '../../cluster/cluster-description';
import type { GroupView } from '../../cluster/group-views';
import type { WorkloadSnapshot } from '../../workload/workload-types';
import type { Flight, TrafficCursor } from '../../cluster/traffic';
import { addReading, windowRates, type TotalsReading } from '../layout/rate-window';
import { untrack } from 'svelte';
import { perFrame, type FrameScheduler } from './per-frame';

/** Everything the picture draws of the cluster, read at one moment. */
export interface ClusterSnapshot {
  description: ClusterDescription;
  config: ConfigOverrides;
  cuts: readonly CutLink[];
  isolated: ReadonlySet<number>;
  /** Extra milliseconds on every message, by broker id. */
  slow: ReadonlyMap<number, number>;
  /** Extra milliseconds on every log write, by broker id. */
  slowDisk: ReadonlyMap<number, number>;
  /** Each replica's own LEO and HW as its broker reports them, by replicaKey(topic, partition, brokerId). */
  replicaOffsets: ReadonlyMap<string, ReplicaOffsets>;
}

export type SnapshotSource = Pick<
  ClusterOperator,
  | 'describe'
  | 'config'
  | 'cutLinks'
  | 'isolatedBrokers'
  | 'slowBrokers'
  | 'slowDisks'
  | 'replicaOffsets'
  | 'onChange'
  | 'describeGroups'
  | 'traffic'
  | 'now'
  | 'controller'
>;

/** Data in motion since the last snapshot: the new flights, and each link's records per second. */
export interface TrafficSnapshot {
  flights: readonly Flight[];
  /** Records per second by linkKey(), over the time between the brokers' last two readings. */
  rates: ReadonlyMap<string, number>;
}

export interface WorkloadSource {
  list(): WorkloadSnapshot[];
  onChange(listener: () => void): () => void;
}

export const EMPTY_SNAPSHOT: ClusterSnapshot = {
  description: { controller: -1, brokers: [], topics: [] },
  config: {},
  cuts: [],
  isolated: new Set(),
  slow: new Map(),
  slowDisk: new Map(),
  replicaOffsets: new Map(),
};

/** The key of one replica's offsets in a snapshot: `orders-0@2`. */
export function replicaKey(topic: string, partition: number, brokerId: number): string {
  return `${topic}-${partition}@${brokerId}`;
}

/** The cluster as the picture draws it, now. */
export function readSnapshot(cluster: Omit<SnapshotSource, 'onChange' | 'describeGroups'>): ClusterSnapshot {
  const description = cluster.describe();
  const replicaOffsets = new Map<string, ReplicaOffsets>();
  for (const topic of description.topics) {
    for (const p of topic.partitions) {
      for (const brokerId of p.replicas) {
        const offsets = cluster.replicaOffsets(topic.name, p.partition, brokerId);
        if (offsets !== undefined) replicaOffsets.set(replicaKey(topic.name, p.partition, brokerId), offsets);
      }
    }
  }
  return {
    description,
    config: cluster.config,
    cuts: cluster.cutLinks(),
    isolated: new Set(cluster.isolatedBrokers()),
    slow: new Map(cluster.slowBrokers().map((b) => [b.id, b.extraMs])),
    slowDisk: new Map(cluster.slowDisks().map((b) => [b.id, b.extraMs])),
    replicaOffsets,
  };
}

/** With no new records for this long, every link is idle. */
const IDLE_AFTER_MS = 2_000;

/** The groups change on heartbeats and commits, which the cluster does not announce: read them with its changes, at most this often. */
const GROUPS_EVERY_MS = 1_000;
/** While the coordinator counts something down (a session, a rebalance), read the groups often enough for the countdown to tick. */
const GROUPS_COUNTING_DOWN_EVERY_MS = 200;

export interface PageStateOptions {
  /** Coalesces notifications into one flush per frame; requestAnimationFrame on the page. */
  schedule?: (flush: () => void) => FrameScheduler;
  /** Milliseconds, for spacing the group reads; performance.now() on the page. */
  now?: () => number;
}

export class PageState {
  cluster = $state.raw<ClusterSnapshot>(EMPTY_SNAPSHOT);
  traffic = $state.raw<TrafficSnapshot>({ flights: [], rates: new Map() });
  groups = $state.raw<GroupView[]>([]);
  workloads = $state.raw<WorkloadSnapshot[]>([]);
  /** What the controller last heard from each broker: heartbeats and applied metadata offsets. */
  contacts = $state.raw<BrokerContact[]>([]);
  private readonly schedule: (flush: () => void) => FrameScheduler;
  private readonly now: () => number;
  private groupsReadAt = Number.NEGATIVE_INFINITY;
  private readingGroups = false;
  private stopped = false;
  private trafficCursor: TrafficCursor = {};
  /** The brokers' running totals as seen changed over the last rate window, and when (cluster time); none while idle. */
  private readings: TotalsReading[] = [];
  private lastSum: number | null = null;

  constructor(
    private readonly source: SnapshotSource,
    private readonly workloadSource: WorkloadSource,
    options: PageStateOptions = {},
  ) {
    this.schedule = options.schedule ?? ((flush) => perFrame(flush));
    this.now = options.now ?? (() => performance.now());
  }

  /** Reads everything now and follows every change from then on; returns what stops it. */
  start(): () => void {
    this.stopped = false;
    const clusterFrame = this.schedule(() => this.refreshCluster());
    const workloadFrame = this.schedule(() => (this.workloads = this.workloadSource.list()));
    const unsubscribe = [this.source.onChange(clusterFrame.schedule), this.workloadSource.onChange(workloadFrame.schedule)];
    // Called from an effect: the first reads must not become its dependencies, or each new snapshot
    // would restart the subscription, and an idle reading (a new, empty rates map) would loop forever.
    untrack(() => {
      this.refreshCluster();
      this.workloads = this.workloadSource.list();
    });
    return () => {
      this.stopped = true;
      for (const stop of unsubscribe) stop();
      clusterFrame.cancel();
      workloadFrame.cancel();
    };
  }

  private refreshTraffic(): void {
    const { flights, totals, cursor } = this.source.traffic(this.trafficCursor);
    this.trafficCursor = cursor;
    const sum = totals.reduce((records, link) => records + link.records, 0);
    const nowMs = this.source.now();
    let rates = this.traffic.rates;
    // The browser's totals move once per poll of the brokers: rates are taken over the readings that differ.
    if (sum !== this.lastSum) {
      this.lastSum = sum;
      this.readings = addReading(this.readings, { totals, atMs: nowMs });
      rates = windowRates(this.readings);
    } else if (this.readings.length > 0 && nowMs - this.readings[this.readings.length - 1].atMs > IDLE_AFTER_MS) {
      // Idle: the next rate starts afresh, not over the pause.
      this.readings = [];
      rates = new Map();
    }
    if (flights.length > 0 || rates !== this.traffic.rates) this.traffic = { flights, rates };
  }

  private refreshCluster(): void {
    this.cluster = readSnapshot(this.source);
    this.contacts = this.source.controller.brokerContacts();
    this.refreshTraffic();
    const countingDown = this.groups.some((group) => group.waits.length > 0);
    const everyMs = countingDown ? GROUPS_COUNTING_DOWN_EVERY_MS : GROUPS_EVERY_MS;
    if (this.readingGroups || this.now() - this.groupsReadAt < everyMs) return;
    this.readingGroups = true;
    this.groupsReadAt = this.now();
    this.source.describeGroups().then(
      (groups) => {
        this.readingGroups = false;
        if (!this.stopped) this.groups = groups;
      },
      () => (this.readingGroups = false),
    );
  }
}
