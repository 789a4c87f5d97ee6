import type { Random } from '../../core/random';

/**
 * The uniform sticky partitioner for records without a key (KIP-794, Kafka's BuiltInPartitioner,
 * 3.3+): keep one partition until batch.size bytes were produced to it, then pick the next at
 * random among partitions that have a leader. The previous partition may be picked again.
 *
 * Not modelled: partitioner.adaptive.partitioning.enable weights the choice by the inverse of each
 * partition's queue size; with equal queues (the usual case here) that is the uniform choice.
 */
export class StickyPartitioner {
  private current = -1;
  private producedBytes = 0;

  constructor(
    private readonly random: Random,
    private readonly stickyBatchSize: number,
  ) {}

  /** The partition for the next keyless record; `available` are the partitions with a leader. */
  partition(numPartitions: number, available: readonly number[]): number {
    if (this.current < 0 || this.current >= numPartitions) this.next(numPartitions, available);
    return this.current;
  }

  /**
   * Called after an append with the bytes it added. `batchIsFull` is RecordAccumulator's
   * allBatchesFull: while the partition's batch still has room the switch waits, up to
   * 2 x batch.size, so that the open batch is filled rather than left to linger.
   */
  onAppend(partition: number, appendedBytes: number, batchIsFull: boolean, numPartitions: number, available: readonly number[]): void {
    if (partition !== this.current) return;
    this.producedBytes += appendedBytes;
    if ((this.producedBytes >= this.stickyBatchSize && batchIsFull) || this.producedBytes >= this.stickyBatchSize * 2) {
      this.next(numPartitions, available);
    }
  }

  private next(numPartitions: number, available: readonly number[]): void {
    this.producedBytes = 0;
    this.current = available.length > 0 ? available[this.random.nextInt(available.length)] : this.random.nextInt(numPartitions);
  }
}
