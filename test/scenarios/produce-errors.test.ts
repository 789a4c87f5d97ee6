/**
 * What a producer's failed send says, as Kafka's Java client says it. The broker sends an error
 * message in a ProduceResponse only for a record-validation failure (ReplicaManager.appendToLocalLog:
 * LogAppendResult.hasCustomErrorMessage is true only for a RecordValidationException), so any other
 * error reaches the client as a bare code and the Java producer's exception carries the Errors enum's
 * default message (Sender.failBatch: `error.exception(response.errorMessage)` with a null message).
 * A record that failed validation gets its own RecordError's message.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type KafkaError } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import type { ProducerConfig } from '../../src/client/producer/producer-config';
import { until } from '../support/until';
import { createTopic } from './support';

const SEED = 61;

async function failedSend(kafka: Kafka, topic: string, messages: { key?: string; value: string }[], config?: ProducerConfig) {
  return kafka
    .producer(config)
    .send({ topic, acks: -1, messages })
    .then(
      () => null,
      (error: KafkaError) => ({ type: error.type, message: error.message }),
    );
}

describe('scenario > produce errors', () => {
  it("NOT_ENOUGH_REPLICAS carries NotEnoughReplicasException's message, not the broker's ISR log line", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 2, seed: SEED });
    await createTopic(kafka, 'orders', { replicationFactor: 2, configs: { 'min.insync.replicas': '2' } });
    const follower = cluster.describePartition('orders', 0).replicas.find((id) => id !== cluster.leaderOf('orders', 0))!;
    await cluster.killBroker(follower);
    await until(cluster, 'the ISR of orders-0 shrinks to the leader', () => cluster.describePartition('orders', 0).isr.length === 1);
    expect(await failedSend(kafka, 'orders', [{ value: 'a' }], { idempotent: false, retries: 0 })).toEqual({
      type: 'NOT_ENOUGH_REPLICAS',
      message: 'Messages are rejected since there are fewer in-sync replicas than required.',
    });
    await cluster.close();
  });

  it("MESSAGE_TOO_LARGE carries RecordTooLargeException's message", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    await createTopic(kafka, 'orders', { replicationFactor: 1, configs: { 'max.message.bytes': '200' } });
    expect(await failedSend(kafka, 'orders', [{ value: 'x'.repeat(500) }])).toEqual({
      type: 'MESSAGE_TOO_LARGE',
      message: 'The request included a message larger than the max message size the server will accept.',
    });
    await cluster.close();
  });

  it("a keyless record on a compacted topic fails with its RecordError's message", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    await createTopic(kafka, 'profiles', { replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } });
    expect(await failedSend(kafka, 'profiles', [{ value: 'no key' }])).toEqual({
      type: 'INVALID_RECORD',
      message: 'Compacted topic cannot accept message without key in topic partition profiles-0',
    });
    await cluster.close();
  });
});
