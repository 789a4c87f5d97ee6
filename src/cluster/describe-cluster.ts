/**
 * The one `describe()`: the controller's image gives brokers' registrations, topics, replicas (with
 * any reassignment in progress), ISR and leaders; the runtime supplies what only it knows, each
 * broker's process state and the leader's offsets (read synchronously in process, polled from the
 * worker in the browser).
 */
import type { MetadataImage } from '../protocol/metadata-image';
import type { BrokerDescription, BrokerState, ClusterDescription, PartitionDescription, TopicDescription } from './cluster-description';

export type LeaderOffsets = Pick<PartitionDescription, 'highWatermark' | 'logEndOffset' | 'logStartOffset'>;

export const UNKNOWN_OFFSETS: LeaderOffsets = { highWatermark: -1, logEndOffset: -1, logStartOffset: -1 };

/** What the operator last did to a broker's process; the image says whether a running one is fenced. */
export type BrokerLifecycle = 'running' | 'shutdown' | 'killed';

export interface DescribedBroker {
  id: number;
  rack: string | null;
  lifecycle: BrokerLifecycle;
}

export interface DescribeInput {
  controllerId: number;
  image: MetadataImage;
  /** Every broker the cluster has, in id order. */
  brokers: readonly DescribedBroker[];
  /** The leader's offsets of a partition, UNKNOWN_OFFSETS when its process cannot say. */
  leaderOffsets(leader: number, topic: string, partition: number): LeaderOffsets;
}

export function describeCluster({ controllerId, image, brokers, leaderOffsets }: DescribeInput): ClusterDescription {
  return {
    controller: controllerId,
    brokers: brokers.map((b): BrokerDescription => ({ id: b.id, rack: b.rack, state: brokerState(image, b.id, b.lifecycle) })),
    topics: describeTopics(image, leaderOffsets),
  };
}

/** A running broker is 'fenced' until the controller has registered and unfenced it. */
export function brokerState(image: MetadataImage, brokerId: number, lifecycle: BrokerLifecycle): BrokerState {
  if (lifecycle !== 'running') return lifecycle;
  const registration = image.brokers.get(brokerId);
  return registration === undefined || registration.fenced ? 'fenced' : 'running';
}

function describeTopics(image: MetadataImage, leaderOffsets: DescribeInput['leaderOffsets']): TopicDescription[] {
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

/** One partition of a description; throws, naming it, if the topic or partition does not exist. */
export function partitionOf(description: ClusterDescription, topic: string, partition: number): PartitionDescription {
  const found = description.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition);
  if (found === undefined) throw new Error(`No partition ${topic}-${partition} in this cluster.`);
  return found;
}
