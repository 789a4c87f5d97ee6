/**
 * The sticky algorithm shared by 'sticky' and 'cooperative-sticky', as Kafka's AbstractStickyAssignor
 * (3.5+) computes it: balance first, then keep every member's previous partitions where balance allows.
 *
 * - When every member has the same subscription, the "constrained" builder keeps each member's owned
 *   partitions up to its quota (minQuota = floor(P/N), maxQuota = ceil(P/N), and only P % N members may
 *   keep maxQuota) and deals the rest round robin to the members still short, in member-id order.
 * - Otherwise the "general" builder keeps what is still valid, hands out the rest to the least loaded
 *   eligible member and then moves partitions until no move improves balance, reverting if the moves did
 *   not make the assignment more balanced.
 *
 * A partition claimed by two members resolves by generation: the higher generation keeps it; with equal
 * generations neither does. Kafka iterates its HashMaps here, so ties follow Java's HashMap order of the
 * member ids (see java-hash-order.ts). Rack-aware matching is left out: assignors get partition counts
 * only, without replica racks, and Kafka applies it only when it knows both.
 */
import { javaHashOrder, javaStringKeyOrder, javaTopicPartitionHash } from '../../../core/java-hash-order';
import type { ConsumerPartitionAssignor, MemberSubscription, RebalanceProtocol, Subscription } from './assignor';
import { topicPartitionKey, type TopicPartition } from '../../../protocol/topic-partition';
import { compareStrings, partitionsOf, sortedAssignment } from './member-order';

/** AbstractStickyAssignor.DEFAULT_GENERATION. */
export const DEFAULT_GENERATION = -1;

/** What a member owned before this rebalance, and in which generation (null when it did not say). */
export interface MemberData {
  partitions: TopicPartition[];
  generation: number | null;
}

export interface StickyAssignment {
  assignment: Map<string, TopicPartition[]>;
  /**
   * Partitions moving from a previous owner to another member, by partition key, with the new owner.
   * Computed by the constrained builder only; null after the general one (the cooperative assignor then
   * derives it from the owned partitions).
   */
  partitionsTransferringOwnership: Map<string, string> | null;
}

function removePartition(list: TopicPartition[], tp: TopicPartition): void {
  const index = list.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition);
  if (index >= 0) list.splice(index, 1);
}

function hasPartition(list: readonly TopicPartition[], tp: TopicPartition): boolean {
  return list.some((p) => p.topic === tp.topic && p.partition === tp.partition);
}

