/**
 * What a workload is asked to do and what it reports: plain data, so the same shapes cross a
 * worker boundary (structured clone) and are read by tests in Node.
 */
import type { ProducerDescription } from '../client/producer/producer';

/**
 * How a producer workload keys its records: no key (the sticky partitioner spreads them), keys
 * drawn from a fixed list, or 'user-N' for N users user-0 .. user-(N-1) (the key partitioner sends
 * each user to one partition, so per-key order shows).
 */

export type KeyMode = 'none' | { fixed: string[] } | `user-${number}`;

export interface ProducerWorkloadSpec {
  topic: string;
  /** Records per second, spread evenly over each second. */
  recordsPerSecond: number;
  /** Default 'none'. */
  keys?: KeyMode;
  /** -1 (all), 0 or 1. Default -1, Kafka's default since 3.0. */
  acks?: -1 | 0 | 1;
  /** enable.idempotence. Default true, Kafka's default since 3.0 (off for acks 0 and 1 unless asked for). */
  idempotence?: boolean;
  /** Bytes per record value. Default 100. */
  valueBytes?: number;
}

export type GroupProtocolName = 'classic' | 'consumer';

export interface ConsumerGroupWorkloadSpec {
  groupId: string;
  topics: string[];
  /** Consumers in the group. Default 1. */
  members?: number;
  /** group.protocol. Default 'classic'. */
  protocol?: GroupProtocolName;
  /**
   * For 'classic': partition.assignment.strategy ('range', 'roundrobin', 'sticky',
   * 'cooperative-sticky'); for 'consumer': group.remote.assignor ('uniform', 'range').
   * Default: Kafka's ([range, cooperative-sticky], or the broker's first server assignor).
   */
  assignor?: string;
  /** auto.offset.reset=earliest when true, latest when false (Kafka's default). Default false. */
  fromBeginning?: boolean;
  /** session.timeout.ms of each member; default Kafka's 45000. */
  sessionTimeoutMs?: number;
  /** heartbeat.interval.ms of each member; default Kafka's 3000. */
  heartbeatIntervalMs?: number;
}

/** A failure as Kafka names it: KafkaError's type and code, and its message. */
export interface WorkloadError {
  type: string;
  code: number;
  message: string;
}

export type WorkloadState = 'running' | 'stopped';

export interface ProducerPartitionProgress {
  partition: number;
  acked: number;
  /** The offset of the last acknowledged record, -1 before any (and always for acks=0). */
  lastAckedOffset: number;
}

export interface ProducerWorkloadSnapshot {
  kind: 'producer';
  id: string;
  spec: ProducerWorkloadSpec;
  state: WorkloadState;
  /** Records handed to producer.send(). */
  sent: number;
  /** Records the leader acknowledged (for acks=0: the sends that completed). */
  acked: number;
  /** Records whose send failed. */
  failed: number;
  lastError: WorkloadError | null;
  partitions: ProducerPartitionProgress[];
  /** Its Kafka producer: where its requests come from, its producer id and epoch, and the records in its accumulator. */
  producer: ProducerDescription;
}

export interface MemberPartition {
  topic: string;
  partition: number;
  /** The next offset this member will read, null before it knows. */
  position: number | null;
  committed: number | null;
  highWatermark: number | null;
  /** highWatermark - position, null while either is unknown. */
  lag: number | null;
}

export interface ConsumerMemberSnapshot {
  clientId: string;
  /** The member id the coordinator gave it, '' before it joined. */
  memberId: string;
  assignment: { topic: string; partition: number }[];
  partitions: MemberPartition[];
  recordsReceived: number;
  /** Kafka's consumer metric records-lag-max; null before the member has fetched (Kafka reports NaN). */
  recordsLagMax: number | null;
  /** Crashed by crashMember: the coordinator still counts it a member until its session times out. */
  crashed: boolean;
}

/** Per partition, over every member of the group since the workload started. */
export interface ReceivedPartition {
  topic: string;
  partition: number;
  /** Distinct offsets received. */
  distinct: number;
  /** Highest offset received, -1 before any. */
  highestOffset: number;
}

export interface ConsumerGroupWorkloadSnapshot {
  kind: 'consumer-group';
  id: string;
  spec: ConsumerGroupWorkloadSpec;
  state: WorkloadState;
  members: ConsumerMemberSnapshot[];
  /** Records delivered to eachMessage, duplicates after a rebalance included. */
  recordsReceived: number;
  received: ReceivedPartition[];
  lastError: WorkloadError | null;
}

export type WorkloadSnapshot = ProducerWorkloadSnapshot | ConsumerGroupWorkloadSnapshot;
