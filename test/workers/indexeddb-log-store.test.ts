import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import type { LogStore } from '../../src/broker/log-store';
import type { TopicPartition } from '../../src/protocol/topic-partition';
import { IndexedDbLogStore } from '../../workers/indexeddb-log-store';
import { LogTailCache } from '../../workers/log-tail-cache';
import { KafkaError } from '../../src/protocol/errors';
import { batch, describeLogStoreContract, meta, type TestMeta } from '../broker/log-store-contract';

describeLogStoreContract('workers > indexeddb log store', () => IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory()));

/**
 * The same contract with every partition loaded before each call, as UnifiedLog loads its partition
 * when it opens: the tail cache is then seeded, so reads come from it wherever it can answer.
 * Small cache bounds make some reads fall back to IndexedDB too.
 */
describeLogStoreContract('workers > indexeddb log store with its tail cache in use', async () => {
  const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory(), {
    tailCache: { partitionBytes: 48, storeBytes: 80 },
  });
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function' || property === 'load' || property === 'close' || property === 'listPartitions') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (tp: TopicPartition, ...rest: unknown[]) => {
        await target.load(tp);
        return (value as (...args: unknown[]) => Promise<unknown>).apply(target, [tp, ...rest]);
      };
    },
  }) as LogStore<TestMeta>;
});

const tp = { topic: 'orders', partition: 0 };

/**
 * Makes every put after the first `okPuts` fail the way a full disk does in a browser: the request
 * errors asynchronously, after the earlier puts of the same transaction have run, and aborts the
 * transaction. fake-indexeddb has no quota, so this reaches into its request queue (test only).
 */
function failPutsAfter(okPuts: number, error: DOMException): void {
  const put = IDBObjectStore.prototype.put;
  let remaining = okPuts;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
    if (remaining-- > 0) return put.call(this, value, key);
    const transaction = this.transaction as unknown as {
      _execRequestAsync(request: { source: IDBObjectStore; operation: () => never }): IDBRequest;
    };
    return transaction._execRequestAsync({
      source: this,
      operation: () => {
        throw error;
      },
    });
  });
}

/** A write's failure, caught as it happens (a write that succeeds instead fails the test). */
function failureOf(write: Promise<void>): Promise<unknown> {
  return write.then(
    () => new Error('the write was acknowledged'),
    (error: unknown) => error,
  );
}

/** Counts the transactions a store opens, read-only and read-write. */
function countTransactions(): { readonly count: number } {
  const transaction = IDBDatabase.prototype.transaction;
  const counter = { count: 0 };
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
    counter.count++;
    return transaction.apply(this, args);
  });
  return counter;
}

describe('workers > indexeddb log store > tail cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('serves fetches of a loaded partition’s tail without opening a transaction', async () => {
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory());
    await store.load(tp);
    await store.append(tp, [batch(0), batch(3)], meta(3));
    await store.append(tp, [batch(7)], meta(7));

    const transactions = countTransactions();
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(3), batch(7)]);
    expect(await store.read(tp, 5, 1 << 20)).toEqual([batch(3), batch(7)]);
    expect(await store.read(tp, 7, 1 << 20)).toEqual([batch(7)]);
    expect(transactions.count).toBe(0);
    await store.close();
  });

  it('serves a recovered partition from its last batch on from memory, and older batches from IndexedDB', async () => {
    const factory = new IDBFactory();
    const before = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await before.append(tp, [batch(0), batch(3)], meta(3));
    await before.close();

    const after = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await after.load(tp);
    await after.append(tp, [batch(7)], meta(7));
    const transactions = countTransactions();
    expect(await after.read(tp, 4, 1 << 20)).toEqual([batch(3), batch(7)]);
    expect(transactions.count).toBe(0);
    expect(await after.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(3), batch(7)]);
    expect(transactions.count).toBe(1);
    await after.close();
  });

  it('reads a batch dropped from the cache by its byte budget back from IndexedDB', async () => {
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory(), {
      tailCache: { partitionBytes: 250, storeBytes: 1 << 20 },
    });
    await store.load(tp);
    await store.append(tp, [batch(0, 100), batch(1, 100), batch(2, 100)], meta(3));

    const transactions = countTransactions();
    expect(await store.read(tp, 1, 1 << 20)).toEqual([batch(1, 100), batch(2, 100)]);
    expect(transactions.count).toBe(0);
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0, 100), batch(1, 100), batch(2, 100)]);
    expect(transactions.count).toBe(1);
    await store.close();
  });

  it('reflects truncation, retention and compaction in the reads it serves from memory', async () => {
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory());
    await store.load(tp);
    await store.append(tp, [batch(0), batch(3), batch(7), batch(9)], meta(10));
    await store.truncateFrom(tp, 8, meta(8));
    await store.deleteBefore(tp, 3, meta(8, 3));
    await store.replaceRange(tp, 3, 7, [batch(5, 16, 0xc5)], meta(8, 3));

    const transactions = countTransactions();
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(5, 16, 0xc5), batch(7)]);
    expect(transactions.count).toBe(0);
    await store.close();
  });
});

