/**
 * The topics part of `describe()`, shared by both runtimes' clusters: the controller's image
 * gives names, replicas (with any reassignment in progress), ISR and leaders; the caller supplies
 * the leader's offsets, which only the leader's process knows (read synchronously in process,
 * polled from the worker in the browser).
 */
import type { MetadataImage } from '../protocol/metadata-image';
import type { PartitionDescription, TopicDescription } from './cluster';

export type LeaderOffsets = Pick<PartitionDescription, 'highWatermark' | 'logEndOffset' | 'logStartOffset'>;

export const UNKNOWN_OFFSETS: LeaderOffsets = { highWatermark: -1, logEndOffset: -1, logStartOffset: -1 };

export function describeTopics(
  image: MetadataImage,
  leaderOffsets: (leader: number, topic: string, partition: number) => LeaderOffsets,
): TopicDescription[] {
  return [...image.topicsByName.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      configs: image.topicConfig(topic.name),
      partitions: [...topic.partitions.values()]
        .sort((a, b) => a.partition - b.partition)
        .map((p) => ({
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: [...p.replicas],
          isr: [...p.isr],
          addingReplicas: [...p.addingReplicas],
          removingReplicas: [...p.removingReplicas],
          ...leaderOffsets(p.leader, topic.name, p.partition),
        })),
    }));
}
