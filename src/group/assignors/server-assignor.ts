/**
 * The server-side assignor contract of the KIP-848 consumer protocol (Kafka's
 * org.apache.kafka.coordinator.group.api.assignor.ConsumerGroupPartitionAssignor): the coordinator
 * hands it the members' subscriptions and current assignments and the subscribed topics' metadata,
 * and gets back every member's target assignment. `group.consumer.assignors` names them; the first
 * ('uniform') is the default, a member picks another with group.remote.assignor.
 */

/** Partition numbers by topic id. */
export type TopicIdPartitions = Map<string, number[]>;

export interface AssignmentMemberSpec {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  subscribedTopicIds: string[];
  /** What the member is assigned now (its target from the previous epoch), for stickiness. */
  assignedPartitions: TopicIdPartitions;
}

export interface SubscribedTopicMetadata {
  topicId: string;
  topicName: string;
  numPartitions: number;
}

export interface ServerAssignor {
  /** 'uniform' or 'range', as group.consumer.assignors names them. */
  readonly name: string;
  /** The target assignment of every member, keyed by member id; members with nothing get an empty map. */
  assign(members: readonly AssignmentMemberSpec[], topics: ReadonlyMap<string, SubscribedTopicMetadata>): Map<string, TopicIdPartitions>;
}
