/**
 * What an unclean election gives up, seen at the election itself. Kafka cannot say this then: no
 * node sees every replica, and the loss shows only later, as a truncation below the high watermark
 * when the old leader comes back as a follower (and nowhere if it never does). The simulator sees
 * every replica, so at the PartitionChange that elects a leader from outside the ISR (KIP-704's
 * RECOVERING state) it reports, as a simulator diagnostic, the committed offsets the new leader
 * lacks: from its log end offset up to the highest high watermark any replica of the partition had
 * in memory, the old leader's included (kept from the moment its process stopped).
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { MetadataImage } from '../protocol/metadata-image';
import { LeaderRecoveryState } from '../protocol/metadata-records';
import type { CommittedOffsetsLost } from './cluster-description';

/** A replica's offsets as its broker has them in memory. */
export interface ReplicaOffsetsInMemory {
  topic: string;
  partition: number;
  logEndOffset: number;
  highWatermark: number;
}

/** A leader elected from outside the ISR. */
export interface UncleanElection {
  topicId: string;
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
}

export class UncleanElectionLosses {
  /** The highest high watermark known of each partition, by topic id and partition, kept past the processes that had it. */
  private readonly highestHighWatermark = new Map<string, number>();

  constructor(
    /** A running broker's replicas as it has them now (the browser's last poll); undefined for a stopped one. */
    private readonly replicasOf: (brokerId: number) => readonly ReplicaOffsetsInMemory[] | undefined,
  ) {}

  /** Keeps what a broker's replicas had before its process stops: a kill takes its memory with it. */
  remember(replicas: readonly ReplicaOffsetsInMemory[], image: MetadataImage): void {
    for (const replica of replicas) {
      const topicId = image.topicsByName.get(replica.topic)?.topicId;
      if (topicId !== undefined) this.keep(topicId, replica.partition, replica.highWatermark);
    }
  }

  /** The unclean elections among `entries`, already applied to `image`: leaders elected while the partition is RECOVERING (KIP-704). */
  electionsIn(entries: readonly MetadataLogEntry[], image: MetadataImage): UncleanElection[] {
    const elections: UncleanElection[] = [];
    for (const { record } of entries) {
      if (record.type !== 'PartitionChange' || record.leader === undefined || record.leader < 0) continue;
      const topic = image.topicsById.get(record.topicId);
      const partition = topic?.partitions.get(record.partitionId);
      if (topic === undefined || partition === undefined) continue;
      const unclean =
        record.leaderRecoveryState === LeaderRecoveryState.RECOVERING || partition.leaderRecoveryState === LeaderRecoveryState.RECOVERING;
      if (unclean)
        elections.push({
          topicId: topic.topicId,
          topic: topic.name,
          partition: record.partitionId,
          leader: record.leader,
          replicas: [...partition.replicas],
        });
    }
    return elections;
  }

  /**
   * What `election` gave up, read from the replicas now: the new leader's log end offset up to the
   * highest high watermark known, when it is below it; null when nothing committed was lost. Call
   * it before the new leader takes writes (at once in process; right after a fresh poll in the
   * browser).
   */
  lossOf(election: UncleanElection, nowMs: number): CommittedOffsetsLost | null {
    const inMemory = (brokerId: number) =>
      this.replicasOf(brokerId)?.find((r) => r.topic === election.topic && r.partition === election.partition);
    for (const brokerId of election.replicas) {
      const replica = inMemory(brokerId);
      if (replica !== undefined) this.keep(election.topicId, election.partition, replica.highWatermark);
    }
    const key = memoryKey(election.topicId, election.partition);
    const highWatermark = this.highestHighWatermark.get(key) ?? 0;
    const fromOffset = inMemory(election.leader)?.logEndOffset ?? 0;
    // From here the new leader's log is the partition's: a later election is measured against it.
    this.highestHighWatermark.set(key, fromOffset);
    if (fromOffset >= highWatermark) return null;
    return {
      brokerId: election.leader,
      timeMs: nowMs,
      topic: election.topic,
      partition: election.partition,
      fromOffset,
      toOffset: highWatermark,
      detectedAt: 'election',
    };
  }

  private keep(topicId: string, partition: number, highWatermark: number): void {
    const key = memoryKey(topicId, partition);
    this.highestHighWatermark.set(key, Math.max(this.highestHighWatermark.get(key) ?? 0, highWatermark));
  }
}

function memoryKey(topicId: string, partition: number): string {
  return `${topicId}:${partition}`;
}
