/**
 * A group of the KIP-848 consumer protocol (Kafka's ConsumerGroup and ConsumerGroupMember): the
 * group epoch, the target assignment and its epoch, and each member's subscription, epoch and
 * current assignment. Everything here is built by replaying records, during normal operation as
 * well as when a shard loads, so memory and the log never disagree.
 */
import type { TopicPartitions } from '../protocol/apis/groups';
import type { TopicIdPartitions } from './assignors/server-assignor';
import {
  MemberState,
  type ConsumerGroupCurrentMemberAssignmentValue,
  type ConsumerGroupMemberMetadataValue,
  type MemberStateValue,
} from './group-records';

export type ConsumerGroupState = 'empty' | 'assigning' | 'reconciling' | 'stable';

/** Partition numbers by topic id, as sets. */
export type Assignment = Map<string, Set<number>>;

export interface ConsumerGroupMember extends ConsumerGroupMemberMetadataValue {
  memberId: string;
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberStateValue;
  assignedPartitions: Assignment;
  partitionsPendingRevocation: Assignment;
}

export function toAssignment(topics: readonly TopicPartitions[]): Assignment {
  return new Map(topics.filter((t) => t.partitions.length > 0).map((t) => [t.topicId, new Set(t.partitions)]));
}

export function fromAssignment(assignment: Assignment): TopicPartitions[] {
  return [...assignment]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topicId, partitions]) => ({ topicId, partitions: [...partitions].sort((x, y) => x - y) }));
}

export function assignmentsEqual(a: Assignment, b: Assignment): boolean {
  if (a.size !== b.size) return false;
  for (const [topicId, partitions] of a) {
    const other = b.get(topicId);
    if (other === undefined || other.size !== partitions.size || [...partitions].some((p) => !other.has(p))) return false;
  }
  return true;
}

export function newMember(memberId: string): ConsumerGroupMember {
  return {
    memberId,
    instanceId: null,
    rackId: null,
    clientId: '',
    clientHost: '',
    subscribedTopicNames: [],
    subscribedTopicRegex: null,
    rebalanceTimeoutMs: -1,
    serverAssignor: null,
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: MemberState.STABLE,
    assignedPartitions: new Map(),
    partitionsPendingRevocation: new Map(),
  };
}

export class ConsumerGroup {
  readonly type = 'consumer';
  groupEpoch = 0;
  metadataHash = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerGroupMember>();
  readonly targetAssignment = new Map<string, TopicIdPartitions>();
  /** Who owns each partition now, by the owner's member epoch (ConsumerGroup.currentPartitionEpoch). */
  private readonly partitionEpochs = new Map<string, Map<number, number>>();

  constructor(readonly groupId: string) {}

  state(): ConsumerGroupState {
    if (this.members.size === 0) return 'empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'assigning';
    for (const member of this.members.values()) {
      if (member.state !== MemberState.STABLE || member.memberEpoch !== this.assignmentEpoch) return 'reconciling';
    }
    return 'stable';
  }

  /** -1 when no member owns the partition (it was never assigned, or its owner released it). */
  currentPartitionEpoch(topicId: string, partition: number): number {
    return this.partitionEpochs.get(topicId)?.get(partition) ?? -1;
  }

  staticMember(instanceId: string): ConsumerGroupMember | undefined {
    return [...this.members.values()].find((member) => member.instanceId === instanceId);
  }

  getOrCreateMember(memberId: string): ConsumerGroupMember {
    let member = this.members.get(memberId);
    if (member === undefined) this.members.set(memberId, (member = newMember(memberId)));
    return member;
  }

  replayMemberMetadata(memberId: string, value: ConsumerGroupMemberMetadataValue | null): void {
    if (value === null) {
      this.members.delete(memberId);
      return;
    }
    Object.assign(this.getOrCreateMember(memberId), value);
  }

  replayCurrentAssignment(memberId: string, value: ConsumerGroupCurrentMemberAssignmentValue | null): void {
    const member = this.members.get(memberId);
    if (member !== undefined) this.updatePartitionEpochs(member, -1);
    if (value === null) {
      if (member !== undefined)
        Object.assign(member, {
          memberEpoch: 0,
          previousMemberEpoch: 0,
          state: MemberState.STABLE,
          assignedPartitions: new Map(),
          partitionsPendingRevocation: new Map(),
        });
      return;
    }
    const updated = this.getOrCreateMember(memberId);
    updated.memberEpoch = value.memberEpoch;
    updated.previousMemberEpoch = value.previousMemberEpoch;
    updated.state = value.state;
    updated.assignedPartitions = toAssignment(value.assignedPartitions);
    updated.partitionsPendingRevocation = toAssignment(value.partitionsPendingRevocation);
    this.updatePartitionEpochs(updated, updated.memberEpoch);
  }

  replayTargetAssignmentMember(memberId: string, topicPartitions: TopicPartitions[] | null): void {
    if (topicPartitions === null) this.targetAssignment.delete(memberId);
    else this.targetAssignment.set(memberId, new Map(topicPartitions.map((t) => [t.topicId, [...t.partitions]])));
  }

  /** Partitions pending revocation are still owned: nobody else may have them until they are released. */
  private updatePartitionEpochs(member: ConsumerGroupMember, epoch: number): void {
    for (const assignment of [member.assignedPartitions, member.partitionsPendingRevocation]) {
      for (const [topicId, partitions] of assignment) {
        let epochs = this.partitionEpochs.get(topicId);
        if (epochs === undefined) this.partitionEpochs.set(topicId, (epochs = new Map()));
        for (const partition of partitions) {
          if (epoch < 0) epochs.delete(partition);
          else epochs.set(partition, epoch);
        }
        if (epochs.size === 0) this.partitionEpochs.delete(topicId);
      }
    }
  }
}
