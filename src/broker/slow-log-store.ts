/**
 * A slow disk: every write the log makes (appends, truncations, meta and leader-epoch writes,
 * retention, compaction, deletions) reaches the store `extraMs` later and settles only then, in
 * the order it was made; reads and recovery loads are not held back, as Kafka reads a log's tail
 * from the page cache. This is the classic slow follower of real Kafka: its fetcher thread appends
 * each response to its log before it fetches again (ReplicaFetcherThread.processPartitionData),
 * so it falls behind the leader and leaves the ISR after replica.lag.time.max.ms
 * (Partition.maybeShrinkIsr), while its heartbeats to the controller, which never touch the disk,
 * keep it unfenced. In Kafka a slow network, by contrast, delays heartbeats too and usually gets the
 * broker fenced first (docs/FIDELITY.md says why, and what of that is not modelled).
 *
 * Both runtimes wrap a broker's store in one (the in-process Cluster over its MemoryLogStore, the
 * broker worker over its IndexedDbLogStore), on the broker's own clock: a write still held back
 * when the process dies never reaches the disk, and since it had not settled, nothing was
 * acknowledged on the strength of it.
 */
import type { Clock } from '../core/clock';
import type { LogStore } from './log-store';
import { LogStoreDecorator } from './log-store-decorator';

export class SlowLogStore<M = unknown> extends LogStoreDecorator<M> {
  /** Settles once the last write made has settled (successfully or not): the next one goes after it. */
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    inner: LogStore<M>,
    private readonly clock: Clock,
    private extraMs = 0,
  ) {
    super(inner);
  }

  /** What each write made from now on waits; 0 makes new writes go straight through once earlier ones are done. */
  setExtraMs(extraMs: number): void {
    this.extraMs = extraMs;
  }

  protected writing(operation: () => Promise<void>): Promise<void> {
    return this.delayed(operation, this.extraMs);
  }

  /** After the writes already made, so a controlled shutdown does not close the store under them. */
  override close(): Promise<void> {
    return this.delayed(() => this.inner.close(), 0);
  }

  /**
   * Each write's delay starts when it is made, so writes made together finish together rather than
   * one after another (a slow disk, not a queue of them); it still waits for the one before it.
   * A normal disk with nothing pending calls straight through, exactly as without this wrapper.
   */
  private delayed(operation: () => Promise<void>, delayMs: number): Promise<void> {
    if (delayMs === 0 && this.pending === 0) return operation();
    const due = delayMs === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.clock.schedule(delayMs, resolve));
    const result = Promise.all([due, this.tail]).then(operation);
    this.pending++;
    this.tail = result.then(
      () => {
        this.pending--;
      },
      () => {
        this.pending--;
      },
    );
    return result;
  }
}
