/**
 * The coordinator's view of the groups (cluster.describeGroups()) as the picture needs it: each
 * member's partitions with the group's lag on each, the committed-offset lag that
 * `kafka-consumer-groups.sh --describe` prints in its LAG column.
 */
import type { GroupView } from '../../cluster/group-views';
import type { GroupInput } from './topology-layout';
import { topicPartitionKey } from '../../protocol/topic-partition';

export function groupInputs(groups: readonly GroupView[]): GroupInput[] {
  return groups.map((group) => {
    const lag = new Map(group.offsets.map((o) => [topicPartitionKey(o.topic, o.partition), o.lag]));
    return {
      groupId: group.groupId,
      state: group.state,
      members: group.members.map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        assignment: member.assignment.map(({ topic, partition }) => {
          const known = lag.get(topicPartitionKey(topic, partition));
          return known == null ? { topic, partition } : { topic, partition, lag: known };
        }),
      })),
    };
  });
}