describe('workers > indexeddb log store > group commit', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('starts a second transaction while one commits, and writes appends made while two are in flight together in the next, in call order', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    const transactions = countTransactions();
    const other = { topic: 'orders', partition: 1 };
    const appends = [];
    const resolved: number[] = [];
    for (let i = 0; i < 10; i++) {
      appends.push(store.append(tp, [batch(i)], meta(i + 1)).then(() => resolved.push(2 * i)));
      appends.push(store.append(other, [batch(i)], meta(i + 1)).then(() => resolved.push(2 * i + 1)));
    }
    await Promise.all(appends);
    // The first two appends' own transactions, then one for the eighteen that queued behind them.
    expect(transactions.count).toBe(3);
    expect(resolved).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await store.close();

    const reopened = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    const expected = Array.from({ length: 10 }, (_, i) => batch(i));
    expect(await reopened.read(tp, 0, 1 << 20)).toEqual(expected);
    expect(await reopened.read(other, 0, 1 << 20)).toEqual(expected);
    // The last meta written wins, so the writes of one partition went in call order.
    expect(await reopened.load(tp)).toEqual({ meta: meta(10), lastBatch: batch(9) });
    await reopened.close();
  });

  it('resolves a grouped append only once its transaction has committed', async () => {
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory());
    const order: string[] = [];
    const first = store.append(tp, [batch(0)], meta(1)).then(() => order.push('first'));
    const grouped = store.append(tp, [batch(1)], meta(2)).then(() => order.push('grouped'));
    await first;
    expect(order).toEqual(['first']);
    await grouped;
    expect(order).toEqual(['first', 'grouped']);
    await store.close();
  });

  it('settles every write of a group and goes on with the next group even if updating the tail cache throws', async () => {
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory());
    const failing = vi.spyOn(LogTailCache.prototype, 'append').mockImplementationOnce(() => {
      throw new Error('a bug in the cache');
    });
    const first = store.append(tp, [batch(0)], meta(1));
    await expect(first).rejects.toMatchObject({ type: 'KAFKA_STORAGE_ERROR' });
    failing.mockRestore();
    await store.append(tp, [batch(1)], meta(2));
    await store.close();
  });

  it('fails only the write whose meta cannot be stored, and commits the rest of its group', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<unknown>('broker-1', factory);
    const first = store.append(tp, [batch(0)], meta(1));
    const broken = store.append({ topic: 'orders', partition: 1 }, [batch(0)], { ...meta(1), onChange: () => {} });
    const last = store.append(tp, [batch(1)], meta(2));
    await expect(broken).rejects.toMatchObject({ type: 'KAFKA_STORAGE_ERROR' });
    await Promise.all([first, last]);
    await store.close();

    const reopened = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await reopened.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(1)]);
    expect(await reopened.load({ topic: 'orders', partition: 1 })).toBeNull();
    await reopened.close();
  });

  it('keeps none of a grouped transaction that fails part-way, and acknowledges none of its writes', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    const committed = [store.append(tp, [batch(0)], meta(1)), store.append(tp, [batch(1)], meta(2))];
    // Their failures are caught as they happen: they come while the test still waits for the first two.
    const grouped = [store.append(tp, [batch(2)], meta(3)), store.append(tp, [batch(3)], meta(4))].map(failureOf);
    // The two transactions in flight have queued their puts; a later put of the group fails on a full disk, which aborts the whole group.
    failPutsAfter(1, new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await Promise.all(committed);
    for (const failure of await Promise.all(grouped)) expect(failure).toMatchObject({ type: 'KAFKA_STORAGE_ERROR' });
    vi.restoreAllMocks();
    await store.close();

    const reopened = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await reopened.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(1)]);
    expect(await reopened.load(tp)).toEqual({ meta: meta(2), lastBatch: batch(1) });
    await reopened.close();
  });

  it('loses only the waiting appends, none of them acknowledged, when the broker is killed with transactions in flight', async () => {
    const factory = new IDBFactory();
    const killed = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await killed.load(tp);
    const inFlight = [killed.append(tp, [batch(0)], meta(1)), killed.append(tp, [batch(1)], meta(2))];
    const waiting = [killed.append(tp, [batch(2)], meta(3)), killed.append(tp, [batch(3)], meta(4))].map(failureOf);
    // A killed worker runs no more code: no later transaction ever starts.
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('The worker was terminated.', 'InvalidStateError');
    });
    await Promise.all(inFlight);
    for (const failure of await Promise.all(waiting)) expect(failure).toBeInstanceOf(KafkaError);
    vi.restoreAllMocks();

    const restarted = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await restarted.load(tp)).toEqual({ meta: meta(2), lastBatch: batch(1) });
    expect(await restarted.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(1)]);
    await restarted.close();
  });
});

