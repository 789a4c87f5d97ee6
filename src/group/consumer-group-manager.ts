/**
 * The KIP-848 consumer protocol (the consumer half of Kafka's GroupMetadataManager):
 * ConsumerGroupHeartbeat joins, heartbeats and leaves in one RPC. A change of membership,
 * subscription or subscribed topics bumps the group epoch; the server assignor then computes a new
 * target assignment, and each member reconciles towards it on its own heartbeats (see
 * current-assignment-builder.ts). Every change is a record, replayed before it is written.
 */
import { randomUuid } from '../core/uuid';
import type {
  ConsumerGroupDescribedAssignment,
  ConsumerGroupDescribedGroup,
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
} from '../protocol/apis/groups';
import { fail } from '../protocol/errors';
import type { AssignmentMemberSpec, ServerAssignor, SubscribedTopicMetadata, TopicIdPartitions } from './assignors/server-assignor';
import { javaStringHash } from '../core/java-hash-order';
import type { ClientContext } from './group-apis';
import {
  ConsumerGroup,
  assignmentsEqual,
  fromAssignment,
  newMember,
  toAssignment,
  type Assignment,
  type ConsumerGroupMember,
} from './consumer-group';
import { reconcile } from './current-assignment-builder';
import { MemberState, type CoordinatorRecord } from './group-records';
import { silentLongerThan, type GroupWait } from './group-waits';
import type { ShardContext } from './shard-context';

/** ConsumerGroupHeartbeatRequest.LEAVE_GROUP_MEMBER_EPOCH and LEAVE_GROUP_STATIC_MEMBER_EPOCH. */
const LEAVE_GROUP_MEMBER_EPOCH = -1;
const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

const sessionKey = (groupId: string, memberId: string) => `consumer-session-${groupId}-${memberId}`;
const rebalanceKey = (groupId: string, memberId: string) => `consumer-rebalance-${groupId}-${memberId}`;

function currentAssignmentRecord(groupId: string, member: ConsumerGroupMember): CoordinatorRecord {
  return {
    type: 'ConsumerGroupCurrentMemberAssignment',
    groupId,
    memberId: member.memberId,
    value: {
      memberEpoch: member.memberEpoch,
      previousMemberEpoch: member.previousMemberEpoch,
      state: member.state,
      assignedPartitions: fromAssignment(member.assignedPartitions),
      partitionsPendingRevocation: fromAssignment(member.partitionsPendingRevocation),
    },
  };
}

function targetEqual(a: TopicIdPartitions | undefined, b: TopicIdPartitions): boolean {
  return assignmentsEqual(
    toAssignment([...(a ?? new Map())].map(([topicId, partitions]) => ({ topicId, partitions }))),
    toAssignment([...b].map(([topicId, partitions]) => ({ topicId, partitions }))),
  );
}

function isSubset(owned: ConsumerGroupHeartbeatRequest['topicPartitions'], assigned: Assignment): boolean {
  return (owned ?? []).every((topic) => topic.partitions.every((p) => assigned.get(topic.topicId)?.has(p) ?? false));
}

export class ConsumerGroupManager {
  private readonly assignors: Map<string, ServerAssignor>;

  constructor(
    private readonly ctx: ShardContext,
    assignors: readonly ServerAssignor[],
  ) {
    this.assignors = new Map(assignors.map((assignor) => [assignor.name, assignor]));
  }

  group(groupId: string): ConsumerGroup | undefined {
    const group = this.ctx.groups.get(groupId);
    return group?.type === 'consumer' ? group : undefined;
  }

  /** Replay: a consumer record creates its group, replacing an empty classic group of the same id (a simple group). */
  getOrCreateForReplay(groupId: string): ConsumerGroup {
    const existing = this.ctx.groups.get(groupId);
    if (existing?.type === 'consumer') return existing;
    if (existing !== undefined && existing.members.size > 0) throw new Error(`Consumer record for the non-empty classic group ${groupId}`);
    const group = new ConsumerGroup(groupId);
    this.ctx.groups.set(groupId, group);
    return group;
  }

