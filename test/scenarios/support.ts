/**
 * Small vocabulary for scenario tests: a topic with Kafka configs, a producer that remembers what was
 * acknowledged, and a read-back check of every acknowledged record.
 */
import { expect } from 'vitest';
import { checkAckedRecords, type AckedRecord, type InProcessCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import type { ProducerConfig } from '../../src/client/producer/producer-config';
import type { KafkaError } from '../../src/protocol/errors';

export const text = (bytes: Uint8Array | null): string => new TextDecoder().decode(bytes ?? new Uint8Array());

export async function createTopic(
  kafka: Kafka,
  topic: string,
  options: { partitions?: number; replicationFactor?: number; configs?: Record<string, string> } = {},
): Promise<void> {
  await kafka.admin().createTopics({
    topics: [
      {
        topic,
        numPartitions: options.partitions ?? 1,
        replicationFactor: options.replicationFactor ?? 3,
        configEntries: Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value })),
      },
    ],
  });
}

/** A producer that keeps every record acknowledged with acks=all, to check the log against later. */
export function ackedProducer(kafka: Kafka, topic: string, config?: ProducerConfig) {
  const producer = kafka.producer(config);
  const acked: AckedRecord[] = [];
  return {
    acked,
    /** Sends one record to partition 0 (or the given one); resolves to its offset once acknowledged. */
    async send(value: string, acks = -1, partition = 0): Promise<number> {
      const [meta] = await producer.send({ topic, acks, messages: [{ value, partition }] });
      const offset = Number(meta.baseOffset);
      if (acks === -1) acked.push({ topic, partition, offset, value });
      return offset;
    },
    /** Sends and returns the error it fails with (the test fails if it succeeds). */
    async sendFailing(value: string, acks = -1, partition = 0): Promise<KafkaError> {
      try {
        await producer.send({ topic, acks, messages: [{ value, partition }] });
      } catch (error) {
        return error as KafkaError;
      }
      throw new Error(`send of ${value} with acks=${acks} succeeded; the scenario expected it to fail`);
    },
  };
}

/** Reads every partition of `topic` back from its leader and checks each acknowledged record is there once, in order. */
export async function expectAckedRecordsReadable(
  cluster: InProcessCluster,
  kafka: Kafka,
  topic: string,
  acked: readonly AckedRecord[],
): Promise<void> {
  const partitions = cluster.describe().topics.find((t) => t.name === topic)!.partitions;
  const reads = await Promise.all(
    partitions.map(async ({ partition }) => {
      const read = await kafka.readPartition({ topic, partition, fromOffset: 0 });
      return { topic, partition, records: read.records.map((r) => ({ offset: Number(r.offset), value: text(r.value) })) };
    }),
  );
  const report = checkAckedRecords(acked, reads);
  expect(report.anomalies).toEqual([]);
  expect(report.ackedCount).toBe(acked.length);
}

/** A broker's own view of one of its replicas (LEO, HW, log start), or undefined if it has none. */
export function replicaState(cluster: InProcessCluster, brokerId: number, topic: string, partition = 0) {
  return cluster
    .broker(brokerId)
    .instance?.partitionStates()
    .find((s) => s.topic === topic && s.partition === partition);
}
