/**
 * The group's committed offsets: OffsetCommit and OffsetFetch through the coordinator. A committed
 * offset is the next offset to read (last processed + 1, KafkaConsumer.commitSync's contract);
 * OffsetFetch answers -1 (OffsetFetchResponse.INVALID_OFFSET) when nothing is committed.
 */
import { KafkaError } from '../../protocol/errors';
import { topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';
import type { CoordinatorClient } from './coordinator-client';
import { groupByTopic } from './subscription-state';

/** Who commits: the classic generation or the KIP-848 member epoch, with the member id; -1 and '' for an admin-style commit. */
export interface GroupIdentity {
  memberId: string;
  generationIdOrMemberEpoch: number;
  groupInstanceId: string | null;
}

export interface OffsetToCommit extends TopicPartition {
  offset: number;
  /** The leader epoch of the last consumed record (OffsetAndMetadata.leaderEpoch, KIP-320); -1 if unknown. */
  leaderEpoch?: number;
  metadata?: string | null;
}

/** A committed offset with the leader epoch it was committed with (-1 if none). */
export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
}

/** Commits `offsets`; throws the first partition error (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS ...). */
export async function commitOffsets(
  coordinator: CoordinatorClient,
  identity: GroupIdentity,
  offsets: readonly OffsetToCommit[],
): Promise<void> {
  if (offsets.length === 0) return;
  const topics = new Map<string, OffsetToCommit[]>();
  for (const offset of offsets) topics.set(offset.topic, [...(topics.get(offset.topic) ?? []), offset]);
  const response = await coordinator.send(
    'OffsetCommit',
    {
      groupId: coordinator.groupId,
      generationIdOrMemberEpoch: identity.generationIdOrMemberEpoch,
      memberId: identity.memberId,
      groupInstanceId: identity.groupInstanceId,
      topics: [...topics].map(([name, list]) => ({
        name,
        partitions: list.map(({ partition, offset, leaderEpoch, metadata }) => ({
          partitionIndex: partition,
          committedOffset: offset,
          committedLeaderEpoch: leaderEpoch ?? -1,
          committedMetadata: metadata ?? null,
        })),
      })),
    },
    (r) => r.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0)?.errorCode ?? 0,
  );
  const failed = response.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
  if (failed !== undefined) throw KafkaError.fromCode(failed.errorCode);
}

/** The committed offset and its leader epoch per topic-partition key (`orders-0`); offset -1 where nothing is committed. */
export async function fetchCommittedOffsets(
  coordinator: CoordinatorClient,
  identity: GroupIdentity,
  partitions: readonly TopicPartition[],
): Promise<Map<string, CommittedOffset>> {
  const response = await coordinator.send(
    'OffsetFetch',
    {
      groups: [
        {
          groupId: coordinator.groupId,
          memberId: identity.memberId === '' ? null : identity.memberId,
          memberEpoch: identity.generationIdOrMemberEpoch,
          topics: groupByTopic(partitions).map(({ topic, partitions: indexes }) => ({ name: topic, partitionIndexes: indexes })),
        },
      ],
      // Kafka's consumer asks for stable offsets so a pending transactional commit is not missed (KIP-447).
      requireStable: true,
    },
    (r) => r.groups[0]?.errorCode || (r.groups[0]?.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0)?.errorCode ?? 0),
  );
  const group = response.groups[0];
  if (group === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'The OffsetFetch response has no group.');
  if (group.errorCode !== 0) throw KafkaError.fromCode(group.errorCode);
  const committed = new Map<string, CommittedOffset>();
  for (const topic of group.topics) {
    for (const p of topic.partitions) {
      if (p.errorCode !== 0) throw KafkaError.fromCode(p.errorCode);
      committed.set(topicPartitionKey(topic.name, p.partitionIndex), { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch });
    }
  }
  return committed;
}
