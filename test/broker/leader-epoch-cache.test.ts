import { describe, expect, it } from 'vitest';
import { LeaderEpochCache } from '../../src/broker/leader-epoch-cache';

/** Epoch 0 at offset 0, epoch 2 at offset 10, epoch 5 at offset 20. */
const history = () =>
  new LeaderEpochCache([
    { epoch: 0, startOffset: 0 },
    { epoch: 2, startOffset: 10 },
    { epoch: 5, startOffset: 20 },
  ]);

describe('broker > leader epoch cache', () => {
  it('answers the latest epoch with the log end offset', () => {
    expect(history().endOffsetFor(5, 27)).toEqual({ epoch: 5, endOffset: 27 });
  });

  it('answers an older epoch with the start offset of the next one', () => {
    expect(history().endOffsetFor(2, 27)).toEqual({ epoch: 2, endOffset: 20 });
    expect(history().endOffsetFor(0, 27)).toEqual({ epoch: 0, endOffset: 10 });
  });

  it('answers an unknown epoch between two known ones with the largest epoch below it', () => {
    expect(history().endOffsetFor(3, 27)).toEqual({ epoch: 2, endOffset: 20 });
  });

  it('answers an epoch older than every known one with itself and the first start offset', () => {
    const cache = new LeaderEpochCache([
      { epoch: 3, startOffset: 7 },
      { epoch: 4, startOffset: 9 },
    ]);
    expect(cache.endOffsetFor(1, 12)).toEqual({ epoch: 1, endOffset: 7 });
  });

  it('answers an epoch newer than every known one, or an empty cache, with -1/-1', () => {
    expect(history().endOffsetFor(9, 27)).toEqual({ epoch: -1, endOffset: -1 });
    expect(new LeaderEpochCache().endOffsetFor(0, 0)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('ignores an assignment of the latest epoch at a higher offset and keeps the first start offset', () => {
    const cache = history();
    expect(cache.assign(5, 25)).toBe(false);
    expect(cache.epochStartOffset(5)).toBe(20);
  });

  it('drops entries that a new assignment would make non-monotonic', () => {
    const cache = history();
    expect(cache.assign(4, 15)).toBe(true);
    expect(cache.toJSON()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 10 },
      { epoch: 4, startOffset: 15 },
    ]);
  });

  it('truncates from the end, dropping epochs that start at or after the new end', () => {
    const cache = history();
    cache.truncateFromEnd(10);
    expect(cache.toJSON()).toEqual([{ epoch: 0, startOffset: 0 }]);
    expect(cache.latestEpoch()).toBe(0);
  });

  it('truncates from the start, moving the epoch in force to the new log start', () => {
    const cache = history();
    cache.truncateFromStart(15);
    expect(cache.toJSON()).toEqual([
      { epoch: 2, startOffset: 15 },
      { epoch: 5, startOffset: 20 },
    ]);
  });

  it('finds the epoch of an offset', () => {
    expect(history().epochForOffset(19)).toBe(2);
    expect(history().epochForOffset(20)).toBe(5);
  });
});
