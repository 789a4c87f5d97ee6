import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from '../../src/protocol/errors';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

/**
 * A leader (broker 1) with one follower whose HW has just moved to 2 in memory: an acks=all produce
 * returns only once the follower has fetched both records. Its store still holds the HW of the
 * append, 0, until a checkpoint writes the new one.
 */
async function leaderWithNewHighWatermark(config: Record<string, number>): Promise<TestCluster> {
  cluster = await TestCluster.start({ brokers: 2, config });
  await cluster.createTopic('orders', [[1, 2]]);
  const response = await cluster.produce(1, 'orders', 0, -1, { values: ['a', 'b'] });
  expect(errorName(response.errorCode)).toBe('NONE');
  expect(cluster.partitionState(1, 'orders', 0)!.highWatermark).toBe(2);
  return cluster;
}

/** The HW the leader would come back with after a crash: the one in its store's meta. */
async function storedHighWatermark(on: TestCluster): Promise<number> {
  const loaded = await on.stores.get(1)!.load({ topic: 'orders', partition: 0 });
  return loaded!.meta.highWatermark;
}

/**
 * Virtual ms until the leader's HW of 2 is in its store, advancing in 10 ms steps (the store is read
 * asynchronously, so a predicate between events cannot see it); null if not within `withinMs`.
 */
async function msUntilStored(on: TestCluster, withinMs: number): Promise<number | null> {
  const start = on.clock.now();
  while ((await storedHighWatermark(on)) < 2) {
    if (on.clock.now() - start >= withinMs) return null;
    await on.advance(10);
  }
  return on.clock.now() - start;
}

describe('broker > high watermark checkpoint', () => {
  it('stores the HW every replica.high.watermark.checkpoint.interval.ms, 5000 ms by default', async () => {
    const leader = await leaderWithNewHighWatermark({});
    // The broker started well under a second ago, so its first checkpoint is seconds away.
    expect(await msUntilStored(leader, 1_000)).toBeNull();
    expect(await msUntilStored(leader, 5_000)).not.toBeNull();
    expect(leader.clock.now() - leader.clock.startMs).toBeGreaterThanOrEqual(5_000);
  });

  it('stores the HW sooner with a shorter replica.high.watermark.checkpoint.interval.ms', async () => {
    const leader = await leaderWithNewHighWatermark({ 'replica.high.watermark.checkpoint.interval.ms': 100 });
    const waited = await msUntilStored(leader, 5_000);
    expect(waited).not.toBeNull();
    expect(waited!).toBeLessThanOrEqual(100);
  });

  it('stores no periodic checkpoint when the interval is not positive, as KafkaScheduler runs such a task once at startup', async () => {
    const leader = await leaderWithNewHighWatermark({ 'replica.high.watermark.checkpoint.interval.ms': 0 });
    expect(await msUntilStored(leader, 30_000)).toBeNull();
  });
});
