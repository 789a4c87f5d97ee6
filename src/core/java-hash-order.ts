/**
 * Kafka's assignors walk java.util.HashMap and HashSet instances, so the iteration order of those
 * collections decides ties (which member keeps the extra partition, which member is looked at first).
 * This reproduces that order: HashMap spreads String.hashCode as `h ^ (h >>> 16)`, keeps a power-of-two
 * table that doubles once it is more than 3/4 full, iterates buckets in index order and, within a
 * bucket, entries in insertion order (treeified bins, which need 8 collisions in one bucket, are ignored).
 */

/** java.lang.String.hashCode over UTF-16 code units, with int32 overflow. */
export function javaStringHash(value: string): number {
  let h = 0;
  for (let i = 0; i < value.length; i++) h = (Math.imul(31, h) + value.charCodeAt(i)) | 0;
  return h;
}

/** org.apache.kafka.common.TopicPartition.hashCode. */
export function javaTopicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHash(topic)) | 0;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The four big-endian int32 words of a Kafka Uuid string (22 chars of URL-safe base64). */
function uuidWords(uuid: string): [number, number, number, number] {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of uuid) {
    const v = BASE64URL.indexOf(ch);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  while (bytes.length < 16) bytes.push(0);
  const word = (i: number) => (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  return [word(0), word(4), word(8), word(12)];
}

/** org.apache.kafka.common.Uuid.hashCode: the xor of the two longs, folded to an int. */
export function javaUuidHash(uuid: string): number {
  const [a, b, c, d] = uuidWords(uuid);
  return a ^ b ^ c ^ d;
}

/** org.apache.kafka.common.Uuid.compareTo: the most significant long, then the least, both signed. */
export function compareUuids(x: string, y: string): number {
  const a = uuidWords(x);
  const b = uuidWords(y);
  for (let i = 0; i < 4; i++) {
    // The high word of each long compares signed, the low word unsigned.
    const left = i % 2 === 0 ? a[i] : a[i] >>> 0;
    const right = i % 2 === 0 ? b[i] : b[i] >>> 0;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/** The table size of a HashMap created with `initialCapacity` after `size` puts. */
function tableSize(size: number, initialCapacity: number): number {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * The iteration order of a HashMap (or HashSet) into which `items` were put in the given order.
 * `initialCapacity` is the constructor argument (16 for `new HashMap<>()`); `peakSize` is the most
 * entries the map ever held, since a Java table never shrinks after removals.
 */
export function javaHashOrder<T>(
  items: readonly T[],
  hashOf: (item: T) => number,
  options: { initialCapacity?: number; peakSize?: number } = {},
): T[] {
  const capacity = tableSize(Math.max(items.length, options.peakSize ?? 0), options.initialCapacity ?? 16);
  const bucketOf = (item: T) => {
    const h = hashOf(item);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return items
    .map((item, index) => ({ item, index, bucket: bucketOf(item) }))
    .sort((x, y) => x.bucket - y.bucket || x.index - y.index)
    .map((entry) => entry.item);
}

/** The iteration order of a HashMap<String, ?> filled in the given order. */
export function javaStringKeyOrder(keys: readonly string[]): string[] {
  return javaHashOrder(keys, javaStringHash);
}
