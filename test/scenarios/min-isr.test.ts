/**
 * The effective min ISR is min(min.insync.replicas, replication factor) (KAFKA-15583, Kafka 3.7+):
 * a topic with fewer replicas than a broker-wide min.insync.replicas still takes acks=all writes.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { createTopic } from './support';

const SEED = 1583;

describe('scenario > min.insync.replicas above the replication factor', () => {
  it('an RF 1 topic takes acks=all and moves its high watermark under a broker-wide min.insync.replicas=2', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: { 'min.insync.replicas': 2 } });
    await createTopic(kafka, 'solo', { replicationFactor: 1 });
    const producer = kafka.producer({ deliveryTimeoutMs: 10_000, requestTimeoutMs: 5_000 });
    const [metadata] = await cluster.settle(producer.send({ topic: 'solo', acks: -1, messages: [{ value: 'one' }, { value: 'two' }] }));
    expect(metadata).toMatchObject({ errorCode: 0, baseOffset: '0' });
    expect(cluster.describePartition('solo', 0).highWatermark).toBe(2);
  });
});
