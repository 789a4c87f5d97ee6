/**
 * A group of the classic protocol (Kafka's ClassicGroup and ClassicGroupMember): its state machine,
 * members, generation, leader and chosen protocol. Members and the leader's assignment are persisted
 * as one GroupMetadata record; the join and sync callbacks of members waiting for a response live
 * only in memory.
 */
import type { JoinGroupRequestProtocol, JoinGroupResponse, SyncGroupResponse } from '../protocol/apis/groups';
import { fail } from '../protocol/errors';
import { selectProtocol } from './assignors/select-protocol';
import { CONSUMER_PROTOCOL_TYPE, decodeSubscription } from '../protocol/consumer-protocol';
import type { GroupMetadataValue } from './group-records';

export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** ClassicGroupState.validPreviousStates. */
const VALID_PREVIOUS_STATES: Record<ClassicGroupState, ClassicGroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export interface ClassicGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
  assignment: Uint8Array;
  /** Set while the member's JoinGroup waits for the join phase to complete. */
  awaitingJoin: ((response: JoinGroupResponse) => void) | null;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  awaitingSync: ((response: SyncGroupResponse) => void) | null;
  /** Joined during the group's first rebalance: its heartbeat grace is the new-member join timeout. */
  isNew: boolean;
}

export class ClassicGroup {
  readonly type = 'classic';
  state: ClassicGroupState = 'Empty';
  previousState: ClassicGroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  currentStateTimestamp: number;
  /** Set when a member joins during the initial rebalance delay, which then waits another round. */
  newMemberAdded = false;
  readonly members = new Map<string, ClassicGroupMember>();
  /** group.instance.id -> member id of the static member holding it. */
  readonly staticMembers = new Map<string, string>();
  /** Members that got MEMBER_ID_REQUIRED and have not joined with their id yet. */
  readonly pendingJoinMembers = new Set<string>();
  /** Members that have not sent SyncGroup for this generation. */
  readonly pendingSyncMembers = new Set<string>();

  constructor(
    readonly groupId: string,
    nowMs: number,
  ) {
    this.currentStateTimestamp = nowMs;
  }

  /** ClassicGroup.fromRecord: a group loaded from the log is Empty or Stable, with no one waiting. */
  static fromRecord(groupId: string, value: GroupMetadataValue, nowMs: number): ClassicGroup {
    const group = new ClassicGroup(groupId, value.currentStateTimestamp >= 0 ? value.currentStateTimestamp : nowMs);
    group.generationId = value.generation;
    group.protocolType = value.protocolType === '' ? null : value.protocolType;
    group.protocolName = value.protocol;
    group.leaderId = value.leader;
    for (const member of value.members) {
      group.add({
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        rebalanceTimeoutMs: member.rebalanceTimeout,
        sessionTimeoutMs: member.sessionTimeout,
        protocolType: value.protocolType,
        protocols: value.protocol === null ? [] : [{ name: value.protocol, metadata: member.subscription }],
        assignment: member.assignment,
        awaitingJoin: null,
        awaitingSync: null,
        isNew: false,
      });
    }
    group.leaderId = value.leader;
    group.state = group.members.size === 0 ? 'Empty' : 'Stable';
    return group;
  }

  toRecord(assignments: ReadonlyMap<string, Uint8Array>): GroupMetadataValue {
    return {
      protocolType: this.protocolType ?? '',
      generation: this.generationId,
      protocol: this.protocolName,
      leader: this.leaderId,
      currentStateTimestamp: this.currentStateTimestamp,
      members: [...this.members.values()].map((member) => ({
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        rebalanceTimeout: member.rebalanceTimeoutMs,
        sessionTimeout: member.sessionTimeoutMs,
        subscription: this.protocolName === null ? new Uint8Array() : this.metadataFor(member, this.protocolName),
        assignment: assignments.get(member.memberId) ?? new Uint8Array(),
      })),
    };
  }

  is(state: ClassicGroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: ClassicGroupState, nowMs: number): void {
    if (!VALID_PREVIOUS_STATES[state].includes(this.state)) {
      throw new Error(
        `Group ${this.groupId} should be in one of ${VALID_PREVIOUS_STATES[state].join(', ')} before moving to ${state}, not ${this.state}.`,
      );
    }
    this.previousState = this.state;
    this.state = state;
    this.currentStateTimestamp = nowMs;
  }

