import { describe, expect, it } from 'vitest';
import { LogTailCache } from '../../workers/log-tail-cache';
import { batch } from '../broker/log-store-contract';

const tp = { topic: 'orders', partition: 0 };
const other = { topic: 'payments', partition: 0 };
const offsets = (batches: { baseOffset: number }[] | null) => batches?.map((b) => b.baseOffset) ?? null;
const roomy = () => new LogTailCache({ partitionBytes: 1 << 20, storeBytes: 1 << 20 });

/** A cache seeded from a recovered partition whose last batch starts at 10, then appended to. */
function tailFrom10(cache = roomy()): LogTailCache {
  cache.seed(tp, batch(10, 100), cache.version(tp));
  cache.append(tp, [batch(20, 100), batch(30, 100)]);
  return cache;
}

describe('workers > log tail cache', () => {
  it('knows nothing of a partition it was never told about', () => {
    expect(roomy().read(tp, 0, 1 << 20)).toBeNull();
  });

  it('serves the batch containing the offset and everything after it from the recovered last batch on', () => {
    const cache = tailFrom10();
    expect(offsets(cache.read(tp, 10, 1 << 20))).toEqual([10, 20, 30]);
    expect(offsets(cache.read(tp, 25, 1 << 20))).toEqual([20, 30]);
    expect(offsets(cache.read(tp, 99, 1 << 20))).toEqual([30]);
    expect(offsets(cache.read(tp, 10, 150))).toEqual([10]);
  });

  it('leaves an offset before the recovered last batch to the store, since an older batch may contain it', () => {
    expect(tailFrom10().read(tp, 9, 1 << 20)).toBeNull();
  });

  it('answers any read of a partition recovered empty, which it holds whole', () => {
    const cache = roomy();
    cache.seed(tp, null, cache.version(tp));
    expect(cache.read(tp, 0, 1 << 20)).toEqual([]);
    cache.append(tp, [batch(5), batch(8)]);
    expect(offsets(cache.read(tp, 0, 1 << 20))).toEqual([5, 8]);
  });

  it('does not seed from a load that a committed write raced', () => {
    const cache = roomy();
    const version = cache.version(tp);
    cache.append(tp, [batch(10)]);
    cache.seed(tp, null, version);
    expect(cache.read(tp, 0, 1 << 20)).toBeNull();
  });

  it('replaces a batch appended again at the same base offset, counting its bytes once', () => {
    const cache = tailFrom10();
    cache.append(tp, [batch(30, 40, 0x01)]);
    expect(cache.read(tp, 30, 1 << 20)).toEqual([batch(30, 40, 0x01)]);
    expect(cache.bytes).toBe(240);
  });

  it('drops a partition’s oldest batches past its byte budget, and then leaves their offsets to the store', () => {
    const cache = tailFrom10(new LogTailCache({ partitionBytes: 250, storeBytes: 1 << 20 }));
    expect(cache.partitionBytes(tp)).toBe(200);
    expect(cache.read(tp, 10, 1 << 20)).toBeNull();
    expect(cache.read(tp, 15, 1 << 20)).toBeNull();
    expect(offsets(cache.read(tp, 20, 1 << 20))).toEqual([20, 30]);
    cache.append(tp, [batch(40, 100)]);
    expect(cache.partitionBytes(tp)).toBe(200);
    expect(offsets(cache.read(tp, 30, 1 << 20))).toEqual([30, 40]);
  });

  it('keeps all partitions under the store budget by dropping from the least recently used one', () => {
    const third = { topic: 'refunds', partition: 0 };
    const cache = new LogTailCache({ partitionBytes: 1 << 20, storeBytes: 300 });
    for (const partition of [tp, other, third]) {
      cache.seed(partition, null, cache.version(partition));
      cache.append(partition, [batch(0, 100)]);
    }
    // Reading `tp` makes `other` the least recently used.
    cache.read(tp, 0, 1 << 20);
    cache.append(third, [batch(1, 100)]);
    expect(cache.bytes).toBe(300);
    expect(cache.read(other, 0, 1 << 20)).toBeNull();
    expect(offsets(cache.read(tp, 0, 1 << 20))).toEqual([0]);
    expect(offsets(cache.read(third, 0, 1 << 20))).toEqual([0, 1]);
  });

  it('forgets truncated batches, and knows none is left from the truncation offset on', () => {
    const cache = tailFrom10();
    cache.truncateFrom(tp, 25);
    expect(offsets(cache.read(tp, 10, 1 << 20))).toEqual([10, 20]);
    cache.truncateFrom(tp, 5);
    expect(cache.bytes).toBe(0);
    // A batch at 0 may still contain offset 7: the store must answer.
    expect(cache.read(tp, 7, 1 << 20)).toBeNull();
    cache.append(tp, [batch(5)]);
    expect(offsets(cache.read(tp, 6, 1 << 20))).toEqual([5]);
  });

  it('holds the whole partition once retention deletes everything before the cached tail', () => {
    const cache = tailFrom10();
    cache.deleteBefore(tp, 5);
    expect(cache.read(tp, 0, 1 << 20)).toBeNull();
    cache.deleteBefore(tp, 20);
    expect(offsets(cache.read(tp, 0, 1 << 20))).toEqual([20, 30]);
    expect(cache.bytes).toBe(200);
  });

  it('takes in compacted replacements that reach into the cached tail', () => {
    const cache = tailFrom10();
    cache.replaceRange(tp, 0, 30, [batch(0, 10, 0xc0), batch(15, 10, 0xc1)]);
    // The store now holds only the replacements below the old tail, so the cache has them all.
    expect(offsets(cache.read(tp, 0, 1 << 20))).toEqual([0, 15, 30]);
    expect(cache.read(tp, 16, 1 << 20)).toEqual([batch(15, 10, 0xc1), batch(30, 100)]);
    expect(cache.bytes).toBe(120);
    cache.replaceRange(tp, 0, 10, [batch(1, 10, 0xc2)]);
    expect(cache.bytes).toBe(120);
  });

  it('knows a deleted partition is empty', () => {
    const cache = tailFrom10();
    cache.deletePartition(tp);
    expect(cache.read(tp, 0, 1 << 20)).toEqual([]);
    expect(cache.bytes).toBe(0);
  });
});
