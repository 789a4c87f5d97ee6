import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { IndexedDbLogStore } from '../../workers/indexeddb-log-store';
import { KafkaError } from '../../src/protocol/errors';
import { batch, describeLogStoreContract, meta, type TestMeta } from '../broker/log-store-contract';

describeLogStoreContract('workers > indexeddb log store', () => IndexedDbLogStore.open<TestMeta>('broker-1', new IDBFactory()));

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
