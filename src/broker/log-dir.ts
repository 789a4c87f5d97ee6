/**
 * The broker's one log directory, as Kafka's LogDirFailureChannel makes it behave: every store call
 * goes through it, and the first write the store refuses (an IndexedDB QuotaExceededError, any I/O
 * failure) takes the directory offline. That is reported once (maybeAddOfflineLogDir), and from
 * then on every call fails with KAFKA_STORAGE_ERROR, as a Log in an offline directory throws
 * KafkaStorageException. A write that failed was never made durable, so the log never advanced its
 * end offset for it and nothing was acknowledged on its strength.
 *
 * A KRaft broker whose only log directory failed halts (ReplicaManager.handleLogDirFailure: "Shutdown
 * broker because all log dirs in ... have failed"); the Broker does so on the report.
 */
import { KafkaError } from '../protocol/errors';
import type { TopicPartition } from '../protocol/topic-partition';
import type { LoadedPartition, LogStore, StoredBatch } from './log-store';

export class LogDirStore<M = unknown> implements LogStore<M> {
  private offline = false;

  constructor(
    private readonly inner: LogStore<M>,
    /** Told once, with the store's own error, when the directory goes offline. */
    private readonly onFailure: (error: unknown) => void,
  ) {}

  get isOffline(): boolean {
    return this.offline;
  }

  listPartitions(): Promise<TopicPartition[]> {
    return this.guard(() => this.inner.listPartitions());
  }

  load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    return this.guard(() => this.inner.load(tp));
  }

  read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    return this.guard(() => this.inner.read(tp, fromOffset, maxBytes));
  }

  append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    return this.guard(() => this.inner.append(tp, batches, meta));
  }

  truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void> {
    return this.guard(() => this.inner.truncateFrom(tp, fromOffset, meta));
  }

  deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    return this.guard(() => this.inner.deleteBefore(tp, beforeOffset, meta));
  }

  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void> {
    return this.guard(() => this.inner.replaceRange(tp, fromOffset, toOffset, batches, meta));
  }

  writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    return this.guard(() => this.inner.writeMeta(tp, meta));
  }

  deletePartition(tp: TopicPartition): Promise<void> {
    return this.guard(() => this.inner.deletePartition(tp));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.offline) throw new KafkaError('KAFKA_STORAGE_ERROR');
    try {
      return await call();
    } catch (error) {
      // A KafkaError from the store is the log's own answer (a read past the end, say), not a disk failure.
      if (error instanceof KafkaError) throw error;
      if (!this.offline) {
        this.offline = true;
        this.onFailure(error);
      }
      throw new KafkaError('KAFKA_STORAGE_ERROR');
    }
  }
}
