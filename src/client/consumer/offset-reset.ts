/**
 * auto.offset.reset (Kafka's OffsetFetcher.resetPositionsIfNeeded): a partition with no committed
 * offset, or whose position fell out of the log, starts at the log start offset (earliest) or the
 * end offset the isolation level allows, the HW for read_uncommitted (latest); `none` fails with
 * Kafka's NoOffsetForPartitionException / OffsetOutOfRangeException.
 */
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../protocol/apis/list-offsets';
import { KafkaError } from '../../protocol/errors';
import { isStaleMetadata, type Cluster } from '../cluster/cluster';
import { topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';
import type { AutoOffsetReset } from './consumer-config';
import { groupByTopic } from './subscription-state';

/** Kafka's NoOffsetForPartitionException, carried as OFFSET_OUT_OF_RANGE (the nearest error code). */
export class NoOffsetForPartitionError extends KafkaError {
  constructor(readonly partitions: TopicPartition[]) {
    super(
      'OFFSET_OUT_OF_RANGE',
      `Undefined offset with no reset policy for partitions: [${partitions.map((p) => topicPartitionKey(p)).join(', ')}]`,
    );
    this.name = 'NoOffsetForPartitionException';
  }
}

/** Kafka's OffsetOutOfRangeException with `auto.offset.reset=none`. */
export class OffsetOutOfRangeError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
  ) {
    super(
      'OFFSET_OUT_OF_RANGE',
      `Fetch position FetchPosition{offset=${offset}} is out of range for partition ${topicPartitionKey(topic, partition)}`,
    );
    this.name = 'OffsetOutOfRangeException';
  }
}

/**
 * The reset offset per topic-partition key (`orders-0`), asking each partition's leader with ListOffsets.
 * A partition whose leader is unknown or moved is left out (and the metadata marked stale) so the
 * caller tries it again on its next round.
 */
export async function resetOffsets(
  cluster: Cluster,
  partitions: readonly (TopicPartition & { strategy: Exclude<AutoOffsetReset, 'none'> })[],
  isolationLevel: number,
): Promise<Map<string, number>> {
  const byLeader = new Map<number, (TopicPartition & { timestamp: number })[]>();
  for (const tp of partitions) {
    const leader = cluster.leaderFor(tp.topic, tp.partition);
    if (leader < 0) {
      cluster.requestUpdate();
      continue;
    }
    const timestamp = tp.strategy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), { topic: tp.topic, partition: tp.partition, timestamp }]);
  }
  const offsets = new Map<string, number>();
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const timestamps = new Map(list.map((tp) => [topicPartitionKey(tp), tp.timestamp]));
      let response;
      try {
        response = await cluster.request(leader, 'ListOffsets', {
          replicaId: -1,
          isolationLevel,
          topics: groupByTopic(list).map(({ topic, partitions: indexes }) => ({
            name: topic,
            partitions: indexes.map((partitionIndex) => ({
              partitionIndex,
              currentLeaderEpoch: -1,
              timestamp: timestamps.get(topicPartitionKey(topic, partitionIndex))!,
            })),
          })),
        });
      } catch (error) {
        if (!(error instanceof KafkaError) || !error.retriable) throw error;
        cluster.requestUpdate();
        return;
      }
      for (const topic of response.topics) {
        for (const p of topic.partitions) {
          if (p.errorCode === 0) {
            offsets.set(topicPartitionKey(topic.name, p.partitionIndex), p.offset);
            continue;
          }
          const error = KafkaError.fromCode(p.errorCode);
          if (!error.retriable) throw error;
          if (isStaleMetadata(error)) cluster.requestUpdate();
        }
      }
    }),
  );
  return offsets;
}
