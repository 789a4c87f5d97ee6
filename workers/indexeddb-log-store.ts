import { wrap, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { LoadedPartition, LogStore, StoredBatch } from '../src/broker/log-store';
import { topicPartitionKey, type TopicPartition } from '../src/protocol/topic-partition';
import { KafkaError } from '../src/protocol/errors';
import { DEFAULT_TAIL_CACHE_LIMITS, LogTailCache, type TailCacheLimits } from './log-tail-cache';

type BatchKey = [topic: string, partition: number, baseOffset: number];
type MetaKey = [topic: string, partition: number];

/**
 * One database per broker. A single `batches` store keyed [topic, partition, baseOffset] instead of
 * a store per partition, because creating a store needs a versionchange transaction (the IndexedDB
 * spec: IDBDatabase.createObjectStore throws InvalidStateError outside one), which would block on
 * every other open connection each time a partition appears. Array keys sort element-wise, so a
 * key range covers exactly one partition in offset order.
 */
interface LogSchema extends DBSchema {
  batches: { key: BatchKey; value: Uint8Array };
  meta: { key: MetaKey; value: unknown };
}

const SCHEMA_VERSION = 1;
const STORES = ['batches', 'meta'] as const;

/**
 * Bounds on one group commit, so a burst of writes cannot build a transaction of unbounded size:
 * the rest waits for the next one.
 */
const MAX_GROUP_WRITES = 1000;
const MAX_GROUP_BYTES = 16 << 20;
/**
 * Group commits in flight at once. The next group starts while one commits, as Kafka's log append
 * does not wait for the previous fsync: IndexedDB runs readwrite transactions over the same stores
 * one after another in the order they were created, so the second waits in the browser, its writes
 * and its commit request already there, and starts the moment the first completes instead of a
 * round trip through this worker later. Two are enough for that; more would only make groups
 * smaller. A partition's own writes never overlap (UnifiedLog runs them one at a time).
 */
const MAX_GROUPS_IN_FLIGHT = 2;

export interface IndexedDbLogStoreOptions {
  tailCache?: TailCacheLimits;
}

/** One mutating call waiting for, or part of, a group commit. */
interface QueuedWrite {
  action: string;
  /** Batch bytes it puts, counted against MAX_GROUP_BYTES. */
  bytes: number;
  /** Queues its puts and deletes; throws synchronously on an uncloneable value or an invalid key. */
  queue: (batches: IDBObjectStore, metas: IDBObjectStore) => void;
  /** Applies the write to the tail cache once it is durable. */
  committed: () => void;
  resolve: () => void;
  reject: (error: KafkaError) => void;
}

/**
 * The browser broker's LogStore. Mutating calls are group-committed, as Kafka's log flushes many
 * appends with one fsync: a call made while fewer than MAX_GROUPS_IN_FLIGHT transactions are in
 * flight starts one at once; calls made while that many are in flight wait and all go, in call
 * order, into the next one. Each call's puts
 * and deletes are queued together, and commit() is called as soon as the group is queued, because
 * Chromium commits a transaction whose commit request reached the browser process even if the
 * worker is killed a moment later, while an uncommitted one is lost (Chromium auto-commits only once
 * the worker has seen every request's success event; IDBTransaction.commit() was added for this,
 * chromestatus.com/feature/5375472036741120). A call resolves on its transaction's `complete`, so
 * the log acknowledges a produce only once the batch is on disk; a broker killed while calls wait
 * loses those calls, none of which has resolved. A waiting call's meta is cloned when its group
 * starts, so, as with any call, the caller leaves it alone until the call settles (UnifiedLog builds
 * a fresh meta for each write).
 *
 * Reads of a partition's recent batches are served from a bounded in-memory tail (LogTailCache),
 * updated as each transaction commits; older batches are read from IndexedDB with a cursor.
 *
 * Key ranges are built with the global IDBKeyRange, so `factory` must come from the same
 * IndexedDB implementation as the global one (fake-indexeddb/auto in Node tests).
 */
export class IndexedDbLogStore<M = unknown> implements LogStore<M> {
  private readonly tail: LogTailCache;
  private readonly waiting: QueuedWrite[] = [];
  /** The group commits in flight, oldest first; the next group starts when one settles. */
  private readonly inFlight: Promise<void>[] = [];

  private constructor(
    private readonly db: IDBPDatabase<LogSchema>,
    options: IndexedDbLogStoreOptions,
  ) {
    this.tail = new LogTailCache(options.tailCache ?? DEFAULT_TAIL_CACHE_LIMITS);
  }

  static async open<M = unknown>(
    name: string,
    factory: IDBFactory = globalThis.indexedDB,
    options: IndexedDbLogStoreOptions = {},
  ): Promise<IndexedDbLogStore<M>> {
    // idb's openDB always uses the global indexedDB, so open through the given factory and wrap.
    const request = factory.open(name, SCHEMA_VERSION);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('batches');
      request.result.createObjectStore('meta');
    };
    const db = (await wrap(request)) as unknown as IDBPDatabase<LogSchema>;
    // A lingering connection (a broker being wiped or replaced) must not block deleteDatabase.
    unwrap(db).onversionchange = () => db.close();
    return new IndexedDbLogStore<M>(db, options);
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
    return this.guard(`loading ${topicPartitionKey(tp)}`, async () => {
      const version = this.tail.version(tp);
      const tx = this.db.transaction(STORES, 'readonly');
      const [meta, last] = await Promise.all([
        tx.objectStore('meta').get(metaKey(tp)),
        tx.objectStore('batches').openCursor(batchRange(tp, -Infinity, Infinity), 'prev'),
      ]);
      const lastBatch = last ? { baseOffset: last.key[2], bytes: last.value } : null;
      await tx.done;
      this.tail.seed(tp, lastBatch, version);
      return meta === undefined ? null : { meta: meta as M, lastBatch };
    });
  }

  async append(tp: TopicPartition, batches: StoredBatch[], meta: M): Promise<void> {
    const exact = batches.map((batch) => ({ baseOffset: batch.baseOffset, bytes: exactBytes(batch.bytes) }));
    await this.write(
      `appending to ${topicPartitionKey(tp)}`,
      tp,
      meta,
      exact,
      (store) => {
        for (const batch of exact) store.put(batch.bytes, batchKey(tp, batch.baseOffset));
      },
      () => this.tail.append(tp, exact),
    );
  }

  async read(tp: TopicPartition, fromOffset: number, maxBytes: number): Promise<StoredBatch[]> {
    const cached = this.tail.read(tp, fromOffset, maxBytes);
    if (cached) return cached;
    return this.guard(`reading ${topicPartitionKey(tp)}`, async () => {
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
    await this.write(
      `truncating ${topicPartitionKey(tp)}`,
      tp,
      meta,
      [],
      (store) => store.delete(batchRange(tp, fromOffset, Infinity)),
      () => this.tail.truncateFrom(tp, fromOffset),
    );
  }

  async deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M): Promise<void> {
    await this.write(
      `deleting old batches of ${topicPartitionKey(tp)}`,
      tp,
      meta,
      [],
      (store) => store.delete(batchRange(tp, -Infinity, beforeOffset, true)),
      () => this.tail.deleteBefore(tp, beforeOffset),
    );
  }

  async replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M): Promise<void> {
    const exact = batches.map((batch) => ({ baseOffset: batch.baseOffset, bytes: exactBytes(batch.bytes) }));
    await this.write(
      `replacing batches of ${topicPartitionKey(tp)}`,
      tp,
      meta,
      exact,
      (store) => {
        store.delete(batchRange(tp, fromOffset, toOffset, true));
        for (const batch of exact) store.put(batch.bytes, batchKey(tp, batch.baseOffset));
      },
      () => this.tail.replaceRange(tp, fromOffset, toOffset, exact),
    );
  }

  async writeMeta(tp: TopicPartition, meta: M): Promise<void> {
    await this.write(
      `writing meta of ${topicPartitionKey(tp)}`,
      tp,
      meta,
      [],
      () => {},
      () => {},
    );
  }

  async deletePartition(tp: TopicPartition): Promise<void> {
    await this.enqueue(
      `deleting ${topicPartitionKey(tp)}`,
      0,
      (batches, metas) => {
        batches.delete(batchRange(tp, -Infinity, Infinity));
        metas.delete(metaKey(tp));
      },
      () => this.tail.deletePartition(tp),
    );
  }

  /** Lets the waiting writes commit first: a controlled shutdown loses nothing it was asked to write. */
  async close(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight[0];
    this.db.close();
  }

  /** Queues the batch changes, then the meta put, as one write of the next group. */
  private write(
    action: string,
    tp: TopicPartition,
    meta: M,
    puts: StoredBatch[],
    queueBatches: (batches: IDBObjectStore) => void,
    committed: () => void,
  ): Promise<void> {
    const bytes = puts.reduce((total, batch) => total + batch.bytes.byteLength, 0);
    return this.enqueue(
      action,
      bytes,
      (batches, metas) => {
        queueBatches(batches);
        metas.put(meta, metaKey(tp));
      },
      committed,
    );
  }

  /** Adds a write to the next group, and starts that group at once unless enough are in flight. */
  private enqueue(action: string, bytes: number, queue: QueuedWrite['queue'], committed: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ action, bytes, queue, committed, resolve, reject });
      if (this.inFlight.length < MAX_GROUPS_IN_FLIGHT) this.startGroup();
    });
  }

  /** Takes the waiting writes, within the group bounds, into one transaction; the next group starts when one settles. */
  private startGroup(): void {
    let count = 0;
    let bytes = 0;
    while (count < this.waiting.length && count < MAX_GROUP_WRITES) {
      bytes += this.waiting[count].bytes;
      if (count > 0 && bytes > MAX_GROUP_BYTES) break;
      count++;
    }
    const group = this.waiting.splice(0, count);
    if (group.length === 0) return;
    // Whatever goes wrong in a group (even a bug in the cache update), its writes settle and the
    // next group still starts: a write left waiting forever would hang the broker's log.
    const commit: Promise<void> = this.commitGroup(group)
      .catch((error: unknown) => {
        for (const write of group) write.reject(storageError(write.action, error));
      })
      .then(() => {
        this.inFlight.splice(this.inFlight.indexOf(commit), 1);
        this.startGroup();
      });
    this.inFlight.push(commit);
  }

  /**
   * Writes use the native transaction: idb's `done` rejects on the request's bubbling error event,
   * before the abort has set `tx.error`, which would hide a QuotaExceededError behind AbortError.
   * A failure of the whole transaction (a full disk) fails every write of the group, as a failed log
   * directory fails every partition on it in Kafka.
   */
  private commitGroup(group: QueuedWrite[]): Promise<void> {
    // Everything up to tx.commit() runs synchronously, so transactions are created in the order the
    // groups were taken, and IndexedDB commits them in that order.
    let tx: IDBTransaction;
    try {
      tx = unwrap(this.db).transaction(STORES, 'readwrite', { durability: 'relaxed' });
    } catch (error) {
      for (const write of group) write.reject(storageError(write.action, error));
      return Promise.resolve();
    }
    const outcome = transactionOutcome(tx);
    const batches = tx.objectStore('batches');
    const metas = tx.objectStore('meta');
    for (const write of group) {
      try {
        write.queue(batches, metas);
      } catch (error) {
        // A put that throws synchronously (an uncloneable meta, an invalid key) must not leave the
        // requests queued before it to commit on their own; the other writes did nothing wrong and
        // go again without it, in a transaction created now, before any later group's.
        tx.abort();
        outcome.catch(() => {});
        write.reject(storageError(write.action, error));
        const rest = group.filter((other) => other !== write);
        return rest.length > 0 ? this.commitGroup(rest) : Promise.resolve();
      }
    }
    tx.commit();
    return outcome.then(
      () => {
        for (const write of group) {
          write.committed();
          write.resolve();
        }
      },
      (error: unknown) => {
        for (const write of group) write.reject(storageError(write.action, error));
      },
    );
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
