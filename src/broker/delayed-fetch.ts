/**
 * The fetch purgatory: where a Fetch that found too little waits, after Kafka's DelayedFetch and
 * the fetch side of DelayedOperationPurgatory. A parked fetch is woken when something it may read
 * changes on one of its partitions (the log end for a follower, the high watermark for a consumer,
 * or the partition's role here), or when its maxWaitMs passes; the fetch path then reads again.
 */
import type { Clock } from '../core/clock';

/** What a parked fetch waits for: new data a follower may read, or a higher HW for a consumer. */
export type FetchWake = 'log-end' | 'high-watermark' | 'role';

interface FetchWaiter {
  wakesOn: FetchWake[];
  wake(): void;
}

export class DelayedFetchPurgatory {
  /** partition key -> fetches parked on it */
  private readonly waiters = new Map<string, Set<FetchWaiter>>();

  constructor(private readonly clock: Clock) {}

  /** Resolves when one of `keys` wakes the fetch (a follower on the log end, a consumer on the HW, either on a role change) or maxWaitMs passed. */
  waitForFetchable(keys: string[], isFollower: boolean, maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter: FetchWaiter = {
        wakesOn: [isFollower ? 'log-end' : 'high-watermark', 'role'],
        wake: () => {
          timer.cancel();
          for (const partitionKey of keys) this.waiters.get(partitionKey)?.delete(waiter);
          resolve();
        },
      };
      const timer = this.clock.schedule(maxWaitMs, () => waiter.wake());
      for (const partitionKey of keys) {
        let set = this.waiters.get(partitionKey);
        if (set === undefined) this.waiters.set(partitionKey, (set = new Set()));
        set.add(waiter);
      }
    });
  }

  /** Wakes the fetches parked on a partition that wait for `reason` (ReplicaManager.tryCompleteDelayedFetch). */
  checkAndComplete(partitionKey: string, reason: FetchWake): void {
    const waiters = this.waiters.get(partitionKey);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) if (waiter.wakesOn.includes(reason)) waiter.wake();
    if (waiters.size === 0) this.waiters.delete(partitionKey);
  }

  /** A crash: parked fetches are abandoned unanswered; their timers die with the broker's clock. */
  shutdown(): void {
    this.waiters.clear();
  }
}
