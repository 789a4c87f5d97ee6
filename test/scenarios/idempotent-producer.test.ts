import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { createTopic, text } from './support';

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
});
