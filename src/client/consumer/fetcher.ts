/**
 * Fetching for the owned partitions (Kafka's AbstractFetch / kafkajs's fetchManager): one Fetch
 * request per partition leader, each a long poll of fetch.max.wait.ms.
 * The broker answers only records below the high watermark; the fetcher turns the batches into
 * kafkajs messages starting at the position asked for, and reports which partitions need fresh
 * metadata or an offset reset.
 */
import { decodeRecords, readBatchHeader } from '../../protocol/record-batch';
import { KafkaError } from '../../protocol/errors';
import { isStaleMetadata, type Cluster } from '../cluster/cluster';
import type { PartitionState } from './subscription-state';
import { topicPartitionKey } from '../../protocol/topic-partition';

export type MessageHeaders = Record<string, Uint8Array | null | (Uint8Array | null)[]>;

/** kafkajs's KafkaMessage for record batches (v2), offsets and timestamps as strings. */
export interface KafkaMessage {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: MessageHeaders;
  timestamp: string;
  offset: string;
}

export interface FetchedBatch {
  topic: string;
  partition: number;
  /** The position the fetch asked for: the batch is stale if the position moved since. */
  fetchOffset: number;
  highWatermark: number;
  messages: KafkaMessage[];
  /** The leader epoch stamped on the batch holding `offset` (partitionLeaderEpoch), what the position then carries. */
  epochOf(offset: number): number | null;
}

export interface FetchSettings {
  maxWaitTimeMs: number;
  minBytes: number;
  maxBytes: number;
  maxBytesPerPartition: number;
  isolationLevel: number;
}

export interface FetchResult {
  batches: FetchedBatch[];
  /** Partitions whose position is outside the log (OFFSET_OUT_OF_RANGE): auto.offset.reset applies. */
  outOfRange: PartitionState[];
}

/**
 * Splits the partitions by their leader; partitions whose leader is unknown are left out and the
 * metadata is marked stale.
 */
export function partitionsByLeader(cluster: Cluster, partitions: readonly PartitionState[]): Map<number, PartitionState[]> {
  const byLeader = new Map<number, PartitionState[]>();
  for (const state of partitions) {
    const leader = cluster.leaderFor(state.topic, state.partition);
    if (leader < 0) {
      cluster.requestUpdate();
      continue;
    }
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), state]);
  }
  return byLeader;
}

/** One Fetch to one leader. Retriable failures mark the metadata stale and yield nothing; the next poll tries again. */
export async function fetchFromLeader(
  cluster: Cluster,
  leader: number,
  states: readonly PartitionState[],
  settings: FetchSettings,
): Promise<FetchResult> {
  const result: FetchResult = { batches: [], outOfRange: [] };
  const asked = new Map(states.map((s) => [topicPartitionKey(s), { state: s, fetchOffset: s.position! }]));
  const topics = new Map<string, PartitionState[]>();
  for (const state of states) topics.set(state.topic, [...(topics.get(state.topic) ?? []), state]);
  let response;
  try {
    response = await cluster.request(
      leader,
      'Fetch',
      {
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: settings.maxWaitTimeMs,
        minBytes: settings.minBytes,
        maxBytes: settings.maxBytes,
        isolationLevel: settings.isolationLevel,
        topics: [...topics].map(([topic, list]) => ({
          topic,
          partitions: list.map((s) => ({
            partition: s.partition,
            // The epoch the position was validated against (FetchPosition.currentLeader), else the metadata's:
            // a deposed leader answers FENCED_LEADER_EPOCH instead of stale data, and a new one
            // UNKNOWN_LEADER_EPOCH until the position is validated against it (KIP-320).
            currentLeaderEpoch: s.currentLeaderEpoch ?? cluster.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
            fetchOffset: s.position!,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: settings.maxBytesPerPartition,
          })),
        })),
      },
      cluster.requestTimeoutMs + settings.maxWaitTimeMs,
    );
  } catch (error) {
    if (!(error instanceof KafkaError) || !error.retriable) throw error;
    cluster.requestUpdate();
    return result;
  }
  if (response.errorCode !== 0) {
    const error = KafkaError.fromCode(response.errorCode);
    if (!error.retriable) throw error;
    cluster.requestUpdate();
    return result;
  }
  for (const topic of response.responses) {
    for (const partition of topic.partitions) {
      const request = asked.get(topicPartitionKey(topic.topic, partition.partitionIndex));
      if (request === undefined) continue;
      const { state, fetchOffset } = request;
      if (partition.errorCode !== 0) {
        const error = KafkaError.fromCode(partition.errorCode);
        if (error.type === 'OFFSET_OUT_OF_RANGE') result.outOfRange.push(state);
        else if (isStaleMetadata(error) || error.retriable) cluster.requestUpdate();
        else throw error;
        continue;
      }
      state.highWatermark = partition.highWatermark;
      const limit = settings.isolationLevel === 1 && partition.lastStableOffset >= 0 ? partition.lastStableOffset : partition.highWatermark;
      // A fetch returns whole batches, so the first may start before the position.
      const messages = partition.records
        .flatMap(decodeRecords)
        .filter((r) => r.offset >= fetchOffset && r.offset < limit)
        .map(toKafkaMessage);
      const epochs = partition.records.map(readBatchHeader).map((h) => ({ baseOffset: h.baseOffset, epoch: h.partitionLeaderEpoch }));
      result.batches.push({
        topic: topic.topic,
        partition: partition.partitionIndex,
        fetchOffset,
        highWatermark: partition.highWatermark,
        messages,
        epochOf: (offset) => {
          let epoch = -1;
          for (const e of epochs) if (e.baseOffset <= offset) epoch = e.epoch;
          return epoch >= 0 ? epoch : null;
        },
      });
    }
  }
  return result;
}

function toKafkaMessage(record: ReturnType<typeof decodeRecords>[number]): KafkaMessage {
  const headers: MessageHeaders = {};
  for (const { key, value } of record.headers) {
    const existing = headers[key];
    // kafkajs turns a repeated header key into an array of its values.
    if (existing === undefined) headers[key] = value;
    else headers[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { key: record.key, value: record.value, headers, timestamp: String(record.timestamp), offset: String(record.offset) };
}
