/**
 * Kafka's UniformHeterogeneousAssignmentBuilder, for groups whose members subscribe to different topics:
 * members keep the partitions of topics they still subscribe to; the partitions nobody holds go, topic
 * by topic, to the least loaded subscribers; then each topic with two or more subscribers is balanced by
 * moving partitions from its most to its least loaded subscribers, for at most 16 rounds over the
 * topics. Topics are taken by partitions per subscriber (descending), then subscriber count, then id.
 */
import type { GroupSpec } from './assignment-spec';
import { compareUuids } from '../../core/java-hash-order';

/** Bounds the final balancing: each round roughly halves the imbalance (MAX_ITERATION_COUNT). */
const MAX_ITERATION_COUNT = 16;

export function assignHeterogeneous(spec: GroupSpec): Map<string, Map<string, Set<number>>> {
  return new HeterogeneousBuilder(spec).build();
}

class HeterogeneousBuilder {
  private readonly memberIds: readonly string[];
  private readonly subscribedTopicIds = new Set<string>();
  /** Subscriber indices per topic, ascending. */
  private readonly topicSubscribers = new Map<string, number[]>();
  private readonly target = new Map<string, Map<string, Set<number>>>();
  private readonly memberTargetAssignmentSizes: number[];
  /** The owning member's index per partition, -1 when unassigned. */
  private readonly targetAssignmentPartitionOwners = new Map<string, number[]>();

  constructor(private readonly spec: GroupSpec) {
    this.memberIds = spec.memberIds;
    this.memberTargetAssignmentSizes = new Array<number>(this.memberIds.length).fill(0);
    this.memberIds.forEach((memberId, index) => {
      for (const topicId of spec.subscribedTopicIds(memberId)) {
        this.subscribedTopicIds.add(topicId);
        let subscribers = this.topicSubscribers.get(topicId);
        if (!subscribers) this.topicSubscribers.set(topicId, (subscribers = []));
        subscribers.push(index);
      }
    });
    for (const topicId of this.subscribedTopicIds) {
      this.targetAssignmentPartitionOwners.set(topicId, new Array<number>(spec.numPartitions(topicId)).fill(-1));
    }
  }

  build(): Map<string, Map<string, Set<number>>> {
    if (this.subscribedTopicIds.size === 0) return this.target;
    this.maybeRevokePartitions();
    this.assignRemainingPartitions();
    const balanceable = [...this.subscribedTopicIds].filter((t) => this.topicSubscribers.get(t)!.length >= 2);
    if (balanceable.length > 0) this.balanceTopics(balanceable);
    return this.target;
  }

  private readonly compareTopics = (a: string, b: string): number => {
    const aCount = this.topicSubscribers.get(a)!.length;
    const bCount = this.topicSubscribers.get(b)!.length;
    const aPerSubscriber = this.spec.numPartitions(a) / aCount;
    const bPerSubscriber = this.spec.numPartitions(b) / bCount;
    if (aPerSubscriber !== bPerSubscriber) return bPerSubscriber > aPerSubscriber ? 1 : -1;
    return aCount - bCount || compareUuids(a, b);
  };

  private readonly compareMembers = (a: number, b: number): number =>
    this.memberTargetAssignmentSizes[a] - this.memberTargetAssignmentSizes[b] || a - b;

  private maybeRevokePartitions(): void {
    this.memberIds.forEach((memberId, index) => {
      const subscribed = new Set(this.spec.subscribedTopicIds(memberId));
      const kept = new Map<string, Set<number>>();
      for (const [topicId, partitions] of this.spec.assignment(memberId)) {
        if (!subscribed.has(topicId)) continue;
        kept.set(topicId, new Set(partitions));
        this.memberTargetAssignmentSizes[index] += partitions.length;
        for (const p of partitions) this.targetAssignmentPartitionOwners.get(topicId)![p] = index;
      }
      this.target.set(memberId, kept);
    });
  }

