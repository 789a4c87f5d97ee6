/**
 * Kafka's UniformHomogeneousAssignmentBuilder, for groups whose members all subscribe to the same topics:
 * every member's quota is floor(P/M), and the first P % M members (in member order) may hold one more.
 * Each member keeps its current partitions up to its quota; the surplus and the partitions nobody holds
 * are handed, in order, to the members still below quota. Balance first, then stickiness.
 */
import type { GroupSpec } from './assignment-spec';

export function assignHomogeneous(spec: GroupSpec): Map<string, Map<string, Set<number>>> {
  const target = new Map<string, Map<string, Set<number>>>();
  const subscribedTopicIds = spec.memberIds.length === 0 ? [] : spec.subscribedTopicIds(spec.memberIds[0]);
  if (subscribedTopicIds.length === 0) return target;
  const subscribed = new Set(subscribedTopicIds);

  const assigned = new Set<string>();
  for (const memberId of spec.memberIds) {
    for (const [topicId, partitions] of spec.assignment(memberId)) for (const p of partitions) assigned.add(`${topicId}:${p}`);
  }

  const unassigned: [string, number][] = [];
  let totalPartitionsCount = 0;
  for (const topicId of subscribedTopicIds) {
    const numPartitions = spec.numPartitions(topicId);
    for (let p = 0; p < numPartitions; p++) if (!assigned.has(`${topicId}:${p}`)) unassigned.push([topicId, p]);
    totalPartitionsCount += numPartitions;
  }

  const numberOfMembers = spec.memberIds.length;
  const minimumMemberQuota = Math.floor(totalPartitionsCount / numberOfMembers);
  let remainingMembersToGetAnExtraPartition = totalPartitionsCount % numberOfMembers;
  const unfilledMembers: { memberId: string; remainingQuota: number }[] = [];

  // Keep what each member holds up to its quota; topics it no longer subscribes to are dropped.
  for (const memberId of spec.memberIds) {
    let quota = minimumMemberQuota;
    if (remainingMembersToGetAnExtraPartition > 0) {
      quota++;
      remainingMembersToGetAnExtraPartition--;
    }
    const kept = new Map<string, Set<number>>();
    for (const [topicId, partitions] of spec.assignment(memberId)) {
      if (!subscribed.has(topicId)) continue;
      const keep = new Set<number>();
      for (const p of partitions) {
        if (quota > 0) {
          keep.add(p);
          quota--;
        } else {
          unassigned.push([topicId, p]);
        }
      }
      if (keep.size > 0) kept.set(topicId, keep);
    }
    if (quota > 0) unfilledMembers.push({ memberId, remainingQuota: quota });
    target.set(memberId, kept);
  }

  let next = 0;
  for (const { memberId, remainingQuota } of unfilledMembers) {
    const assignment = target.get(memberId)!;
    for (let i = 0; i < remainingQuota && next < unassigned.length; i++) {
      const [topicId, p] = unassigned[next++];
      let set = assignment.get(topicId);
      if (!set) assignment.set(topicId, (set = new Set()));
      set.add(p);
    }
  }
  if (next < unassigned.length) throw new Error('uniform assignor: partitions were left unassigned');
  return target;
}