export abstract class AbstractStickyAssignor implements ConsumerPartitionAssignor {
  abstract readonly name: string;
  abstract readonly supportedProtocols: readonly RebalanceProtocol[];
  abstract subscriptionUserData(topics: readonly string[]): Uint8Array | null;
  protected abstract memberData(subscription: Subscription): MemberData;

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]> {
    return sortedAssignment(members, this.stickyAssign(partitionsPerTopic, members).assignment);
  }

  protected stickyAssign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): StickyAssignment {
    if (members.length === 0) return { assignment: new Map(), partitionsTransferringOwnership: new Map() };
    // AbstractPartitionAssignor passes only the subscribed topics that exist.
    const subscribed = new Set(members.flatMap((m) => m.subscription.topics));
    const topics = new Map([...partitionsPerTopic].filter(([topic]) => subscribed.has(topic)));
    // ConsumerCoordinator collects the subscriptions into a HashMap keyed by member id.
    const subscriptions = new Map(members.map((m) => [m.memberId, m.subscription]));
    const memberIds = javaStringKeyOrder(members.map((m) => m.memberId));

    const owned = this.ownedPartitions(topics, subscriptions, memberIds);
    if (owned.allSubscriptionsEqual) {
      return new ConstrainedAssignmentBuilder(
        topics,
        memberIds,
        owned.consumerToOwnedPartitions,
        owned.partitionsWithMultiplePreviousOwners,
      ).build();
    }
    const general = new GeneralAssignmentBuilder(
      topics,
      memberIds,
      owned.consumerToOwnedPartitions,
      subscriptions,
      owned.maxGeneration,
      (s) => this.memberData(s),
    );
    return { assignment: general.build(), partitionsTransferringOwnership: null };
  }

  /** AbstractStickyAssignor.allSubscriptionsEqual, which also collects the valid owned partitions. */
  private ownedPartitions(
    topics: ReadonlyMap<string, number>,
    subscriptions: ReadonlyMap<string, Subscription>,
    memberIds: readonly string[],
  ) {
    let allSubscriptionsEqual = true;
    const subscribedTopics = new Set<string>();
    const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
    const partitionsWithMultiplePreviousOwners = new Set<string>();
    const allPreviousPartitionsToOwner = new Map<string, string>();
    let maxGeneration = DEFAULT_GENERATION;

    for (const consumer of memberIds) {
      const subscription = subscriptions.get(consumer)!;
      // Kafka seeds the comparison set from the first non-empty subscription.
      if (subscribedTopics.size === 0) {
        for (const topic of subscription.topics) subscribedTopics.add(topic);
      } else if (
        allSubscriptionsEqual &&
        !(subscription.topics.length === subscribedTopics.size && subscription.topics.every((t) => subscribedTopics.has(t)))
      ) {
        allSubscriptionsEqual = false;
      }

      const memberData = this.memberData(subscription);
      const memberGeneration = memberData.generation ?? DEFAULT_GENERATION;
      maxGeneration = Math.max(maxGeneration, memberGeneration);

      const ownedPartitions: TopicPartition[] = [];
      consumerToOwnedPartitions.set(consumer, ownedPartitions);
      for (const tp of memberData.partitions) {
        if (!topics.has(tp.topic)) continue;
        const key = topicPartitionKey(tp);
        const otherConsumer = allPreviousPartitionsToOwner.get(key);
        if (otherConsumer === undefined) {
          ownedPartitions.push(tp);
          allPreviousPartitionsToOwner.set(key, consumer);
          continue;
        }
        // Kafka compares with the other member's subscription generation, not its userData generation.
        const otherMemberGeneration = Math.max(subscriptions.get(otherConsumer)!.generationId, DEFAULT_GENERATION);
        if (memberGeneration === otherMemberGeneration) {
          partitionsWithMultiplePreviousOwners.add(key);
          removePartition(consumerToOwnedPartitions.get(otherConsumer)!, tp);
          allPreviousPartitionsToOwner.set(key, consumer);
        } else if (memberGeneration > otherMemberGeneration) {
          ownedPartitions.push(tp);
          removePartition(consumerToOwnedPartitions.get(otherConsumer)!, tp);
          allPreviousPartitionsToOwner.set(key, consumer);
        }
      }
    }
    return { allSubscriptionsEqual, consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners, maxGeneration };
  }
}

/** Every partition, topics by name, partitions in order. */
function allPartitionsSorted(topics: ReadonlyMap<string, number>): TopicPartition[] {
  return [...topics.keys()].sort().flatMap((topic) => partitionsOf(topic, topics.get(topic)!));
}

/** A java.util.Iterator over a list that supports remove() of the element last returned. */
class ListIterator<T> {
  private cursor = 0;

  constructor(private readonly list: T[]) {}

  hasNext(): boolean {
    return this.cursor < this.list.length;
  }

  next(): T {
    return this.list[this.cursor++];
  }

  remove(): void {
    this.list.splice(--this.cursor, 1);
  }
}

/** AbstractStickyAssignor.ConstrainedAssignmentBuilder (without its rack-aware round). */
class ConstrainedAssignmentBuilder {
  private readonly minQuota: number;
  private readonly maxQuota: number;
  /** How many members end with maxQuota (0 when minQuota == maxQuota). */
  private readonly expectedNumMembersWithOverMinQuotaPartitions: number;
  private currentNumMembersWithOverMinQuotaPartitions = 0;
  private readonly unfilledMembersWithUnderMinQuotaPartitions: string[] = [];
  private readonly unfilledMembersWithExactlyMinQuotaPartitions: string[] = [];
  private readonly allRevokedPartitions = new Set<string>();
  private readonly assignedPartitions = new Set<string>();
  private readonly assignment = new Map<string, TopicPartition[]>();
  private readonly partitionsTransferringOwnership = new Map<string, string>();

