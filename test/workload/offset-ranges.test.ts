import { describe, expect, it } from 'vitest';
import { OffsetRanges } from '../../src/workload/offset-ranges';
import { SeededRandom } from '../../src/core/random';

describe('workload > offset ranges', () => {
  it('keeps a run of offsets read in order as one range', () => {
    const set = new OffsetRanges();
    for (let offset = 0; offset < 10_000; offset++) set.add(offset);
    expect(set.size).toBe(10_000);
    expect(set.rangeCount).toBe(1);
  });

  it('counts a replayed offset once, and joins ranges when a gap is filled', () => {
    const set = new OffsetRanges();
    for (const offset of [5, 6, 7, 1, 2, 6, 3, 4]) set.add(offset);
    expect(set.size).toBe(7);
    expect(set.rangeCount).toBe(1);
  });

  it('counts the distinct offsets of any order of adds, as a Set would', () => {
    const seed = 848;
    const random = new SeededRandom(seed);
    const set = new OffsetRanges();
    const reference = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const offset = random.nextInt(500);
      set.add(offset);
      reference.add(offset);
    }
    expect(set.size, `seed ${seed}`).toBe(reference.size);
  });
});
