/**
 * The (leaderEpoch -> start offset) history of one partition log, as Kafka's LeaderEpochFileCache
 * keeps it in leader-epoch-checkpoint. Followers use it to find where their log diverges from the
 * leader's (OffsetsForLeaderEpoch / DivergingEpoch, KIP-101 and KIP-279). Entries are strictly
 * increasing in both epoch and start offset.
 */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

/** Kafka's UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export class LeaderEpochCache {
  private readonly entries: EpochEntry[];

  constructor(entries: readonly EpochEntry[] = []) {
    this.entries = entries.map((entry) => ({ ...entry }));
  }

  clone(): LeaderEpochCache {
    return new LeaderEpochCache(this.entries);
  }

  toJSON(): EpochEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  latestEpoch(): number {
    return this.entries.at(-1)?.epoch ?? UNDEFINED_EPOCH;
  }

  epochStartOffset(epoch: number): number | undefined {
    return this.entries.find((entry) => entry.epoch === epoch)?.startOffset;
  }

  /** The epoch of the batch holding `offset`: the last entry starting at or before it. */
  epochForOffset(offset: number): number | undefined {
    let result: number | undefined;
    for (const entry of this.entries) {
      if (entry.startOffset > offset) break;
      result = entry.epoch;
    }
    return result;
  }

  /**
   * Records that `epoch` starts at `startOffset`. A no-op when the latest entry is this epoch at an
   * offset no higher; otherwise entries that would break monotonicity (an epoch >= the new one or a
   * start offset >= the new one) are dropped first, as LeaderEpochFileCache.assign does. Returns
   * whether anything changed.
   */
  assign(epoch: number, startOffset: number): boolean {
    if (epoch < 0 || startOffset < 0) {
      throw new RangeError(`Received invalid partition leader epoch entry ${epoch} at offset ${startOffset}`);
    }
    const latest = this.entries.at(-1);
    if (latest && latest.epoch === epoch && startOffset >= latest.startOffset) return false;
    while (this.entries.length > 0) {
      const last = this.entries.at(-1)!;
      if (last.epoch < epoch && last.startOffset < startOffset) break;
      this.entries.pop();
    }
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /** Drops entries starting at or after `endOffset` (the log was truncated to `endOffset`). */
  truncateFromEnd(endOffset: number): void {
    while (this.entries.length > 0 && this.entries.at(-1)!.startOffset >= endOffset) this.entries.pop();
  }

  /**
   * The log start moved to `startOffset`: entries starting at or before it collapse into one entry
   * for the epoch in force at `startOffset`, starting there (LeaderEpochFileCache.truncateFromStart).
   */
  truncateFromStart(startOffset: number): void {
    let lastRemoved: EpochEntry | undefined;
    while (this.entries.length > 0 && this.entries[0].startOffset <= startOffset) lastRemoved = this.entries.shift();
    if (lastRemoved) this.entries.unshift({ epoch: lastRemoved.epoch, startOffset });
  }

  /**
   * OffsetsForLeaderEpoch: the end offset of `requestedEpoch` is the start of the next higher epoch,
   * or the log end offset if it is the latest one. An unknown epoch between two known ones answers
   * with the largest epoch below it; one below every known epoch answers with itself and the first
   * start offset; one above every known epoch is undefined.
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const undefinedResult = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH) return undefinedResult;
    if (this.entries.length > 0 && this.latestEpoch() === requestedEpoch) {
      return { epoch: requestedEpoch, endOffset: logEndOffset };
    }
    const higherIndex = this.entries.findIndex((entry) => entry.epoch > requestedEpoch);
    if (higherIndex < 0) return undefinedResult;
    const floor = higherIndex > 0 ? this.entries[higherIndex - 1].epoch : requestedEpoch;
    return { epoch: floor, endOffset: this.entries[higherIndex].startOffset };
  }
}