  constructor(
    private readonly topics: ReadonlyMap<string, number>,
    private readonly memberIds: readonly string[],
    private readonly currentAssignment: ReadonlyMap<string, TopicPartition[]>,
    private readonly partitionsWithMultiplePreviousOwners: ReadonlySet<string>,
  ) {
    const total = [...topics.values()].reduce((a, b) => a + b, 0);
    const n = memberIds.length;
    this.minQuota = Math.floor(total / n);
    this.maxQuota = Math.ceil(total / n);
    this.expectedNumMembersWithOverMinQuotaPartitions = total % n;
    for (const member of memberIds) this.assignment.set(member, []);
  }

  build(): StickyAssignment {
    this.assignOwnedPartitions();
    const unassignedPartitions = allPartitionsSorted(this.topics).filter((tp) => !this.assignedPartitions.has(topicPartitionKey(tp)));
    this.unfilledMembersWithUnderMinQuotaPartitions.sort(compareStrings);
    this.unfilledMembersWithExactlyMinQuotaPartitions.sort(compareStrings);
    this.assignRoundRobin(unassignedPartitions);
    this.verifyUnfilledMembers();
    return { assignment: this.assignment, partitionsTransferringOwnership: this.partitionsTransferringOwnership };
  }

  private keep(consumer: string, partitions: readonly TopicPartition[]): void {
    this.assignment.get(consumer)!.push(...partitions);
    for (const tp of partitions) this.assignedPartitions.add(topicPartitionKey(tp));
  }

  private revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.allRevokedPartitions.add(topicPartitionKey(tp));
  }

  private assignOwnedPartitions(): void {
    for (const consumer of this.memberIds) {
      // Kafka keeps the lowest partition numbers first, across topics.
      const ownedPartitions = [...this.currentAssignment.get(consumer)!]
        .sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic))
        .filter((tp) => !this.partitionsWithMultiplePreviousOwners.has(topicPartitionKey(tp)));

      if (ownedPartitions.length < this.minQuota) {
        this.keep(consumer, ownedPartitions);
        this.unfilledMembersWithUnderMinQuotaPartitions.push(consumer);
      } else if (
        ownedPartitions.length >= this.maxQuota &&
        this.currentNumMembersWithOverMinQuotaPartitions < this.expectedNumMembersWithOverMinQuotaPartitions
      ) {
        this.currentNumMembersWithOverMinQuotaPartitions++;
        if (this.currentNumMembersWithOverMinQuotaPartitions === this.expectedNumMembersWithOverMinQuotaPartitions) {
          this.unfilledMembersWithExactlyMinQuotaPartitions.length = 0;
        }
        this.keep(consumer, ownedPartitions.slice(0, this.maxQuota));
        this.revoke(ownedPartitions.slice(this.maxQuota));
      } else {
        this.keep(consumer, ownedPartitions.slice(0, this.minQuota));
        this.revoke(ownedPartitions.slice(this.minQuota));
        if (this.currentNumMembersWithOverMinQuotaPartitions < this.expectedNumMembersWithOverMinQuotaPartitions) {
          this.unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
        }
      }
    }
  }

  private assignRoundRobin(unassignedPartitions: readonly TopicPartition[]): void {
    const under = this.unfilledMembersWithUnderMinQuotaPartitions;
    const exactlyMin = this.unfilledMembersWithExactlyMinQuotaPartitions;
    let unfilledConsumerIter = new ListIterator(under);
    for (const tp of unassignedPartitions) {
      let consumer: string;
      if (unfilledConsumerIter.hasNext()) {
        consumer = unfilledConsumerIter.next();
      } else if (under.length === 0 && exactlyMin.length === 0) {
        throw new Error(`sticky assignor: no more unfilled consumers to be assigned ${topicPartitionKey(tp)}`);
      } else if (under.length === 0) {
        consumer = exactlyMin.shift()!;
      } else {
        unfilledConsumerIter = new ListIterator(under);
        consumer = unfilledConsumerIter.next();
      }

      const currentAssignedCount = this.assignNewPartition(tp, consumer);
      if (currentAssignedCount === this.minQuota) {
        unfilledConsumerIter.remove();
        exactlyMin.push(consumer);
      } else if (currentAssignedCount === this.maxQuota) {
        this.currentNumMembersWithOverMinQuotaPartitions++;
      }
    }
  }

  private assignNewPartition(tp: TopicPartition, consumer: string): number {
    const consumerAssignment = this.assignment.get(consumer)!;
    consumerAssignment.push(tp);
    // Owned partitions were all placed already, so a revoked or doubly claimed one lands on a new owner.
    const key = topicPartitionKey(tp);
    if (this.allRevokedPartitions.has(key) || this.partitionsWithMultiplePreviousOwners.has(key)) {
      this.partitionsTransferringOwnership.set(key, consumer);
    }
    return consumerAssignment.length;
  }

  private verifyUnfilledMembers(): void {
    const under = this.unfilledMembersWithUnderMinQuotaPartitions;
    if (under.length === 0) return;
    if (this.currentNumMembersWithOverMinQuotaPartitions !== this.expectedNumMembersWithOverMinQuotaPartitions) {
      throw new Error(
        "sticky assignor: we haven't reached the expected number of members with more than the minQuota partitions, but no more partitions to be assigned",
      );
    }
    for (const member of under) {
      if (this.assignment.get(member)!.length !== this.minQuota) {
        throw new Error(`sticky assignor: consumer [${member}] doesn't reach minQuota partitions, and no more partitions to be assigned`);
      }
    }
  }
}

