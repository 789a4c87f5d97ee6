/**
 * Kafka's internal topics (org.apache.kafka.common.internals.Topic) and which partition of
 * __consumer_offsets owns a group (GroupCoordinatorService.partitionFor), vocabulary that brokers,
 * the group coordinator, the tools and the page all speak.
 */
import { javaStringHash } from '../core/java-hash-order';

/** Committed offsets and group metadata (Topic.GROUP_METADATA_TOPIC_NAME). */
export const GROUP_METADATA_TOPIC_NAME = '__consumer_offsets';

/** Transaction state (Topic.TRANSACTION_STATE_TOPIC_NAME), created by the first FindCoordinator for a transactional id. */
export const TRANSACTION_STATE_TOPIC_NAME = '__transaction_state';

/** Topic.INTERNAL_TOPICS: what Metadata marks isInternal. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set([GROUP_METADATA_TOPIC_NAME, TRANSACTION_STATE_TOPIC_NAME]);

export function isInternalTopic(topic: string): boolean {
  return INTERNAL_TOPICS.has(topic);
}

/** Kafka's Utils.abs: the absolute value, except that Integer.MIN_VALUE maps to 0 rather than staying negative. */
function javaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}

/**
 * The __consumer_offsets partition that owns `groupId`: Utils.abs(groupId.hashCode()) % numPartitions.
 * TransactionStateManager.partitionFor places a transactional id in __transaction_state the same way.
 */
export function groupPartition(groupId: string, numPartitions: number): number {
  return javaAbs(javaStringHash(groupId)) % numPartitions;
}
