/**
 * The purgatory for requests that wait on the state of the partitions they touched: Kafka's
 * DelayedProduce and DelayedDeleteRecords plus the part of DelayedOperationPurgatory they need.
 * Each partition's status says by its own check whether it is done (and with which error); the
 * operation completes once every partition is done, or after `timeoutMs` with REQUEST_TIMED_OUT
 * for the partitions still waiting.
 *
 * - DelayedProduce (acks=all): done once the leader's high watermark covers the batch
 *   (Partition.checkEnoughReplicasReachOffset), or the partition stops being led here.
 * - DelayedDeleteRecords: done once the low watermark (the smallest log start offset of the live
 *   replicas, Partition.lowWatermarkIfLeader) reaches the requested offset, or the partition stops
 *   being led here.
 */
import type { Clock, Timer } from '../core/clock';
import { errorCode, type ErrorName } from '../protocol/errors';

/** Whether a partition's wait is over, and with which error ('NONE' when it succeeded). */
export interface PartitionWaitCheck {
  reached: boolean;
  error: ErrorName;
}

/** One partition of a delayed operation. */
export interface DelayedPartitionStatus {
  /** The partition's key (topicPartitionKey), what checkAndComplete is called with. */
  readonly key: string;
  /** The tryComplete check for this partition; it may fill more of `response` than its error. */
  check(): PartitionWaitCheck;
  /** Filled in place: errorCode becomes the outcome of the wait. */
  readonly response: { errorCode: number };
}

class DelayedPartitionOperation {
  private readonly pending: Set<DelayedPartitionStatus>;
  private timer: Timer | null = null;
  completed = false;

  constructor(
    statuses: DelayedPartitionStatus[],
    private readonly onComplete: (operation: DelayedPartitionOperation) => void,
  ) {
    this.pending = new Set(statuses);
  }

  get keys(): string[] {
    return [...this.pending].map((status) => status.key);
  }

  start(clock: Clock, timeoutMs: number): void {
    this.timer = clock.schedule(timeoutMs, () => this.expire());
  }

  /** DelayedOperation.tryComplete: a partition is done once it reached its goal or can no longer get there. */
  tryComplete(): boolean {
    for (const status of this.pending) {
      const { reached, error } = status.check();
      if (!reached && error === 'NONE') continue;
      this.settle(status, error);
    }
    if (this.pending.size > 0) return false;
    this.complete();
    return true;
  }

  private expire(): void {
    this.timer = null;
    for (const status of this.pending) this.settle(status, 'REQUEST_TIMED_OUT');
    this.complete();
  }

  private settle(status: DelayedPartitionStatus, error: ErrorName): void {
    status.response.errorCode = errorCode(error);
    this.pending.delete(status);
  }

  private complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.timer?.cancel();
    this.onComplete(this);
  }

  cancel(): void {
    this.completed = true;
    this.timer?.cancel();
  }
}

export class DelayedPartitionPurgatory {
  /** partition key -> operations watching it */
  private readonly watchers = new Map<string, Set<DelayedPartitionOperation>>();
  private readonly operations = new Set<DelayedPartitionOperation>();

  constructor(private readonly clock: Clock) {}

  /** Resolves once every status has its final errorCode (tryCompleteElseWatch). */
  tryCompleteElseWatch(statuses: DelayedPartitionStatus[], timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const operation = new DelayedPartitionOperation(statuses, (done) => {
        this.unwatch(done);
        this.operations.delete(done);
        resolve();
      });
      this.operations.add(operation);
      if (operation.tryComplete()) return;
      for (const key of operation.keys) {
        let set = this.watchers.get(key);
        if (set === undefined) this.watchers.set(key, (set = new Set()));
        set.add(operation);
      }
      operation.start(this.clock, timeoutMs);
    });
  }

  /**
   * Called when a partition's HW or low watermark rose or it stopped being led here
   * (ReplicaManager.tryCompleteDelayedProduce, tryCompleteDelayedDeleteRecords).
   */
  checkAndComplete(key: string): void {
    const set = this.watchers.get(key);
    if (set === undefined) return;
    for (const operation of [...set]) operation.tryComplete();
  }

  /** A crash: waiting operations are abandoned with their timers; their requests never get an answer. */
  shutdown(): void {
    for (const operation of this.operations) operation.cancel();
    this.operations.clear();
    this.watchers.clear();
  }

  private unwatch(operation: DelayedPartitionOperation): void {
    for (const [key, set] of this.watchers) {
      set.delete(operation);
      if (set.size === 0) this.watchers.delete(key);
    }
  }
}
