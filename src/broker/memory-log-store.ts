import type { LoadedPartition, LogStore, StoredBatch } from './log-store';
import type { TopicPartition } from '../protocol/topic-partition';
import { containingIndex, firstIndexAtOrAfter, insertBatch, takeBatches } from './sorted-batches';

interface StoredPartition<M> {
  meta: M;
  /** Sorted by baseOffset, one entry per baseOffset (a write to an existing baseOffset replaces it). */
  batches: StoredBatch[];
}

/**
 * The in-process runtime's "disk". The runtime keeps this object while it kills a broker and hands
 * it to the restarted one, so it must hold exactly what a real disk would: nothing the caller can
 * still change after a write. Meta is therefore cloned on every write and every load. Batch bytes
 * are kept as the same Uint8Array objects, without a copy: a RecordBatch is immutable once appended
 * (the log never rewrites bytes in place; compaction writes new batches through replaceRange), so
 * sharing them is safe and keeps the produce path free of copies.
 *
 * Every method mutates synchronously before its promise settles, which makes each call atomic.
 * close() does not invalidate the store, because the next incarnation of the broker reuses it.
 */
export class MemoryLogStore<M = unknown> implements LogStore<M> {
  private readonly topics = new Map<string, Map<number, StoredPartition<M>>>();

  async listPartitions(): Promise<TopicPartition[]> {
    const result: TopicPartition[] = [];
    for (const [topic, partitions] of this.topics) {
      for (const partition of partitions.keys()) result.push({ topic, partition });
    }
    return result;
  }

  async load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    const stored = this.find(tp);
    if (!stored) return null;
    const lastBatch = stored.batches.at(-1);
    return { meta: structuredClone(stored.meta), lastBatch: lastBatch ? { ...lastBatch } : null };
  }

  async append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    this.write(tp, meta, (stored) => {
      for (const batch of batches) insertBatch(stored.batches, batch);
    });
  }

  async read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    const batches = this.find(tp)?.batches ?? [];
    return takeBatches(batches, containingIndex(batches, fromOffset), maxBytes);
  }

  async truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void> {
    this.write(tp, meta, (stored) => {
      stored.batches.length = firstIndexAtOrAfter(stored.batches, fromOffset);
    });
  }

  async deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    this.write(tp, meta, (stored) => {
      stored.batches.splice(0, firstIndexAtOrAfter(stored.batches, beforeOffset));
    });
  }

  async replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void> {
    this.write(tp, meta, (stored) => {
      const start = firstIndexAtOrAfter(stored.batches, fromOffset);
      const end = firstIndexAtOrAfter(stored.batches, toOffset);
      stored.batches.splice(start, Math.max(0, end - start));
      for (const batch of batches) insertBatch(stored.batches, batch);
    });
  }

  async writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    this.write(tp, meta, () => {});
  }

  async deletePartition(tp: TopicPartition): Promise<void> {
    const partitions = this.topics.get(tp.topic);
    if (!partitions) return;
    partitions.delete(tp.partition);
    if (partitions.size === 0) this.topics.delete(tp.topic);
  }

  async close(): Promise<void> {}

  private find(tp: TopicPartition): StoredPartition<M> | undefined {
    return this.topics.get(tp.topic)?.get(tp.partition);
  }

  /** Clones the meta before touching anything, so an uncloneable meta fails the call with no change. */
  private write(tp: TopicPartition, meta: M, mutateBatches: (stored: StoredPartition<M>) => void): void {
    const metaCopy = structuredClone(meta);
    let partitions = this.topics.get(tp.topic);
    if (!partitions) {
      partitions = new Map();
      this.topics.set(tp.topic, partitions);
    }
    let stored = partitions.get(tp.partition);
    if (!stored) {
      stored = { meta: metaCopy, batches: [] };
      partitions.set(tp.partition, stored);
    }
    mutateBatches(stored);
    stored.meta = metaCopy;
  }
}
