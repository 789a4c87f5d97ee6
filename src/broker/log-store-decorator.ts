/**
 * A LogStore over another that changes only how its calls run, not what they do: every read goes
 * through `reading` and every write through `writing`. The broker's log directory (./log-dir.ts) and the
 * simulated disk's faults (./slow-log-store.ts, ./quota-log-store.ts) are such stores, so the list
 * of calls and which of them write is written here once.
 */
import type { TopicPartition } from '../protocol/topic-partition';
import type { LoadedPartition, LogStore, StoredBatch } from './log-store';

export abstract class LogStoreDecorator<M = unknown> implements LogStore<M> {
  constructor(protected readonly inner: LogStore<M>) {}

  /** How a read runs; straight through unless a store says otherwise. */
  protected reading<T>(call: () => Promise<T>): Promise<T> {
    return call();
  }

  /** How a write runs. */
  protected abstract writing(call: () => Promise<void>): Promise<void>;

  listPartitions(): Promise<TopicPartition[]> {
    return this.reading(() => this.inner.listPartitions());
  }

  load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    return this.reading(() => this.inner.load(tp));
  }

  read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    return this.reading(() => this.inner.read(tp, fromOffset, maxBytes));
  }

  append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    return this.writing(() => this.inner.append(tp, batches, meta));
  }

  truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void> {
    return this.writing(() => this.inner.truncateFrom(tp, fromOffset, meta));
  }

  deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    return this.writing(() => this.inner.deleteBefore(tp, beforeOffset, meta));
  }

  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void> {
    return this.writing(() => this.inner.replaceRange(tp, fromOffset, toOffset, batches, meta));
  }

  writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    return this.writing(() => this.inner.writeMeta(tp, meta));
  }

  deletePartition(tp: TopicPartition): Promise<void> {
    return this.writing(() => this.inner.deletePartition(tp));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
