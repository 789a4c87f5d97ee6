/**
 * The produce purgatory: Kafka's DelayedProduce plus the part of DelayedOperationPurgatory it needs.
 * An acks=all produce waits here after its local append until, for every partition it wrote, the
 * leader's high watermark covers the batch (lastOffset + 1), the partition stops being led here, or
 * `timeoutMs` passes (REQUEST_TIMED_OUT for the partitions still waiting).
 */
import type { Clock, Timer } from '../core/clock';
import { errorCode, type ErrorName } from '../protocol/errors';
import type { ProducePartitionResponse } from '../protocol/apis/produce';

/** What DelayedProduce asks of a partition (Partition.checkEnoughReplicasReachOffset). */
export interface ReplicaAckCheck {
  readonly key: string;
  checkEnoughReplicasReachOffset(requiredOffset: number): { reached: boolean; error: ErrorName };
}

export interface ProducePartitionStatus {
  partition: ReplicaAckCheck;
  /** lastOffset + 1 of the appended batch. */
  requiredOffset: number;
  /** Filled in place: errorCode becomes the outcome of the wait. */
  response: ProducePartitionResponse;
}

class DelayedProduce {
  private readonly pending: Set<ProducePartitionStatus>;
  private timer: Timer | null = null;
  completed = false;

  constructor(
    statuses: ProducePartitionStatus[],
    private readonly onComplete: (operation: DelayedProduce) => void,
  ) {
    this.pending = new Set(statuses);
  }

  get keys(): string[] {
    return [...this.pending].map((status) => status.partition.key);
  }

  start(clock: Clock, timeoutMs: number): void {
    this.timer = clock.schedule(timeoutMs, () => this.expire());
  }

  /** DelayedProduce.tryComplete: a partition is done once its HW reached the offset or it can no longer get there. */
  tryComplete(): boolean {
    for (const status of this.pending) {
      const { reached, error } = status.partition.checkEnoughReplicasReachOffset(status.requiredOffset);
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

  private settle(status: ProducePartitionStatus, error: ErrorName): void {
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

export class DelayedProducePurgatory {
  /** partition key -> operations watching it */
  private readonly watchers = new Map<string, Set<DelayedProduce>>();
  private readonly operations = new Set<DelayedProduce>();

  constructor(private readonly clock: Clock) {}

  /** Resolves once every status has its final errorCode (tryCompleteElseWatch). */
  tryCompleteElseWatch(statuses: ProducePartitionStatus[], timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const operation = new DelayedProduce(statuses, (done) => {
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

  /** Called when a partition's HW rose or it stopped being led here (ReplicaManager.tryCompleteDelayedProduce). */
  checkAndComplete(key: string): void {
    const set = this.watchers.get(key);
    if (set === undefined) return;
    for (const operation of [...set]) operation.tryComplete();
  }

  /** A crash: waiting produces are abandoned with their timers; their requests never get an answer. */
  shutdown(): void {
    for (const operation of this.operations) operation.cancel();
    this.operations.clear();
    this.watchers.clear();
  }

  private unwatch(operation: DelayedProduce): void {
    for (const [key, set] of this.watchers) {
      set.delete(operation);
      if (set.size === 0) this.watchers.delete(key);
    }
  }
}
