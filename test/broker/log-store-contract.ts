import { afterEach, describe, expect, it } from 'vitest';
import type { LogStore, StoredBatch } from '../../src/broker/log-store';
import type { TopicPartition } from '../../src/protocol/topic-partition';

/** A stand-in for the log's meta: the store must keep it whole without interpreting it. */
export interface TestMeta {
  logStartOffset: number;
  highWatermark: number;
  leaderEpochs: { epoch: number; startOffset: number }[];
}

export function meta(highWatermark: number, logStartOffset = 0): TestMeta {
  return { logStartOffset, highWatermark, leaderEpochs: [{ epoch: 0, startOffset: 0 }] };
}

/**
 * Opaque batch bytes: the base offset big-endian in the first 8 bytes, then `fill`, so a replaced
 * batch is told apart from the original at the same offset. Not a RecordBatch: the store must not care.
 */
export function batch(baseOffset: number, size = 16, fill = 0xab): StoredBatch {
  const bytes = new Uint8Array(size).fill(fill);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(baseOffset));
  return { baseOffset, bytes };
}

const offsets = (batches: StoredBatch[]): number[] => batches.map((b) => b.baseOffset);

const orders0: TopicPartition = { topic: 'orders', partition: 0 };
const orders1: TopicPartition = { topic: 'orders', partition: 1 };
const payments0: TopicPartition = { topic: 'payments', partition: 0 };

