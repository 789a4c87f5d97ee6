/**
 * Which __consumer_offsets partition, and so which coordinator shard, owns a group
 * (GroupCoordinatorService.partitionFor: Utils.abs(groupId.hashCode()) % numPartitions).
 */

import { javaStringHash } from '../core/java-hash-order';

/** Kafka's internal topic for committed offsets and group metadata (Topic.GROUP_METADATA_TOPIC_NAME). */
export const GROUP_METADATA_TOPIC_NAME = '__consumer_offsets';

/** Kafka's Utils.abs: the absolute value, except that Integer.MIN_VALUE maps to 0 rather than staying negative. */
function javaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}

export function groupPartition(groupId: string, numPartitions: number): number {
  return javaAbs(javaStringHash(groupId)) % numPartitions;
}
