import { wrap, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { LoadedPartition, LogStore, StoredBatch, TopicPartition } from '../src/broker/log-store';
import { KafkaError } from '../src/protocol/errors';

type BatchKey = [topic: string, partition: number, baseOffset: number];
type MetaKey = [topic: string, partition: number];

/**
 * One database per broker. A single `batches` store keyed [topic, partition, baseOffset] instead of
 * a store per partition, because creating a store needs a versionchange transaction, which would
 * block on every other open connection each time a partition appears (BROWSER-NOTES 2). Array keys
 * sort element-wise, so a key range covers exactly one partition in offset order.
 */
interface LogSchema extends DBSchema {
  batches: { key: BatchKey; value: Uint8Array };
  meta: { key: MetaKey; value: unknown };
}

const SCHEMA_VERSION = 1;
const STORES = ['batches', 'meta'] as const;

/**
 * The browser broker's LogStore. Every mutating call is one readwrite transaction holding all of
 * its puts and deletes; it calls commit() as soon as they are queued, because Chromium commits a
 * transaction whose commit request reached the browser process even if the worker is killed a
 * moment later, while an uncommitted one is lost (BROWSER-NOTES 2). The call resolves on the
 * transaction's `complete`, so the log acknowledges a produce only once the batch is on disk.
 *
 * Key ranges are built with the global IDBKeyRange, so `factory` must come from the same
 * IndexedDB implementation as the global one (fake-indexeddb/auto in Node tests).
 */
export class IndexedDbLogStore<M = unknown> implements LogStore<M> {
  private constructor(private readonly db: IDBPDatabase<LogSchema>) {}

  static async open<M = unknown>(name: string, factory: IDBFactory = globalThis.indexedDB): Promise<IndexedDbLogStore<M>> {
    // idb's openDB always uses the global indexedDB, so open through the given factory and wrap.
    const request = factory.open(name, SCHEMA_VERSION);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('batches');
      request.result.createObjectStore('meta');
    };
    const db = (await wrap(request)) as unknown as IDBPDatabase<LogSchema>;
    // A lingering connection (a broker being wiped or replaced) must not block deleteDatabase.
    unwrap(db).onversionchange = () => db.close();
    return new IndexedDbLogStore<M>(db);
  }

  /** Wipes a broker's disk. */
  static async deleteDatabase(name: string, factory: IDBFactory = globalThis.indexedDB): Promise<void> {
    await wrap(factory.deleteDatabase(name));
  }

  async listPartitions(): Promise<TopicPartition[]> {
    const keys = await this.guard('listing partitions', () => this.db.getAllKeys('meta'));
    return keys.map(([topic, partition]) => ({ topic, partition }));
  }

  async load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    return this.guard(`loading ${partitionName(tp)}`, async () => {
      const tx = this.db.transaction(STORES, 'readonly');
      const [meta, last] = await Promise.all([
        tx.objectStore('meta').get(metaKey(tp)),
        tx.objectStore('batches').openCursor(batchRange(tp, -Infinity, Infinity), 'prev'),
      ]);
      const lastBatch = last ? { baseOffset: last.key[2], bytes: last.value } : null;
      await tx.done;
      return meta === undefined ? null : { meta: meta as M, lastBatch };
    });
  }

  async append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    await this.write(`appending to ${partitionName(tp)}`, tp, meta, (store) => {
      for (const batch of batches) store.put(exactBytes(batch.bytes), batchKey(tp, batch.baseOffset));
    });
  }

  async read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    return this.guard(`reading ${partitionName(tp)}`, async () => {
      const store = this.db.transaction('batches', 'readonly').store;
      // The batch containing fromOffset is the last one starting at or before it.
      const containing = await store.openKeyCursor(batchRange(tp, -Infinity, fromOffset), 'prev');
      const startOffset = containing ? containing.key[2] : fromOffset;
      const result: StoredBatch[] = [];
      let totalBytes = 0;
      let cursor = await store.openCursor(batchRange(tp, startOffset, Infinity));
      while (cursor) {
        if (result.length > 0 && totalBytes + cursor.value.byteLength > maxBytes) break;
        result.push({ baseOffset: cursor.key[2], bytes: cursor.value });
        totalBytes += cursor.value.byteLength;
        cursor = await cursor.continue();
      }
      await store.transaction.done;
      return result;
    });
  }

  async truncateFrom(tp: TopicPartition, fromOffset: number, meta: M): Promise<void> {
    await this.write(`truncating ${partitionName(tp)}`, tp, meta, (store) => {
      store.delete(batchRange(tp, fromOffset, Infinity));
    });
  }

  async deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    await this.write(`deleting old batches of ${partitionName(tp)}`, tp, meta, (store) => {
      store.delete(batchRange(tp, -Infinity, beforeOffset, true));
    });
  }

  async replaceRange(
    tp: TopicPartition,
    fromOffset: number,
    toOffset: number,
    batches: StoredBatch[],
    meta: M,
  ): Promise<void> {
    await this.write(`replacing batches of ${partitionName(tp)}`, tp, meta, (store) => {
      store.delete(batchRange(tp, fromOffset, toOffset, true));
      for (const batch of batches) store.put(exactBytes(batch.bytes), batchKey(tp, batch.baseOffset));
    });
  }

  async writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    await this.write(`writing meta of ${partitionName(tp)}`, tp, meta, () => {});
  }

  async deletePartition(tp: TopicPartition): Promise<void> {
    await this.transact(`deleting ${partitionName(tp)}`, (batches, metas) => {
      batches.delete(batchRange(tp, -Infinity, Infinity));
      metas.delete(metaKey(tp));
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Queues the batch changes, then the meta put, in one transaction. */
  private write(action: string, tp: TopicPartition, meta: M, queueBatches: (batches: IDBObjectStore) => void): Promise<void> {
    return this.transact(action, (batches, metas) => {
      queueBatches(batches);
      metas.put(meta, metaKey(tp));
    });
  }

  /**
   * Writes use the native transaction: idb's `done` rejects on the request's bubbling error event,
   * before the abort has set `tx.error`, which would hide a QuotaExceededError behind AbortError.
   */
  private transact(action: string, queue: (batches: IDBObjectStore, metas: IDBObjectStore) => void): Promise<void> {
    return this.guard(action, async () => {
      const tx = unwrap(this.db).transaction(STORES, 'readwrite', { durability: 'relaxed' });
      const outcome = transactionOutcome(tx);
      try {
        queue(tx.objectStore('batches'), tx.objectStore('meta'));
      } catch (error) {
        // A put that throws synchronously (an uncloneable meta, an invalid key) must not leave the
        // requests queued before it to commit on their own.
        tx.abort();
        await outcome.catch(() => {});
        throw error;
      }
      tx.commit();
      await outcome;
    });
  }

  /** Kafka reports any log-directory I/O failure as KAFKA_STORAGE_ERROR (KafkaStorageException). */
  private async guard<T>(action: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw storageError(action, error);
    }
  }
}

/** Settles once the transaction is over: committed, or aborted and rolled back. */
function transactionOutcome(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request aborts the transaction with that request's error as tx.error.
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

function storageError(action: string, error: unknown): KafkaError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const quota = error instanceof Error && error.name === 'QuotaExceededError';
  const result = new KafkaError(
    'KAFKA_STORAGE_ERROR',
    quota ? `IndexedDB quota exceeded while ${action}: ${detail}` : `IndexedDB failed while ${action}: ${detail}`,
  );
  result.cause = error;
  return result;
}

function partitionName(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

function batchKey(tp: TopicPartition, baseOffset: number): BatchKey {
  return [tp.topic, tp.partition, baseOffset];
}

function metaKey(tp: TopicPartition): MetaKey {
  return [tp.topic, tp.partition];
}

function batchRange(tp: TopicPartition, lower: number, upper: number, upperOpen = false): IDBKeyRange {
  return IDBKeyRange.bound(batchKey(tp, lower), batchKey(tp, upper), false, upperOpen);
}

/**
 * Structured clone copies a view's whole underlying buffer, so a batch sliced out of a larger
 * request buffer is copied down to its own bytes before it is stored.
 */
function exactBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