/**
 * AbstractStickyAssignor.PartitionMovements: the moves made so far, so that a move back between the
 * same two members returns the partition that went the other way instead of a new one.
 */
class PartitionMovements {
  /** topic -> "src\u0000dst" -> the partitions that moved that way, in insertion order, with the set's peak size. */
  private readonly partitionMovementsByTopic = new Map<string, Map<string, { partitions: TopicPartition[]; peak: number }>>();
  private readonly partitionMovements = new Map<string, { src: string; dst: string }>();

  private removeMovementRecordOfPartition(tp: TopicPartition): { src: string; dst: string } {
    const key = topicPartitionKey(tp);
    const pair = this.partitionMovements.get(key)!;
    this.partitionMovements.delete(key);
    const forTopic = this.partitionMovementsByTopic.get(tp.topic)!;
    const pairKey = `${pair.src}\u0000${pair.dst}`;
    const moved = forTopic.get(pairKey)!;
    removePartition(moved.partitions, tp);
    if (moved.partitions.length === 0) forTopic.delete(pairKey);
    if (forTopic.size === 0) this.partitionMovementsByTopic.delete(tp.topic);
    return pair;
  }

  private addPartitionMovementRecord(tp: TopicPartition, pair: { src: string; dst: string }): void {
    this.partitionMovements.set(topicPartitionKey(tp), pair);
    let forTopic = this.partitionMovementsByTopic.get(tp.topic);
    if (!forTopic) this.partitionMovementsByTopic.set(tp.topic, (forTopic = new Map()));
    const pairKey = `${pair.src}\u0000${pair.dst}`;
    let moved = forTopic.get(pairKey);
    if (!moved) forTopic.set(pairKey, (moved = { partitions: [], peak: 0 }));
    moved.partitions.push(tp);
    moved.peak = Math.max(moved.peak, moved.partitions.length);
  }

  movePartition(tp: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.partitionMovements.has(topicPartitionKey(tp))) {
      const existing = this.removeMovementRecordOfPartition(tp);
      if (existing.src !== newConsumer) this.addPartitionMovementRecord(tp, { src: existing.src, dst: newConsumer });
    } else {
      this.addPartitionMovementRecord(tp, { src: oldConsumer, dst: newConsumer });
    }
  }

  getTheActualPartitionToBeMoved(tp: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const forTopic = this.partitionMovementsByTopic.get(tp.topic);
    if (!forTopic) return tp;
    const previous = this.partitionMovements.get(topicPartitionKey(tp));
    const src = previous ? previous.src : oldConsumer;
    const reverse = forTopic.get(`${newConsumer}\u0000${src}`);
    if (!reverse) return tp;
    // Kafka takes the HashSet's first element.
    return javaHashOrder(reverse.partitions, (p) => javaTopicPartitionHash(p.topic, p.partition), { peakSize: reverse.peak })[0];
  }
}

