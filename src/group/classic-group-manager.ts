/**
 * The classic rebalance protocol (the classic half of Kafka's GroupMetadataManager): JoinGroup,
 * SyncGroup, Heartbeat and LeaveGroup, with the join and sync phases, the initial rebalance delay,
 * session and rebalance timeouts and static membership. A classic group changes in memory; the
 * coordinator persists a GroupMetadata snapshot when the leader's assignment arrives and when the
 * group becomes Empty, and a reloaded shard rebuilds each group from its last snapshot.
 */
import type {
  DescribedGroup,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  JoinGroupResponseMember,
  LeaveGroupRequest,
  LeaveGroupResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from '../protocol/apis/groups';
import { KafkaError, errorCode, fail, type ErrorName } from '../protocol/errors';
import { ClassicGroup, type ClassicGroupMember } from './classic-group';
import type { ClientContext } from './group-apis';
import type { GroupMetadataValue } from './group-records';
import { silentLongerThan, type GroupWait } from './group-waits';
import type { ShardContext } from './shard-context';

/** java.util.UUID.randomUUID().toString(), which ClassicGroup.generateMemberId appends to the client or instance id. */
function javaRandomUuid(ctx: ShardContext): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(ctx.random.nextInt(16).toString(16));
  hex[12] = '4';
  hex[16] = (ctx.random.nextInt(4) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const heartbeatKey = (groupId: string, memberId: string) => `heartbeat-${groupId}-${memberId}`;
const joinKey = (groupId: string) => `join-${groupId}`;
const syncKey = (groupId: string) => `sync-${groupId}`;

function protocolsMatch(member: ClassicGroupMember, protocols: JoinGroupRequest['protocols']): boolean {
  return (
    member.protocols.length === protocols.length &&
    member.protocols.every(
      (p, i) =>
        p.name === protocols[i].name &&
        p.metadata.length === protocols[i].metadata.length &&
        p.metadata.every((b, j) => b === protocols[i].metadata[j]),
    )
  );
}

export class ClassicGroupManager {
  /** hasOffsets: whether the group has committed offsets, which keep a memberless group alive (a "simple" group). */
  constructor(
    private readonly ctx: ShardContext,
    private readonly hasOffsets: (groupId: string) => boolean,
  ) {}

  /** Throws UNKNOWN_MEMBER_ID for a missing group unless asked to create it, GROUP_ID_NOT_FOUND for another group type. */
  getOrMaybeCreate(groupId: string, createIfNotExists: boolean): ClassicGroup {
    const group = this.ctx.groups.get(groupId);
    if (group === undefined) {
      if (!createIfNotExists) fail('UNKNOWN_MEMBER_ID', `Classic group ${groupId} not found.`);
      const created = new ClassicGroup(groupId, this.ctx.clock.now());
      this.ctx.groups.set(groupId, created);
      return created;
    }
    if (group.type !== 'classic') fail('GROUP_ID_NOT_FOUND', `Group ${groupId} is not a classic group.`);
    return group;
  }

  replay(groupId: string, value: GroupMetadataValue | null): void {
    if (value === null) {
      if (this.ctx.groups.get(groupId)?.type === 'classic') this.ctx.groups.delete(groupId);
      return;
    }
    this.ctx.groups.set(groupId, ClassicGroup.fromRecord(groupId, value, this.ctx.clock.now()));
  }

  /** After a load, members of loaded groups must heartbeat again within their session timeout. */
  onLoaded(): void {
    for (const group of this.ctx.groups.values()) {
      if (group.type !== 'classic') continue;
      for (const member of group.members.values()) this.rescheduleHeartbeat(group, member);
    }
  }

  /** The shard is going away: everyone still waiting learns to find the new coordinator. */
  onUnloaded(): void {
    for (const group of this.ctx.groups.values()) {
      if (group.type !== 'classic') continue;
      for (const member of group.members.values()) {
        member.awaitingJoin?.(this.joinError(member.memberId, 'NOT_COORDINATOR'));
        member.awaitingSync?.(this.syncError('NOT_COORDINATOR'));
        member.awaitingJoin = null;
        member.awaitingSync = null;
      }
    }
  }

  // ------------------------------------------------------------------ JoinGroup

  join(request: JoinGroupRequest, client: ClientContext): Promise<JoinGroupResponse> {
    const { config } = this.ctx;
    if (request.groupId === '') fail('INVALID_GROUP_ID', 'The group id must not be empty.');
    if (
      request.sessionTimeoutMs < config.classicGroupMinSessionTimeoutMs ||
      request.sessionTimeoutMs > config.classicGroupMaxSessionTimeoutMs
    ) {
      fail(
        'INVALID_SESSION_TIMEOUT',
        `The session timeout ${request.sessionTimeoutMs} ms is not within the range allowed by the broker (group.min.session.timeout.ms=${config.classicGroupMinSessionTimeoutMs}, group.max.session.timeout.ms=${config.classicGroupMaxSessionTimeoutMs}).`,
      );
    }
    const isUnknownMember = request.memberId === '';
    const group = this.getOrMaybeCreate(request.groupId, isUnknownMember);
    return new Promise<JoinGroupResponse>((resolve) => {
      const respond = (response: JoinGroupResponse) =>
        this.respond(resolve, response, () => this.joinError(response.memberId, 'NOT_COORDINATOR'));
      try {
        if (isUnknownMember) this.joinNewMember(group, request, client, respond);
        else this.joinExistingMember(group, request, client, respond);
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        resolve(this.joinError(request.memberId, error.type));
      }
      this.maybeDeleteEmptyNewGroup(group);
    });
  }

  private joinNewMember(
    group: ClassicGroup,
    request: JoinGroupRequest,
    client: ClientContext,
    respond: (r: JoinGroupResponse) => void,
  ): void {
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    if (!group.supportsProtocols(request.protocolType, request.protocols)) fail('INCONSISTENT_GROUP_PROTOCOL');
    // JoinGroupResponse has no error message: Kafka's coordinator answers the code alone, and the
    // Java client words it ("Consumer group <id> already has the configured maximum number of
    // members.", AbstractCoordinator.JoinGroupResponseHandler).
    if (group.members.size >= this.ctx.config.classicGroupMaxSize) fail('GROUP_MAX_SIZE_REACHED');
    const newMemberId = `${request.groupInstanceId ?? client.clientId}-${javaRandomUuid(this.ctx)}`;
    if (request.groupInstanceId !== null) {
      const existing = group.staticMembers.get(request.groupInstanceId);
      if (existing === undefined) this.addMemberThenRebalanceOrCompleteJoin(group, request, client, newMemberId, respond);
      else this.updateStaticMemberThenRebalanceOrCompleteJoin(group, request, existing, newMemberId, respond);
      return;
    }
    // KIP-394: a dynamic member first gets its id and must join again with it, so a client that
    // keeps retrying a timed-out JoinGroup cannot pile up members that never heartbeat.
    group.pendingJoinMembers.add(newMemberId);
    this.ctx.timers.schedule(heartbeatKey(group.groupId, newMemberId), request.sessionTimeoutMs, () =>
      this.expireHeartbeat(group.groupId, newMemberId),
    );
    respond({ ...this.joinError(newMemberId, 'MEMBER_ID_REQUIRED') });
  }

  private joinExistingMember(
    group: ClassicGroup,
    request: JoinGroupRequest,
    client: ClientContext,
    respond: (r: JoinGroupResponse) => void,
  ): void {
    const { memberId } = request;
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    if (!group.supportsProtocols(request.protocolType, request.protocols)) fail('INCONSISTENT_GROUP_PROTOCOL');
    if (group.pendingJoinMembers.has(memberId)) {
      this.addMemberThenRebalanceOrCompleteJoin(group, request, client, memberId, respond);
      return;
    }
    group.validateMember(memberId, request.groupInstanceId, 'join-group');
    const member = group.member(memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        this.updateMemberThenRebalanceOrCompleteJoin(group, member, request, respond);
        return;
      case 'CompletingRebalance':
        // A member whose JoinGroup response was lost asks again: it gets the same answer.
        if (protocolsMatch(member, request.protocols)) respond(this.joinResponse(group, member));
        else this.updateMemberThenRebalanceOrCompleteJoin(group, member, request, respond);
        return;
      case 'Stable':
        // The leader rejoining, or a member whose subscription changed, starts a rebalance.
        if (group.isLeader(memberId) || !protocolsMatch(member, request.protocols))
          this.updateMemberThenRebalanceOrCompleteJoin(group, member, request, respond);
        else respond(this.joinResponse(group, member));
        return;
      default:
        fail('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${group.groupId}.`);
    }
  }

  private addMemberThenRebalanceOrCompleteJoin(
    group: ClassicGroup,
    request: JoinGroupRequest,
    client: ClientContext,
    memberId: string,
    respond: (r: JoinGroupResponse) => void,
  ): void {
    const member: ClassicGroupMember = {
      memberId,
      groupInstanceId: request.groupInstanceId,
      clientId: client.clientId,
      clientHost: client.clientHost,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      sessionTimeoutMs: request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      assignment: new Uint8Array(),
      awaitingJoin: respond,
      awaitingSync: null,
      // A new member cannot heartbeat before it has its first generation; it gets the longer new-member timeout.
      isNew: true,
    };
    // Another arrival during the initial delay extends it (InitialDelayedJoin).
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member);
    this.rescheduleHeartbeat(group, member);
    this.maybePrepareRebalanceOrCompleteJoin(group);
  }

  private updateMemberThenRebalanceOrCompleteJoin(
    group: ClassicGroup,
    member: ClassicGroupMember,
    request: JoinGroupRequest,
    respond: (r: JoinGroupResponse) => void,
  ): void {
    member.awaitingJoin?.(this.joinError(member.memberId, 'REBALANCE_IN_PROGRESS'));
    member.protocols = request.protocols;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.awaitingJoin = respond;
    this.maybePrepareRebalanceOrCompleteJoin(group);
  }

  /**
   * A static member rejoining without its member id (a restarted process) takes over its old
   * place: the old member id is fenced, and a Stable group whose protocols did not change does not
   * rebalance (KIP-345).
   */
  private updateStaticMemberThenRebalanceOrCompleteJoin(
    group: ClassicGroup,
    request: JoinGroupRequest,
    oldMemberId: string,
    newMemberId: string,
    respond: (r: JoinGroupResponse) => void,
  ): void {
    const instanceId = request.groupInstanceId!;
    const old = group.member(oldMemberId)!;
    const fencedJoin = old.awaitingJoin;
    const fencedSync = old.awaitingSync;
    old.awaitingJoin = null;
    old.awaitingSync = null;
    fencedJoin?.(this.joinError(oldMemberId, 'FENCED_INSTANCE_ID'));
    fencedSync?.(this.syncError('FENCED_INSTANCE_ID'));
    this.ctx.timers.cancel(heartbeatKey(group.groupId, oldMemberId));
    const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.rescheduleHeartbeat(group, member);
    if (group.is('Stable') && group.protocolName !== null && protocolsMatch(member, request.protocols)) {
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
      member.sessionTimeoutMs = request.sessionTimeoutMs;
      const assignments = new Map([...group.members.values()].map((m) => [m.memberId, m.assignment]));
      this.ctx.append([{ type: 'GroupMetadata', groupId: group.groupId, value: group.toRecord(assignments) }]).then(
        () => respond({ ...this.joinResponse(group, member), skipAssignment: group.isLeader(newMemberId) }),
        () => respond(this.joinError(newMemberId, 'NOT_COORDINATOR')),
      );
      return;
    }
    this.updateMemberThenRebalanceOrCompleteJoin(group, member, request, respond);
  }

  // ------------------------------------------------------------------ the join phase

  private maybePrepareRebalanceOrCompleteJoin(group: ClassicGroup): void {
    if (group.canRebalance()) this.prepareRebalance(group);
    else this.maybeCompleteJoinPhase(group);
  }

  private prepareRebalance(group: ClassicGroup): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentWithError(group, 'REBALANCE_IN_PROGRESS');
    this.ctx.timers.cancel(syncKey(group.groupId));
    const isInitialRebalance = group.is('Empty');
    if (isInitialRebalance) {
      // The group is new: give more members time to join (group.initial.rebalance.delay.ms).
      const delayMs = this.ctx.config.classicGroupInitialRebalanceDelayMs;
      const remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
      this.ctx.timers.schedule(joinKey(group.groupId), delayMs, () =>
        this.tryCompleteInitialRebalanceElseSchedule(group, delayMs, remainingMs),
      );
    }
    group.transitionTo('PreparingRebalance', this.ctx.clock.now());
    if (!isInitialRebalance) this.maybeCompleteJoinElseSchedule(group);
  }

  private tryCompleteInitialRebalanceElseSchedule(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    if (group.newMemberAdded && remainingMs !== 0) {
      group.newMemberAdded = false;
      const nextDelayMs = Math.min(this.ctx.config.classicGroupInitialRebalanceDelayMs, remainingMs);
      const nextRemainingMs = Math.max(remainingMs - delayMs, 0);
      this.ctx.timers.schedule(joinKey(group.groupId), nextDelayMs, () =>
        this.tryCompleteInitialRebalanceElseSchedule(group, nextDelayMs, nextRemainingMs),
      );
    } else {
      this.completeJoin(group);
    }
  }

  private maybeCompleteJoinElseSchedule(group: ClassicGroup): void {
    if (group.hasAllMembersJoined()) this.completeJoin(group);
    else this.ctx.timers.schedule(joinKey(group.groupId), group.rebalanceTimeoutMs(), () => this.completeJoin(group));
  }

  /** Everyone is in and this is not the initial rebalance (which always waits out its delay). */
  private maybeCompleteJoinPhase(group: ClassicGroup): void {
    if (group.is('PreparingRebalance') && group.hasAllMembersJoined() && group.previousState !== 'Empty') this.completeJoin(group);
  }

  /** GroupMetadataManager.completeClassicGroupJoin. */
  private completeJoin(group: ClassicGroup): void {
    const { timers, clock } = this.ctx;
    timers.cancel(joinKey(group.groupId));
    if (this.ctx.groups.get(group.groupId) !== group || !group.is('PreparingRebalance')) return;
    // Dynamic members that did not rejoin in time are gone; static members keep their place.
    for (const member of group.notYetRejoinedMembers()) {
      if (member.groupInstanceId !== null) continue;
      group.remove(member.memberId);
      timers.cancel(heartbeatKey(group.groupId, member.memberId));
    }
    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // Only static members that have not rejoined are left: wait for them, or for their session timeouts.
      timers.schedule(joinKey(group.groupId), group.rebalanceTimeoutMs(), () => this.completeJoin(group));
      return;
    }
    group.initNextGeneration(clock.now());
    if (group.is('Empty')) {
      void this.ctx.append([{ type: 'GroupMetadata', groupId: group.groupId, value: group.toRecord(new Map()) }]).catch(() => undefined);
      return;
    }
    for (const member of group.members.values()) {
      const awaiting = member.awaitingJoin;
      member.awaitingJoin = null;
      awaiting?.(this.joinResponse(group, member));
      member.isNew = false;
      this.rescheduleHeartbeat(group, member);
    }
    this.schedulePendingSync(group);
  }

  /** Members that do not send SyncGroup within the rebalance timeout are removed and the group rebalances. */
  private schedulePendingSync(group: ClassicGroup): void {
    const generationId = group.generationId;
    this.ctx.timers.schedule(syncKey(group.groupId), group.rebalanceTimeoutMs(), () => {
      if (group.generationId !== generationId || !(group.is('CompletingRebalance') || group.is('Stable'))) return;
      if (group.pendingSyncMembers.size === 0) return;
      for (const memberId of [...group.pendingSyncMembers]) {
        group.remove(memberId);
        this.ctx.timers.cancel(heartbeatKey(group.groupId, memberId));
      }
      this.prepareRebalance(group);
    });
  }

  private joinResponse(group: ClassicGroup, member: ClassicGroupMember): JoinGroupResponse {
    const isLeader = group.isLeader(member.memberId);
    const members: JoinGroupResponseMember[] = isLeader
      ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          metadata: group.metadataFor(m, group.protocolName!),
        }))
      : [];
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId: member.memberId,
      members,
    };
  }

  private joinError(memberId: string, error: ErrorName): JoinGroupResponse {
    return {
      throttleTimeMs: 0,
      errorCode: errorCode(error),
      generationId: -1,
      protocolType: null,
      protocolName: null,
      leader: '',
      skipAssignment: false,
      memberId,
      members: [],
    };
  }

  // ------------------------------------------------------------------ SyncGroup

  sync(request: SyncGroupRequest): Promise<SyncGroupResponse> {
    const group = this.getOrMaybeCreate(request.groupId, false);
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    group.validateMember(request.memberId, request.groupInstanceId, 'sync-group');
    if (request.generationId !== group.generationId)
      fail(
        'ILLEGAL_GENERATION',
        `The generation ${request.generationId} of member ${request.memberId} is not the group's generation ${group.generationId}.`,
      );
    if (request.protocolType !== null && request.protocolType !== group.protocolType) fail('INCONSISTENT_GROUP_PROTOCOL');
    if (request.protocolName !== null && request.protocolName !== group.protocolName) fail('INCONSISTENT_GROUP_PROTOCOL');
    const member = group.member(request.memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        return fail('REBALANCE_IN_PROGRESS');
      case 'Stable':
        this.removePendingSyncMember(group, member.memberId);
        this.rescheduleHeartbeat(group, member);
        return this.ctx.flushed().then(() => this.syncResponse(group, member.assignment));
      case 'CompletingRebalance':
        return new Promise<SyncGroupResponse>((resolve) => {
          member.awaitingSync = resolve;
          this.removePendingSyncMember(group, member.memberId);
          this.rescheduleHeartbeat(group, member);
          if (group.isLeader(member.memberId)) this.storeLeaderAssignment(group, request);
        });
      default:
        return fail('UNKNOWN_MEMBER_ID', `Member ${request.memberId} is not a member of group ${group.groupId}.`);
    }
  }

  /** The leader's assignment is persisted first; members get it once it is committed, and the group is Stable. */
  private storeLeaderAssignment(group: ClassicGroup, request: SyncGroupRequest): void {
    const assignments = new Map(request.assignments.map((a) => [a.memberId, a.assignment]));
    const generationId = group.generationId;
    this.ctx.append([{ type: 'GroupMetadata', groupId: group.groupId, value: group.toRecord(assignments) }]).then(
      () => {
        if (!group.is('CompletingRebalance') || group.generationId !== generationId) return;
        for (const member of group.members.values()) {
          member.assignment = assignments.get(member.memberId) ?? new Uint8Array();
          const awaiting = member.awaitingSync;
          member.awaitingSync = null;
          awaiting?.(this.syncResponse(group, member.assignment));
        }
        group.transitionTo('Stable', this.ctx.clock.now());
      },
      () => undefined,
    );
  }

  private removePendingSyncMember(group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.ctx.timers.cancel(syncKey(group.groupId));
  }

  private resetAndPropagateAssignmentWithError(group: ClassicGroup, error: ErrorName): void {
    for (const member of group.members.values()) {
      member.assignment = new Uint8Array();
      const awaiting = member.awaitingSync;
      member.awaitingSync = null;
      awaiting?.(this.syncError(error));
    }
  }

  private syncResponse(group: ClassicGroup, assignment: Uint8Array): SyncGroupResponse {
    return { throttleTimeMs: 0, errorCode: 0, protocolType: group.protocolType, protocolName: group.protocolName, assignment };
  }

  private syncError(error: ErrorName): SyncGroupResponse {
    return { throttleTimeMs: 0, errorCode: errorCode(error), protocolType: null, protocolName: null, assignment: new Uint8Array() };
  }

  // ------------------------------------------------------------------ Heartbeat and LeaveGroup

  async heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse> {
    const group = this.getOrMaybeCreate(request.groupId, false);
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    group.validateMember(request.memberId, request.groupInstanceId, 'heartbeat');
    if (request.generationId !== group.generationId)
      fail(
        'ILLEGAL_GENERATION',
        `The generation ${request.generationId} of member ${request.memberId} is not the group's generation ${group.generationId}.`,
      );
    this.rescheduleHeartbeat(group, group.member(request.memberId)!);
    await this.ctx.flushed();
    // The member learns of the rebalance here and rejoins.
    return { throttleTimeMs: 0, errorCode: errorCode(group.is('PreparingRebalance') ? 'REBALANCE_IN_PROGRESS' : 'NONE') };
  }

  async leave(request: LeaveGroupRequest): Promise<LeaveGroupResponse> {
    const group = this.getOrMaybeCreate(request.groupId, false);
    if (group.is('Dead')) fail('COORDINATOR_NOT_AVAILABLE');
    const members: LeaveGroupResponse['members'] = [];
    for (const identity of request.members) {
      let code = 0;
      try {
        if (identity.memberId === '' && identity.groupInstanceId !== null) {
          // An admin removing a static member by its instance id (KIP-345).
          const memberId = group.staticMembers.get(identity.groupInstanceId);
          if (memberId === undefined)
            fail('UNKNOWN_MEMBER_ID', `Static member ${identity.groupInstanceId} is not known in group ${group.groupId}.`);
          this.removeMember(group, group.member(memberId)!);
        } else if (group.pendingJoinMembers.has(identity.memberId)) {
          this.removePendingMember(group, identity.memberId);
        } else {
          group.validateMember(identity.memberId, identity.groupInstanceId, 'leave-group');
          this.removeMember(group, group.member(identity.memberId)!);
        }
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        code = error.code;
      }
      members.push({ memberId: identity.memberId, groupInstanceId: identity.groupInstanceId, errorCode: code });
    }
    await this.ctx.flushed();
    return { throttleTimeMs: 0, errorCode: 0, members };
  }

  // ------------------------------------------------------------------ membership and timers

  private rescheduleHeartbeat(group: ClassicGroup, member: ClassicGroupMember): void {
    const timeoutMs = member.isNew ? this.ctx.config.classicGroupNewMemberJoinTimeoutMs : member.sessionTimeoutMs;
    const memberId = member.memberId;
    this.ctx.timers.schedule(heartbeatKey(group.groupId, memberId), timeoutMs, () => this.expireHeartbeat(group.groupId, memberId));
  }

  /** No heartbeat within the session timeout: the member is removed and the group rebalances. */
  private expireHeartbeat(groupId: string, memberId: string): void {
    const group = this.ctx.groups.get(groupId);
    if (group?.type !== 'classic' || group.is('Dead')) return;
    if (group.pendingJoinMembers.has(memberId)) {
      this.removePendingMember(group, memberId);
      return;
    }
    const member = group.member(memberId);
    if (member === undefined) return;
    // A member blocked in JoinGroup or SyncGroup cannot heartbeat; only a new member times out while waiting.
    if (!member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null)) return;
    this.removeMember(group, member);
  }

  private removePendingMember(group: ClassicGroup, memberId: string): void {
    group.pendingJoinMembers.delete(memberId);
    this.ctx.timers.cancel(heartbeatKey(group.groupId, memberId));
    if (group.is('PreparingRebalance')) this.maybeCompleteJoinPhase(group);
  }

  /** GroupMetadataManager.removeMemberAndUpdateClassicGroup. */
  private removeMember(group: ClassicGroup, member: ClassicGroupMember): void {
    const awaitingJoin = member.awaitingJoin;
    member.awaitingJoin = null;
    awaitingJoin?.(this.joinError(member.memberId, 'UNKNOWN_MEMBER_ID'));
    group.remove(member.memberId);
    this.ctx.timers.cancel(heartbeatKey(group.groupId, member.memberId));
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalanceOrCompleteJoin(group);
    else if (group.is('PreparingRebalance')) this.maybeCompleteJoinPhase(group);
  }

  /** A group created by a JoinGroup that failed at once (INVALID / INCONSISTENT protocol) is not kept. */
  private maybeDeleteEmptyNewGroup(group: ClassicGroup): void {
    if (group.is('Empty') && group.generationId === 0 && group.members.size === 0 && group.pendingJoinMembers.size === 0) {
      if (this.ctx.groups.get(group.groupId) === group && !this.hasOffsets(group.groupId)) this.ctx.groups.delete(group.groupId);
    }
  }

  private respond<T>(resolve: (value: T) => void, response: T, onFailure: () => T): void {
    this.ctx.flushed().then(
      () => resolve(response),
      () => resolve(onFailure()),
    );
  }

  /**
   * The group's countdowns: its join phase, and each member silent for longer than a third of its
   * session (the most Kafka's docs advise for heartbeat.interval.ms, which the coordinator never
   * learns). A member blocked in JoinGroup or SyncGroup cannot expire, so it shows none.
   */
  waits(group: ClassicGroup): GroupWait[] {
    const { groupId } = group;
    const waits: GroupWait[] = [];
    const joinEndsInMs = this.ctx.timers.remainingMs(joinKey(groupId));
    if (joinEndsInMs !== undefined && group.is('PreparingRebalance')) {
      const initial = group.previousState === 'Empty';
      waits.push({
        groupId,
        memberId: null,
        kind: initial ? 'initial-rebalance-delay' : 'join',
        endsInMs: joinEndsInMs,
        config: initial ? 'group.initial.rebalance.delay.ms' : 'max.poll.interval.ms',
      });
    }
    for (const member of group.members.values()) {
      if (member.isNew || member.awaitingJoin !== null || member.awaitingSync !== null) continue;
      const endsInMs = this.ctx.timers.remainingMs(heartbeatKey(groupId, member.memberId));
      if (endsInMs === undefined || !silentLongerThan(member.sessionTimeoutMs / 3, endsInMs, member.sessionTimeoutMs)) continue;
      waits.push({ groupId, memberId: member.memberId, kind: 'session', endsInMs, config: 'session.timeout.ms' });
    }
    return waits;
  }

  describe(group: ClassicGroup): DescribedGroup {
    const stable = group.is('Stable');
    return {
      errorCode: 0,
      groupId: group.groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? (group.protocolName ?? '') : '',
      members: [...group.members.values()].map((member) => ({
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        memberMetadata: stable ? group.metadataFor(member, group.protocolName!) : new Uint8Array(),
        memberAssignment: stable ? member.assignment : new Uint8Array(),
      })),
    };
  }
}
