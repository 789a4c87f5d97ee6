import { topicPartitionKey } from '../protocol/topic-partition';
/**
 * Safety invariants checked after every event when a cluster runs with `checkInvariants: true`,
 * as RaftEventSimulationTest checks SingleLeader and MonotonicHighWatermark after each step.
 * They look at what each broker believes about itself (its own partition states), not at the
 * controller, because the bugs worth catching are brokers acting on stale beliefs.
 *
 * - One leader per epoch: two brokers never lead the same partition in the same leaderEpoch.
 * - Monotonic high watermark: while a broker process leads in one epoch, its high watermark never
 *   goes down. Across a change of leader it may: a new leader starts from the high watermark it knew
 *   as a follower, which lags (Partition.makeLeader; clients get OFFSET_NOT_AVAILABLE meanwhile).
 *   So may a restarted process, which starts from its high-watermark checkpoint: restarted within
 *   broker.session.timeout.ms, it still leads in the same epoch until the controller fences the old
 *   registration.
 * - Committed records survive a clean election: a leader's log end offset is at least the highest
 *   high watermark any leader of the partition ever exposed, since every ISR member has every
 *   committed record (checked for the newest epoch only: a deposed leader may still lag). An unclean election gives committed records up by design, so a partition's
 *   bar is lowered to what the unclean leader kept when it reports committed-offsets-lost.
 */
export interface PartitionView {
  brokerId: number;
  /** Keeps a deleted and recreated topic apart from its namesake. */
  topicId: string;
  topic: string;
  partition: number;
  isLeader: boolean;
  leaderEpoch: number;
  highWatermark: number;
  logEndOffset: number;
}

export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

export class InvariantChecker {
  /** `${topicId}:${partition}@${leaderEpoch}` -> the broker that led in that epoch */
  private readonly leaderOfEpoch = new Map<string, number>();
  /** `${topicId}:${partition}@${leaderEpoch}` -> the highest high watermark its leader reported */
  private readonly highWatermarkOfEpoch = new Map<string, number>();
  /** `${topicId}:${partition}` -> the highest leaderEpoch any broker led in */
  private readonly latestEpoch = new Map<string, number>();
  /** `${topicId}:${partition}` -> the highest high watermark any leader reported */
  private readonly committedOffset = new Map<string, number>();
  /** `${topicId}:${partition}` -> the leaderEpoch of its latest unclean election: older leaders' promises are void */
  private readonly uncleanEpoch = new Map<string, number>();

  /** Throws an InvariantViolation naming the partition, brokers and offsets involved. */
  check(views: readonly PartitionView[], atMs: string): void {
    for (const view of views) {
      if (!view.isLeader) continue;
      const partitionKey = `${view.topicId}:${view.partition}`;
      const epochKey = `${partitionKey}@${view.leaderEpoch}`;
      const name = topicPartitionKey(view.topic, view.partition);

      const leader = this.leaderOfEpoch.get(epochKey);
      if (leader !== undefined && leader !== view.brokerId) {
        throw new InvariantViolation(
          `At ${atMs}: brokers ${leader} and ${view.brokerId} both led ${name} in leaderEpoch ${view.leaderEpoch}.`,
        );
      }
      this.leaderOfEpoch.set(epochKey, view.brokerId);

      const previousHighWatermark = this.highWatermarkOfEpoch.get(epochKey) ?? -1;
      if (view.highWatermark < previousHighWatermark) {
        throw new InvariantViolation(
          `At ${atMs}: the high watermark of ${name} on its leader, broker ${view.brokerId} (leaderEpoch ${view.leaderEpoch}), went back from ${previousHighWatermark} to ${view.highWatermark}.`,
        );
      }
      this.highWatermarkOfEpoch.set(epochKey, view.highWatermark);

      // What a leader deposed by an unclean election still believes committed was given up with it.
      if (view.leaderEpoch < (this.uncleanEpoch.get(partitionKey) ?? -1)) continue;
      // A deposed leader that has not heard of its successor yet may lag; only the newest epoch must hold everything.
      const latestEpoch = Math.max(this.latestEpoch.get(partitionKey) ?? -1, view.leaderEpoch);
      this.latestEpoch.set(partitionKey, latestEpoch);
      const committed = this.committedOffset.get(partitionKey) ?? 0;
      if (view.leaderEpoch === latestEpoch && view.logEndOffset < committed) {
        throw new InvariantViolation(
          `At ${atMs}: broker ${view.brokerId} leads ${name} (leaderEpoch ${view.leaderEpoch}) with logEndOffset ${view.logEndOffset}, below the committed offset ${committed}: committed records were lost without an unclean election.`,
        );
      }
      this.committedOffset.set(partitionKey, Math.max(committed, view.highWatermark));
    }
  }

  /** A new process runs over the broker's log: the high watermarks its predecessor exposed are not its own. */
  restarted(brokerId: number): void {
    for (const [epochKey, leader] of this.leaderOfEpoch) {
      if (leader === brokerId) this.highWatermarkOfEpoch.delete(epochKey);
    }
  }

  /** The controller elected an out-of-sync leader: what was committed before is no longer promised. */
  uncleanElection(topicId: string, partition: number, leaderEpoch: number): void {
    const partitionKey = `${topicId}:${partition}`;
    this.committedOffset.delete(partitionKey);
    this.uncleanEpoch.set(partitionKey, leaderEpoch);
  }
}
