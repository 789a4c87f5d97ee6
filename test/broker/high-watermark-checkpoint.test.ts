import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from '../../src/protocol/errors';
import { until } from '../support/until';
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

/** Virtual ms until the HW the leader would come back with after a crash, the one in its store, is 2. */
function untilStored(leader: TestCluster, maxVirtualMs: number): Promise<number> {
  return until(
    leader,
    "the leader's HW of 2 is in its store",
    async () => (await leader.stores.get(1)!.load({ topic: 'orders', partition: 0 }))!.meta.highWatermark === 2,
    { maxVirtualMs, pollEveryMs: 10 },
  );
}

describe('broker > high watermark checkpoint', () => {
  it('stores the HW every replica.high.watermark.checkpoint.interval.ms, 5000 ms by default', async () => {
    const leader = await leaderWithNewHighWatermark({});
    // The broker started well under a second ago, so its first checkpoint is seconds away.
    await expect(untilStored(leader, 1_000)).rejects.toThrow(/did not happen/);
    await untilStored(leader, 5_000);
    expect(leader.clock.elapsedMs()).toBeGreaterThanOrEqual(5_000);
  });

  it('stores the HW sooner with a shorter replica.high.watermark.checkpoint.interval.ms', async () => {
    const leader = await leaderWithNewHighWatermark({ 'replica.high.watermark.checkpoint.interval.ms': 100 });
    expect(await untilStored(leader, 5_000)).toBeLessThanOrEqual(100);
  });

  it('stores no periodic checkpoint when the interval is not positive, as KafkaScheduler runs such a task once at startup', async () => {
    const leader = await leaderWithNewHighWatermark({ 'replica.high.watermark.checkpoint.interval.ms': 0 });
    await expect(untilStored(leader, 30_000)).rejects.toThrow(/did not happen/);
  });
});
