/**
 * The client-side assignor contract of the classic protocol (Kafka's ConsumerPartitionAssignor):
 * the group leader runs the chosen assignor over every member's subscription and sends the result
 * in SyncGroup. The rebalance protocol a consumer runs is the highest one that every assignor in its
 * partition.assignment.strategy supports, so [range, cooperative-sticky] runs EAGER (KAFKA-SEMANTICS 5.2).
 */

export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** ConsumerProtocolSubscription, decoded. */
export interface Subscription {
  topics: string[];
  userData: Uint8Array | null;
  ownedPartitions: TopicPartition[];
  /** The generation the owned partitions belong to; -1 when unknown. */
  generationId: number;
  rackId: string | null;
}

export interface MemberSubscription {
  memberId: string;
  groupInstanceId: string | null;
  subscription: Subscription;
}

export interface ConsumerPartitionAssignor {
  /** The protocol name members vote with: 'range', 'roundrobin', 'sticky', 'cooperative-sticky'. */
  readonly name: string;
  /** Most preferred first; the last entry is the highest protocol it supports. */
  readonly supportedProtocols: readonly RebalanceProtocol[];
  /** userData to put in this member's subscription (null for most assignors). */
  subscriptionUserData(topics: readonly string[]): Uint8Array | null;
  /** Every member's assignment, keyed by member id, each sorted by topic then partition. */
  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]>;
}
