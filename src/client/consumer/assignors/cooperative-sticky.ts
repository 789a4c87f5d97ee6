/**
 * Kafka's CooperativeStickyAssignor ('cooperative-sticky'): the sticky result minus every partition that
 * would pass from one current owner to another this round. The owner revokes it, rejoins at once, and a
 * second rebalance hands it out (KIP-429), so no partition is ever owned by two members at a time.
 * Members report what they own in ownedPartitions; the generation comes from the subscription (v2+) or,
 * from older clients, from the userData (COOPERATIVE_STICKY_ASSIGNOR_USER_DATA_V0: generation int32).
 */
import { ByteReader, ByteWriter } from '../../../protocol/schema-types';
import { AbstractStickyAssignor, DEFAULT_GENERATION, type MemberData } from './abstract-sticky-assignor';
import type { MemberSubscription, RebalanceProtocol, Subscription } from './assignor';
import { topicPartitionKey, type TopicPartition } from '../../../protocol/topic-partition';
import { sortedAssignment } from './member-order';

export class CooperativeStickyAssignor extends AbstractStickyAssignor {
  readonly name = 'cooperative-sticky';
  readonly supportedProtocols: readonly RebalanceProtocol[] = ['COOPERATIVE', 'EAGER'];
  private generation = DEFAULT_GENERATION;

  onAssignment(_partitions: readonly TopicPartition[], generationId: number): void {
    this.generation = generationId;
  }

  subscriptionUserData(): Uint8Array | null {
    return new ByteWriter().int32(this.generation).toBytes();
  }

  protected memberData(subscription: Subscription): MemberData {
    if (subscription.generationId >= 0) return { partitions: subscription.ownedPartitions, generation: subscription.generationId };
    let generation: number | null = null;
    if (subscription.userData !== null) {
      try {
        generation = new ByteReader(subscription.userData, 'cooperative-sticky assignor userData').int32();
      } catch {
        generation = DEFAULT_GENERATION;
      }
    }
    return { partitions: subscription.ownedPartitions, generation };
  }

  override assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly MemberSubscription[]): Map<string, TopicPartition[]> {
    const { assignment, partitionsTransferringOwnership } = this.stickyAssign(partitionsPerTopic, members);
    const transferring = partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(members, assignment);
    for (const [key, consumer] of transferring) {
      const list = assignment.get(consumer)!;
      const index = list.findIndex((tp) => topicPartitionKey(tp) === key);
      if (index >= 0) list.splice(index, 1);
    }
    return sortedAssignment(members, assignment);
  }
}

/** Partitions the new assignment gives to a member that did not own them, and that some member owned. */
function computePartitionsTransferringOwnership(
  members: readonly MemberSubscription[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, string> {
  const allAddedPartitions = new Map<string, string>();
  const allRevokedPartitions = new Set<string>();
  for (const member of members) {
    const owned = new Set(member.subscription.ownedPartitions.map((tp) => topicPartitionKey(tp)));
    const assigned = new Set((assignment.get(member.memberId) ?? []).map((tp) => topicPartitionKey(tp)));
    for (const key of assigned) if (!owned.has(key)) allAddedPartitions.set(key, member.memberId);
    for (const key of owned) if (!assigned.has(key)) allRevokedPartitions.add(key);
  }
  return new Map([...allAddedPartitions].filter(([key]) => allRevokedPartitions.has(key)));
}
