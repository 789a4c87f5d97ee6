import { murmur2, toPositive } from '../../protocol/murmur2';

/**
 * BuiltInPartitioner.partitionForKey: a keyed record goes to murmur2(key) mod the number of ALL
 * partitions, available or not, so a key keeps its partition while a leader is down. An empty key
 * is a key and is hashed.
 */
export function partitionForKey(keyBytes: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(keyBytes)) % numPartitions;
}
