/**
 * What Kafka's classic assignors share (AbstractPartitionAssignor): the member order and the shape of
 * the result.
 */
import type { MemberSubscription } from './assignor';
import { compareTopicPartitions, type TopicPartition } from '../../../protocol/topic-partition';

/**
 * AbstractPartitionAssignor.MemberInfo.compareTo: static members (with a group.instance.id) first, by
 * instance id, then dynamic members by member id, so a static member keeps its place across restarts.
 */
export function compareMembers(a: MemberSubscription, b: MemberSubscription): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return compareStrings(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Java's String.compareTo order (UTF-16 code units), which is also JavaScript's `<` on strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every member's list sorted by topic then partition, members with nothing included, in member order. */
export function sortedAssignment(
  members: readonly MemberSubscription[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>();
  for (const member of members) {
    out.set(member.memberId, [...(assignment.get(member.memberId) ?? [])].sort(compareTopicPartitions));
  }
  return out;
}

export function partitionsOf(topic: string, count: number): TopicPartition[] {
  return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
}
