/**
 * The partition replicas this broker hosts, keyed by topic-partition: Kafka's
 * ReplicaManager.allPartitions. getPartitionOrException is the check every produce, fetch and
 * ListOffsets makes first, and forEachLog the walk the periodic jobs (retention, compaction,
 * high-watermark checkpoint) make over every local log.
 */
import { KafkaError } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import type { Partition } from './partition';
import { topicPartitionKey } from '../protocol/topic-partition';

export class HostedPartitions {
  private readonly partitions = new Map<string, Partition>();

  constructor(
    private readonly image: MetadataImage,
    private readonly isAlive: () => boolean,
  ) {}

  get size(): number {
    return this.partitions.size;
  }

  get(partitionKey: string): Partition | undefined {
    return this.partitions.get(partitionKey);
  }

  has(partitionKey: string): boolean {
    return this.partitions.has(partitionKey);
  }

  add(partition: Partition): void {
    this.partitions.set(partition.key, partition);
  }

  remove(partition: Partition): void {
    this.partitions.delete(partition.key);
  }

  values(): Partition[] {
    return [...this.partitions.values()];
  }

  /**
   * ReplicaManager.getPartitionOrException: a partition unknown to the metadata is
   * UNKNOWN_TOPIC_OR_PARTITION; one known but not hosted here is NOT_LEADER_OR_FOLLOWER.
   */
  getPartitionOrException(topic: string, partitionIndex: number): Partition {
    if (this.image.partition(topic, partitionIndex) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION');
    const partition = this.partitions.get(topicPartitionKey(topic, partitionIndex));
    if (partition === undefined) throw new KafkaError('NOT_LEADER_OR_FOLLOWER');
    return partition;
  }

  /**
   * Runs `task` on every hosted partition under its lock, skipping one that was stopped (or a
   * broker that died) while it waited for the lock; a failing task is dropped, to run again at the
   * next interval as Kafka's scheduled log jobs do.
   */
  forEachLog(task: (partition: Partition) => Promise<unknown>): void {
    for (const partition of this.partitions.values()) {
      void partition
        .withLock(async () => {
          if (this.isAlive() && this.partitions.get(partition.key) === partition) await task(partition);
        })
        .catch(() => undefined);
    }
  }
}
