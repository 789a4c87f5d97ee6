/**
 * OffsetForLeaderEpoch on the leader, after Kafka's ReplicaManager.lastOffsetForLeaderEpoch: each
 * partition's answer from Partition.lastOffsetForLeaderEpoch, or its error code (a partition not
 * hosted here, a stale or unknown current leader epoch, not the leader).
 */
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from '../protocol/apis/offset-for-leader-epoch';
import { KafkaError } from '../protocol/errors';
import type { HostedPartitions } from './hosted-partitions';

export async function lastOffsetForLeaderEpoch(
  partitions: HostedPartitions,
  request: OffsetForLeaderEpochRequest,
): Promise<OffsetForLeaderEpochResponse> {
  const topics: OffsetForLeaderEpochResponse['topics'] = [];
  for (const topic of request.topics) {
    const results: OffsetForLeaderEpochResponse['topics'][number]['partitions'] = [];
    for (const { partition, currentLeaderEpoch, leaderEpoch } of topic.partitions) {
      try {
        const found = await partitions
          .getPartitionOrException(topic.topic, partition)
          .lastOffsetForLeaderEpoch(currentLeaderEpoch, leaderEpoch);
        results.push({ errorCode: 0, partition, leaderEpoch: found.epoch, endOffset: found.endOffset });
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        results.push({ errorCode: error.code, partition, leaderEpoch: -1, endOffset: -1 });
      }
    }
    topics.push({ topic: topic.topic, partitions: results });
  }
  return { throttleTimeMs: 0, topics };
}
