/**
 * Committed offsets (Kafka's OffsetMetadataManager): OffsetCommit validated against the group's
 * protocol, OffsetFetch (-1 when nothing is committed), OffsetDelete, and the offsets a deleted
 * group leaves behind. Offsets change only by replaying OffsetCommit records.
 */
import type {
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteRequest,
  OffsetDeleteResponse,
  OffsetFetchRequestGroup,
  OffsetFetchResponseGroup,
  OffsetFetchResponsePartition,
} from '../protocol/apis/groups';
import { KafkaError, errorCode, fail } from '../protocol/errors';
import { ClassicGroup } from './classic-group';
import { CONSUMER_PROTOCOL_TYPE } from '../protocol/consumer-protocol';
import type { ConsumerGroup } from './consumer-group';
import type { CoordinatorRecord, OffsetCommitValue } from './group-records';
import type { ShardContext } from './shard-context';

type GroupOffsets = Map<string, Map<number, OffsetCommitValue>>;

export class OffsetMetadataManager {
  private readonly offsets = new Map<string, GroupOffsets>();

  constructor(private readonly ctx: ShardContext) {}

  hasOffsets(groupId: string): boolean {
    return this.offsets.has(groupId);
  }

  replay(groupId: string, topic: string, partition: number, value: OffsetCommitValue | null): void {
    if (value === null) {
      const topics = this.offsets.get(groupId);
      topics?.get(topic)?.delete(partition);
      if (topics?.get(topic)?.size === 0) topics.delete(topic);
      if (topics?.size === 0) this.offsets.delete(groupId);
      return;
    }
    // Offsets committed without group management belong to a "simple" group, Empty and classic.
    if (!this.ctx.groups.has(groupId)) this.ctx.groups.set(groupId, new ClassicGroup(groupId, this.ctx.clock.now()));
    let topics = this.offsets.get(groupId);
    if (topics === undefined) this.offsets.set(groupId, (topics = new Map()));
    let partitions = topics.get(topic);
    if (partitions === undefined) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, value);
  }

  async commit(request: OffsetCommitRequest): Promise<OffsetCommitResponse> {
    const group = this.ctx.groups.get(request.groupId);
    if (group === undefined) {
      // Generation -1: an admin tool or a consumer without group management; it creates a simple group.
      if (request.generationIdOrMemberEpoch >= 0) fail('GROUP_ID_NOT_FOUND', `Group ${request.groupId} not found.`);
    } else if (group.type === 'classic') {
      this.validateClassicCommit(group, request);
    } else {
      this.validateConsumerCommit(group, request);
    }
    const nowMs = this.ctx.clock.now();
    const records: CoordinatorRecord[] = [];
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        const metadata = p.committedMetadata ?? '';
        if (new TextEncoder().encode(metadata).length > this.ctx.config.offsetMetadataMaxBytes) {
          return { partitionIndex: p.partitionIndex, errorCode: errorCode('OFFSET_METADATA_TOO_LARGE') };
        }
        records.push({
          type: 'OffsetCommit',
          groupId: request.groupId,
          topic: topic.name,
          partition: p.partitionIndex,
          value: { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata, commitTimestamp: nowMs },
        });
        return { partitionIndex: p.partitionIndex, errorCode: 0 };
      }),
    }));
    await this.ctx.write(records);
    return { throttleTimeMs: 0, topics };
  }

  /** ClassicGroup.validateOffsetCommit. */
  private validateClassicCommit(group: ClassicGroup, request: OffsetCommitRequest): void {
    const generationId = request.generationIdOrMemberEpoch;
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    if (generationId < 0 && group.is('Empty')) return;
    if (generationId >= 0 || request.memberId !== '' || request.groupInstanceId !== null) {
      group.validateMember(request.memberId, request.groupInstanceId, 'offset-commit');
      if (generationId !== group.generationId)
        fail(
          'ILLEGAL_GENERATION',
          `The generation ${generationId} of member ${request.memberId} is not the group's generation ${group.generationId}.`,
        );
    } else {
      // Without a member id and generation, commits are only accepted while the group is Empty.
      fail('UNKNOWN_MEMBER_ID', `Offsets of the non-empty group ${group.groupId} can only be committed by its members.`);
    }
    // The member got its generation from JoinGroup but not its assignment yet: it must finish the rebalance.
    if (group.is('CompletingRebalance')) fail('REBALANCE_IN_PROGRESS');
  }

  /** ConsumerGroup.validateOffsetCommit: the member's current epoch, or an admin commit to an empty group. */
  private validateConsumerCommit(group: ConsumerGroup, request: OffsetCommitRequest): void {
    const epoch = request.generationIdOrMemberEpoch;
    if (epoch < 0 && group.members.size === 0) return;
    const member = group.members.get(request.memberId);
    if (member === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${request.memberId} is not a member of group ${group.groupId}.`);
    if (epoch !== member.memberEpoch)
      fail('STALE_MEMBER_EPOCH', `The member epoch ${epoch} is not the current epoch ${member.memberEpoch}.`);
  }

  fetch(request: OffsetFetchRequestGroup): OffsetFetchResponseGroup {
    const { groupId } = request;
    const group = this.ctx.groups.get(groupId);
    try {
      // A KIP-848 member fetching with its id and epoch must be current (ConsumerGroup.validateOffsetFetch).
      if (group?.type === 'consumer' && request.memberId !== null && request.memberEpoch >= 0) {
        const member = group.members.get(request.memberId);
        if (member === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${request.memberId} is not a member of group ${groupId}.`);
        if (member.memberEpoch !== request.memberEpoch) fail('STALE_MEMBER_EPOCH');
      }
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      return { groupId, topics: [], errorCode: error.code };
    }
    const committed = this.offsets.get(groupId) ?? new Map<string, Map<number, OffsetCommitValue>>();
    const describe = (partitionIndex: number, value: OffsetCommitValue | undefined): OffsetFetchResponsePartition => ({
      partitionIndex,
      committedOffset: value?.offset ?? -1,
      committedLeaderEpoch: value?.leaderEpoch ?? -1,
      metadata: value?.metadata ?? '',
      errorCode: 0,
    });
    const topics =
      request.topics === null
        ? [...committed].map(([name, partitions]) => ({
            name,
            partitions: [...partitions].sort(([a], [b]) => a - b).map(([p, value]) => describe(p, value)),
          }))
        : request.topics.map((topic) => ({
            name: topic.name,
            partitions: topic.partitionIndexes.map((p) => describe(p, committed.get(topic.name)?.get(p))),
          }));
    return { groupId, topics, errorCode: 0 };
  }

  async delete(request: OffsetDeleteRequest): Promise<OffsetDeleteResponse> {
    const group = this.ctx.groups.get(request.groupId);
    if (group === undefined || (group.type === 'classic' && group.is('Dead')))
      fail('GROUP_ID_NOT_FOUND', `Group ${request.groupId} not found.`);
    // A classic group of another protocol type with members cannot lose its offsets at all.
    if (group.type === 'classic' && !group.is('Empty') && group.protocolType !== CONSUMER_PROTOCOL_TYPE) fail('NON_EMPTY_GROUP');
    const isSubscribed = (topic: string) =>
      group.type === 'classic'
        ? group.isSubscribedToTopic(topic)
        : [...group.members.values()].some((member) => member.subscribedTopicNames.includes(topic));
    const committed = this.offsets.get(request.groupId);
    const records: CoordinatorRecord[] = [];
    const topics = request.topics.map((topic) => {
      const subscribed = isSubscribed(topic.name);
      return {
        name: topic.name,
        partitions: topic.partitions.map(({ partitionIndex }) => {
          if (subscribed) return { partitionIndex, errorCode: errorCode('GROUP_SUBSCRIBED_TO_TOPIC') };
          if (committed?.get(topic.name)?.has(partitionIndex)) {
            records.push({ type: 'OffsetCommit', groupId: request.groupId, topic: topic.name, partition: partitionIndex, value: null });
          }
          return { partitionIndex, errorCode: 0 };
        }),
      };
    });
    await this.ctx.write(records);
    return { errorCode: 0, throttleTimeMs: 0, topics };
  }

  /**
   * OffsetMetadataManager.cleanupExpiredOffsets: tombstones for the group's expired offsets, added to
   * `records`; returns whether every offset it had expired (so an empty group can go too). An offset
   * of a topic the group is subscribed to never expires. When an offset expires follows the group's
   * offsetExpirationCondition (ClassicGroup, ConsumerGroup), retention counted from:
   * - an Empty classic group with a protocol: the moment it became Empty (currentStateTimestamp);
   * - a Stable classic group of the consumer protocol: each offset's commit, for topics no member reads;
   * - a group without a protocol (offsets committed with assign(), a "simple" group): each commit;
   * - a consumer group (KIP-848): each commit, for topics no member is subscribed to.
   * Any other classic group (rebalancing, or of another protocol with members) keeps its offsets.
   */
  cleanupExpiredOffsets(groupId: string, records: CoordinatorRecord[]): boolean {
    const offsetsByTopic = this.offsets.get(groupId);
    if (offsetsByTopic === undefined) return true;
    const group = this.ctx.groups.get(groupId);
    if (group === undefined) return false;
    let retainedFrom: ((value: OffsetCommitValue) => number) | null = null;
    if (group.type === 'consumer' || group.protocolType === null) {
      retainedFrom = (value) => value.commitTimestamp;
    } else if (group.is('Empty')) {
      retainedFrom = () => group.currentStateTimestamp;
    } else if (group.protocolType === CONSUMER_PROTOCOL_TYPE && group.is('Stable')) {
      retainedFrom = (value) => value.commitTimestamp;
    }
    if (retainedFrom === null) return false;
    const isSubscribed = (topic: string) =>
      group.type === 'classic'
        ? group.isSubscribedToTopic(topic)
        : [...group.members.values()].some((member) => member.subscribedTopicNames.includes(topic));
    const nowMs = this.ctx.clock.now();
    let allExpired = true;
    for (const [topic, partitions] of offsetsByTopic) {
      if (isSubscribed(topic)) {
        allExpired = false;
        continue;
      }
      for (const [partition, value] of partitions) {
        if (retainedFrom(value) + this.ctx.config.offsetsRetentionMs <= nowMs) {
          records.push({ type: 'OffsetCommit', groupId, topic, partition, value: null });
        } else {
          allExpired = false;
        }
      }
    }
    return allExpired;
  }

  /** Tombstones for every offset of a group being deleted. */
  deleteAllOffsetsRecords(groupId: string): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const [topic, partitions] of this.offsets.get(groupId) ?? []) {
      for (const partition of partitions.keys()) records.push({ type: 'OffsetCommit', groupId, topic, partition, value: null });
    }
    return records;
  }
}
