import type { StoredBatch } from '../src/broker/log-store';
import type { TopicPartition } from '../src/protocol/topic-partition';
import { containingIndex, firstIndexAtOrAfter, insertBatch, takeBatches } from '../src/broker/sorted-batches';

export interface TailCacheLimits {
  /** Most batch bytes kept for one partition. */
  partitionBytes: number;
  /** Most batch bytes kept for all of one broker's partitions together. */
  storeBytes: number;
}

/** Kafka's page cache holds a log's recent segments; these bounds keep a tab's share of it small. */
export const DEFAULT_TAIL_CACHE_LIMITS: TailCacheLimits = { partitionBytes: 8 << 20, storeBytes: 64 << 20 };

/**
 * What the cache knows of one partition: `batches` is exactly the set of stored batches whose
 * baseOffset >= `from`. `from` is -Infinity when the cache holds the whole partition.
 */
interface Tail {
  from: number;
  batches: StoredBatch[];
  bytes: number;
}

/**
 * The recent end of each partition's log in memory, so a fetch of the tail (a follower's, or a
 * consumer's that keeps up) needs no IndexedDB transaction, as Kafka serves recent data from the
 * OS page cache rather than the disk. The store changes it only once a write has committed, so it
 * always shows what is durable, and a read it cannot answer exactly returns null (read the store).
 *
 * A partition's tail is seeded when the log loads it at recovery (LogStore.load: its last batch)
 * and grows with each append. Bounded twice: past `partitionBytes` a partition gives up its oldest
 * cached batches, past `storeBytes` the least recently used partition does.
 */
export class LogTailCache {
  private readonly tails = new Map<string, Tail>();
  /** Committed writes per partition, so a load that raced a write does not seed a stale tail. */
  private readonly versions = new Map<string, number>();
  private totalBytes = 0;

  constructor(private readonly limits: TailCacheLimits = DEFAULT_TAIL_CACHE_LIMITS) {}

  /** Batch bytes held for all partitions. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Batch bytes held for one partition. */
  partitionBytes(tp: TopicPartition): number {
    return this.tails.get(key(tp))?.bytes ?? 0;
  }

  /** Taken before reading the store, and handed back to seed(). */
  version(tp: TopicPartition): number {
    return this.versions.get(key(tp)) ?? 0;
  }

  /** LogStore.read from memory, or null when the batch containing `fromOffset` may not be cached. */
  read(tp: TopicPartition, fromOffset: number, maxBytes: number): StoredBatch[] | null {
    const tail = this.touch(key(tp));
    if (!tail) return null;
    const start = containingIndex(tail.batches, fromOffset);
    // Before the first cached batch, only a cache of the whole partition knows there is none earlier.
    if (start < 0 && tail.from !== -Infinity) return null;
    return takeBatches(tail.batches, start, maxBytes);
  }

  /**
   * Starts a partition's tail from what LogStore.load read: the last batch (everything from its base
   * offset on) or none (an empty partition). Ignored if a write committed since `version`.
   */
  seed(tp: TopicPartition, lastBatch: StoredBatch | null, version: number): void {
    const k = key(tp);
    if (this.tails.has(k) || this.version(tp) !== version) return;
    this.tails.set(k, { from: lastBatch ? lastBatch.baseOffset : -Infinity, batches: [], bytes: 0 });
    if (lastBatch) this.append(tp, [lastBatch], false);
  }

  append(tp: TopicPartition, batches: StoredBatch[], bump = true): void {
    this.change(tp, bump, (tail) => {
      for (const batch of batches) if (batch.baseOffset >= tail.from) this.insert(tail, batch);
    });
  }

  /** The store deleted every batch with baseOffset >= fromOffset. */
  truncateFrom(tp: TopicPartition, fromOffset: number): void {
    this.change(tp, true, (tail) => {
      this.removeRange(tail, fromOffset, Infinity);
      // None is left at or after fromOffset, whether or not the cache reached down that far.
      tail.from = Math.min(tail.from, fromOffset);
    });
  }

  /** The store deleted every batch with baseOffset < beforeOffset. */
  deleteBefore(tp: TopicPartition, beforeOffset: number): void {
    this.change(tp, true, (tail) => {
      if (tail.from > beforeOffset) return;
      this.removeRange(tail, -Infinity, beforeOffset);
      // Everything left in the store starts at or after beforeOffset, and all of that is cached.
      tail.from = -Infinity;
    });
  }

  /** The store swapped the batches in [fromOffset, toOffset) for `batches`, which lie in that range. */
  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[]): void {
    this.change(tp, true, (tail) => {
      if (toOffset <= tail.from) return;
      this.removeRange(tail, fromOffset, toOffset);
      // The store now holds only the replacements in [fromOffset, tail.from), so they extend the tail.
      tail.from = Math.min(tail.from, fromOffset);
      for (const batch of batches) this.insert(tail, batch);
    });
  }

  /** The store removed the partition: it is known to be empty. */
  deletePartition(tp: TopicPartition): void {
    this.change(tp, true, (tail) => this.removeRange(tail, -Infinity, Infinity));
    this.tails.set(key(tp), { from: -Infinity, batches: [], bytes: 0 });
  }

  /** Applies a committed write to a partition's tail, if it has one, then enforces the bounds. */
  private change(tp: TopicPartition, bump: boolean, mutate: (tail: Tail) => void): void {
    const k = key(tp);
    if (bump) this.versions.set(k, this.version(tp) + 1);
    const tail = this.touch(k);
    if (!tail) return;
    mutate(tail);
    this.evict(k);
  }

  private insert(tail: Tail, batch: StoredBatch): void {
    const replaced = insertBatch(tail.batches, batch);
    this.resize(tail, batch.bytes.byteLength - (replaced?.bytes.byteLength ?? 0));
  }

  private removeRange(tail: Tail, fromOffset: number, toOffset: number): void {
    const start = firstIndexAtOrAfter(tail.batches, fromOffset);
    const end = firstIndexAtOrAfter(tail.batches, toOffset);
    for (const removed of tail.batches.splice(start, Math.max(0, end - start))) this.resize(tail, -removed.bytes.byteLength);
  }

  private resize(tail: Tail, delta: number): void {
    tail.bytes += delta;
    this.totalBytes += delta;
  }

  /** Marks a partition's tail most recently used (a Map iterates in insertion order). */
  private touch(k: string): Tail | undefined {
    const tail = this.tails.get(k);
    if (tail) {
      this.tails.delete(k);
      this.tails.set(k, tail);
    }
    return tail;
  }

  /** Drops oldest batches: first of the partition just changed, then of the least recently used ones. */
  private evict(changed: string): void {
    const tail = this.tails.get(changed);
    while (tail && tail.bytes > this.limits.partitionBytes) this.dropOldest(tail);
    for (const candidate of this.tails.values()) {
      if (this.totalBytes <= this.limits.storeBytes) return;
      while (candidate.batches.length > 0 && this.totalBytes > this.limits.storeBytes) this.dropOldest(candidate);
    }
  }

  /** The tail still holds every stored batch from just after the dropped one on. */
  private dropOldest(tail: Tail): void {
    const [dropped] = tail.batches.splice(0, 1);
    tail.from = dropped.baseOffset + 1;
    this.resize(tail, -dropped.bytes.byteLength);
  }
}

function key(tp: TopicPartition): string {
  // A partition number never contains a space, so the first space ends it.
  return `${tp.partition} ${tp.topic}`;
}
