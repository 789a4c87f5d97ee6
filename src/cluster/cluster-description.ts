/**
 * What `describe()` answers on either runtime: the cluster as the controller's image and the
 * partition leaders see it, in Kafka's names. Plain data, so it crosses a worker boundary and a
 * page can draw it whichever runtime made it.
 */
import type { NodeAddress } from '../protocol/rpc';

/**
 * A broker as the operator sees it: what it last did to the broker's process (killed, shut down);
 * for a running process, 'starting' until the controller has unfenced this incarnation (Kafka's
 * BrokerServer serves no request before), then whether the controller has it fenced.
 */
export type BrokerState = 'starting' | 'running' | 'fenced' | 'shutdown' | 'killed';

/**
 * What a starting broker waits for: its previous incarnation's session to run out (the controller
 * refuses the new registration with DUPLICATE_BROKER_REGISTRATION until then), or the controller
 * to accept its registration and unfence it once it has caught up with the metadata log.
 */
export type StartingWaitsFor = 'old-session-to-expire' | 'registration';

export interface BrokerDescription {
  id: number;
  rack: string | null;
  state: BrokerState;
  /** While starting: what it waits for. */
  waitingFor?: StartingWaitsFor;
  /**
   * While the controller holds a session for the broker's registration and its heartbeat is
   * overdue: how long until broker.session.timeout.ms fences it unless a heartbeat comes. A killed
   * broker's countdown; a broker that heartbeats as it should has none.
   */
  sessionEndsInMs?: number;
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
  /**
   * Eligible leader replicas (KIP-966): out of the ISR since it fell below min.insync.replicas, yet
   * holding every committed record, so one may lead when the ISR is empty. Empty with ELR off.
   */
  elr: number[];
  /** With the ISR and ELR empty, the partition's last leader, which may lead again uncleanly. */
  lastKnownElr: number[];
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

/**
 * Committed records given up after an unclean election (unclean.leader.election.enable), seen one
 * of two ways. 'truncation' is Kafka's own view: a broker truncated its log below its high
 * watermark (the old leader coming back as a follower; `brokerId` is that broker), which Kafka only
 * logs. 'election' is a simulator diagnostic Kafka cannot give: at the election itself, the offsets
 * the new leader (`brokerId`) lacks below the highest high watermark any replica had.
 */
export interface CommittedOffsetsLost {
  brokerId: number;
  timeMs: number;
  topic: string;
  partition: number;
  fromOffset: number;
  /** Exclusive. */
  toOffset: number;
  detectedAt: 'election' | 'truncation';
}

/** A cut link as a view draws it: both directions (from < to), or only what `from` sends to `to`. */
export interface CutLink {
  from: NodeAddress;
  to: NodeAddress;
  oneWay: boolean;
}

/** One replica's offsets as its own broker last reported them; describe() gives only the leader's. */
export interface ReplicaOffsets {
  logEndOffset: number;
  highWatermark: number;
  /**
   * For a follower in the ISR that has not caught up with its leader for a while (a third of
   * replica.lag.time.max.ms): how long until the leader takes it out of the ISR unless it catches
   * up (Partition.maybeShrinkIsr).
   */
  leavesIsrInMs?: number;
}
