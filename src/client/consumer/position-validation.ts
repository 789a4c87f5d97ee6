/**
 * KIP-320: a consumer checks its position against the leader's log before fetching from it after a
 * leader change or on resuming from a committed offset (Kafka's SubscriptionState AWAIT_VALIDATION,
 * OffsetFetcher.validatePositionsAsync, OffsetsForLeaderEpochUtils). It asks the leader where the
 * epoch of its last consumed record ends (OffsetForLeaderEpoch); an end below the position means
 * the records it read were truncated away, by an unclean election, and it rewinds to that end, the
 * first offset known to diverge, or fails with LogTruncationException under auto.offset.reset=none.
 */
import { CONSUMER_REPLICA_ID } from '../../protocol/apis/offset-for-leader-epoch';
import { KafkaError } from '../../protocol/errors';
import { topicPartitionKey } from '../../protocol/topic-partition';
import { isStaleMetadata, type Cluster } from '../cluster/cluster';
import type { PartitionState } from './subscription-state';

/** Where the leader says the position's epoch ends: the largest epoch at or below it, and its end offset; -1 if unknown. */
export interface EpochEnd {
  leaderEpoch: number;
  endOffset: number;
}

/** SubscriptionState.LogTruncation: the position that was truncated, and where the log diverges if known. */
export interface LogTruncation {
  topic: string;
  partition: number;
  fetchOffset: number;
  fetchEpoch: number | null;
  divergent: EpochEnd | null;
}

const optional = (value: number | null) => (value === null ? 'Optional.empty' : `Optional[${value}]`);

/** LogTruncation.toString, as LogTruncationException's message lists each. */
function describeTruncation({ topic, partition, fetchOffset, fetchEpoch, divergent }: LogTruncation): string {
  const divergence =
    divergent === null
      ? 'divergentOffset=unknown, divergentEpoch=unknown'
      : `divergentOffset=${divergent.endOffset}, divergentEpoch=${optional(divergent.leaderEpoch)}`;
  return `(partition=${topicPartitionKey(topic, partition)}, fetchOffset=${fetchOffset}, fetchEpoch=${optional(fetchEpoch)}, ${divergence})`;
}

/**
 * Kafka's LogTruncationException (an OffsetOutOfRangeException, carried as OFFSET_OUT_OF_RANGE):
 * a truncation found with auto.offset.reset=none.
 */
export class LogTruncationError extends KafkaError {
  constructor(readonly truncations: LogTruncation[]) {
    super('OFFSET_OUT_OF_RANGE', `Detected truncated partitions: [${truncations.map(describeTruncation).join(', ')}]`);
    this.name = 'LogTruncationException';
  }
}

/**
 * OffsetForLeaderEpoch for each state awaiting validation, one request per leader, naming the
 * leader epoch the metadata knows (fenced if stale) and the position's epoch. Returns each answer
 * by topic-partition key with the leader epoch it was validated against; a partition whose leader
 * is unknown, moved or did not answer is left out (the metadata marked stale) and tried next poll.
 */
export async function fetchEpochEnds(
  cluster: Cluster,
  states: readonly PartitionState[],
): Promise<Map<string, EpochEnd & { currentLeaderEpoch: number }>> {
  const byLeader = new Map<number, { state: PartitionState; currentLeaderEpoch: number }[]>();
  for (const state of states) {
    const leader = cluster.leaderFor(state.topic, state.partition);
    const currentLeaderEpoch = cluster.partition(state.topic, state.partition)?.leaderEpoch ?? -1;
    if (leader < 0 || currentLeaderEpoch < 0) {
      cluster.requestUpdate();
      continue;
    }
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), { state, currentLeaderEpoch }]);
  }
  const ends = new Map<string, EpochEnd & { currentLeaderEpoch: number }>();
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const topics = new Map<string, typeof list>();
      for (const entry of list) topics.set(entry.state.topic, [...(topics.get(entry.state.topic) ?? []), entry]);
      const asked = new Map(list.map((entry) => [topicPartitionKey(entry.state), entry.currentLeaderEpoch]));
      let response;
      try {
        response = await cluster.request(leader, 'OffsetForLeaderEpoch', {
          replicaId: CONSUMER_REPLICA_ID,
          topics: [...topics].map(([topic, entries]) => ({
            topic,
            partitions: entries.map(({ state, currentLeaderEpoch }) => ({
              partition: state.partition,
              currentLeaderEpoch,
              leaderEpoch: state.offsetEpoch!,
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
          const key = topicPartitionKey(topic.topic, p.partition);
          const currentLeaderEpoch = asked.get(key);
          if (currentLeaderEpoch === undefined) continue;
          if (p.errorCode === 0) {
            ends.set(key, { leaderEpoch: p.leaderEpoch, endOffset: p.endOffset, currentLeaderEpoch });
            continue;
          }
          const error = KafkaError.fromCode(p.errorCode);
          if (!error.retriable && !isStaleMetadata(error)) throw error;
          cluster.requestUpdate();
        }
      }
    }),
  );
  return ends;
}
