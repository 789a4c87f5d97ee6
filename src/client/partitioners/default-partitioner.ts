/**
 * How the producer picks a partition, in KafkaProducer.partition's order: the record's explicit
 * partition, else a configured custom partitioner, else the key's hash, else the sticky partitioner.
 */
import type { Random } from '../../core/random';
import type { MetadataPartition } from '../../protocol/apis/metadata';
import type { Message } from '../producer/message';
import { partitionForKey } from './key-partitioner';
import { StickyPartitioner } from './sticky-partitioner';

/** kafkajs's PartitionMetadata, as a custom partitioner and admin.fetchTopicMetadata see it. */
export interface PartitionMetadata {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export function toPartitionMetadata(partition: MetadataPartition): PartitionMetadata {
  return {
    partitionErrorCode: partition.errorCode,
    partitionId: partition.partitionIndex,
    leader: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    replicas: partition.replicaNodes,
    isr: partition.isrNodes,
    offlineReplicas: partition.offlineReplicas,
  };
}

/** kafkajs's ICustomPartitioner result. */
export type CustomPartitioner = (args: { topic: string; partitionMetadata: PartitionMetadata[]; message: Message }) => number;

export interface PartitionChoice {
  partition: number;
  /** Set when the sticky partitioner chose, so it can be told how many bytes the record added. */
  sticky: StickyPartitioner | null;
}

export class DefaultPartitioner {
  private readonly sticky = new Map<string, StickyPartitioner>();
  private readonly custom: CustomPartitioner | undefined;

  constructor(
    private readonly random: Random,
    private readonly batchSize: number,
    createPartitioner: (() => CustomPartitioner) | undefined,
  ) {
    this.custom = createPartitioner?.();
  }

  partition(topic: string, message: Message, keyBytes: Uint8Array | null, partitions: readonly MetadataPartition[]): PartitionChoice {
    if (message.partition !== undefined) return { partition: message.partition, sticky: null };
    if (this.custom !== undefined) {
      const partition = this.custom({ topic, partitionMetadata: partitions.map(toPartitionMetadata), message });
      return { partition, sticky: null };
    }
    if (keyBytes !== null) return { partition: partitionForKey(keyBytes, partitions.length), sticky: null };
    let sticky = this.sticky.get(topic);
    if (sticky === undefined) {
      sticky = new StickyPartitioner(this.random, this.batchSize);
      this.sticky.set(topic, sticky);
    }
    return { partition: sticky.partition(partitions.length, availablePartitions(partitions)), sticky };
  }
}

/**
 * The partitions with a leader, computed once per metadata response as Kafka's Cluster caches
 * availablePartitionsForTopic: the sticky partitioner asks for every keyless record, and the client
 * replaces a topic's partition list, never mutates it, when new metadata arrives.
 */
const availableByMetadata = new WeakMap<readonly MetadataPartition[], readonly number[]>();

export function availablePartitions(partitions: readonly MetadataPartition[]): readonly number[] {
  let available = availableByMetadata.get(partitions);
  if (available === undefined) {
    available = partitions.filter((p) => p.leaderId >= 0).map((p) => p.partitionIndex);
    availableByMetadata.set(partitions, available);
  }
  return available;
}
