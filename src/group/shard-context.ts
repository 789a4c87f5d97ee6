/**
 * What a shard's group and offset managers share (Kafka hands GroupMetadataManager and
 * OffsetMetadataManager the same snapshot registry, timer and time): the clock, the groups of
 * this shard, the metadata image for topic names and ids, and the write path.
 */
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import type { MetadataImage } from '../protocol/metadata-image';
import type { ClassicGroup } from './classic-group';
import type { ConsumerGroup } from './consumer-group';
import type { GroupConfig } from './group-config';
import type { CoordinatorRecord } from './group-records';

export type Group = ClassicGroup | ConsumerGroup;

export interface ShardContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly config: GroupConfig;
  readonly image: MetadataImage;
  readonly groups: Map<string, Group>;
  readonly timers: ShardTimers;
  /** Replays the records into the shard now, then appends them; resolves once they are committed. */
  write(records: CoordinatorRecord[]): Promise<void>;
  /**
   * Appends without replaying: a classic group changes in memory and only persists snapshots of
   * itself (CoordinatorResult with replayRecords = false). Resolves once committed.
   */
  append(records: CoordinatorRecord[]): Promise<void>;
  /** Resolves once every earlier write is committed, so an answer never reveals uncommitted state. */
  flushed(): Promise<void>;
}

/** Named timers (Kafka's CoordinatorTimer): scheduling a key again replaces its previous timer. */
export class ShardTimers {
  private readonly timers = new Map<string, { timer: Timer; dueAtMs: number }>();

  constructor(private readonly clock: Clock) {}

  schedule(key: string, delayMs: number, task: () => void): void {
    this.cancel(key);
    const timer = this.clock.schedule(delayMs, () => {
      if (this.timers.get(key)?.timer !== timer) return;
      this.timers.delete(key);
      task();
    });
    this.timers.set(key, { timer, dueAtMs: this.clock.now() + delayMs });
  }

  cancel(key: string): void {
    this.timers.get(key)?.timer.cancel();
    this.timers.delete(key);
  }

  has(key: string): boolean {
    return this.timers.has(key);
  }

  /** How long until the key's timer fires, or undefined when none is scheduled: the page shows waits as countdowns. */
  remainingMs(key: string): number | undefined {
    const entry = this.timers.get(key);
    return entry === undefined ? undefined : Math.max(0, entry.dueAtMs - this.clock.now());
  }

  cancelAll(): void {
    for (const { timer } of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
