/**
 * The client-side assignor contract of the classic protocol (Kafka's ConsumerPartitionAssignor):
 * the group leader runs the chosen assignor over every member's subscription and sends the result
 * in SyncGroup. The rebalance protocol a consumer runs is the highest one that every assignor in its
 * partition.assignment.strategy supports, so [range, cooperative-sticky] runs EAGER (ConsumerCoordinator's
 * constructor chooses it; KIP-429).
 */

import type { Subscription } from '../../../protocol/consumer-protocol';
import type { TopicPartition } from '../../../protocol/topic-partition';

// The consumer protocol's types live with its codec in src/protocol (imports point downward).
export type { Subscription };

/** In Kafka's enum order: a later protocol is a higher one. */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE';

export interface MemberSubscription {
  memberId: string;
  groupInstanceId: string | null;
  subscription: Subscription;
}

export interface ConsumerPartitionAssignor {
  /** The protocol name members vote with: 'range', 'roundrobin', 'sticky', 'cooperative-sticky'. */
  readonly name: string;
  /** The rebalance protocols it supports, as Kafka lists them (cooperative-sticky: COOPERATIVE, EAGER). */
  readonly supportedProtocols: readonly RebalanceProtocol[];
  /** userData to put in this member's subscription (null for most assignors). */
  subscriptionUserData(topics: readonly string[]): Uint8Array | null;
  /**
   * Called with this member's assignment and generation after each SyncGroup (Kafka's onAssignment), so
   * a stateful assignor can put its previous assignment into the next subscription's userData ('sticky').
   */
  onAssignment?(partitions: readonly TopicPartition[], generationId: number): void;
  /** Every member's assignment, keyed by member id, each sorted by topic then partition. */
  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]>;
}
