import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { until } from '../support/until';
import { createTopic, replicaState, text } from './support';

const SEED = 21;

/**
 * The leader appends a batch but its answers do not reach the producer for 35 s: the first attempt
 * times out after request.timeout.ms (30 s), the retry's answer is lost too, the third gets through.
 */
async function retryABatchWhoseResponseWasLost(idempotent: boolean): Promise<{ acknowledgedOffset: string; log: string[] }> {
  console.log(`seed ${SEED}, idempotent=${idempotent}`);
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
  await createTopic(kafka, 'orders');
  const producer = kafka.producer({ idempotent });
  await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] });

  const leader = cluster.leaderOf('orders', 0);
  cluster.partitionOneWay(leader, 'client-1-producer-1');
  cluster.clock.schedule(35_000, () => cluster.heal());
  const [meta] = await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'b' }] });

  const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
  await cluster.close();
  return { acknowledgedOffset: meta.baseOffset, log: read.records.map((r) => text(r.value)) };
}

describe('scenario > idempotent producer', () => {
  it('does not write a retried batch twice: the leader answers the duplicate with its first offset', async () => {
    expect(await retryABatchWhoseResponseWasLost(true)).toEqual({ acknowledgedOffset: '1', log: ['a', 'b'] });
  });

  it('without idempotence the same retry writes the record twice, which is why Kafka turned idempotence on by default', async () => {
    expect(await retryABatchWhoseResponseWasLost(false)).toEqual({ acknowledgedOffset: '3', log: ['a', 'b', 'b', 'b'] });
  });

  it('after a batch expires unanswered it bumps its epoch, so the next batch is not mistaken for a duplicate of the expired one', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    await createTopic(kafka, 'orders', { replicationFactor: 1 });
    const producer = kafka.producer({ deliveryTimeoutMs: 40_000 });
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'first' }] });
    cluster.partitionOneWay(1, 'client-1-producer-1');
    const expired = await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] }).then(
      () => null,
      (error: Error) => error,
    );
    expect(expired?.message).toMatch(/^Expiring 1 record\(s\) for orders-0/);
    cluster.heal();

    const [meta] = await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'b' }] });
    expect(meta.baseOffset).toBe('2');
    // 'a' was written although its send failed: a timeout tells the producer nothing about the write.
    const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => text(r.value))).toEqual(['first', 'a', 'b']);
    await cluster.close();
  });

  /** The leader replicates a batch but dies before its answer gets out; the producer retries on the new leader. */
  async function retryAcrossALeaderFailover(idempotent: boolean): Promise<string[]> {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = kafka.producer({ idempotent });
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] });
    const leader = cluster.leaderOf('orders', 0);
    cluster.partitionOneWay(leader, 'client-1-producer-1');
    const sending = producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'b' }] });
    // The answer to 'b' is lost on the way back; wait until 'b' is on every replica, so the retry is a duplicate.
    await until(cluster, "'b' is on every replica", () =>
      cluster.describePartition('orders', 0).replicas.every((id) => replicaState(cluster, id, 'orders')?.logEndOffset === 2),
    );
    await cluster.broker(leader).kill();
    await sending;
    expect(cluster.leaderOf('orders', 0)).not.toBe(leader);
    const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    await cluster.close();
    return read.records.map((r) => text(r.value));
  }

  it("retries across a leader failover deliver the record exactly once: the new leader knows the producer's sequences", async () => {
    expect(await retryAcrossALeaderFailover(true)).toEqual(['a', 'b']);
  });

  it('retries across a leader failover write the record twice without idempotence', async () => {
    expect(await retryAcrossALeaderFailover(false)).toEqual(['a', 'b', 'b']);
  });
});