describe('workers > indexeddb log store', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps batches and meta through close and reopen', async () => {
    const factory = new IDBFactory();
    const before = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await before.append(tp, [batch(0), batch(3)], meta(3));
    await before.append({ topic: 'orders', partition: 1 }, [batch(0)], meta(1));
    await before.close();

    const after = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await after.load(tp)).toEqual({ meta: meta(3), lastBatch: batch(3) });
    expect(await after.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(3)]);
    expect(await after.listPartitions()).toHaveLength(2);
    await after.close();
  });

  it('keeps a batch whose append resolved even though the broker was killed without closing', async () => {
    const factory = new IDBFactory();
    const killed = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await killed.append(tp, [batch(0)], meta(1));
    // No close(): the killed worker's connection is simply abandoned.

    const restarted = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await restarted.load(tp)).toEqual({ meta: meta(1), lastBatch: batch(0) });
    await restarted.close();
  });

  it('queues and commits the whole append before yielding, so closing right after the call keeps it', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    const appended = store.append(tp, [batch(0), batch(3)], meta(3));
    await store.close();
    await appended;

    const reopened = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await reopened.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(3)]);
    await reopened.close();
  });

  it('writes nothing of an append that fails part-way, and keeps the old data', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<unknown>('broker-1', factory);
    await store.append(tp, [batch(0)], meta(1));
    // The batch puts are queued first; the meta put then fails because a function cannot be cloned.
    const uncloneable = { ...meta(5), onChange: () => {} };
    const failed = store.append(tp, [batch(1), batch(3)], uncloneable);
    await expect(failed).rejects.toMatchObject({ type: 'KAFKA_STORAGE_ERROR' });
    await store.close();

    const reopened = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await reopened.load(tp)).toEqual({ meta: meta(1), lastBatch: batch(0) });
    expect(await reopened.read(tp, 0, 1 << 20)).toEqual([batch(0)]);
    await reopened.close();
  });

  it('rolls back a truncation whose meta cannot be written', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<unknown>('broker-1', factory);
    await store.append(tp, [batch(0), batch(3)], meta(3));
    await expect(store.truncateFrom(tp, 0, { broken: Symbol('meta') })).rejects.toBeInstanceOf(KafkaError);
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(3)]);
    expect(await store.load(tp)).toEqual({ meta: meta(3), lastBatch: batch(3) });
    await store.close();
  });

  it('reports a full disk as KAFKA_STORAGE_ERROR and rolls back the batches already put', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await store.append(tp, [batch(0)], meta(1));

    failPutsAfter(1, new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const error = await store.append(tp, [batch(1), batch(2)], meta(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaError);
    expect(error).toMatchObject({ type: 'KAFKA_STORAGE_ERROR', code: 56 });
    expect((error as Error).message).toMatch(/^IndexedDB quota exceeded while appending to orders-0: QuotaExceededError/);
    vi.restoreAllMocks();

    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0)]);
    expect(await store.load(tp)).toEqual({ meta: meta(1), lastBatch: batch(0) });
    // Once retention has made room, the same store takes writes again.
    await store.append(tp, [batch(1)], meta(2));
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(1)]);
    await store.close();
  });

  it('stores one value per batch under [topic, partition, baseOffset]', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await store.append(tp, [batch(0), batch(3)], meta(3));
    await store.close();

    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('broker-1');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = raw.transaction('batches').objectStore('batches').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    raw.close();
    expect(keys).toEqual([
      ['orders', 0, 0],
      ['orders', 0, 3],
    ]);
  });

  it('wipes a broker with deleteDatabase even while a killed incarnation still holds a connection', async () => {
    const factory = new IDBFactory();
    const killed = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    await killed.append(tp, [batch(0)], meta(1));

    await IndexedDbLogStore.deleteDatabase('broker-1', factory);
    const fresh = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    expect(await fresh.listPartitions()).toEqual([]);
    expect(await fresh.load(tp)).toBeNull();
    await fresh.close();
  });

  it('keeps brokers apart: each has its own database', async () => {
    const factory = new IDBFactory();
    const broker1 = await IndexedDbLogStore.open<TestMeta>('broker-1', factory);
    const broker2 = await IndexedDbLogStore.open<TestMeta>('broker-2', factory);
    await broker1.append(tp, [batch(0)], meta(1));
    expect(await broker2.load(tp)).toBeNull();
    await broker1.close();
    await broker2.close();
  });
});
