import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster, type Consumer, type ConsumerConfig } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import { until } from '../support/until';
import { createTopic, text } from './support';

const SEED = 505;

async function produce(kafka: Kafka, values: string[]): Promise<void> {
  await kafka.producer().send({ topic: 'orders', messages: values.map((value) => ({ value })) });
}

/** A consumer of 'orders' in group 'billing' that remembers the values it was handed, in order. */
async function startConsumer(
  kafka: Kafka,
  config: Partial<ConsumerConfig> = {},
  onMessage?: (value: string, consumer: Consumer) => Promise<void>,
) {
  const consumer = kafka.consumer({ groupId: 'billing', ...config });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({
    autoCommit: config.autoCommit,
    eachMessage: async ({ message }) => {
      seen.push(text(message.value));
      await onMessage?.(text(message.value), consumer);
    },
  });
  return { consumer, seen };
}

const values = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `v${from + i}`);

/** Waits until `consumer` has been handed `count` records in all (what they are is the test's to check). */
function untilSeen(cluster: InProcessCluster, consumer: { seen: string[] }, count: number): Promise<number> {
  return until(cluster, `the consumer has been handed ${count} records`, () => consumer.seen.length >= count);
}

async function setUp(): Promise<{ cluster: InProcessCluster; kafka: Kafka }> {
  console.log(`seed ${SEED}`);
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
  await createTopic(kafka, 'orders');
  return { cluster, kafka };
}

describe('scenario > consumer offsets', () => {
  it('auto-commits positions every auto.commit.interval.ms, so a restarted consumer resumes after what it consumed', async () => {
    const { cluster, kafka } = await setUp();
    await produce(kafka, values(0, 10));
    const first = await startConsumer(kafka);
    await cluster.advance(6_000);
    expect(first.seen).toEqual(values(0, 10));
    await first.consumer.disconnect();

    await produce(kafka, values(10, 15));
    const second = await startConsumer(kafka);
    await untilSeen(cluster, second, 5);
    expect(second.seen).toEqual(values(10, 15));
    await second.consumer.disconnect();
    await cluster.close();
  });

  it('with manual commits, resumes from the last committed offset: the next offset to read', async () => {
    const { cluster, kafka } = await setUp();
    await produce(kafka, values(0, 10));
    const first = await startConsumer(kafka, { autoCommit: false }, async (value, consumer) => {
      if (value === 'v4') await consumer.commitOffsets([{ topic: 'orders', partition: 0, offset: '5' }]);
    });
    await untilSeen(cluster, first, 10);
    expect(first.seen).toEqual(values(0, 10));
    await first.consumer.disconnect();

    const second = await startConsumer(kafka, { autoCommit: false });
    await untilSeen(cluster, second, 5);
    expect(second.seen).toEqual(values(5, 10));
    await second.consumer.disconnect();
    await cluster.close();
  });

  it('seek replays from the offset given', async () => {
    const { cluster, kafka } = await setUp();
    await produce(kafka, values(0, 5));
    const reader = await startConsumer(kafka);
    const { consumer, seen } = reader;
    await untilSeen(cluster, reader, 5);
    consumer.seek({ topic: 'orders', partition: 0, offset: '2' });
    await untilSeen(cluster, reader, 8);
    expect(seen).toEqual([...values(0, 5), ...values(2, 5)]);
    await consumer.disconnect();
    await cluster.close();
  });

  it('a consumer that crashes after processing but before committing gets its records processed twice: at-least-once', async () => {
    const { cluster, kafka } = await setUp();
    await produce(kafka, values(0, 8));
    const crashing = await startConsumer(kafka, { autoCommit: false }, async (value, consumer) => {
      if (value === 'v4') await consumer.commitOffsets([{ topic: 'orders', partition: 0, offset: '5' }]);
    });
    await untilSeen(cluster, crashing, 8);
    expect(crashing.seen).toEqual(values(0, 8));
    cluster.isolate('client-1-consumer-1'); // the process is gone: no heartbeat, no commit, no LeaveGroup
    const crashedAtMs = cluster.now();

    // The successor's first join waits for the crashed member until its session.timeout.ms (45 s from
    // its last heartbeat, at most heartbeat.interval.ms = 3 s before the crash) expires.
    const successor = await startConsumer(kafka, { autoCommit: false });
    await untilSeen(cluster, successor, 3);
    expect(cluster.now() - crashedAtMs).toBeGreaterThanOrEqual(45_000 - 3_000);
    expect(successor.seen).toEqual(values(5, 8));
    await successor.consumer.disconnect();
    await cluster.close();
  });

  it('keeps committed offsets through a restart of the group coordinator, which reloads them from __consumer_offsets', async () => {
    const { cluster, kafka } = await setUp();
    await produce(kafka, values(0, 6));
    const first = await startConsumer(kafka);
    await untilSeen(cluster, first, 6);
    await first.consumer.disconnect();

    cluster.restartGroupCoordinator();
    await produce(kafka, values(6, 9));
    const second = await startConsumer(kafka);
    await untilSeen(cluster, second, 3);
    expect(second.seen).toEqual(values(6, 9));
    await second.consumer.disconnect();
    await cluster.close();
  });

  it('never hands a consumer a record above the high watermark', async () => {
    const { cluster, kafka } = await setUp();
    const { leader, replicas } = cluster.describePartition('orders', 0);
    await produce(kafka, ['committed']);
    const reader = await startConsumer(kafka);
    const { consumer, seen } = reader;
    await untilSeen(cluster, reader, 1);
    // Followers cut off: an acks=1 write reaches the leader's log but cannot be replicated, so the HW stays.
    for (const follower of replicas.filter((id) => id !== leader)) cluster.partition(leader, follower);
    await kafka.producer().send({ topic: 'orders', acks: 1, messages: [{ value: 'not yet committed' }] });
    await cluster.advance(5_000);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ logEndOffset: 2, highWatermark: 1 });
    expect(seen).toEqual(['committed']);
    cluster.heal();
    await untilSeen(cluster, reader, 2);
    expect(seen).toEqual(['committed', 'not yet committed']);
    await consumer.disconnect();
    await cluster.close();
  });
});
