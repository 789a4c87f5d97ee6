/**
 * kafkajs's consumer-group admin calls (listGroups, describeGroups, fetchOffsets, setOffsets,
 * resetOffsets, deleteGroups) over Kafka's group APIs, sent as Kafka's AdminClient sends them: to the
 * group's coordinator found with FindCoordinator, and ListGroups to every broker, since each broker
 * answers for the groups whose __consumer_offsets partitions it leads. describeGroups describes KIP-848
 * (consumer-protocol) groups too, as Kafka 4's Admin.describeConsumerGroups does.
 */
import type { Clock } from '../../core/clock';
import type { ConsumerGroupDescribedAssignment, ConsumerGroupDescribedGroup, DescribedGroup } from '../../protocol/apis/groups';
import { CONSUMER_PROTOCOL_TYPE, encodeAssignment, encodeSubscription } from '../../protocol/consumer-protocol';
import { errorCode, KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { CoordinatorClient } from '../consumer/coordinator-client';
import { throwIfFailed } from './admin-errors';
import type { PartitionOffsets } from './admin-types';

export interface ListedGroupDescription {
  groupId: string;
  protocolType: string;
  /** Kafka 4's extra fields: 'Stable', 'Empty' ... and 'classic' or 'consumer'. */
  groupState: string;
  groupType: string;
}

export interface GroupMemberDescription {
  memberId: string;
  /** group.instance.id of a static member (KIP-345), null otherwise; Kafka's Admin has it, kafkajs does not. */
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** A classic member's ConsumerProtocolSubscription; a KIP-848 member's subscribed topics and rack written as one. */
  memberMetadata: Uint8Array;
  /** ConsumerProtocolAssignment bytes, for KIP-848 members too, so callers decode every member alike. */
  memberAssignment: Uint8Array;
  /** Kafka 4's MemberDescription.memberEpoch: a KIP-848 member's epoch, null in a classic group. */
  memberEpoch: number | null;
  /** Kafka 4's MemberDescription.targetAssignment (ConsumerProtocolAssignment bytes), null in a classic group. */
  targetAssignment: Uint8Array | null;
}

export interface GroupDescriptionResult {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  /** The chosen assignor: the classic group's client assignor, or the KIP-848 group's server assignor ('uniform', 'range'). */
  protocol: string;
  members: GroupMemberDescription[];
  /** Kafka 4's ConsumerGroupDescription.type: 'classic' (JoinGroup/SyncGroup) or 'consumer' (KIP-848). */
  type: 'classic' | 'consumer';
  /** Kafka 4's groupEpoch and targetAssignmentEpoch of a KIP-848 group; null for a classic group. */
  groupEpoch: number | null;
  targetAssignmentEpoch: number | null;
}

export interface GroupTopicOffsets {
  topic: string;
  partitions: { partition: number; offset: string; metadata: string | null }[];
}

export interface SeekEntry {
  partition: number;
  offset: string;
}

export interface GroupAdminDependencies {
  cluster: Cluster;
  clock: Clock;
  backoff: ExponentialBackoff;
  /** The admin client's retry loop (default.api.timeout.ms). */
  retrying<T>(attempt: () => Promise<T>): Promise<T>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
}

/** OffsetFetch answers -1 for a partition without a committed offset. */
const NO_OFFSET = -1;

export class GroupAdmin {
  constructor(private readonly deps: GroupAdminDependencies) {}

  async listGroups(): Promise<{ groups: ListedGroupDescription[] }> {
    const { cluster, retrying } = this.deps;
    return retrying(async () => {
      const { brokers } = await cluster.fetchMetadata([]);
      const answers = await Promise.all(
        brokers.map(({ nodeId }) => cluster.request(nodeId, 'ListGroups', { statesFilter: [], typesFilter: [] })),
      );
      const failed = answers.find((answer) => answer.errorCode !== 0);
      if (failed !== undefined) throw KafkaError.fromCode(failed.errorCode);
      const groups = answers
        .flatMap((answer) => answer.groups)
        .map(({ groupId, protocolType, groupState, groupType }) => ({ groupId, protocolType, groupState, groupType }));
      return { groups: groups.sort((a, b) => a.groupId.localeCompare(b.groupId)) };
    });
  }

  /**
   * DescribeConsumerGroupsHandler's order: ConsumerGroupDescribe first, and DescribeGroups only for a
   * group the coordinator answers GROUP_ID_NOT_FOUND for ("is not a consumer group", or unknown), so a
   * KIP-848 group takes one round trip and a classic or missing group two.
   */
  async describeGroups(groupIds: string[]): Promise<{ groups: GroupDescriptionResult[] }> {
    assertGroupIds(groupIds);
    const notFound = errorCode('GROUP_ID_NOT_FOUND');
    const groups = await Promise.all(
      groupIds.map((groupId) =>
        this.onCoordinator(groupId, async (coordinator) => {
          const described = await coordinator.send(
            'ConsumerGroupDescribe',
            { groupIds: [groupId], includeAuthorizedOperations: false },
            (r) => r.groups[0]?.errorCode ?? 0,
          );
          const group = described.groups[0];
          if (group.errorCode === 0) return consumerGroupDescription(group);
          if (group.errorCode !== notFound) throw KafkaError.fromCode(group.errorCode, group.errorMessage);
          const response = await coordinator.send(
            'DescribeGroups',
            { groups: [groupId], includeAuthorizedOperations: false },
            (r) => r.groups[0]?.errorCode ?? 0,
          );
          return classicGroupDescription(response.groups[0]);
        }),
      ),
    );
    return { groups };
  }

  /** Committed offsets of `topics` (every partition, "-1" where nothing is committed), or of every topic the group committed to. */
  async fetchOffsets({
    groupId,
    topics = [],
    resolveOffsets = false,
  }: {
    groupId: string;
    topics?: string[];
    resolveOffsets?: boolean;
  }): Promise<GroupTopicOffsets[]> {
    assertGroupIds([groupId]);
    if (!Array.isArray(topics)) throw new KafkaError('INVALID_REQUEST', 'Expected topics array to be set');
    const requested =
      topics.length === 0
        ? null
        : await Promise.all(
            topics.map(async (name) => ({
              name,
              partitionIndexes: (await this.deps.fetchTopicOffsets(name)).map((p) => p.partition),
            })),
          );
    const offsets = await this.onCoordinator(groupId, async (coordinator) => {
      const response = await coordinator.send(
        'OffsetFetch',
        {
          groups: [{ groupId, memberId: null, memberEpoch: -1, topics: requested }],
          requireStable: true,
        },
        (r) => r.groups[0]?.errorCode ?? 0,
      );
      const group = response.groups[0];
      if (group.errorCode !== 0) throw KafkaError.fromCode(group.errorCode);
      const failed = group.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
      if (failed !== undefined) throw KafkaError.fromCode(failed.errorCode);
      return group.topics.map(({ name, partitions }) => ({
        topic: name,
        partitions: partitions.map((p) => ({
          partition: p.partitionIndex,
          offset: String(p.committedOffset),
          metadata: p.metadata || null,
        })),
      }));
    });
    if (!resolveOffsets) return offsets;
    // kafkajs: a partition without a committed offset gets the topic's high watermark, and that is committed.
    for (const topic of offsets) {
      const unresolved = topic.partitions.filter((p) => Number(p.offset) === NO_OFFSET);
      if (unresolved.length === 0) continue;
      const ends = new Map((await this.deps.fetchTopicOffsets(topic.topic)).map((p) => [p.partition, p.high]));
      for (const partition of unresolved) partition.offset = ends.get(partition.partition) ?? partition.offset;
      await this.setOffsets({
        groupId,
        topic: topic.topic,
        partitions: unresolved.map(({ partition, offset }) => ({ partition, offset })),
      });
    }
    return offsets;
  }

  /**
   * Commits offsets for a group with no active member, as kafka-consumer-groups --reset-offsets does:
   * an OffsetCommit with generation -1 and no member id, which the coordinator takes only from an
   * Empty group.
   */
  async setOffsets({ groupId, topic, partitions }: { groupId: string; topic: string; partitions: SeekEntry[] }): Promise<void> {
    assertGroupIds([groupId]);
    if (!topic) throw new KafkaError('INVALID_REQUEST', `Invalid topic ${topic}`);
    if (!Array.isArray(partitions) || partitions.length === 0) throw new KafkaError('INVALID_REQUEST', 'Invalid partitions');
    const results = await this.onCoordinator(groupId, async (coordinator) => {
      const response = await coordinator.send(
        'OffsetCommit',
        {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: '',
          groupInstanceId: null,
          topics: [
            {
              name: topic,
              partitions: partitions.map(({ partition, offset }) => ({
                partitionIndex: partition,
                committedOffset: Number(offset),
                committedLeaderEpoch: -1,
                committedMetadata: null,
              })),
            },
          ],
        },
        (r) => r.topics[0]?.partitions.find((p) => p.errorCode !== 0)?.errorCode ?? 0,
      );
      return response.topics.flatMap((t) => t.partitions);
    });
    const failed = results.find((p) => p.errorCode !== 0);
    if (failed === undefined) return;
    if (failed.errorCode === errorCode('UNKNOWN_MEMBER_ID')) {
      const [group] = (await this.describeGroups([groupId])).groups;
      throw new KafkaError('UNKNOWN_MEMBER_ID', `The consumer group must have no running instances, current state: ${group.state}`);
    }
    throw KafkaError.fromCode(failed.errorCode);
  }

  /** Commits the log start (earliest) or the high watermark (latest) of every partition of `topic`. */
  async resetOffsets({ groupId, topic, earliest = false }: { groupId: string; topic: string; earliest?: boolean }): Promise<void> {
    if (!topic) throw new KafkaError('INVALID_REQUEST', `Invalid topic ${topic}`);
    const offsets = await this.deps.fetchTopicOffsets(topic);
    await this.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((p) => ({ partition: p.partition, offset: earliest ? p.low : p.high })),
    });
  }

  /** Deletes empty groups and their offsets; NON_EMPTY_GROUP or GROUP_ID_NOT_FOUND otherwise. */
  async deleteGroups(groupIds: string[]): Promise<{ groupId: string; errorCode: number }[]> {
    assertGroupIds(groupIds);
    const results = await Promise.all(
      groupIds.map((groupId) =>
        this.onCoordinator(groupId, async (coordinator) => {
          const response = await coordinator.send('DeleteGroups', { groupsNames: [groupId] }, (r) => r.results[0]?.errorCode ?? 0);
          return { groupId, errorCode: response.results[0].errorCode };
        }),
      ),
    );
    throwIfFailed(
      results
        .filter((r) => r.errorCode !== 0)
        .map((r) => {
          const error = KafkaError.fromCode(r.errorCode);
          return new KafkaError(error.type, `Group '${r.groupId}': ${error.message}`);
        }),
    );
    return results;
  }

  /** Runs `call` on the group's coordinator, finding it again after NOT_COORDINATOR and friends. */
  private onCoordinator<T>(groupId: string, call: (coordinator: CoordinatorClient) => Promise<T>): Promise<T> {
    const { cluster, clock, backoff, retrying } = this.deps;
    const coordinator = new CoordinatorClient(cluster, clock, backoff, groupId);
    return retrying(() => call(coordinator));
  }
}

