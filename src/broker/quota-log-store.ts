/**
 * A store with a quota that can be filled on purpose (`cluster.fillDisk(id)`): from `fill()` on,
 * every write fails as a browser fails an IndexedDB write past the origin's quota
 * (QuotaExceededError); reads still work, as they do on a full disk. The broker's log directory
 * (./log-dir.ts) then fails as in Kafka. Both runtimes put one under each broker's store; a
 * restarted broker gets a new one, as if space had been freed meanwhile.
 */
import type { TopicPartition } from '../protocol/topic-partition';
import type { LoadedPartition, LogStore, StoredBatch } from './log-store';

/** The error a full disk gives, named as the browser names it. */
export function quotaExceeded(): Error {
  const error = new Error('The quota has been exceeded (a full disk, simulated).');
  error.name = 'QuotaExceededError';
  return error;
}

export class QuotaLogStore<M = unknown> implements LogStore<M> {
  private full = false;

  constructor(private readonly inner: LogStore<M>) {}

  /** Fills the disk: every write from now on is refused. */
  fill(): void {
    this.full = true;
  }

  get isFull(): boolean {
    return this.full;
  }

  listPartitions(): Promise<TopicPartition[]> {
    return this.inner.listPartitions();
  }

  load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    return this.inner.load(tp);
  }

  read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    return this.inner.read(tp, fromOffset, maxBytes);
  }

  append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    return this.write(() => this.inner.append(tp, batches, meta));
  }

  truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void> {
    return this.write(() => this.inner.truncateFrom(tp, fromOffset, meta));
  }

  deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    return this.write(() => this.inner.deleteBefore(tp, beforeOffset, meta));
  }

  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void> {
    return this.write(() => this.inner.replaceRange(tp, fromOffset, toOffset, batches, meta));
  }

  writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    return this.write(() => this.inner.writeMeta(tp, meta));
  }

  deletePartition(tp: TopicPartition): Promise<void> {
    return this.write(() => this.inner.deletePartition(tp));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private write(call: () => Promise<void>): Promise<void> {
    return this.full ? Promise.reject(quotaExceeded()) : call();
  }
}
