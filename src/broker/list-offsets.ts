/**
 * ListOffsets on the leader, after Kafka's ReplicaManager.fetchOffset and
 * Partition.fetchOffsetForTimestamp: the earliest offset is the log start, the latest the high
 * watermark for a client (the last stable offset without transactions) or the log end for a
 * follower, and a timestamp finds the first record at or after it below that bound. A new leader
 * whose HW has not yet reached the start of its epoch answers OFFSET_NOT_AVAILABLE (KIP-207).
 */
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type ListOffsetsPartitionResponse,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
} from '../protocol/apis/list-offsets';
import { KafkaError } from '../protocol/errors';
import type { HostedPartitions } from './hosted-partitions';

type ListOffsetsPartition = ListOffsetsRequest['topics'][number]['partitions'][number];

/** ReplicaManager.fetchOffset: every partition's answer, or its error code. */
export async function listOffsets(partitions: HostedPartitions, request: ListOffsetsRequest): Promise<ListOffsetsResponse> {
  const topics: ListOffsetsResponse['topics'] = [];
  for (const topic of request.topics) {
    const results: ListOffsetsPartitionResponse[] = [];
    for (const requested of topic.partitions) {
      const result: ListOffsetsPartitionResponse = {
        partitionIndex: requested.partitionIndex,
        errorCode: 0,
        timestamp: -1,
        offset: -1,
        leaderEpoch: -1,
      };
      try {
        Object.assign(result, await fetchOffsetForTimestamp(partitions, topic.name, requested, request.replicaId));
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        result.errorCode = error.code;
      }
      results.push(result);
    }
    topics.push({ name: topic.name, partitions: results });
  }
  return { topics };
}

/** Partition.fetchOffsetForTimestamp; an empty answer when no record at or after the timestamp is fetchable yet. */
async function fetchOffsetForTimestamp(
  partitions: HostedPartitions,
  topic: string,
  requested: ListOffsetsPartition,
  replicaId: number,
): Promise<Partial<ListOffsetsPartitionResponse>> {
  const partition = partitions.getPartitionOrException(topic, requested.partitionIndex);
  partition.checkLeaderEpoch(requested.currentLeaderEpoch);
  if (!partition.isLeader) throw new KafkaError('NOT_LEADER_OR_FOLLOWER');
  const log = partition.log;
  const isClient = replicaId < 0;
  // Without transactions the last stable offset is the HW; a follower asks for the LEO.
  const lastFetchableOffset = isClient ? log.highWatermark : log.logEndOffset;
  const epochStartOffset = log.epochStartOffset(partition.leaderEpoch);
  const offsetsError = () =>
    new KafkaError(
      'OFFSET_NOT_AVAILABLE',
      `Failed to fetch offsets for partition ${partition.key} with leader epoch ${partition.leaderEpoch} as this partition's high watermark (${log.highWatermark}) is lagging behind the start offset from the beginning of this epoch (${epochStartOffset}).`,
    );
  const lagging = isClient && epochStartOffset !== undefined && epochStartOffset > log.highWatermark;
  if (requested.timestamp === LATEST_TIMESTAMP) {
    if (lagging) throw offsetsError();
    return { timestamp: -1, offset: lastFetchableOffset, leaderEpoch: partition.leaderEpoch };
  }
  if (requested.timestamp === EARLIEST_TIMESTAMP) {
    return { timestamp: -1, offset: log.logStartOffset, leaderEpoch: -1 };
  }
  const found = await log.offsetForTimestamp(requested.timestamp);
  if (found !== null && found.offset < lastFetchableOffset) return found;
  if (lagging) throw offsetsError();
  return {};
}