/** AbstractStickyAssignor.GeneralAssignmentBuilder (without its rack-aware steps). */
class GeneralAssignmentBuilder {
  private readonly topic2AllPotentialConsumers = new Map<string, string[]>();
  private readonly consumer2AllPotentialTopics = new Map<string, string[]>();
  private readonly currentPartitionConsumer = new Map<string, string>();
  private readonly sortedAllPartitions: TopicPartition[];
  /** Kafka's TreeSet ordered by (assignment size, member id); sorted whenever it is read. */
  private readonly sortedCurrentSubscriptions = new Set<string>();
  private readonly totalPartitionsCount: number;
  private readonly partitionMovements = new PartitionMovements();
  private revocationRequired = false;

  constructor(
    private readonly topics: ReadonlyMap<string, number>,
    private readonly memberIds: readonly string[],
    private readonly currentAssignment: Map<string, TopicPartition[]>,
    private readonly subscriptions: ReadonlyMap<string, Subscription>,
    private readonly maxGeneration: number,
    private readonly memberData: (subscription: Subscription) => MemberData,
  ) {
    this.totalPartitionsCount = [...topics.values()].reduce((a, b) => a + b, 0);
    for (const topic of topics.keys()) this.topic2AllPotentialConsumers.set(topic, []);
    for (const consumer of memberIds) {
      const subscribedTopics = subscriptions.get(consumer)!.topics.filter((t) => topics.has(t));
      this.consumer2AllPotentialTopics.set(consumer, subscribedTopics);
      for (const topic of subscribedTopics) this.topic2AllPotentialConsumers.get(topic)!.push(consumer);
      if (!currentAssignment.has(consumer)) currentAssignment.set(consumer, []);
    }
    for (const consumer of memberIds) {
      for (const tp of currentAssignment.get(consumer)!) this.currentPartitionConsumer.set(topicPartitionKey(tp), consumer);
    }
    // Topics with the fewest potential consumers first (TopicComparator), so constrained topics are placed first.
    const sortedAllTopics = [...this.topic2AllPotentialConsumers.keys()].sort(
      (a, b) => this.topic2AllPotentialConsumers.get(a)!.length - this.topic2AllPotentialConsumers.get(b)!.length || compareStrings(a, b),
    );
    this.sortedAllPartitions = sortedAllTopics.flatMap((topic) => partitionsOf(topic, topics.get(topic)!));
  }

  build(): Map<string, TopicPartition[]> {
    const prevAssignment = this.prepopulateCurrentAssignments();
    const assignedPartitions = this.assignOwnedPartitions();
    const unassignedPartitions = this.sortedAllPartitions.filter((tp) => !assignedPartitions.has(topicPartitionKey(tp)));
    for (const consumer of this.currentAssignment.keys()) this.sortedCurrentSubscriptions.add(consumer);
    this.balance(prevAssignment, unassignedPartitions);
    return this.currentAssignment;
  }

  private sizeOf(consumer: string): number {
    return this.currentAssignment.get(consumer)!.length;
  }

  private sortedSubscriptions(): string[] {
    return [...this.sortedCurrentSubscriptions].sort((a, b) => this.sizeOf(a) - this.sizeOf(b) || compareStrings(a, b));
  }

  /** Partitions last owned in an older generation, with that owner: where a partition returns to first. */
  private prepopulateCurrentAssignments(): Map<string, { consumer: string; generation: number }> {
    const prevAssignment = new Map<string, { consumer: string; generation: number }>();
    const update = (partitions: readonly TopicPartition[], consumer: string, generation: number) => {
      for (const tp of partitions) {
        const key = topicPartitionKey(tp);
        const previous = prevAssignment.get(key);
        if (!previous || generation > previous.generation) prevAssignment.set(key, { consumer, generation });
      }
    };
    for (const consumer of this.memberIds) {
      const memberData = this.memberData(this.subscriptions.get(consumer)!);
      if (memberData.generation !== null && memberData.generation < this.maxGeneration) {
        update(memberData.partitions, consumer, memberData.generation);
      } else if (memberData.generation === null && this.maxGeneration > DEFAULT_GENERATION) {
        update(memberData.partitions, consumer, DEFAULT_GENERATION);
      }
    }
    return prevAssignment;
  }

