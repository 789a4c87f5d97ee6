/**
 * The coordinator's view of the groups (cluster.describeGroups()) as the picture needs it: each
 * member's partitions with the group's lag on each, the committed-offset lag that
 * `kafka-consumer-groups.sh --describe` prints in its LAG column.
 */
import type { GroupView } from '../../runtime/describe-groups';
import type { GroupInput } from './topology-layout';

export function groupInputs(groups: readonly GroupView[]): GroupInput[] {
  return groups.map((group) => {
    const lag = new Map(group.offsets.map((o) => [`${o.topic}-${o.partition}`, o.lag]));
    return {
      groupId: group.groupId,
      state: group.state,
      members: group.members.map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        assignment: member.assignment.map(({ topic, partition }) => {
          const known = lag.get(`${topic}-${partition}`);
          return known == null ? { topic, partition } : { topic, partition, lag: known };
        }),
      })),
    };
  });
}
