/**
 * The pieces of Kafka's GroupSpec the server-side assignors read, in the order Kafka's collections
 * hand them out: members in the HashMap order of their ids (TargetAssignmentBuilder collects them in a
 * HashMap), topic ids and partitions in HashSet order.
 */
import { javaHashOrder, javaStringKeyOrder, javaUuidHash } from '../../core/java-hash-order';
import type { AssignmentMemberSpec, SubscribedTopicMetadata, TopicIdPartitions } from './server-assignor';

export class GroupSpec {
  /** Member ids in Java HashMap order. */
  readonly memberIds: string[];
  private readonly members = new Map<string, AssignmentMemberSpec>();

  constructor(
    members: readonly AssignmentMemberSpec[],
    private readonly topics: ReadonlyMap<string, SubscribedTopicMetadata>,
  ) {
    for (const member of members) this.members.set(member.memberId, member);
    this.memberIds = javaStringKeyOrder(members.map((m) => m.memberId));
  }

  /** The partition count, or -1 for a topic the metadata does not know (SubscribedTopicDescriber). */
  numPartitions(topicId: string): number {
    return this.topics.get(topicId)?.numPartitions ?? -1;
  }

  instanceId(memberId: string): string | null {
    return this.members.get(memberId)!.instanceId;
  }

  /**
   * The member's subscribed topic ids that exist, in HashSet order: TargetAssignmentBuilder resolves
   * subscribed names against the metadata image, so a topic that does not exist is not subscribed yet.
   */
  subscribedTopicIds(memberId: string): string[] {
    const ids = [...new Set(this.members.get(memberId)!.subscribedTopicIds)].filter((id) => this.numPartitions(id) >= 0);
    return javaHashOrder(ids, javaUuidHash);
  }

  /** The member's current assignment as [topicId, partitions] in HashMap/HashSet order, dropping partitions that no longer exist. */
  assignment(memberId: string): [string, number[]][] {
    const assigned = this.members.get(memberId)!.assignedPartitions;
    return javaHashOrder([...assigned.keys()], javaUuidHash).map((topicId) => {
      const numPartitions = this.numPartitions(topicId);
      const partitions = [...new Set(assigned.get(topicId)!)].filter((p) => p < numPartitions).sort((a, b) => a - b);
      return [topicId, javaHashOrder(partitions, (p) => p)];
    });
  }

  /** HOMOGENEOUS when every member subscribes to the same topics (ModernGroup.subscriptionType). */
  isHomogeneous(): boolean {
    const [first, ...rest] = this.memberIds.map((id) => new Set(this.subscribedTopicIds(id)));
    return rest.every((s) => s.size === first.size && [...s].every((t) => first.has(t)));
  }
}

/** The assignor's result in the contract's shape: every member, partitions ascending, no empty topics. */
export function toTargetAssignment(
  memberIds: readonly string[],
  assignment: ReadonlyMap<string, ReadonlyMap<string, Iterable<number>>>,
): Map<string, TopicIdPartitions> {
  const out = new Map<string, TopicIdPartitions>();
  for (const memberId of memberIds) {
    const partitions: TopicIdPartitions = new Map();
    for (const [topicId, set] of assignment.get(memberId) ?? []) {
      const sorted = [...set].sort((a, b) => a - b);
      if (sorted.length > 0) partitions.set(topicId, sorted);
    }
    out.set(memberId, partitions);
  }
  return out;
}
