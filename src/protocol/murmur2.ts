/**
 * MurmurHash2, 32-bit, exactly as Kafka's Utils.murmur2 computes it for the default partitioner
 * (partition = toPositive(murmur2(keyBytes)) % numPartitions). Seed 0x9747b28c, little-endian blocks,
 * signed int32 result; Math.imul keeps Java's wrap-around multiplication.
 */
const M = 0x5bd1e995;
const R = 24;
const SEED = 0x9747b28c;

export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  let h = SEED ^ length;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i * 4;
    let k = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = blocks * 4;
  // Java's switch falls through from the longest tail to the shortest; the ifs do the same.
  const remaining = length & 3;
  if (remaining >= 3) h ^= bytes[tail + 2] << 16;
  if (remaining >= 2) h ^= bytes[tail + 1] << 8;
  if (remaining >= 1) {
    h ^= bytes[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Utils.toPositive: clears the sign bit. Not Math.abs, which would map MIN_VALUE to itself. */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