  private assignOwnedPartitions(): Set<string> {
    const assigned = new Set<string>();
    for (const consumer of this.memberIds) {
      const topics = this.subscriptions.get(consumer)!.topics;
      const kept = this.currentAssignment.get(consumer)!.filter((tp) => {
        if (topics.includes(tp.topic)) return true;
        // No longer subscribed to the topic: Kafka drops it from the list but not from currentPartitionConsumer.
        this.revocationRequired = true;
        return false;
      });
      this.currentAssignment.set(consumer, kept);
      for (const tp of kept) assigned.add(topicPartitionKey(tp));
    }
    return assigned;
  }

  private maxAssignmentSize(consumer: string): number {
    const topics = this.consumer2AllPotentialTopics.get(consumer)!;
    if (topics.length === this.topics.size) return this.totalPartitionsCount;
    return topics.reduce((sum, t) => sum + this.topics.get(t)!, 0);
  }

  private isBalanced(): boolean {
    const sorted = this.sortedSubscriptions();
    const min = this.sizeOf(sorted[0]);
    const max = this.sizeOf(sorted[sorted.length - 1]);
    if (min >= max - 1) return true;

    const owners = new Map<string, string>();
    for (const [consumer, partitions] of this.currentAssignment) {
      for (const tp of partitions) owners.set(topicPartitionKey(tp), consumer);
    }
    // A member that could take a partition from a member with more partitions is not balanced.
    for (const consumer of sorted) {
      const count = this.sizeOf(consumer);
      if (count === this.maxAssignmentSize(consumer)) continue;
      for (const topic of this.consumer2AllPotentialTopics.get(consumer)!) {
        for (let p = 0; p < this.topics.get(topic)!; p++) {
          const tp = { topic, partition: p };
          if (hasPartition(this.currentAssignment.get(consumer)!, tp)) continue;
          const other = owners.get(topicPartitionKey(tp));
          if (other !== undefined && count < this.sizeOf(other)) return false;
        }
      }
    }
    return true;
  }