  private assignRemainingPartitions(): void {
    const unassigned = new Map<string, number[]>();
    for (const topicId of this.subscribedTopicIds) {
      const free = this.targetAssignmentPartitionOwners.get(topicId)!.flatMap((owner, p) => (owner === -1 ? [p] : []));
      if (free.length > 0) unassigned.set(topicId, free);
    }
    const balancer = new MemberAssignmentBalancer(this.memberTargetAssignmentSizes, this.compareMembers);
    for (const topicId of [...unassigned.keys()].sort(this.compareTopics)) {
      balancer.initialize(this.topicSubscribers.get(topicId)!);
      for (const p of unassigned.get(topicId)!) this.assignPartition(topicId, p, balancer.nextLeastLoadedMember());
    }
  }

  private balanceTopics(topicIds: string[]): void {
    const sortedTopicIds = topicIds.sort(this.compareTopics);
    // Stop once a whole round over the topics moved nothing.
    let lastRebalanceTopicIndex = -1;
    const balancer = new MemberAssignmentBalancer(this.memberTargetAssignmentSizes, this.compareMembers);
    for (let i = 0; i < MAX_ITERATION_COUNT; i++) {
      for (let topicIndex = 0; topicIndex < sortedTopicIds.length; topicIndex++) {
        if (topicIndex === lastRebalanceTopicIndex) return;
        const reassigned = this.balanceTopic(sortedTopicIds[topicIndex], balancer);
        if (reassigned > 0 || lastRebalanceTopicIndex === -1) lastRebalanceTopicIndex = topicIndex;
      }
    }
  }

  private balanceTopic(topicId: string, balancer: MemberAssignmentBalancer): number {
    let reassignedPartitionCount = 0;
    const imbalance = balancer.initialize(this.topicSubscribers.get(topicId)!);
    if (imbalance <= 1) return reassignedPartitionCount;

    const owners = this.targetAssignmentPartitionOwners.get(topicId)!;
    // Partitions grouped by owner, so each member's partitions form a range we can take from the end of.
    const partitions = owners.map((_, p) => p).sort((a, b) => owners[a] - owners[b] || a - b);
    const start = new Map<number, number>();
    const end = new Map<number, number>();
    partitions.forEach((p, i) => {
      if (!start.has(owners[p])) start.set(owners[p], i);
      end.set(owners[p], i + 1);
    });

    while (!balancer.isBalanced()) {
      let mostLoaded = -1;
      for (;;) {
        mostLoaded = balancer.nextMostLoadedMember();
        if (mostLoaded === -1) break;
        if (!end.has(mostLoaded) || end.get(mostLoaded)! - start.get(mostLoaded)! <= 0) {
          balancer.excludeMostLoadedMember();
          continue;
        }
        break;
      }
      if (mostLoaded === -1) break;

      const partition = partitions[end.get(mostLoaded)! - 1];
      end.set(mostLoaded, end.get(mostLoaded)! - 1);
      const leastLoaded = balancer.nextLeastLoadedMember();
      if (balancer.isBalanced()) break;
      this.assignPartition(topicId, partition, leastLoaded);
      reassignedPartitionCount++;
    }
    return reassignedPartitionCount;
  }

  private assignPartition(topicId: string, partition: number, memberIndex: number): void {
    const owners = this.targetAssignmentPartitionOwners.get(topicId)!;
    const oldMemberIndex = owners[partition];
    if (oldMemberIndex !== -1) {
      const old = this.target.get(this.memberIds[oldMemberIndex])!;
      const set = old.get(topicId);
      if (set) {
        set.delete(partition);
        if (set.size === 0) old.delete(topicId);
      }
      this.memberTargetAssignmentSizes[oldMemberIndex]--;
    }
    const assignment = this.target.get(this.memberIds[memberIndex])!;
    let set = assignment.get(topicId);
    if (!set) assignment.set(topicId, (set = new Set()));
    set.add(partition);
    owners[partition] = memberIndex;
    this.memberTargetAssignmentSizes[memberIndex]++;
  }
}

