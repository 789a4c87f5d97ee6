import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

describe('broker > partition ISR', () => {
  it('shrinks the ISR after replica.lag.time.max.ms without a caught-up fetch, and expands it once the follower catches up', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    const isrChanges: number[][] = [];
    cluster.broker(1).onEvent((event) => {
      if (event.type === 'isr-change') isrChanges.push(event.isr);
    });
    // Broker 2 still heartbeats the controller, so only the leader can drop it: a lagging, not a dead, follower.
    cluster.network.cut('broker-1', 'broker-2');
    await cluster.produce(1, 'orders', 0, 1, { values: ['a'] });
    const cutAtMs = cluster.clock.now();
    await cluster.until(() => cluster!.partitionState(1, 'orders', 0)!.isr.length === 1);
    const shrinkAfterMs = cluster.clock.now() - cutAtMs;
    // replica.lag.time.max.ms = 30 s, checked every 15 s: out between 30 and 45 s.
    expect(shrinkAfterMs).toBeGreaterThan(30_000);
    expect(shrinkAfterMs).toBeLessThanOrEqual(45_500);
    expect(cluster.controller.image.partition('orders', 0)!.isr).toEqual([1]);
    expect(cluster.broker(1).metrics().IsrShrinksPerSec).toBe(1);
    expect(cluster.broker(1).metrics().UnderReplicatedPartitions).toBe(1);

    cluster.network.heal('broker-1', 'broker-2');
    await cluster.until(() => cluster!.partitionState(1, 'orders', 0)!.isr.length === 2);
    expect(cluster.controller.image.partition('orders', 0)!.isr.sort()).toEqual([1, 2]);
    expect(cluster.broker(1).metrics().IsrExpandsPerSec).toBe(1);
    expect(cluster.partitionState(2, 'orders', 0)!.logEndOffset).toBe(1);
    expect(isrChanges.map((isr) => [...isr].sort())).toEqual([[1], [1, 2]]);
  });

  it('keeps a follower that fetches regularly in the ISR however long it runs', async () => {
    cluster = await TestCluster.start({ brokers: 3 });
    await cluster.createTopic('orders', [[1, 2, 3]]);
    for (let i = 0; i < 10; i++) {
      await cluster.produce(1, 'orders', 0, 1, { values: [`v${i}`] });
      await cluster.advance(10_000);
    }
    expect(cluster.partitionState(1, 'orders', 0)!.isr).toHaveLength(3);
    expect(cluster.broker(1).metrics().IsrShrinksPerSec).toBe(0);
  });
});
