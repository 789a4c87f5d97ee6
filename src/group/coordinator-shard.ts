/**
 * The group coordinator's state for one __consumer_offsets partition (Kafka's GroupCoordinatorShard):
 * the classic and consumer groups whose ids hash to it and their committed offsets. It answers the
 * group APIs for those groups, and `replay` rebuilds it from the partition's records.
 */
import type {
  ConsumerGroupDescribedGroup,
  DeleteGroupsResponse,
  DescribedGroup,
  ListGroupsRequest,
  ListedGroup,
  OffsetFetchRequestGroup,
  OffsetFetchResponseGroup,
} from '../protocol/apis/groups';
import { errorCode } from '../protocol/errors';
import type { ServerAssignor } from './assignors/server-assignor';
import { ClassicGroupManager } from './classic-group-manager';
import { ConsumerGroupManager } from './consumer-group-manager';
import type { CoordinatorRecord } from './group-records';
import type { GroupWait } from './group-waits';
import { OffsetMetadataManager } from './offset-metadata-manager';
import type { ShardContext } from './shard-context';

/** The cleanup's timer (GroupMetadataManager's GROUP_EXPIRATION_KEY). */
const GROUP_EXPIRATION_KEY = 'expire-group-metadata';

type Group = ShardContext['groups'] extends Map<string, infer G> ? G : never;

/** A group without members: only such a group may be deleted. */
function isEmptyGroup(group: Group): boolean {
  return group.type === 'classic' ? group.is('Empty') : group.members.size === 0;
}

/** The records that delete a group (its offsets aside): Kafka's createGroupTombstoneRecords. */
function groupTombstones(group: Group): CoordinatorRecord[] {
  const { groupId } = group;
  if (group.type === 'classic') return [{ type: 'GroupMetadata', groupId, value: null }];
  return [
    { type: 'ConsumerGroupTargetAssignmentMetadata', groupId, value: null },
    { type: 'ConsumerGroupMetadata', groupId, value: null },
  ];
}

/** ConsumerGroupState names as ListGroups reports them (capitalized, like the classic states). */
const LISTED_CONSUMER_STATES = { empty: 'Empty', assigning: 'Assigning', reconciling: 'Reconciling', stable: 'Stable' } as const;

export interface GroupGeneration {
  groupId: string;
  type: 'classic' | 'consumer';
  generation: number;
}

export class GroupCoordinatorShard {
  readonly classic: ClassicGroupManager;
  readonly consumer: ConsumerGroupManager;
  readonly offsets: OffsetMetadataManager;

  constructor(
    private readonly ctx: ShardContext,
    assignors: readonly ServerAssignor[],
  ) {
    this.offsets = new OffsetMetadataManager(ctx);
    this.classic = new ClassicGroupManager(ctx, (groupId) => this.offsets.hasOffsets(groupId));
    this.consumer = new ConsumerGroupManager(ctx, assignors);
  }

  replay(record: CoordinatorRecord): void {
    switch (record.type) {
      case 'OffsetCommit':
        this.offsets.replay(record.groupId, record.topic, record.partition, record.value);
        return;
      case 'GroupMetadata':
        this.classic.replay(record.groupId, record.value);
        return;
      default:
        this.consumer.replay(record);
    }
  }

  onLoaded(): void {
    this.classic.onLoaded();
    this.consumer.onLoaded();
    this.scheduleGroupMetadataCleanup();
  }

  /**
   * GroupCoordinatorShard.cleanupGroupMetadata, every offsets.retention.check.interval.ms: expired
   * offsets go (tombstones in __consumer_offsets), and a group left empty with no offset goes too.
   * On the shard's own timers, so an unloaded shard stops cleaning.
   */
  private scheduleGroupMetadataCleanup(): void {
    this.ctx.timers.schedule(GROUP_EXPIRATION_KEY, this.ctx.config.offsetsRetentionCheckIntervalMs, () => {
      void this.cleanupGroupMetadata()
        .catch(() => undefined)
        .finally(() => this.scheduleGroupMetadataCleanup());
    });
  }

