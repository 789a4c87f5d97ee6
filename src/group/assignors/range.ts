/**
 * Kafka's server-side RangeAssignor ('range', KIP-848), as of 4.0: members sorted by instance id (static
 * members first) then member id, each taking the next contiguous range of every topic it subscribes
 * to: floor(P/C) partitions, one more for the first P % C subscribers. When every member subscribes to
 * the same topics with equal partition counts, the ranges line up across topics (co-partitioning, for
 * joins). Unlike the 3.7 version it is not sticky: the same members always get the same ranges.
 */
import { GroupSpec, toTargetAssignment } from './assignment-spec';
import type { AssignmentMemberSpec, ServerAssignor, SubscribedTopicMetadata, TopicIdPartitions } from './server-assignor';

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class RangeAssignor implements ServerAssignor {
  readonly name = 'range';

  assign(members: readonly AssignmentMemberSpec[], topics: ReadonlyMap<string, SubscribedTopicMetadata>): Map<string, TopicIdPartitions> {
    const spec = new GroupSpec(members, topics);
    const sortedMemberIds = [...spec.memberIds].sort((a, b) => {
      const x = spec.instanceId(a);
      const y = spec.instanceId(b);
      if (x !== null && y !== null) return compareStrings(x, y);
      if (x !== null) return -1;
      if (y !== null) return 1;
      return compareStrings(a, b);
    });

    const subscriberCount = new Map<string, number>();
    for (const memberId of sortedMemberIds) {
      for (const topicId of spec.subscribedTopicIds(memberId)) subscriberCount.set(topicId, (subscriberCount.get(topicId) ?? 0) + 1);
    }
    // Per topic: where the next range starts and how many extra partitions are left to hand out.
    const ranges = new Map<string, { nextRange: number; minQuota: number; extraPartitions: number }>();
    for (const [topicId, count] of subscriberCount) {
      const numPartitions = spec.numPartitions(topicId);
      ranges.set(topicId, { nextRange: 0, minQuota: Math.floor(numPartitions / count), extraPartitions: numPartitions % count });
    }

    const assignment = new Map<string, Map<string, number[]>>();
    for (const memberId of sortedMemberIds) {
      const memberAssignment = new Map<string, number[]>();
      for (const topicId of spec.subscribedTopicIds(memberId)) {
        const range = ranges.get(topicId)!;
        const numPartitions = spec.numPartitions(topicId);
        const start = range.nextRange;
        let end = Math.min(start + range.minQuota, numPartitions);
        if (range.extraPartitions > 0) {
          end++;
          range.extraPartitions--;
        }
        range.nextRange = end;
        memberAssignment.set(
          topicId,
          Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i),
        );
      }
      assignment.set(memberId, memberAssignment);
    }
    return toTargetAssignment(spec.memberIds, assignment);
  }
}
