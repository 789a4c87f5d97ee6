import { describe, expect, it } from 'vitest';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import { batch, describeLogStoreContract, meta, type TestMeta } from './log-store-contract';

describeLogStoreContract('broker > memory log store', async () => new MemoryLogStore<TestMeta>());

describe('broker > memory log store', () => {
  it('keeps its data through close, because the restarted broker reuses the same object', async () => {
    const store = new MemoryLogStore<TestMeta>();
    const tp = { topic: 'orders', partition: 0 };
    await store.append(tp, [batch(0), batch(4)], meta(4));
    await store.close();
    expect(await store.load(tp)).toEqual({ meta: meta(4), lastBatch: batch(4) });
    expect(await store.read(tp, 0, 1 << 20)).toEqual([batch(0), batch(4)]);
  });

  it('rejects a meta it cannot copy and leaves the partition unchanged', async () => {
    const store = new MemoryLogStore<unknown>();
    const tp = { topic: 'orders', partition: 0 };
    await store.append(tp, [batch(0)], meta(1));
    await expect(store.append(tp, [batch(1)], { notCloneable: () => 1 })).rejects.toThrow();
    expect(await store.load(tp)).toEqual({ meta: meta(1), lastBatch: batch(0) });
  });
});