/** The behaviour every LogStore promises, run against each implementation. */
export function describeLogStoreContract(name: string, makeStore: () => Promise<LogStore<TestMeta>>): void {
  describe(`${name} > log store contract`, () => {
    let opened: LogStore<TestMeta>[] = [];
    const open = async (): Promise<LogStore<TestMeta>> => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      opened = [];
    });

    /** Batches at 0, 3 and 7 (three, four and some records), in two appends. */
    const storeWithThreeBatches = async (): Promise<LogStore<TestMeta>> => {
      const store = await open();
      await store.append(orders0, [batch(0), batch(3)], meta(3));
      await store.append(orders0, [batch(7)], meta(7));
      return store;
    };

    it('reads back every appended batch in offset order with its exact bytes', async () => {
      const store = await storeWithThreeBatches();
      const batches = await store.read(orders0, 0, 1 << 20);
      expect(offsets(batches)).toEqual([0, 3, 7]);
      expect(batches.map((b) => b.bytes)).toEqual([batch(0).bytes, batch(3).bytes, batch(7).bytes]);
    });

    it('starts a read in the middle of a batch with the batch that contains the offset', async () => {
      const store = await storeWithThreeBatches();
      expect(offsets(await store.read(orders0, 5, 1 << 20))).toEqual([3, 7]);
      expect(offsets(await store.read(orders0, 3, 1 << 20))).toEqual([3, 7]);
      expect(offsets(await store.read(orders0, 100, 1 << 20))).toEqual([7]);
    });

    it('starts a read before the first batch with the first batch', async () => {
      const store = await open();
      await store.append(orders0, [batch(10), batch(20)], meta(20, 10));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([10, 20]);
    });

    it('reads nothing from an empty or unknown partition', async () => {
      const store = await open();
      await store.writeMeta(orders0, meta(0));
      expect(await store.read(orders0, 0, 1 << 20)).toEqual([]);
      expect(await store.read(payments0, 0, 1 << 20)).toEqual([]);
    });

    it('stops a read before maxBytes would be exceeded', async () => {
      const store = await open();
      await store.append(orders0, [batch(0, 100), batch(1, 100), batch(2, 100)], meta(3));
      expect(offsets(await store.read(orders0, 0, 250))).toEqual([0, 1]);
      expect(offsets(await store.read(orders0, 0, 200))).toEqual([0, 1]);
      expect(offsets(await store.read(orders0, 1, 300))).toEqual([1, 2]);
    });

    it('returns the first batch even when it alone exceeds maxBytes', async () => {
      const store = await open();
      await store.append(orders0, [batch(0, 100), batch(1, 100)], meta(2));
      expect(offsets(await store.read(orders0, 0, 10))).toEqual([0]);
      expect(offsets(await store.read(orders0, 0, 0))).toEqual([0]);
    });

    it('stores only the bytes of a batch that is a view into a larger buffer', async () => {
      const store = await open();
      const request = new Uint8Array(64).fill(0xee);
      request.set(batch(0, 16).bytes, 8);
      await store.append(orders0, [{ baseOffset: 0, bytes: request.subarray(8, 24) }], meta(1));
      const [stored] = await store.read(orders0, 0, 1 << 20);
      expect(stored.bytes.byteLength).toBe(16);
      expect(stored.bytes).toEqual(batch(0, 16).bytes);
    });

    it('loads nothing for a partition it never stored', async () => {
      const store = await open();
      expect(await store.load(orders0)).toBeNull();
    });

    it('loads the meta and only the last batch', async () => {
      const store = await storeWithThreeBatches();
      expect(await store.load(orders0)).toEqual({ meta: meta(7), lastBatch: batch(7) });
    });

    it('loads a partition with meta but no batches with a null last batch', async () => {
      const store = await open();
      await store.writeMeta(orders0, meta(0));
      expect(await store.load(orders0)).toEqual({ meta: meta(0), lastBatch: null });
    });

    it('replaces the meta on writeMeta and keeps the batches', async () => {
      const store = await storeWithThreeBatches();
      await store.writeMeta(orders0, meta(9, 0));
      expect(await store.load(orders0)).toEqual({ meta: meta(9, 0), lastBatch: batch(7) });
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([0, 3, 7]);
    });

    it('truncateFrom deletes every batch from the offset on and replaces the meta', async () => {
      const store = await storeWithThreeBatches();
      await store.truncateFrom(orders0, 3, meta(3));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([0]);
      expect(await store.load(orders0)).toEqual({ meta: meta(3), lastBatch: batch(0) });
    });

    it('truncateFrom keeps a batch that starts before the offset', async () => {
      const store = await storeWithThreeBatches();
      await store.truncateFrom(orders0, 5, meta(5));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([0, 3]);
    });

    it('truncating to an empty log, then appending, starts the log over', async () => {
      const store = await storeWithThreeBatches();
      await store.truncateFrom(orders0, 0, meta(0));
      expect(await store.load(orders0)).toEqual({ meta: meta(0), lastBatch: null });
      await store.append(orders0, [batch(0, 16, 0x01)], meta(1));
      expect(await store.read(orders0, 0, 1 << 20)).toEqual([batch(0, 16, 0x01)]);
    });

    it('deleteBefore deletes the batches that start before the offset and replaces the meta', async () => {
      const store = await storeWithThreeBatches();
      await store.deleteBefore(orders0, 7, meta(7, 7));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([7]);
      expect(await store.load(orders0)).toEqual({ meta: meta(7, 7), lastBatch: batch(7) });
    });

    it('deleteBefore goes by base offset, so it also deletes a batch that contains the offset', async () => {
      // Retention deletes whole segments in Kafka; the log passes the base offset of the first one it keeps.
      const store = await storeWithThreeBatches();
      await store.deleteBefore(orders0, 5, meta(7, 5));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([7]);
    });

    it('replaceRange swaps the batches in [from, to) for the replacements and replaces the meta', async () => {
      const store = await storeWithThreeBatches();
      const compacted = [batch(0, 8, 0xc0), batch(5, 8, 0xc5)];
      await store.replaceRange(orders0, 0, 7, compacted, meta(7));
      expect(await store.read(orders0, 0, 1 << 20)).toEqual([...compacted, batch(7)]);
      expect(await store.load(orders0)).toEqual({ meta: meta(7), lastBatch: batch(7) });
    });

    it('replaceRange with no replacements removes the range', async () => {
      const store = await storeWithThreeBatches();
      await store.replaceRange(orders0, 3, 7, [], meta(7));
      expect(offsets(await store.read(orders0, 0, 1 << 20))).toEqual([0, 7]);
    });

    it('deletePartition removes the batches and the meta', async () => {
      const store = await storeWithThreeBatches();
      await store.deletePartition(orders0);
      expect(await store.load(orders0)).toBeNull();
      expect(await store.read(orders0, 0, 1 << 20)).toEqual([]);
      expect(await store.listPartitions()).toEqual([]);
    });

    it('lists every partition that has meta', async () => {
      const store = await open();
      await store.append(orders0, [batch(0)], meta(1));
      await store.writeMeta(orders1, meta(0));
      await store.append(payments0, [batch(0)], meta(1));
      const listed = await store.listPartitions();
      expect(listed).toHaveLength(3);
      expect(listed).toEqual(expect.arrayContaining([orders0, orders1, payments0]));
    });

    it('keeps partitions apart: changing one leaves the others as they were', async () => {
      const store = await open();
      // A topic whose name extends another's must not fall inside that topic's key ranges.
      const lookalike: TopicPartition = { topic: 'orders-1', partition: 0 };
      await store.append(orders0, [batch(0, 16, 0x00), batch(5, 16, 0x00)], meta(10));
      await store.append(orders1, [batch(0, 16, 0x01), batch(5, 16, 0x01)], meta(11));
      await store.append(lookalike, [batch(0, 16, 0x02), batch(5, 16, 0x02)], meta(12));

      await store.truncateFrom(orders0, 5, meta(5));
      await store.deleteBefore(orders1, 5, meta(11, 5));
      await store.deletePartition(lookalike);

      expect(await store.read(orders0, 0, 1 << 20)).toEqual([batch(0, 16, 0x00)]);
      expect(await store.read(orders1, 0, 1 << 20)).toEqual([batch(5, 16, 0x01)]);
      expect(await store.load(lookalike)).toBeNull();
      expect(await store.load(orders1)).toEqual({ meta: meta(11, 5), lastBatch: batch(5, 16, 0x01) });
    });

    it('keeps the meta as written even when the caller later mutates its object', async () => {
      const store = await open();
      const written = meta(3);
      await store.append(orders0, [batch(0)], written);
      written.highWatermark = 99;
      written.leaderEpochs.push({ epoch: 1, startOffset: 3 });
      const loaded = await store.load(orders0);
      expect(loaded?.meta).toEqual(meta(3));

      loaded!.meta.logStartOffset = 42;
      expect((await store.load(orders0))?.meta).toEqual(meta(3));
    });
  });
}
