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
import type { LogStore } from './log-store';
import { LogStoreDecorator } from './log-store-decorator';

export class LogDirStore<M = unknown> extends LogStoreDecorator<M> {
  private offline = false;

  constructor(
    inner: LogStore<M>,
    /** Told once, with the store's own error, when the directory goes offline. */
    private readonly onFailure: (error: unknown) => void,
  ) {
    super(inner);
  }

  get isOffline(): boolean {
    return this.offline;
  }

  protected override reading<T>(call: () => Promise<T>): Promise<T> {
    return this.guard(call);
  }

  protected writing(call: () => Promise<void>): Promise<void> {
    return this.guard(call);
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
