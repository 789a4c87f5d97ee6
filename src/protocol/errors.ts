/**
 * Kafka's error table: code, name, retriable flag and the client's default message, as in
 * clients/src/main/java/org/apache/kafka/common/protocol/Errors.java. A `retriable` error is one
 * whose Java exception extends RetriableException (InvalidMetadataException included).
 */
interface ErrorSpec {
  code: number;
  retriable: boolean;
  message: string;
}

const spec = (code: number, retriable: boolean, message: string): ErrorSpec => ({ code, retriable, message });

export const ERRORS = {
  UNKNOWN_SERVER_ERROR: spec(-1, false, 'The server experienced an unexpected error when processing the request.'),
  NONE: spec(0, false, ''),
  OFFSET_OUT_OF_RANGE: spec(1, false, 'The requested offset is not within the range of offsets maintained by the server.'),
  CORRUPT_MESSAGE: spec(
    2,
    true,
    'This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt.',
  ),
  UNKNOWN_TOPIC_OR_PARTITION: spec(3, true, 'This server does not host this topic-partition.'),
  INVALID_FETCH_SIZE: spec(4, false, 'The requested fetch size is invalid.'),
  LEADER_NOT_AVAILABLE: spec(5, true, 'There is no leader for this topic-partition as we are in the middle of a leadership election.'),
  NOT_LEADER_OR_FOLLOWER: spec(
    6,
    true,
    'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.',
  ),
  REQUEST_TIMED_OUT: spec(7, true, 'The request timed out.'),
  BROKER_NOT_AVAILABLE: spec(8, false, 'The broker is not available.'),
  REPLICA_NOT_AVAILABLE: spec(
    9,
    true,
    'The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.',
  ),
  MESSAGE_TOO_LARGE: spec(10, false, 'The request included a message larger than the max message size the server will accept.'),
  STALE_CONTROLLER_EPOCH: spec(11, false, 'The controller moved to another broker.'),
  OFFSET_METADATA_TOO_LARGE: spec(12, false, 'The metadata field of the offset request was too large.'),
  NETWORK_EXCEPTION: spec(13, true, 'The server disconnected before a response was received.'),
  COORDINATOR_LOAD_IN_PROGRESS: spec(14, true, "The coordinator is loading and hence can't process requests."),
  COORDINATOR_NOT_AVAILABLE: spec(15, true, 'The coordinator is not available.'),
  NOT_COORDINATOR: spec(16, true, 'This is not the correct coordinator.'),
  INVALID_TOPIC_EXCEPTION: spec(17, false, 'The request attempted to perform an operation on an invalid topic.'),
  RECORD_LIST_TOO_LARGE: spec(18, false, 'The request included message batch larger than the configured segment size on the server.'),
  NOT_ENOUGH_REPLICAS: spec(19, true, 'Messages are rejected since there are fewer in-sync replicas than required.'),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: spec(20, true, 'Messages are written to the log, but to fewer in-sync replicas than required.'),
  INVALID_REQUIRED_ACKS: spec(21, false, 'Produce request specified an invalid value for required acks.'),
  ILLEGAL_GENERATION: spec(22, false, 'Specified group generation id is not valid.'),
  INCONSISTENT_GROUP_PROTOCOL: spec(
    23,
    false,
    "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.",
  ),
  INVALID_GROUP_ID: spec(24, false, 'The configured groupId is invalid.'),
  UNKNOWN_MEMBER_ID: spec(25, false, 'The coordinator is not aware of this member.'),
  INVALID_SESSION_TIMEOUT: spec(
    26,
    false,
    'The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).',
  ),
  REBALANCE_IN_PROGRESS: spec(27, false, 'The group is rebalancing, so a rejoin is needed.'),
  INVALID_COMMIT_OFFSET_SIZE: spec(28, false, 'The committing offset data size is not valid.'),
  TOPIC_AUTHORIZATION_FAILED: spec(29, false, 'Topic authorization failed.'),
  GROUP_AUTHORIZATION_FAILED: spec(30, false, 'Group authorization failed.'),
  CLUSTER_AUTHORIZATION_FAILED: spec(31, false, 'Cluster authorization failed.'),
  INVALID_TIMESTAMP: spec(32, false, 'The timestamp of the message is out of acceptable range.'),
  UNSUPPORTED_VERSION: spec(35, false, 'The version of API is not supported.'),
  TOPIC_ALREADY_EXISTS: spec(36, false, 'Topic with this name already exists.'),
  INVALID_PARTITIONS: spec(37, false, 'Number of partitions is below 1.'),
  INVALID_REPLICATION_FACTOR: spec(38, false, 'Replication factor is below 1 or larger than the number of available brokers.'),
  INVALID_REPLICA_ASSIGNMENT: spec(39, false, 'Replica assignment is invalid.'),
  INVALID_CONFIG: spec(40, false, 'Configuration is invalid.'),
  NOT_CONTROLLER: spec(41, true, 'This is not the correct controller for this cluster.'),
  INVALID_REQUEST: spec(
    42,
    false,
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
  ),
  POLICY_VIOLATION: spec(44, false, 'Request parameters do not satisfy the configured policy.'),
  OUT_OF_ORDER_SEQUENCE_NUMBER: spec(45, false, 'The broker received an out of order sequence number.'),
  DUPLICATE_SEQUENCE_NUMBER: spec(46, false, 'The broker received a duplicate sequence number.'),
  INVALID_PRODUCER_EPOCH: spec(47, false, 'Producer attempted to produce with an old epoch.'),
  INVALID_TRANSACTION_TIMEOUT: spec(
    50,
    false,
    'The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).',
  ),
  CONCURRENT_TRANSACTIONS: spec(
    51,
    true,
    'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.',
  ),
  OPERATION_NOT_ATTEMPTED: spec(
    55,
    false,
    'The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest.',
  ),
  KAFKA_STORAGE_ERROR: spec(56, true, 'Disk error when trying to access log file on the disk.'),
  UNKNOWN_PRODUCER_ID: spec(
    59,
    false,
    "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception.",
  ),
  REASSIGNMENT_IN_PROGRESS: spec(60, false, 'A partition reassignment is in progress.'),
  NON_EMPTY_GROUP: spec(68, false, 'The group is not empty.'),
  GROUP_ID_NOT_FOUND: spec(69, false, 'The group id does not exist.'),
  TOPIC_DELETION_DISABLED: spec(73, false, 'Topic deletion is disabled.'),
  FENCED_LEADER_EPOCH: spec(74, true, 'The leader epoch in the request is older than the epoch on the broker.'),
  UNKNOWN_LEADER_EPOCH: spec(75, true, 'The leader epoch in the request is newer than the epoch on the broker.'),
  STALE_BROKER_EPOCH: spec(77, false, 'Broker epoch has changed.'),
  OFFSET_NOT_AVAILABLE: spec(
    78,
    true,
    'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing.',
  ),
  MEMBER_ID_REQUIRED: spec(79, false, 'The group member needs to have a valid member id before actually entering a consumer group.'),
  PREFERRED_LEADER_NOT_AVAILABLE: spec(80, true, 'The preferred leader was not available.'),
  GROUP_MAX_SIZE_REACHED: spec(81, false, 'The consumer group has reached its max size.'),
  FENCED_INSTANCE_ID: spec(
    82,
    false,
    'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.',
  ),
  ELIGIBLE_LEADERS_NOT_AVAILABLE: spec(83, true, 'Eligible topic partition leaders are not available.'),
  ELECTION_NOT_NEEDED: spec(84, true, 'Leader election not needed for topic partition.'),
  NO_REASSIGNMENT_IN_PROGRESS: spec(85, false, 'No partition reassignment is in progress.'),
  GROUP_SUBSCRIBED_TO_TOPIC: spec(
    86,
    false,
    'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.',
  ),
  INVALID_RECORD: spec(87, false, 'This record has failed the validation on broker and hence will be rejected.'),
  UNSTABLE_OFFSET_COMMIT: spec(88, true, 'There are unstable offsets that need to be cleared.'),
  THROTTLING_QUOTA_EXCEEDED: spec(89, true, 'The throttling quota has been exceeded.'),
  RESOURCE_NOT_FOUND: spec(91, false, 'A request illegally referred to a resource that does not exist.'),
  DUPLICATE_RESOURCE: spec(92, false, 'A request illegally referred to the same resource twice.'),
  INVALID_UPDATE_VERSION: spec(95, false, 'The given update version was invalid.'),
  UNKNOWN_TOPIC_ID: spec(100, true, 'This server does not host this topic ID.'),
  DUPLICATE_BROKER_REGISTRATION: spec(101, false, 'This broker ID is already in use.'),
  BROKER_ID_NOT_REGISTERED: spec(102, false, 'The given broker ID was not registered.'),
  INCONSISTENT_TOPIC_ID: spec(103, true, "The log's topic ID did not match the topic ID in the request."),
  INELIGIBLE_REPLICA: spec(107, false, 'The new ISR contains at least one ineligible replica.'),
  NEW_LEADER_ELECTED: spec(108, false, 'The AlterPartition request successfully updated the partition state but the leader has changed.'),
  FENCED_MEMBER_EPOCH: spec(
    110,
    false,
    'The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.',
  ),
  UNRELEASED_INSTANCE_ID: spec(
    111,
    false,
    'The instance ID is still used by another member in the consumer group. That member must leave first.',
  ),
  PRODUCER_FENCED: spec(90, false, 'There is a newer producer with the same transactionalId which fences the current one.'),
  UNSUPPORTED_ASSIGNOR: spec(112, false, 'The assignor or its version range is not supported by the consumer group.'),
  STALE_MEMBER_EPOCH: spec(
    113,
    false,
    'The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.',
  ),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;
export type ErrorCode = (typeof ERRORS)[ErrorName]['code'];

const BY_CODE = new Map<number, ErrorName>((Object.keys(ERRORS) as ErrorName[]).map((name) => [ERRORS[name].code, name]));

export function errorCode(name: ErrorName): number {
  return ERRORS[name].code;
}

/** True for one of Kafka's error names (a name that crossed a structured clone, say). */
export function isErrorName(name: string): name is ErrorName {
  return Object.hasOwn(ERRORS, name);
}

/** The name for a code; an unknown code reads as UNKNOWN_SERVER_ERROR, as Errors.forCode does. */
export function errorName(code: number): ErrorName {
  return BY_CODE.get(code) ?? 'UNKNOWN_SERVER_ERROR';
}

/**
 * An error with Kafka's type name, code and retriable flag, shaped like kafkajs's
 * KafkaJSProtocolError so code written against kafkajs can branch on `type` and `retriable`.
 * The message is specific when the broker or controller gave one ("Topic 'x' already exists."),
 * otherwise Kafka's default text for the code.
 */
export class KafkaError extends Error {
  readonly type: ErrorName;
  readonly code: number;
  readonly retriable: boolean;

  constructor(type: ErrorName, message?: string | null) {
    super(message || ERRORS[type].message);
    this.name = 'KafkaError';
    this.type = type;
    this.code = ERRORS[type].code;
    this.retriable = ERRORS[type].retriable;
  }

  static fromCode(code: number, message?: string | null): KafkaError {
    return new KafkaError(errorName(code), message);
  }
}

/** Thrown by an API handler to answer with an error code and message instead of crashing. */
export function fail(type: ErrorName, message?: string): never {
  throw new KafkaError(type, message);
}

/** Any thrown value as a KafkaError; one that is not already Kafka's is UNKNOWN_SERVER_ERROR with its message. */
export function asKafkaError(error: unknown): KafkaError {
  if (error instanceof KafkaError) return error;
  return new KafkaError('UNKNOWN_SERVER_ERROR', error instanceof Error ? error.message : String(error));
}
