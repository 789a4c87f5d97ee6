/**
 * The set of offsets a consumer group has received from one partition, kept as sorted, disjoint
 * ranges: a consumer reads in order, so a long run costs one range instead of one entry per record,
 * and only gaps or replays after a rebalance add ranges.
 */
export class OffsetRanges {
  /** [first, last] inclusive, sorted and never touching. */
  private readonly ranges: [number, number][] = [];
  private count = 0;

  /** How many distinct offsets were added. */
  get size(): number {
    return this.count;
  }

  add(offset: number): void {
    const ranges = this.ranges;
    // Reads arrive in order, so look from the end.
    let i = ranges.length - 1;
    while (i >= 0 && ranges[i][0] > offset) i--;
    if (i >= 0 && offset <= ranges[i][1]) return;
    this.count++;
    const joinsPrevious = i >= 0 && ranges[i][1] === offset - 1;
    const joinsNext = i + 1 < ranges.length && ranges[i + 1][0] === offset + 1;
    if (joinsPrevious && joinsNext) {
      ranges[i][1] = ranges[i + 1][1];
      ranges.splice(i + 1, 1);
    } else if (joinsPrevious) {
      ranges[i][1] = offset;
    } else if (joinsNext) {
      ranges[i + 1][0] = offset;
    } else {
      ranges.splice(i + 1, 0, [offset, offset]);
    }
  }

  /** How many ranges are kept: the memory this set uses. */
  get rangeCount(): number {
    return this.ranges.length;
  }
}
