/**
 * Where a broker's partition logs rest. The log hands the store whole RecordBatch v2 byte arrays,
 * keyed by (topic, partition, baseOffset), and a small per-partition meta value that the log owns
 * (log start offset, high-watermark checkpoint, leader-epoch cache, segment summaries, producer
 * state). The store never interprets batch bytes or meta.
 *
 * Implementations: MemoryLogStore (in-process runtime; survives a broker "kill" because the
 * runtime keeps the store object while discarding the broker) and IndexedDbLogStore (browser).
 *
 * Every mutating call writes its batches and the meta in one atomic unit: after a crash either
 * all of it is there or none of it. A call resolves only once the write is durable, so the log
 * may advance its end offset and acknowledge produces only then.
 */
import type { TopicPartition } from '../protocol/topic-partition';

export interface StoredBatch {
  baseOffset: number;
  bytes: Uint8Array;
}

export interface LoadedPartition<M> {
  meta: M;
  /** The batch with the highest base offset, or null for an empty log. */
  lastBatch: StoredBatch | null;
}

export interface LogStore<M = unknown> {
  /** Every partition that has meta in this store. */
  listPartitions(): Promise<TopicPartition[]>;
  /** Meta and the last batch: what recovery needs, without reading the whole log. */
  load(tp: TopicPartition): Promise<LoadedPartition<M> | null>;
  /** Appends batches (in offset order) and replaces the meta, atomically. */
  append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void>;
  /**
   * Batches in offset order starting with the one that contains `fromOffset` (the last batch whose
   * baseOffset <= fromOffset, or the first batch after it), until their total size reaches
   * `maxBytes`; at least one batch is returned if any exists, as Kafka does for an oversized batch.
   */
  read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]>;
  /** Deletes every batch with baseOffset >= `fromOffset` (follower truncation) and replaces the meta. */
  truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void>;
  /** Deletes every batch with baseOffset < `beforeOffset` (retention) and replaces the meta. */
  deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void>;
  /**
   * Replaces the batches with baseOffset in [fromOffset, toOffset) by `batches` (compaction keeps
   * offsets, so the replacements lie in the same range) and the meta, atomically.
   */
  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void>;
  writeMeta(tp: TopicPartition, meta: M): Promise<void>;
  /** Removes the partition entirely (topic deletion, reassignment away). */
  deletePartition(tp: TopicPartition): Promise<void>;
  close(): Promise<void>;
}