  replay(record: CoordinatorRecord): void {
    switch (record.type) {
      case 'ConsumerGroupMetadata':
        if (record.value === null) {
          if (this.group(record.groupId)?.members.size === 0) this.ctx.groups.delete(record.groupId);
        } else {
          Object.assign(this.getOrCreateForReplay(record.groupId), {
            groupEpoch: record.value.epoch,
            metadataHash: record.value.metadataHash,
          });
        }
        return;
      case 'ConsumerGroupMemberMetadata':
        (record.value === null ? this.group(record.groupId) : this.getOrCreateForReplay(record.groupId))?.replayMemberMetadata(
          record.memberId,
          record.value,
        );
        return;
      case 'ConsumerGroupTargetAssignmentMetadata': {
        const group = record.value === null ? this.group(record.groupId) : this.getOrCreateForReplay(record.groupId);
        if (group !== undefined) group.assignmentEpoch = record.value?.assignmentEpoch ?? 0;
        return;
      }
      case 'ConsumerGroupTargetAssignmentMember':
        (record.value === null ? this.group(record.groupId) : this.getOrCreateForReplay(record.groupId))?.replayTargetAssignmentMember(
          record.memberId,
          record.value?.topicPartitions ?? null,
        );
        return;
      case 'ConsumerGroupCurrentMemberAssignment':
        (record.value === null ? this.group(record.groupId) : this.getOrCreateForReplay(record.groupId))?.replayCurrentAssignment(
          record.memberId,
          record.value,
        );
        return;
      default:
    }
  }

  /** After a load every member gets a fresh session (GroupMetadataManager.onLoaded). */
  onLoaded(): void {
    for (const group of this.ctx.groups.values()) {
      if (group.type !== 'consumer') continue;
      for (const member of group.members.values()) this.scheduleSession(group.groupId, member.memberId);
    }
  }

  // ------------------------------------------------------------------ ConsumerGroupHeartbeat