  /** The sum over member pairs of the difference in assignment sizes; 0 is perfectly balanced. */
  private static balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
    const sizes = [...assignment.values()].map((l) => l.length);
    let score = 0;
    for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i] - sizes[j]);
    return score;
  }

  private maybeAssignPartition(tp: TopicPartition): void {
    for (const consumer of this.sortedSubscriptions()) {
      if (this.consumer2AllPotentialTopics.get(consumer)!.includes(tp.topic)) {
        this.currentAssignment.get(consumer)!.push(tp);
        this.currentPartitionConsumer.set(topicPartitionKey(tp), consumer);
        return;
      }
    }
  }

  private canTopicParticipateInReassignment(topic: string): boolean {
    return this.topic2AllPotentialConsumers.get(topic)!.length >= 2;
  }

  private canConsumerParticipateInReassignment(consumer: string): boolean {
    const partitions = this.currentAssignment.get(consumer)!;
    if (partitions.length < this.maxAssignmentSize(consumer)) return true;
    return partitions.some((tp) => this.canTopicParticipateInReassignment(tp.topic));
  }

  private balance(prevAssignment: ReadonlyMap<string, { consumer: string; generation: number }>, unassigned: TopicPartition[]): void {
    const sorted = this.sortedSubscriptions();
    const initializing = this.sizeOf(sorted[sorted.length - 1]) === 0;

    for (const tp of unassigned) {
      if (this.topic2AllPotentialConsumers.get(tp.topic)!.length > 0) this.maybeAssignPartition(tp);
    }

    // Only partitions of topics with two or more potential consumers, and only members that can gain or
    // give up something, take part in the reassignment.
    const movable = (tp: TopicPartition) => this.canTopicParticipateInReassignment(tp.topic);
    const reassignablePartitions = this.sortedAllPartitions.filter(movable);
    const reassignableUnassigned = unassigned.filter(movable);
    const fixedAssignments = new Map<string, TopicPartition[]>();
    for (const consumer of this.memberIds) {
      if (!this.canConsumerParticipateInReassignment(consumer)) {
        this.sortedCurrentSubscriptions.delete(consumer);
        fixedAssignments.set(consumer, this.currentAssignment.get(consumer)!);
        this.currentAssignment.delete(consumer);
      }
    }

    const preBalanceAssignment = new Map([...this.currentAssignment].map(([c, l]) => [c, [...l]]));
    const preBalancePartitionConsumers = new Map(this.currentPartitionConsumer);

    // Without revocations forced by subscription changes, first try moving only the newly added partitions.
    if (!this.revocationRequired) this.performReassignments(reassignableUnassigned, prevAssignment);
    const reassignmentPerformed = this.performReassignments(reassignablePartitions, prevAssignment);

    if (
      !initializing &&
      reassignmentPerformed &&
      GeneralAssignmentBuilder.balanceScore(this.currentAssignment) >= GeneralAssignmentBuilder.balanceScore(preBalanceAssignment)
    ) {
      this.currentAssignment.clear();
      for (const [c, l] of preBalanceAssignment) this.currentAssignment.set(c, l);
      this.currentPartitionConsumer.clear();
      for (const [k, c] of preBalancePartitionConsumers) this.currentPartitionConsumer.set(k, c);
    }

    for (const [consumer, partitions] of fixedAssignments) {
      this.currentAssignment.set(consumer, partitions);
      this.sortedCurrentSubscriptions.add(consumer);
    }
  }

  private performReassignments(
    reassignablePartitions: readonly TopicPartition[],
    prevAssignment: ReadonlyMap<string, { consumer: string; generation: number }>,
  ): boolean {
    let reassignmentPerformed = false;
    let modified: boolean;
    // Each pass moves at least one partition towards balance, so passes are bounded by the partition count.
    do {
      modified = false;
      for (const tp of reassignablePartitions) {
        if (this.isBalanced()) break;
        const consumer = this.currentPartitionConsumer.get(topicPartitionKey(tp))!;
        const previous = prevAssignment.get(topicPartitionKey(tp));
        // Kafka would fail on a previous owner outside the reassignment; we just skip the hand-back.
        if (previous && this.currentAssignment.has(previous.consumer) && this.sizeOf(consumer) > this.sizeOf(previous.consumer) + 1) {
          this.reassignPartitionTo(tp, previous.consumer);
          reassignmentPerformed = modified = true;
          continue;
        }
        for (const other of this.topic2AllPotentialConsumers.get(tp.topic)!) {
          if (this.currentAssignment.has(other) && this.sizeOf(consumer) > this.sizeOf(other) + 1) {
            this.reassignPartition(tp);
            reassignmentPerformed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  }

  /** To the least loaded member that can take it. */
  private reassignPartition(tp: TopicPartition): void {
    const newConsumer = this.sortedSubscriptions().find((c) => this.consumer2AllPotentialTopics.get(c)!.includes(tp.topic))!;
    this.reassignPartitionTo(tp, newConsumer);
  }

  private reassignPartitionTo(tp: TopicPartition, newConsumer: string): void {
    const consumer = this.currentPartitionConsumer.get(topicPartitionKey(tp))!;
    const partitionToBeMoved = this.partitionMovements.getTheActualPartitionToBeMoved(tp, consumer, newConsumer);
    const oldConsumer = this.currentPartitionConsumer.get(topicPartitionKey(partitionToBeMoved))!;
    this.partitionMovements.movePartition(partitionToBeMoved, oldConsumer, newConsumer);
    removePartition(this.currentAssignment.get(oldConsumer)!, partitionToBeMoved);
    this.currentAssignment.get(newConsumer)!.push(partitionToBeMoved);
    this.currentPartitionConsumer.set(topicPartitionKey(partitionToBeMoved), newConsumer);
  }
}
