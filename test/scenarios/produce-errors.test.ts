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
import { encodeRecordBatch } from '../../src/protocol/record-batch';
import { brokerAddress } from '../../src/protocol/rpc';
import { errorCode } from '../../src/protocol/errors';
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

  it('a batch whose CRC does not match is refused with CORRUPT_MESSAGE on the leader, and nothing of it is written', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders');
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'good' }] });
    const leader = cluster.leaderOf('orders', 0);
    const records = encodeRecordBatch({ records: [{ key: null, value: new TextEncoder().encode('flipped'), timestamp: cluster.now() }] });
    records[records.length - 2] ^= 0x01; // one bit of the value flipped on the way: well framed, but not what the CRC covered
    const client = cluster.network.transport('client-raw-producer');
    const response = await cluster.run(
      client.request(
        brokerAddress(leader),
        'Produce',
        { transactionalId: null, acks: -1, timeoutMs: 5_000, topicData: [{ name: 'orders', partitionData: [{ index: 0, records }] }] },
        10_000,
      ),
    );
    expect(response.responses[0].partitionResponses[0].errorCode).toBe(errorCode('CORRUPT_MESSAGE'));
    await cluster.advance(1_000);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ highWatermark: 1, logEndOffset: 1 });
    const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['good']);
  });
});