  async heartbeat(request: ConsumerGroupHeartbeatRequest, client: ClientContext): Promise<ConsumerGroupHeartbeatResponse> {
    this.validateRequest(request);
    if (request.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || request.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH)
      return this.leave(request);
    const records: CoordinatorRecord[] = [];
    const group = this.getOrMaybeCreate(request.groupId, request.memberEpoch === 0, records);
    this.throwIfGroupIsFull(group, request.memberId);
    const { member, replaces } = this.memberFor(group, request, records);

    const updated: ConsumerGroupMember = {
      ...member,
      clientId: client.clientId,
      clientHost: client.clientHost,
      instanceId: request.instanceId ?? member.instanceId,
      rackId: request.rackId ?? member.rackId,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs === -1 ? member.rebalanceTimeoutMs : request.rebalanceTimeoutMs,
      subscribedTopicNames: request.subscribedTopicNames === null ? member.subscribedTopicNames : [...request.subscribedTopicNames].sort(),
      serverAssignor: request.serverAssignor ?? member.serverAssignor,
    };
    const isNew = !group.members.has(member.memberId);
    const subscriptionChanged =
      isNew ||
      updated.subscribedTopicNames.join('\0') !== member.subscribedTopicNames.join('\0') ||
      updated.serverAssignor !== member.serverAssignor;
    if (
      subscriptionChanged ||
      updated.rackId !== member.rackId ||
      updated.rebalanceTimeoutMs !== member.rebalanceTimeoutMs ||
      updated.clientId !== member.clientId ||
      updated.instanceId !== member.instanceId
    ) {
      records.push({
        type: 'ConsumerGroupMemberMetadata',
        groupId: group.groupId,
        memberId: member.memberId,
        value: {
          instanceId: updated.instanceId,
          rackId: updated.rackId,
          clientId: updated.clientId,
          clientHost: updated.clientHost,
          subscribedTopicNames: updated.subscribedTopicNames,
          subscribedTopicRegex: null,
          rebalanceTimeoutMs: updated.rebalanceTimeoutMs,
          serverAssignor: updated.serverAssignor,
        },
      });
    }

    // A new member, a new subscription or changed topic metadata means a new group epoch.
    const members = new Map(group.members);
    if (replaces !== null) members.delete(replaces);
    members.set(updated.memberId, updated);
    const topics = this.subscribedTopics(members.values());
    const metadataHash = this.metadataHash(topics);
    let groupEpoch = group.groupEpoch;
    if (subscriptionChanged || metadataHash !== group.metadataHash) {
      groupEpoch++;
      records.push({ type: 'ConsumerGroupMetadata', groupId: group.groupId, value: { epoch: groupEpoch, metadataHash } });
    }

    // The target assignment follows the group epoch, computed by the server assignor.
    let target = group.targetAssignment.get(updated.memberId) ?? new Map<string, number[]>();
    let targetEpoch = group.assignmentEpoch;
    if (groupEpoch > group.assignmentEpoch) {
      const assignments = this.assignor(members.values()).assign(this.assignmentSpecs(group, members.values()), topics);
      for (const [memberId, assignment] of assignments) {
        if (!targetEqual(group.targetAssignment.get(memberId), assignment) || !group.targetAssignment.has(memberId)) {
          records.push({
            type: 'ConsumerGroupTargetAssignmentMember',
            groupId: group.groupId,
            memberId,
            value: {
              topicPartitions: [...assignment].map(([topicId, partitions]) => ({
                topicId,
                partitions: [...partitions].sort((a, b) => a - b),
              })),
            },
          });
        }
      }
      records.push({ type: 'ConsumerGroupTargetAssignmentMetadata', groupId: group.groupId, value: { assignmentEpoch: groupEpoch } });
      target = assignments.get(updated.memberId) ?? new Map();
      targetEpoch = groupEpoch;
    }

    const reconciled = reconcile({
      member: updated,
      targetAssignmentEpoch: targetEpoch,
      targetAssignment: target,
      currentPartitionEpoch: (topicId, partition) => group.currentPartitionEpoch(topicId, partition),
      ownedTopicPartitions: request.topicPartitions,
    });
    const assignmentChanged = !assignmentsEqual(reconciled.assignedPartitions, member.assignedPartitions);
    if (
      isNew ||
      reconciled.memberEpoch !== member.memberEpoch ||
      reconciled.state !== member.state ||
      assignmentChanged ||
      !assignmentsEqual(reconciled.partitionsPendingRevocation, member.partitionsPendingRevocation)
    ) {
      records.push(currentAssignmentRecord(group.groupId, reconciled));
    }

    const write = this.ctx.write(records);
    this.scheduleSession(group.groupId, reconciled.memberId);
    this.scheduleRebalanceTimeout(group, reconciled);
    await write;
    const ownedDiffers =
      request.topicPartitions !== null && !assignmentsEqual(toAssignment(request.topicPartitions), reconciled.assignedPartitions);
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      memberId: reconciled.memberId,
      memberEpoch: reconciled.memberEpoch,
      heartbeatIntervalMs: this.ctx.config.consumerGroupHeartbeatIntervalMs,
      assignment:
        request.memberEpoch === 0 || assignmentChanged || ownedDiffers
          ? { topicPartitions: fromAssignment(reconciled.assignedPartitions) }
          : null,
    };
  }

  /** GroupMetadataManager.throwIfConsumerGroupHeartbeatRequestIsInvalid. */
  private validateRequest(request: ConsumerGroupHeartbeatRequest): void {
    if (request.groupId === '') fail('INVALID_REQUEST', "GroupId can't be empty.");
    if (request.memberEpoch === 0) {
      if (request.rebalanceTimeoutMs === -1) fail('INVALID_REQUEST', 'RebalanceTimeoutMs must be provided in first request.');
      if (request.topicPartitions === null || request.topicPartitions.length > 0)
        fail('INVALID_REQUEST', 'TopicPartitions must be empty when (re-)joining.');
      if (request.subscribedTopicNames === null || request.subscribedTopicNames.length === 0)
        fail('INVALID_REQUEST', 'SubscribedTopicNames must be set in first request.');
    } else if (request.memberId === '') {
      fail('INVALID_REQUEST', "MemberId can't be empty.");
    }
    if (request.memberEpoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) fail('INVALID_REQUEST', `MemberEpoch is invalid: ${request.memberEpoch}.`);
    if (request.serverAssignor !== null && !this.assignors.has(request.serverAssignor)) {
      fail(
        'UNSUPPORTED_ASSIGNOR',
        `ServerAssignor ${request.serverAssignor} is not supported. Supported assignors: ${[...this.assignors.keys()].join(', ')}.`,
      );
    }
  }

  /**
   * GroupMetadataManager.throwIfConsumerGroupIsFull: once the group has group.consumer.max.size
   * members, a member it does not have yet is refused, with Kafka's message, which the
   * ConsumerGroupHeartbeat response carries to the client.
   */
  private throwIfGroupIsFull(group: ConsumerGroup, memberId: string): void {
    const maxSize = this.ctx.config.consumerGroupMaxSize;
    if (group.members.size >= maxSize && (memberId === '' || !group.members.has(memberId))) {
      fail('GROUP_MAX_SIZE_REACHED', `The consumer group has reached its maximum capacity of ${maxSize} members.`);
    }
  }

  /** An empty classic group of the same id is converted; a classic group with members is not a consumer group. */
  private getOrMaybeCreate(groupId: string, createIfNotExists: boolean, records: CoordinatorRecord[]): ConsumerGroup {
    const existing = this.ctx.groups.get(groupId);
    if (existing?.type === 'consumer') return existing;
    if (existing === undefined && !createIfNotExists) fail('GROUP_ID_NOT_FOUND', `Consumer group ${groupId} not found.`);
    if (existing !== undefined && (existing.members.size > 0 || !createIfNotExists))
      fail('GROUP_ID_NOT_FOUND', `Group ${groupId} is not a consumer group.`);
    if (existing !== undefined) records.push({ type: 'GroupMetadata', groupId, value: null });
    const group = new ConsumerGroup(groupId);
    this.ctx.groups.set(groupId, group);
    return group;
  }

  /** The member the heartbeat is about, and the static member it takes over from, if any. */
  private memberFor(
    group: ConsumerGroup,
    request: ConsumerGroupHeartbeatRequest,
    records: CoordinatorRecord[],
  ): { member: ConsumerGroupMember; replaces: string | null } {
    if (request.memberEpoch === 0) {
      const memberId = request.memberId === '' ? randomUuid(this.ctx.random) : request.memberId;
      if (request.instanceId !== null) {
        const holder = group.staticMember(request.instanceId);
        if (holder !== undefined && holder.memberId !== memberId) {
          if (holder.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            fail(
              'UNRELEASED_INSTANCE_ID',
              `Static member ${holder.memberId} with instance id ${request.instanceId} is present in the consumer group.`,
            );
          }
          // A static member back from a temporary leave takes over its predecessor's assignment and epoch (KIP-848).
          records.push(...this.removeMemberRecords(group, holder));
          return {
            member: { ...holder, memberId, memberEpoch: holder.previousMemberEpoch, state: MemberState.STABLE },
            replaces: holder.memberId,
          };
        }
      }
      return { member: group.members.get(memberId) ?? newMember(memberId), replaces: null };
    }
    const member = group.members.get(request.memberId);
    if (member === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${request.memberId} is not a member of group ${group.groupId}.`);
    // The member may retry with the previous epoch if the response that bumped it was lost.
    if (request.memberEpoch > member.memberEpoch) {
      fail(
        'FENCED_MEMBER_EPOCH',
        `The consumer group member has a greater member epoch (${request.memberEpoch}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`,
      );
    }
    if (
      request.memberEpoch < member.memberEpoch &&
      (request.memberEpoch !== member.previousMemberEpoch || !isSubset(request.topicPartitions, member.assignedPartitions))
    ) {
      fail(
        'FENCED_MEMBER_EPOCH',
        `The consumer group member has a smaller member epoch (${request.memberEpoch}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`,
      );
    }
    return { member, replaces: null };
  }

  private async leave(request: ConsumerGroupHeartbeatRequest): Promise<ConsumerGroupHeartbeatResponse> {
    const group = this.group(request.groupId);
    const member = group?.members.get(request.memberId);
    if (group === undefined || member === undefined)
      fail('UNKNOWN_MEMBER_ID', `Member ${request.memberId} is not a member of group ${request.groupId}.`);
    if (request.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && member.instanceId !== null) {
      // A static member leaving for a while keeps its assignment until its session times out.
      const parked = { ...member, previousMemberEpoch: member.memberEpoch, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH };
      await this.ctx.write([currentAssignmentRecord(group.groupId, parked)]);
    } else {
      await this.fence(group, member);
    }
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      memberId: request.memberId,
      memberEpoch: request.memberEpoch,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  }

  /** Removes the member; its partitions are free at once and the group epoch moves on. */
  private fence(group: ConsumerGroup, member: ConsumerGroupMember): Promise<void> {
    this.ctx.timers.cancel(sessionKey(group.groupId, member.memberId));
    this.ctx.timers.cancel(rebalanceKey(group.groupId, member.memberId));
    const records = this.removeMemberRecords(group, member);
    const remaining = [...group.members.values()].filter((m) => m.memberId !== member.memberId);
    records.push({
      type: 'ConsumerGroupMetadata',
      groupId: group.groupId,
      value: { epoch: group.groupEpoch + 1, metadataHash: this.metadataHash(this.subscribedTopics(remaining)) },
    });
    return this.ctx.write(records);
  }

  private removeMemberRecords(group: ConsumerGroup, member: ConsumerGroupMember): CoordinatorRecord[] {
    const { groupId } = group;
    const { memberId } = member;
    return [
      { type: 'ConsumerGroupCurrentMemberAssignment', groupId, memberId, value: null },
      { type: 'ConsumerGroupTargetAssignmentMember', groupId, memberId, value: null },
      { type: 'ConsumerGroupMemberMetadata', groupId, memberId, value: null },
    ];
  }

  /** group.consumer.session.timeout.ms without a heartbeat fences the member. */
  private scheduleSession(groupId: string, memberId: string): void {
    this.ctx.timers.schedule(sessionKey(groupId, memberId), this.ctx.config.consumerGroupSessionTimeoutMs, () => {
      const group = this.group(groupId);
      const member = group?.members.get(memberId);
      if (group !== undefined && member !== undefined) void this.fence(group, member).catch(() => undefined);
    });
  }

  /** A member that does not revoke within its rebalance timeout is fenced, so its partitions can move on. */
  private scheduleRebalanceTimeout(group: ConsumerGroup, member: ConsumerGroupMember): void {
    const key = rebalanceKey(group.groupId, member.memberId);
    if (member.state !== MemberState.UNREVOKED_PARTITIONS) {
      this.ctx.timers.cancel(key);
      return;
    }
    if (this.ctx.timers.has(key)) return;
    const epoch = member.memberEpoch;
    this.ctx.timers.schedule(key, member.rebalanceTimeoutMs, () => {
      const current = group.members.get(member.memberId);
      if (this.group(group.groupId) === group && current?.state === MemberState.UNREVOKED_PARTITIONS && current.memberEpoch === epoch) {
        void this.fence(group, current).catch(() => undefined);
      }
    });
  }

  // ------------------------------------------------------------------ assignment inputs

  /** The topics any member subscribes to that exist now, by topic id. */
  private subscribedTopics(members: Iterable<ConsumerGroupMember>): Map<string, SubscribedTopicMetadata> {
    const topics = new Map<string, SubscribedTopicMetadata>();
    for (const member of members) {
      for (const name of member.subscribedTopicNames) {
        const topic = this.ctx.image.topicsByName.get(name);
        if (topic !== undefined)
          topics.set(topic.topicId, { topicId: topic.topicId, topicName: name, numPartitions: topic.partitions.size });
      }
    }
    return topics;
  }

  /** KIP-1101's role: any change of the subscribed topics' ids or partition counts changes the hash. */
  private metadataHash(topics: Map<string, SubscribedTopicMetadata>): number {
    const text = [...topics.values()]
      .map((t) => `${t.topicName}:${t.topicId}:${t.numPartitions}`)
      .sort()
      .join(',');
    return topics.size === 0 ? 0 : javaStringHash(text);
  }

  private assignmentSpecs(group: ConsumerGroup, members: Iterable<ConsumerGroupMember>): AssignmentMemberSpec[] {
    return [...members].map((member) => ({
      memberId: member.memberId,
      instanceId: member.instanceId,
      rackId: member.rackId,
      subscribedTopicIds: member.subscribedTopicNames
        .map((name) => this.ctx.image.topicsByName.get(name)?.topicId)
        .filter((id): id is string => id !== undefined),
      assignedPartitions: new Map(group.targetAssignment.get(member.memberId) ?? []),
    }));
  }

  /** The assignor most members asked for, else the first of group.consumer.assignors (ConsumerGroup.computePreferredServerAssignor). */
  private assignor(members: Iterable<ConsumerGroupMember>): ServerAssignor {
    const votes = new Map<string, number>();
    for (const member of members)
      if (member.serverAssignor !== null) votes.set(member.serverAssignor, (votes.get(member.serverAssignor) ?? 0) + 1);
    let chosen = this.ctx.config.consumerGroupAssignors.find((name) => this.assignors.has(name))!;
    let most = 0;
    for (const [name, count] of votes) if (count > most) [chosen, most] = [name, count];
    return this.assignors.get(chosen)!;
  }

  // ------------------------------------------------------------------ ConsumerGroupDescribe

  /**
   * The group's countdowns: each member silent past one and a half heartbeat intervals
   * (group.consumer.heartbeat.interval.ms, which the coordinator hands out), and each member that
   * still owes partitions to others, until its rebalance timeout fences it.
   */
  waits(group: ConsumerGroup): GroupWait[] {
    const { groupId } = group;
    const { consumerGroupSessionTimeoutMs, consumerGroupHeartbeatIntervalMs } = this.ctx.config;
    const waits: GroupWait[] = [];
    for (const member of group.members.values()) {
      const { memberId } = member;
      const sessionEndsInMs = this.ctx.timers.remainingMs(sessionKey(groupId, memberId));
      if (
        sessionEndsInMs !== undefined &&
        silentLongerThan(1.5 * consumerGroupHeartbeatIntervalMs, sessionEndsInMs, consumerGroupSessionTimeoutMs)
      ) {
        waits.push({ groupId, memberId, kind: 'session', endsInMs: sessionEndsInMs, config: 'group.consumer.session.timeout.ms' });
      }
      const revocationEndsInMs = this.ctx.timers.remainingMs(rebalanceKey(groupId, memberId));
      if (revocationEndsInMs !== undefined) {
        waits.push({ groupId, memberId, kind: 'revocation', endsInMs: revocationEndsInMs, config: 'max.poll.interval.ms' });
      }
    }
    return waits;
  }

  describe(group: ConsumerGroup): ConsumerGroupDescribedGroup {
    const named = (assignment: Assignment): ConsumerGroupDescribedAssignment => ({
      topicPartitions: fromAssignment(assignment).map((t) => ({ ...t, topicName: this.ctx.image.topicsById.get(t.topicId)?.name ?? '' })),
    });
    return {
      errorCode: 0,
      errorMessage: null,
      groupId: group.groupId,
      groupState: group.state(),
      groupEpoch: group.groupEpoch,
      assignmentEpoch: group.assignmentEpoch,
      assignorName: this.assignor(group.members.values()).name,
      members: [...group.members.values()].map((member) => ({
        memberId: member.memberId,
        instanceId: member.instanceId,
        rackId: member.rackId,
        memberEpoch: member.memberEpoch,
        clientId: member.clientId,
        clientHost: member.clientHost,
        subscribedTopicNames: member.subscribedTopicNames,
        subscribedTopicRegex: member.subscribedTopicRegex,
        assignment: named(member.assignedPartitions),
        targetAssignment: named(
          toAssignment([...(group.targetAssignment.get(member.memberId) ?? [])].map(([topicId, partitions]) => ({ topicId, partitions }))),
        ),
      })),
    };
  }
}
