/**
 * A one-shot read of one partition from its leader, as a consumer's fetch does it
 * (isolation READ_UNCOMMITTED, so only records below the high watermark).
 */
import { decodeRecords, readBatchHeader } from '../protocol/record-batch';
import { KafkaError } from '../protocol/errors';
import type { Cluster } from './cluster/cluster';
import { isStaleMetadata } from './cluster/cluster';
import type { ExponentialBackoff } from './cluster/exponential-backoff';
import { withRetries } from './cluster/retry';
import { topicPartitionKey } from '../protocol/topic-partition';

export interface PartitionReadOptions {
  topic: string;
  partition: number;
  fromOffset: number | string;
  /** max.partition.fetch.bytes; at least one batch is returned even if it is larger (KIP-74). */
  maxBytes?: number;
}

/** A record as kafkajs's eachMessage sees it. */
export interface ReadRecord {
  offset: string;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array | null>;
  timestamp: string;
  /** The record batch it came in, as its header says: who wrote it, in which leader epoch. */
  batch: ReadBatch;
}

export interface ReadBatch {
  baseOffset: number;
  lastOffset: number;
  /** The leader epoch of the leader that appended it (the batch's partitionLeaderEpoch). */
  partitionLeaderEpoch: number;
  /** -1 for a producer that is not idempotent. */
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

export interface PartitionRead {
  records: ReadRecord[];
  highWatermark: string;
  logStartOffset: string;
}

/** ConsumerConfig's max.partition.fetch.bytes default. */
const DEFAULT_MAX_BYTES = 1048576;

export async function readPartition(
  cluster: Cluster,
  backoff: ExponentialBackoff,
  deadlineMs: number,
  { topic, partition, fromOffset, maxBytes = DEFAULT_MAX_BYTES }: PartitionReadOptions,
): Promise<PartitionRead> {
  const fetchOffset = Number(fromOffset);
  cluster.targetTopics.add(topic);
  return withRetries(
    {
      clock: cluster.clock,
      backoff,
      deadlineMs,
      beforeRetry: async (error) => {
        if (isStaleMetadata(error)) await cluster.refreshMetadata().catch(() => undefined);
      },
    },
    async () => {
      if (cluster.partitions(topic) === undefined || cluster.needsUpdate) await cluster.refreshMetadata();
      const leader = cluster.leaderFor(topic, partition);
      if (cluster.partitions(topic) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION');
      if (leader < 0) throw new KafkaError('LEADER_NOT_AVAILABLE');
      const response = await cluster.request(leader, 'Fetch', {
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes,
        isolationLevel: 0,
        topics: [
          {
            topic,
            partitions: [
              { partition, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: maxBytes },
            ],
          },
        ],
      });
      if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
      const result = response.responses.find((t) => t.topic === topic)?.partitions.find((p) => p.partitionIndex === partition);
      if (result === undefined)
        throw new KafkaError('UNKNOWN_SERVER_ERROR', `The fetch response has no result for ${topicPartitionKey(topic, partition)}.`);
      if (result.errorCode !== 0) {
        const error = KafkaError.fromCode(result.errorCode);
        if (isStaleMetadata(error)) cluster.requestUpdate();
        throw error;
      }
      return {
        records: recordsOfBatches(result.records, fetchOffset, result.highWatermark),
        highWatermark: String(result.highWatermark),
        logStartOffset: String(result.logStartOffset),
      };
    },
  );
}

/**
 * The records of fetched batches from `fetchOffset` up to the high watermark, with their batch's
 * header. A fetch returns whole batches, so the first may start before fetchOffset.
 */
export function recordsOfBatches(batches: readonly Uint8Array[], fetchOffset: number, highWatermark: number): ReadRecord[] {
  return batches.flatMap((bytes) => {
    const { baseOffset, lastOffset, partitionLeaderEpoch, producerId, producerEpoch, baseSequence, recordsCount } = readBatchHeader(bytes);
    const batch = { baseOffset, lastOffset, partitionLeaderEpoch, producerId, producerEpoch, baseSequence, recordsCount };
    return decodeRecords(bytes)
      .filter((record) => record.offset >= fetchOffset && record.offset < highWatermark)
      .map((record) => ({
        offset: String(record.offset),
        key: record.key,
        value: record.value,
        headers: Object.fromEntries(record.headers.map((header) => [header.key, header.value])),
        timestamp: String(record.timestamp),
        batch,
      }));
  });
}
