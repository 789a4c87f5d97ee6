/**
 * The chaos log's words for what the cluster did on its own, wherever the run happens (in this
 * process on virtual time, or in the page against the live cluster): each PartitionChange record
 * of the metadata log (a new leader, named unclean when elected from outside the ISR, or an ISR
 * change), and each truncation of committed records a broker reported.
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { MetadataImage } from '../protocol/metadata-image';
import { LeaderRecoveryState } from '../protocol/metadata-records';
import { topicPartitionKey } from '../protocol/topic-partition';
import type { CommittedOffsetsLost } from '../cluster/cluster-description';
import type { ChaosEvent } from './chaos-history';

export type ChaosLogEntry = Omit<ChaosEvent, 'atMs'>;

/** The partition changes of `topics` among `entries`, read against the image they were applied to. */
export function partitionChangeEntries(
  image: MetadataImage,
  entries: readonly MetadataLogEntry[],
  topics: ReadonlySet<string>,
): ChaosLogEntry[] {
  const logged: ChaosLogEntry[] = [];
  for (const { record: change } of entries) {
    if (change.type !== 'PartitionChange') continue;
    const topic = image.topicsById.get(change.topicId);
    if (topic === undefined || !topics.has(topic.name)) continue;
    const partition = topic.partitions.get(change.partitionId);
    const key = topicPartitionKey(topic.name, change.partitionId);
    const unclean = change.leaderRecoveryState === LeaderRecoveryState.RECOVERING;
    const what = [
      change.leader === undefined
        ? null
        : `${unclean ? 'unclean election: ' : ''}leader ${change.leader}${partition ? ` (epoch ${partition.leaderEpoch})` : ''}`,
      change.isr === undefined ? null : `isr [${change.isr.join(', ')}]`,
    ]
      .filter((part) => part !== null)
      .join(', ');
    if (what !== '') logged.push({ kind: 'partition-change', description: `${key}: ${what}`, partitions: [key] });
  }
  return logged;
}

export function truncationEntry({ brokerId, topic, partition, fromOffset, toOffset, detectedAt }: CommittedOffsetsLost): ChaosLogEntry {
  const key = topicPartitionKey(topic, partition);
  const description =
    detectedAt === 'election'
      ? `${key}: unclean election of broker ${brokerId} left out committed offsets ${fromOffset}..${toOffset - 1} (simulator diagnostic)`
      : `${key}: broker ${brokerId} gave up committed offsets ${fromOffset}..${toOffset - 1}`;
  return {
    kind: 'truncation',
    description,
    partitions: [key],
    brokers: [brokerId],
  };
}
