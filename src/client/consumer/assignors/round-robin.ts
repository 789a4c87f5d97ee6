/**
 * Kafka's RoundRobinAssignor ('roundrobin'): every partition of every subscribed topic (topics by name,
 * partitions in order) is dealt around the circle of members in MemberInfo order; a member not subscribed
 * to the partition's topic is skipped, and the circle goes on from the member after the one that took it.
 */
import type { ConsumerPartitionAssignor, MemberSubscription, RebalanceProtocol } from './assignor';
import type { TopicPartition } from '../../../protocol/topic-partition';
import { compareMembers, partitionsOf, sortedAssignment } from './member-order';

export class RoundRobinAssignor implements ConsumerPartitionAssignor {
  readonly name = 'roundrobin';
  readonly supportedProtocols: readonly RebalanceProtocol[] = ['EAGER'];

  subscriptionUserData(): Uint8Array | null {
    return null;
  }

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
    const circle = [...members].sort(compareMembers);
    const topics = [...new Set(members.flatMap((m) => m.subscription.topics))].sort();
    let next = 0;
    for (const topic of topics) {
      const numPartitions = partitionsPerTopic.get(topic);
      if (numPartitions === undefined) continue;
      for (const tp of partitionsOf(topic, numPartitions)) {
        // Someone is subscribed to this topic, so the search ends within one turn of the circle.
        while (!circle[next].subscription.topics.includes(topic)) next = (next + 1) % circle.length;
        assignment.get(circle[next].memberId)!.push(tp);
        next = (next + 1) % circle.length;
      }
    }
    return sortedAssignment(members, assignment);
  }
}