  async cleanupGroupMetadata(): Promise<number> {
    const records: CoordinatorRecord[] = [];
    for (const [groupId, group] of [...this.ctx.groups]) {
      const allOffsetsExpired = this.offsets.cleanupExpiredOffsets(groupId, records);
      // GroupMetadataManager.maybeDeleteGroup: only a group without members.
      if (allOffsetsExpired && isEmptyGroup(group)) records.push(...groupTombstones(group));
    }
    await this.ctx.write(records);
    return records.length;
  }

  onUnloaded(): void {
    this.ctx.timers.cancelAll();
    this.classic.onUnloaded();
  }

  /**
   * Kafka's CoordinatorRuntime answers reads from the state at the partition's last committed offset,
   * never from records still waiting for acks=all: a new leader would not have those, and a consumer
   * would see its committed offset move backwards. The answer is read now, so it holds only what was
   * written before the request, and sent once those writes are committed; if they fail, the shard
   * is lost and the client is told to find the coordinator again.
   */
  async offsetFetch(request: OffsetFetchRequestGroup): Promise<OffsetFetchResponseGroup> {
    const response = this.offsets.fetch(request);
    await this.ctx.flushed();
    return response;
  }

  listGroups(request: ListGroupsRequest): ListedGroup[] {
    const states = new Set(request.statesFilter.map((state) => state.toLowerCase()));
    const types = new Set(request.typesFilter.map((type) => type.toLowerCase()));
    const listed: ListedGroup[] = [];
    for (const group of this.ctx.groups.values()) {
      const listedGroup: ListedGroup =
        group.type === 'classic'
          ? { groupId: group.groupId, protocolType: group.protocolType ?? '', groupState: group.state, groupType: 'classic' }
          : { groupId: group.groupId, protocolType: 'consumer', groupState: LISTED_CONSUMER_STATES[group.state()], groupType: 'consumer' };
      if (states.size > 0 && !states.has(listedGroup.groupState.toLowerCase())) continue;
      if (types.size > 0 && !types.has(listedGroup.groupType)) continue;
      listed.push(listedGroup);
    }
    return listed;
  }

  /** Each group's id, type and generation (a classic group's generationId, a KIP-848 group's epoch), for the page's timeline. */
  generations(): GroupGeneration[] {
    return [...this.ctx.groups.values()].map((group) =>
      group.type === 'classic'
        ? { groupId: group.groupId, type: 'classic', generation: group.generationId }
        : { groupId: group.groupId, type: 'consumer', generation: group.groupEpoch },
    );
  }

  /** What the coordinator waits for in every group of this shard, as countdowns for the page. */
  waits(): GroupWait[] {
    return [...this.ctx.groups.values()].flatMap((group) =>
      group.type === 'classic' ? this.classic.waits(group) : this.consumer.waits(group),
    );
  }

  describeGroup(groupId: string): DescribedGroup {
    const group = this.ctx.groups.get(groupId);
    if (group?.type === 'classic') return this.classic.describe(group);
    // DescribeGroups v6+ (KIP-1043): an unknown group, or one of another type, is Dead with GROUP_ID_NOT_FOUND.
    return { errorCode: errorCode('GROUP_ID_NOT_FOUND'), groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
  }

  consumerGroupDescribe(groupId: string): ConsumerGroupDescribedGroup {
    const group = this.consumer.group(groupId);
    if (group !== undefined) return this.consumer.describe(group);
    const message = this.ctx.groups.has(groupId) ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`;
    return {
      errorCode: errorCode('GROUP_ID_NOT_FOUND'),
      errorMessage: message,
      groupId,
      groupState: 'dead',
      groupEpoch: -1,
      assignmentEpoch: -1,
      assignorName: '',
      members: [],
    };
  }

  /** DeleteGroups: only groups without members; their offsets go with them. */
  async deleteGroups(groupIds: string[]): Promise<DeleteGroupsResponse['results']> {
    const records: CoordinatorRecord[] = [];
    const results = groupIds.map((groupId) => {
      const group = this.ctx.groups.get(groupId);
      if (group === undefined || (group.type === 'classic' && group.is('Dead')))
        return { groupId, errorCode: errorCode('GROUP_ID_NOT_FOUND') };
      if (!isEmptyGroup(group)) return { groupId, errorCode: errorCode('NON_EMPTY_GROUP') };
      records.push(...this.offsets.deleteAllOffsetsRecords(groupId), ...groupTombstones(group));
      return { groupId, errorCode: 0 };
    });
    await this.ctx.write(records);
    return results;
  }
}
