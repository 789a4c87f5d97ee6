import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from '../../src/protocol/errors';
import { readBatchHeader } from '../../src/protocol/record-batch';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

async function storedBatches(store: MemoryLogStore<LogMeta>, topic: string) {
  const batches = await store.read({ topic, partition: 0 }, 0, 1 << 20);
  return batches.map((batch) => {
    const header = readBatchHeader(batch.bytes);
    return { baseOffset: header.baseOffset, lastOffset: header.lastOffset, epoch: header.partitionLeaderEpoch };
  });
}

describe('broker > replica fetcher', () => {
  it("replicates the leader's batches byte for byte and follows the leader's HW", async () => {
    cluster = await TestCluster.start({ brokers: 3 });
    await cluster.createTopic('orders', [[1, 2, 3]]);
    for (let i = 0; i < 5; i++) await cluster.produce(1, 'orders', 0, -1, { values: [`a${i}`, `b${i}`] });
    await cluster.until(() => [2, 3].every((id) => cluster!.partitionState(id, 'orders', 0)!.highWatermark === 10));
    const leader = await storedBatches(cluster.stores.get(1)!, 'orders');
    expect(await storedBatches(cluster.stores.get(2)!, 'orders')).toEqual(leader);
    expect(await storedBatches(cluster.stores.get(3)!, 'orders')).toEqual(leader);
  });

  it("truncates a diverged follower to the leader's epoch boundary (DivergingEpoch) and fetches the new leader's records", async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    await cluster.produce(1, 'orders', 0, -1, { values: ['committed'] });
    // Broker 2 stops hearing from leader 1 (but stays in the ISR for replica.lag.time.max.ms); 1 takes two more acks=1 writes.
    cluster.network.cut('broker-1', 'broker-2');
    await cluster.produce(1, 'orders', 0, 1, { values: ['lost-1'] });
    await cluster.produce(1, 'orders', 0, 1, { values: ['lost-2'] });
    expect(cluster.partitionState(1, 'orders', 0)!.logEndOffset).toBe(3);
    // Leader 1 crashes; 2, still in the ISR, becomes leader in epoch 1 and takes a write of its own.
    cluster.killBroker(1);
    cluster.network.heal('broker-1', 'broker-2');
    await cluster.until(() => cluster!.partitionState(2, 'orders', 0)!.isLeader);
    const written = await cluster.produce(2, 'orders', 0, 1, { values: ['new-leader'] });
    expect(written.baseOffset).toBe(1);
    const lost: unknown[] = [];
    await cluster.startBroker(1);
    cluster.broker(1).onEvent((event) => {
      if (event.type === 'committed-offsets-lost') lost.push(event);
    });
    await cluster.until(
      () => cluster!.partitionState(1, 'orders', 0)?.logEndOffset === 2 && cluster!.partitionState(1, 'orders', 0)!.highWatermark === 2,
    );
    expect(await storedBatches(cluster.stores.get(1)!, 'orders')).toEqual(await storedBatches(cluster.stores.get(2)!, 'orders'));
    expect((await storedBatches(cluster.stores.get(1)!, 'orders')).map((batch) => batch.epoch)).toEqual([0, 1]);
    // Only uncommitted records (above the old HW of 1) were dropped.
    expect(lost).toEqual([]);
  });

  it('backs off and keeps fetching after the leader is unreachable for a while', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    cluster.network.cut('broker-1', 'broker-2');
    const response = await cluster.produce(1, 'orders', 0, 1, { values: ['a'] });
    expect(errorName(response.errorCode)).toBe('NONE');
    await cluster.advance(5_000);
    cluster.network.heal('broker-1', 'broker-2');
    await cluster.until(() => cluster!.partitionState(2, 'orders', 0)!.logEndOffset === 1);
  });
});