function classicGroupDescription(group: DescribedGroup): GroupDescriptionResult {
  return {
    groupId: group.groupId,
    errorCode: group.errorCode,
    state: group.groupState,
    protocolType: group.protocolType,
    protocol: group.protocolData,
    members: group.members.map(({ memberId, groupInstanceId, clientId, clientHost, memberMetadata, memberAssignment }) => ({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      memberMetadata,
      memberAssignment,
      memberEpoch: null,
      targetAssignment: null,
    })),
    type: 'classic',
    groupEpoch: null,
    targetAssignmentEpoch: null,
  };
}

/** ConsumerGroupDescribe's states are lower case ('stable'); Admin's GroupState prints them capitalised ('Stable'). */
function groupStateName(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

function assignmentBytes({ topicPartitions }: ConsumerGroupDescribedAssignment): Uint8Array {
  return encodeAssignment({
    partitions: topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition }))),
    userData: null,
  });
}

function consumerGroupDescription(group: ConsumerGroupDescribedGroup): GroupDescriptionResult {
  return {
    groupId: group.groupId,
    errorCode: 0,
    state: groupStateName(group.groupState),
    protocolType: CONSUMER_PROTOCOL_TYPE,
    protocol: group.assignorName,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: encodeSubscription({
        topics: m.subscribedTopicNames,
        userData: null,
        ownedPartitions: [],
        generationId: -1,
        rackId: m.rackId,
      }),
      memberAssignment: assignmentBytes(m.assignment),
      memberEpoch: m.memberEpoch,
      targetAssignment: assignmentBytes(m.targetAssignment),
    })),
    type: 'consumer',
    groupEpoch: group.groupEpoch,
    targetAssignmentEpoch: group.assignmentEpoch,
  };
}

function assertGroupIds(groupIds: unknown): asserts groupIds is string[] {
  if (!Array.isArray(groupIds)) throw new KafkaError('INVALID_REQUEST', `Invalid groupIds array ${groupIds}`);
  const invalid = groupIds.find((g) => typeof g !== 'string' || g === '');
  if (invalid !== undefined) throw new KafkaError('INVALID_GROUP_ID', `Invalid groupId ${JSON.stringify(invalid)}`);
}