  /** Stable, CompletingRebalance and Empty may start a rebalance (ClassicGroup.canRebalance). */
  canRebalance(): boolean {
    return VALID_PREVIOUS_STATES.PreparingRebalance.includes(this.state);
  }

  add(member: ClassicGroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
    this.pendingJoinMembers.delete(member.memberId);
  }

  /** Removes a member; a leader that leaves hands leadership to another member (ClassicGroup.remove). */
  remove(memberId: string): ClassicGroupMember | undefined {
    const member = this.members.get(memberId);
    if (member === undefined) return undefined;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    this.pendingSyncMembers.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** A static member rejoining with a new member id takes over the old member's place (ClassicGroup.replaceStaticMember). */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): ClassicGroupMember {
    const member = this.members.get(oldMemberId)!;
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    this.staticMembers.set(groupInstanceId, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    return member;
  }

  member(memberId: string): ClassicGroupMember | undefined {
    return this.members.get(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  /** ClassicGroup.validateMember: a static instance held by another member id is fenced. */
  validateMember(memberId: string, groupInstanceId: string | null, operation: string): void {
    if (groupInstanceId !== null) {
      const existing = this.staticMembers.get(groupInstanceId);
      if (existing === undefined) fail('UNKNOWN_MEMBER_ID', `Static member ${groupInstanceId} is not known in group ${this.groupId}.`);
      if (existing !== memberId) {
        fail(
          'FENCED_INSTANCE_ID',
          `Static member ${memberId} with instance id ${groupInstanceId} is fenced by existing member ${existing} (${operation}).`,
        );
      }
    } else if (!this.members.has(memberId)) {
      fail('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${this.groupId} (${operation}).`);
    }
  }

  /** Every member and the pending ones have sent their JoinGroup for this round. */
  hasAllMembersJoined(): boolean {
    return this.pendingJoinMembers.size === 0 && [...this.members.values()].every((member) => member.awaitingJoin !== null);
  }

  notYetRejoinedMembers(): ClassicGroupMember[] {
    return [...this.members.values()].filter((member) => member.awaitingJoin === null);
  }

  /** If the leader has not rejoined, a member that has becomes leader; false when nobody rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    if (leader?.awaitingJoin) return true;
    const joined = [...this.members.values()].find((member) => member.awaitingJoin !== null);
    if (joined === undefined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  /** The largest rebalance timeout of the members: how long a rebalance waits for them. */
  rebalanceTimeoutMs(): number {
    return Math.max(0, ...[...this.members.values()].map((member) => member.rebalanceTimeoutMs));
  }

  /** The protocols every member supports (ClassicGroup.candidateProtocols). */
  candidateProtocols(): string[] {
    const members = [...this.members.values()];
    if (members.length === 0) return [];
    return members[0].protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /** ClassicGroup.supportsProtocols: the joiner's protocol type matches and it shares a protocol with everyone. */
  supportsProtocols(protocolType: string, protocols: JoinGroupRequestProtocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    const candidates = new Set(this.candidateProtocols());
    return this.protocolType === protocolType && protocols.some((p) => candidates.has(p.name));
  }

  /** ClassicGroup.initNextGeneration: a new generation, in CompletingRebalance, or Empty when no one is left. */
  initNextGeneration(nowMs: number): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = selectProtocol([...this.members.values()].map((member) => member.protocols.map((p) => p.name)));
      this.transitionTo('CompletingRebalance', nowMs);
    } else {
      this.protocolName = null;
      this.transitionTo('Empty', nowMs);
    }
    this.pendingSyncMembers.clear();
    for (const memberId of this.members.keys()) this.pendingSyncMembers.add(memberId);
  }

  metadataFor(member: ClassicGroupMember, protocolName: string): Uint8Array {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? new Uint8Array();
  }

  /** Whether OffsetDelete must refuse the topic; an unreadable subscription counts as subscribed. */
  isSubscribedToTopic(topic: string): boolean {
    if (this.is('Empty') || this.is('Dead') || this.protocolName === null) return false;
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return true;
    return [...this.members.values()].some((member) => {
      try {
        return decodeSubscription(this.metadataFor(member, this.protocolName!)).topics.includes(topic);
      } catch {
        return true;
      }
    });
  }
}