/**
 * UniformHeterogeneousAssignmentBuilder.MemberAssignmentBalancer: over a topic's subscribers sorted by
 * load, a least loaded range that grows rightwards as it fills and a most loaded range that grows
 * leftwards as it gives partitions up; balanced once their levels differ by one or less.
 */
class MemberAssignmentBalancer {
  private sortedMembers: number[] = [];
  private leastLoadedRangeEnd = 0;
  private leastLoadedRangePartitionCount = -1;
  private nextLeastLoaded = 0;
  private mostLoadedRangeStart = 0;
  private mostLoadedRangeEnd = 0;
  private mostLoadedRangePartitionCount = 1;
  private nextMostLoaded = -1;

  constructor(
    private readonly sizes: number[],
    private readonly compareMembers: (a: number, b: number) => number,
  ) {}

  /** Resets for a topic's subscribers; returns the spread between the most and least loaded. */
  initialize(members: readonly number[]): number {
    this.sortedMembers = [...members].sort(this.compareMembers);
    const first = this.sizes[this.sortedMembers[0]];
    const last = this.sizes[this.sortedMembers[this.sortedMembers.length - 1]];
    this.leastLoadedRangeEnd = 0;
    this.leastLoadedRangePartitionCount = first - 1;
    this.nextLeastLoaded = 0;
    this.mostLoadedRangeStart = this.sortedMembers.length;
    this.mostLoadedRangeEnd = this.sortedMembers.length;
    this.mostLoadedRangePartitionCount = last + 1;
    this.nextMostLoaded = this.sortedMembers.length - 1;
    return last - first;
  }

  nextLeastLoadedMember(): number {
    if (this.nextLeastLoaded >= this.leastLoadedRangeEnd) {
      this.leastLoadedRangePartitionCount++;
      while (
        this.leastLoadedRangeEnd < this.sortedMembers.length &&
        this.sizes[this.sortedMembers[this.leastLoadedRangeEnd]] === this.leastLoadedRangePartitionCount
      ) {
        this.leastLoadedRangeEnd++;
      }
      this.nextLeastLoaded = 0;
    }
    return this.sortedMembers[this.nextLeastLoaded++];
  }

  /** -1 when no member in reach has a partition to give up. */
  nextMostLoadedMember(): number {
    if (this.nextMostLoaded < this.mostLoadedRangeStart) {
      if (this.mostLoadedRangeEnd <= this.mostLoadedRangeStart && this.mostLoadedRangeStart > 0) {
        // Emptied by exclusions: restart the level from the next member down so the range expands.
        this.mostLoadedRangePartitionCount = this.sizes[this.sortedMembers[this.mostLoadedRangeStart - 1]];
      } else {
        this.mostLoadedRangePartitionCount--;
      }
      while (
        this.mostLoadedRangeStart > 0 &&
        this.sizes[this.sortedMembers[this.mostLoadedRangeStart - 1]] === this.mostLoadedRangePartitionCount
      ) {
        this.mostLoadedRangeStart--;
      }
      this.nextMostLoaded = this.mostLoadedRangeEnd - 1;
    }
    if (this.nextMostLoaded < 0) return -1;
    return this.sortedMembers[this.nextMostLoaded--];
  }

  /** Drops the member nextMostLoadedMember just returned from the most loaded range. */
  excludeMostLoadedMember(): void {
    const member = this.sortedMembers[this.nextMostLoaded + 1];
    this.sortedMembers[this.nextMostLoaded + 1] = this.sortedMembers[this.mostLoadedRangeEnd - 1];
    this.sortedMembers[this.mostLoadedRangeEnd - 1] = member;
    this.mostLoadedRangeEnd--;
  }

  isBalanced(): boolean {
    return this.mostLoadedRangePartitionCount - this.leastLoadedRangePartitionCount <= 1;
  }
}
