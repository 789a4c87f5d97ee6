/**
 * What the consumer's poll loop needs from group membership, whichever protocol runs it: the
 * classic JoinGroup/SyncGroup/Heartbeat dance (ClassicMembership) or KIP-848's
 * ConsumerGroupHeartbeat (ConsumerProtocolMembership), and what both do with a new assignment.
 */
import { topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';
import type { GroupIdentity } from './group-offsets';

/** How membership changes what the consumer owns (Kafka's ConsumerRebalanceListener, driven by the coordinator classes). */
export interface AssignmentListener {
  /** Partitions given up in an orderly way: commit their positions (with auto-commit on), then stop fetching them. */
  revoke(partitions: TopicPartition[]): Promise<void>;
  /** Partitions taken away (the generation or epoch was lost): stop at once, nothing may be committed. */
  lose(partitions: TopicPartition[]): void;
  assign(partitions: TopicPartition[]): void;
  owned(): TopicPartition[];
  subscribedTopics(): string[];
}

export interface GroupMembership {
  readonly memberId: string;
  /** The generation (classic) or member epoch (KIP-848) commits are sent with. */
  identity(): GroupIdentity;
  /** The leader's member id (classic); '' under KIP-848, where the coordinator assigns. */
  readonly leaderId: string;
  /**
   * Called at the top of every poll: joins or rejoins the group and reconciles the assignment
   * until the member is stable. Throws a fatal error (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL ...).
   */
  ensureActiveGroup(isRunning: () => boolean): Promise<void>;
  /** max.poll.interval.ms: the loop reports each poll; a member silent for longer leaves the group. */
  polled(nowMs: number): void;
  /** A commit failed with this error: UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION and the like mean the membership is gone. */
  commitFailed(error: unknown): void;
  /** Leaves the group (a static member stays, KIP-345) and stops heartbeating. */
  leave(): Promise<void>;
}

/**
 * Moving from the owned partitions to a new assignment: what is given up and what is taken on
 * (the revoked and added partitions of ConsumerCoordinator.onJoinComplete and of KIP-848's
 * reconciliation in ConsumerMembershipManager).
 */
export function assignmentChange(
  owned: readonly TopicPartition[],
  target: readonly TopicPartition[],
): { revoked: TopicPartition[]; added: TopicPartition[] } {
  const ownedKeys = new Set(owned.map((tp) => topicPartitionKey(tp)));
  const targetKeys = new Set(target.map((tp) => topicPartitionKey(tp)));
  return {
    revoked: owned.filter((tp) => !targetKeys.has(topicPartitionKey(tp))),
    added: target.filter((tp) => !ownedKeys.has(topicPartitionKey(tp))),
  };
}
