/**
 * Kafka's RangeAssignor ('range'), the first assignor of the default partition.assignment.strategy: for
 * each topic on its own, the members subscribed to it (in MemberInfo order) take contiguous ranges,
 * floor(P / C) each, the first P % C of them one more. Kafka first matches racks when both members and
 * replicas have them; this engine hands assignors partition counts only, so that step never applies.
 */
import type { ConsumerPartitionAssignor, MemberSubscription, RebalanceProtocol } from './assignor';
import type { TopicPartition } from '../../../protocol/topic-partition';
import { compareMembers, sortedAssignment } from './member-order';

export class RangeAssignor implements ConsumerPartitionAssignor {
  readonly name = 'range';
  readonly supportedProtocols: readonly RebalanceProtocol[] = ['EAGER'];

  subscriptionUserData(): Uint8Array | null {
    return null;
  }

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
    for (const [topic, numPartitions] of partitionsPerTopic) {
      const consumers = members.filter((m) => m.subscription.topics.includes(topic)).sort(compareMembers);
      if (consumers.length === 0) continue;
      const perConsumer = Math.floor(numPartitions / consumers.length);
      const withExtra = numPartitions % consumers.length;
      let next = 0;
      consumers.forEach((consumer, i) => {
        const length = perConsumer + (i < withExtra ? 1 : 0);
        for (let p = next; p < next + length; p++) assignment.get(consumer.memberId)!.push({ topic, partition: p });
        next += length;
      });
    }
    return sortedAssignment(members, assignment);
  }
}
