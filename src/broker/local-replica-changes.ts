/**
 * What one published metadata delta means for this broker's replicas, after Kafka's
 * TopicsDelta.localChanges and LocalReplicaChanges: which hosted replicas to stop and delete (the
 * topic is gone, was recreated under a new id, or the replica moved away), which partitions it
 * hosts after the delta (to lead or follow), and which topics' configs changed. The first delta
 * is the whole image, so every partition in it counts as changed.
 */
import { ConfigResource } from '../protocol/metadata-records';
import type { MetadataImage, PartitionRegistration } from '../protocol/metadata-image';
import type { MetadataDelta } from './broker-metadata';
import type { HostedPartitions } from './hosted-partitions';
import type { Partition } from './partition';
import { topicPartitionKey, type TopicPartition } from '../protocol/topic-partition';

export interface LocalReplicaChanges {
  /** Hosted replicas to stop and delete. */
  deletes: Partition[];
  /** The changed partitions this broker is a replica of, in the order the delta names them. */
  hosted: PartitionRegistration[];
  /** Topics whose config changed: their logs take the new effective config. */
  configChangedTopics: Set<string>;
}

export function localReplicaChanges(
  delta: MetadataDelta,
  image: MetadataImage,
  brokerId: number,
  partitions: HostedPartitions,
): LocalReplicaChanges {
  const touched = new Map<string, TopicPartition>();
  const touch = (topic: string, partition: number) => touched.set(topicPartitionKey(topic, partition), { topic, partition });
  const configChangedTopics = new Set<string>();
  if (delta.isFirst) {
    for (const topic of image.topicsByName.values()) {
      for (const registration of topic.partitions.values()) touch(topic.name, registration.partition);
    }
  }
  for (const change of delta.changes) {
    if (change.kind === 'partition') touch(change.after.topicName, change.after.partition);
    // Clearing a partition's ELR bumps its partition epoch, which its leader's next AlterPartition must carry.
    if (change.kind === 'elr-cleared') for (const { after } of change.partitions) touch(after.topicName, after.partition);
    if (change.kind === 'topic-removed') {
      for (const partition of change.topic.partitions.keys()) touch(change.topic.name, partition);
    }
    if (change.kind === 'config' && change.resourceType === ConfigResource.TOPIC) configChangedTopics.add(change.resourceName);
  }
  const deletes: Partition[] = [];
  const hosted: PartitionRegistration[] = [];
  for (const [partitionKey, { topic, partition }] of touched) {
    const local = partitions.get(partitionKey);
    const registration = image.partition(topic, partition);
    const isReplica = registration !== undefined && registration.replicas.includes(brokerId);
    if (local !== undefined && (!isReplica || registration.topicId !== local.topicId)) deletes.push(local);
    if (isReplica) hosted.push(registration);
  }
  return { deletes, hosted, configChangedTopics };
}
