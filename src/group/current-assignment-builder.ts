/**
 * A member's next current assignment (Kafka's CurrentAssignmentBuilder): the member moves towards
 * its target assignment one safe step at a time. Partitions it must give up are first revoked (it
 * stays in its epoch until its heartbeat no longer lists them); partitions that another member still
 * owns are withheld until that member has released them; only then does it reach the target epoch.
 */
import type { TopicPartitions } from '../protocol/apis/groups';
import type { TopicIdPartitions } from './assignors/server-assignor';
import type { Assignment, ConsumerGroupMember } from './consumer-group';
import { MemberState } from './group-records';

export interface ReconcileInput {
  member: ConsumerGroupMember;
  targetAssignmentEpoch: number;
  targetAssignment: TopicIdPartitions;
  /** The owner's epoch of a partition, -1 when free. */
  currentPartitionEpoch(topicId: string, partition: number): number;
  /** What the member reported owning; null when its heartbeat did not say. */
  ownedTopicPartitions: TopicPartitions[] | null;
}

export function reconcile(input: ReconcileInput): ConsumerGroupMember {
  const { member } = input;
  switch (member.state) {
    case MemberState.STABLE:
      return member.memberEpoch !== input.targetAssignmentEpoch ? computeNextAssignment(input, member.memberEpoch) : member;
    case MemberState.UNREVOKED_PARTITIONS:
      if (ownsRevokedPartitions(input.ownedTopicPartitions, member.partitionsPendingRevocation)) return member;
      return computeNextAssignment(input, member.memberEpoch + 1);
    default:
      return computeNextAssignment(input, member.memberEpoch);
  }
}

function ownsRevokedPartitions(owned: TopicPartitions[] | null, pendingRevocation: Assignment): boolean {
  if (owned === null) return true;
  return owned.some((topic) => topic.partitions.some((p) => pendingRevocation.get(topic.topicId)?.has(p) ?? false));
}

function computeNextAssignment(input: ReconcileInput, memberEpoch: number): ConsumerGroupMember {
  const { member, targetAssignment, targetAssignmentEpoch } = input;
  let hasUnreleasedPartitions = false;
  const assigned: Assignment = new Map();
  const pendingRevocation: Assignment = new Map();
  const pendingAssignment: Assignment = new Map();
  const topicIds = new Set([...targetAssignment.keys(), ...member.assignedPartitions.keys()]);
  for (const topicId of topicIds) {
    const target = new Set(targetAssignment.get(topicId) ?? []);
    const current = member.assignedPartitions.get(topicId) ?? new Set<number>();
    const kept = new Set([...current].filter((p) => target.has(p)));
    const revoked = new Set([...current].filter((p) => !kept.has(p)));
    const toAssign = new Set<number>();
    for (const partition of target) {
      if (kept.has(partition)) continue;
      // Owned by someone else (not merely pending revocation from this very member): wait for its release.
      const ownedElsewhere =
        input.currentPartitionEpoch(topicId, partition) !== -1 &&
        !(member.partitionsPendingRevocation.get(topicId)?.has(partition) ?? false);
      if (ownedElsewhere) hasUnreleasedPartitions = true;
      else toAssign.add(partition);
    }
    if (kept.size > 0) assigned.set(topicId, kept);
    if (revoked.size > 0) pendingRevocation.set(topicId, revoked);
    if (toAssign.size > 0) pendingAssignment.set(topicId, toAssign);
  }
  const withEpoch = (epoch: number) => ({ previousMemberEpoch: member.memberEpoch, memberEpoch: epoch });
  if (pendingRevocation.size > 0 && ownsRevokedPartitions(input.ownedTopicPartitions, pendingRevocation)) {
    return {
      ...member,
      ...withEpoch(memberEpoch),
      state: MemberState.UNREVOKED_PARTITIONS,
      assignedPartitions: assigned,
      partitionsPendingRevocation: pendingRevocation,
    };
  }
  for (const [topicId, partitions] of pendingAssignment) {
    assigned.set(topicId, new Set([...(assigned.get(topicId) ?? []), ...partitions]));
  }
  return {
    ...member,
    ...withEpoch(targetAssignmentEpoch),
    state: hasUnreleasedPartitions ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
    assignedPartitions: assigned,
    partitionsPendingRevocation: new Map(),
  };
}
