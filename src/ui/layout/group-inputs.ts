/**
 * The coordinator's view of the groups (cluster.describeGroups()) as the picture needs it: each
 * member's partitions with the group's lag on each, the committed-offset lag that
 * `kafka-consumer-groups.sh --describe` prints in its LAG column, and what the coordinator waits for.
 */
import type { GroupView } from '../../cluster/group-views';
import type { GroupWait } from '../../group/group-waits';
import type { WaitInput } from './group-words';
import type { GroupInput } from './topology-layout';
import { topicPartitionKey } from '../../protocol/topic-partition';

export function groupInputs(groups: readonly GroupView[]): GroupInput[] {
  return groups.map((group) => {
    const lag = new Map(group.offsets.map((o) => [topicPartitionKey(o.topic, o.partition), o.lag]));
    const groupWait = group.waits.find((wait) => wait.memberId === null);
    return {
      groupId: group.groupId,
      state: group.state,
      ...(groupWait === undefined ? {} : { wait: waitInput(groupWait) }),
      members: group.members.map((member) => {
        const memberWait = soonest(group.waits.filter((wait) => wait.memberId === member.memberId));
        return {
          memberId: member.memberId,
          clientId: member.clientId,
          assignment: member.assignment.map(({ topic, partition }) => {
            const known = lag.get(topicPartitionKey(topic, partition));
            return known == null ? { topic, partition } : { topic, partition, lag: known };
          }),
          ...(memberWait === undefined ? {} : { wait: waitInput(memberWait) }),
        };
      }),
    };
  });
}

/** A member waits on its session and, in a KIP-848 group, its revocation: the picture shows whichever ends first. */
function soonest(waits: readonly GroupWait[]): GroupWait | undefined {
  return waits.reduce<GroupWait | undefined>(
    (first, wait) => (first === undefined || wait.endsInMs < first.endsInMs ? wait : first),
    undefined,
  );
}

const waitInput = ({ kind, endsInMs, config }: GroupWait): WaitInput => ({ kind, endsInMs, config });
