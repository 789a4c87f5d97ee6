import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/index';
import { until } from '../../support/until';

const SEED = 77;

describe('client > consumer > metrics', () => {
  it('counts each completed rebalance and how long it took, under consumer-coordinator-metrics names', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 4, replicationFactor: 3 }] });
    const first = kafka.consumer({ groupId: 'billing' });
    expect(first.metrics()['rebalance-total']).toBe(0);
    expect(first.metrics()['last-rebalance-seconds-ago']).toBe(-1);
    await first.connect();
    await first.subscribe({ topic: 'orders' });
    await first.run({ eachMessage: async () => undefined });
    await until(cluster, 'the first consumer completes its first rebalance', () => first.metrics()['rebalance-total'] === 1);
    expect(first.metrics()['rebalance-total']).toBe(1);
    // The first join waits group.initial.rebalance.delay.ms (3 s) for more members.
    expect(first.metrics()['rebalance-latency-avg']).toBeGreaterThanOrEqual(3_000);

    const second = kafka.consumer({ groupId: 'billing' });
    await second.connect();
    await second.subscribe({ topic: 'orders' });
    await second.run({ eachMessage: async () => undefined });
    await until(
      cluster,
      'the first consumer completes the rebalance the second one started',
      () => first.metrics()['rebalance-total'] === 2,
    );
    const metrics = first.metrics();
    expect(metrics['rebalance-total']).toBe(2);
    expect(metrics['rebalance-rate-per-hour']).toBeGreaterThan(0);
    expect(metrics['last-rebalance-seconds-ago']).toBeGreaterThanOrEqual(0);
    expect(metrics['last-rebalance-seconds-ago']).toBeLessThanOrEqual(10);
    await cluster.close();
  });
});
