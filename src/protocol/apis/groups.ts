/**
 * The group APIs: FindCoordinator (10), JoinGroup (11), Heartbeat (12), LeaveGroup (13),
 * SyncGroup (14), OffsetCommit (8), OffsetFetch (9), DescribeGroups (15), ListGroups (16),
 * DeleteGroups (42), OffsetDelete (47), ConsumerGroupHeartbeat (68) and ConsumerGroupDescribe (69).
 * Field names follow Kafka's request/response JSON schemas at their latest versions.
 *
 * Clients send these to the broker that FindCoordinator named (the leader of the group's
 * __consumer_offsets partition); that broker forwards them to the group coordinator, which in this
 * project runs beside the controller (on the page's main thread, or in-process in Node).
 */

/** FindCoordinator keyType: 0 = group, 1 = transaction. */
export const COORDINATOR_KEY_TYPE_GROUP = 0;
export const COORDINATOR_KEY_TYPE_TRANSACTION = 1;

export interface FindCoordinatorRequest {
  keyType: number;
  coordinatorKeys: string[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  coordinators: Coordinator[];
}

/** One (protocol name, metadata) pair a member supports; metadata is ConsumerProtocolSubscription bytes. */
export interface JoinGroupRequestProtocol {
  name: string;
  metadata: Uint8Array;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** max.poll.interval.ms for consumers. */
  rebalanceTimeoutMs: number;
  /** '' on the first join (answered with MEMBER_ID_REQUIRED and an id to rejoin with). */
  memberId: string;
  groupInstanceId: string | null;
  /** 'consumer' for consumers. */
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
  reason: string | null;
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Uint8Array;
}

export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  /** Every member with its metadata for the leader; empty for everyone else. */
  members: JoinGroupResponseMember[];
}

export interface SyncGroupRequestAssignment {
  memberId: string;
  /** ConsumerProtocolAssignment bytes. */
  assignment: Uint8Array;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  /** The leader's assignments; empty from followers. */
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Uint8Array;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  throttleTimeMs: number;
  errorCode: number;
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
  reason: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  members: MemberIdentity[];
}

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  /** The next offset to read: last processed + 1. */
  committedOffset: number;
  committedLeaderEpoch: number;
  committedMetadata: string | null;
}

export interface OffsetCommitRequest {
  groupId: string;
  /** The classic generation or the KIP-848 member epoch; -1 for an admin commit to an Empty group. */
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: { name: string; partitions: OffsetCommitRequestPartition[] }[];
}

export interface OffsetCommitResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  memberId: string | null;
  memberEpoch: number;
  /** null: every partition the group has offsets for. */
  topics: { name: string; partitionIndexes: number[] }[] | null;
}

export interface OffsetFetchRequest {
  groups: OffsetFetchRequestGroup[];
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  /** -1 when nothing is committed. */
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: { name: string; partitions: OffsetFetchResponsePartition[] }[];
  errorCode: number;
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  groups: OffsetFetchResponseGroup[];
}

export interface DescribeGroupsRequest {
  groups: string[];
  includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** ConsumerProtocolSubscription bytes of the chosen protocol. */
  memberMetadata: Uint8Array;
  /** ConsumerProtocolAssignment bytes. */
  memberAssignment: Uint8Array;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'. */
  groupState: string;
  protocolType: string;
  /** The chosen assignor ('range', 'cooperative-sticky' ...). */
  protocolData: string;
  members: DescribedGroupMember[];
}

export interface DescribeGroupsResponse {
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export interface ListGroupsRequest {
  /** Empty: every state. */
  statesFilter: string[];
  /** Empty: every type ('classic', 'consumer'). */
  typesFilter: string[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: string;
  /** 'classic' or 'consumer' (KIP-848). */
  groupType: string;
}

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

export interface DeleteGroupsRequest {
  groupsNames: string[];
}

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: { groupId: string; errorCode: number }[];
}

export interface OffsetDeleteRequest {
  groupId: string;
  topics: { name: string; partitions: { partitionIndex: number }[] }[];
}

export interface OffsetDeleteResponse {
  errorCode: number;
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

/** Partitions by topic id, as the KIP-848 heartbeat carries them. */
export interface TopicPartitions {
  topicId: string;
  partitions: number[];
}

export interface ConsumerGroupHeartbeatRequest {
  groupId: string;
  /** '' to join; the coordinator assigns one (a client may also generate its own UUID, as 3.8+ clients do). */
  memberId: string;
  /** 0 to join, -1 to leave, -2 for a static member leaving temporarily. */
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  /** -1 when unchanged since the last heartbeat. */
  rebalanceTimeoutMs: number;
  /** null when unchanged since the last heartbeat. */
  subscribedTopicNames: string[] | null;
  /** group.remote.assignor ('uniform', 'range'); null for the group's default or when unchanged. */
  serverAssignor: string | null;
  /** The partitions the member owns now; null when unchanged. */
  topicPartitions: TopicPartitions[] | null;
}

export interface ConsumerGroupHeartbeatResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  /** The member's whole target assignment when it changed; null otherwise. */
  assignment: { topicPartitions: TopicPartitions[] } | null;
}

export interface ConsumerGroupDescribeRequest {
  groupIds: string[];
  includeAuthorizedOperations: boolean;
}

export interface ConsumerGroupDescribedAssignment {
  topicPartitions: { topicId: string; topicName: string; partitions: number[] }[];
}

export interface ConsumerGroupDescribedMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: ConsumerGroupDescribedAssignment;
  targetAssignment: ConsumerGroupDescribedAssignment;
}

export interface ConsumerGroupDescribedGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  /** 'empty', 'assigning', 'reconciling', 'stable', 'dead' (ConsumerGroup.ConsumerGroupState). */
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupDescribedMember[];
}

export interface ConsumerGroupDescribeResponse {
  throttleTimeMs: number;
  groups: ConsumerGroupDescribedGroup[];
}
