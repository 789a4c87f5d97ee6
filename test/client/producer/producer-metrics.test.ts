import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/index';
import { until } from '../../support/until';

const SEED = 41;

describe('client > producer > metrics', () => {
  it("counts records sent and requests, with their latency, under Kafka's names", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3 }] });
    const producer = kafka.producer();
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'orders', messages: [{ value: `v${i}` }] });
    const metrics = producer.metrics();
    expect(metrics['record-send-total']).toBe(10);
    expect(metrics['request-total']).toBe(10);
    expect(metrics['record-send-rate']).toBeGreaterThan(0);
    expect(metrics['request-latency-avg']).toBeGreaterThan(0);
    expect(metrics['request-latency-max']).toBeGreaterThanOrEqual(metrics['request-latency-avg']);
    expect(metrics['records-per-request-avg']).toBe(1);
    expect(metrics['record-retry-total']).toBe(0);
    expect(metrics['record-error-total']).toBe(0);
    await cluster.close();
  });

  it('counts retries after the leader dies and errors when a send fails for good', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '3' }] }],
    });
    const producer = kafka.producer({ idempotent: false, retries: 2 });
    await producer.send({ topic: 'orders', messages: [{ value: 'first' }] });
    await cluster.broker(cluster.leaderOf('orders', 0)).kill();
    await producer.send({ topic: 'orders', acks: 1, messages: [{ value: 'retried' }] }).catch(() => undefined);
    await until(
      cluster,
      'the controller drops the killed leader from the ISR',
      () => cluster.describePartition('orders', 0).isr.length === 2,
    );
    const refused = await producer.send({ topic: 'orders', messages: [{ value: 'too few replicas' }] }).then(
      () => null,
      (error: Error) => error,
    );
    expect(refused).not.toBeNull();
    const metrics = producer.metrics();
    expect(metrics['record-retry-total']).toBeGreaterThan(0);
    expect(metrics['record-error-total']).toBeGreaterThanOrEqual(1);
    await cluster.close();
  });
});
