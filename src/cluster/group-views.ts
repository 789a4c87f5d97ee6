/**
 * The groups as the page shows them: each group's state, protocol, generation, members with their
 * partitions, and committed offsets with lag against the partition's high watermark. It asks the
 * group coordinator directly, with Kafka's own group APIs (ListGroups, DescribeGroups,
 * ConsumerGroupDescribe, OffsetFetch), as `kafka-consumer-groups.sh --describe` asks a broker.
 */
import type { GroupCoordinator } from '../group/group-coordinator';
import type { GroupWait } from '../group/group-waits';
import { decodeAssignment } from '../protocol/consumer-protocol';
import type { RequestOf, ResponseOf } from '../protocol/rpc';

export interface GroupMemberView {
  memberId: string;
  clientId: string;
  /** Partitions the member owns now. */
  assignment: { topic: string; partition: number }[];
}

export interface GroupOffsetView {
  topic: string;
  partition: number;
  committed: number;
  /** -1 when the partition's leader is not known. */
  highWatermark: number;
  /** highWatermark - committed, null while the high watermark is unknown. */
  lag: number | null;
}

export interface GroupView {
  groupId: string;
  /** 'classic' (JoinGroup/SyncGroup) or 'consumer' (KIP-848). */
  type: 'classic' | 'consumer';
  /** As ListGroups names it: 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Assigning', 'Reconciling', 'Dead'. */
  state: string;
  /** The assignor: the classic group's chosen protocol, or the KIP-848 group's server assignor. */
  protocol: string;
  /** A classic group's generationId, a KIP-848 group's group epoch. */
  generation: number;
  members: GroupMemberView[];
  offsets: GroupOffsetView[];
  /** What the coordinator waits for in this group, with the time left: a rebalance's join phase, silent members' sessions. */
  waits: GroupWait[];
}

/** The caller's address: not a broker, so the coordinator answers for every shard. */
const FROM = 'page';

export async function describeGroups(
  coordinator: GroupCoordinator,
  highWatermark: (topic: string, partition: number) => number,
): Promise<GroupView[]> {
  const listed = await call(coordinator, 'ListGroups', { statesFilter: [], typesFilter: [] });
  if (listed.errorCode !== 0) return [];
  const generations = new Map(coordinator.generations().map((g) => [g.groupId, g.generation]));
  const waits = coordinator.waits();
  const views = await Promise.all(
    listed.groups.map(async (group): Promise<GroupView | null> => {
      const type = group.groupType === 'consumer' ? 'consumer' : 'classic';
      const described =
        type === 'classic' ? await classicGroup(coordinator, group.groupId) : await consumerGroup(coordinator, group.groupId);
      if (described === null) return null;
      return {
        groupId: group.groupId,
        type,
        state: group.groupState,
        generation: generations.get(group.groupId) ?? 0,
        ...described,
        offsets: await committedOffsets(coordinator, group.groupId, highWatermark),
        waits: waits.filter((wait) => wait.groupId === group.groupId),
      };
    }),
  );
  return views
    .filter((view): view is GroupView => view !== null)
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

function call<K extends 'ListGroups' | 'DescribeGroups' | 'ConsumerGroupDescribe' | 'OffsetFetch'>(
  coordinator: GroupCoordinator,
  api: K,
  body: RequestOf<K>,
): Promise<ResponseOf<K>> {
  return coordinator.handle(api, body, FROM);
}

async function classicGroup(coordinator: GroupCoordinator, groupId: string): Promise<Pick<GroupView, 'protocol' | 'members'> | null> {
  const [group] = (await call(coordinator, 'DescribeGroups', { groups: [groupId], includeAuthorizedOperations: false })).groups;
  if (group === undefined || group.errorCode !== 0) return null;
  return {
    protocol: group.protocolData,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      // An empty assignment (before SyncGroup) has no bytes to decode.
      assignment: member.memberAssignment.byteLength === 0 ? [] : decodeAssignment(member.memberAssignment).partitions,
    })),
  };
}

async function consumerGroup(coordinator: GroupCoordinator, groupId: string): Promise<Pick<GroupView, 'protocol' | 'members'> | null> {
  const [group] = (await call(coordinator, 'ConsumerGroupDescribe', { groupIds: [groupId], includeAuthorizedOperations: false })).groups;
  if (group === undefined || group.errorCode !== 0) return null;
  return {
    protocol: group.assignorName,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      assignment: member.assignment.topicPartitions.flatMap(({ topicName, partitions }) =>
        partitions.map((partition) => ({ topic: topicName, partition })),
      ),
    })),
  };
}

async function committedOffsets(
  coordinator: GroupCoordinator,
  groupId: string,
  highWatermark: (topic: string, partition: number) => number,
): Promise<GroupOffsetView[]> {
  const response = await call(coordinator, 'OffsetFetch', {
    groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }],
    requireStable: false,
  });
  const group = response.groups[0];
  if (group === undefined || group.errorCode !== 0) return [];
  return group.topics
    .flatMap(({ name, partitions }) =>
      partitions
        .filter((p) => p.errorCode === 0 && p.committedOffset >= 0)
        .map((p) => {
          const hw = highWatermark(name, p.partitionIndex);
          return {
            topic: name,
            partition: p.partitionIndex,
            committed: p.committedOffset,
            highWatermark: hw,
            lag: hw < 0 ? null : Math.max(0, hw - p.committedOffset),
          };
        }),
    )
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}
