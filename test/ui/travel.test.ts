import { describe, expect, it } from 'vitest';
import { travelKeyframes } from '../../src/ui/topology/travel';

const path = { dx: 300, dy: -120, durationMs: 900 };

describe('ui > a token travels within its batch', () => {
  it("spans the whole batch, so every token of a batch ends at the batch's end", () => {
    const first = travelKeyframes({ ...path, delayMs: 0, spanMs: 1_400 });
    const last = travelKeyframes({ ...path, delayMs: 500, spanMs: 1_400 });
    expect(first[0].offset).toBe(0);
    expect(first.at(-1)!.offset).toBe(1);
    expect(last[0].offset).toBe(0);
    expect(last.at(-1)!.offset).toBe(1);
  });

  it('waits at its start until its turn, then travels for its duration to the end of its path', () => {
    const frames = travelKeyframes({ ...path, delayMs: 500, spanMs: 1_400 });
    const leaves = frames.find((frame) => frame.easing === 'ease-in-out')!;
    expect(leaves).toMatchObject({ transform: 'translate(0px, 0px)', opacity: 1 });
    expect(leaves.offset).toBeCloseTo(500 / 1_400);
    const arrives = frames.find((frame) => frame.transform === 'translate(300px, -120px)')!;
    expect(arrives.offset).toBeCloseTo(1_400 / 1_400);
    expect(arrives.opacity).toBe(0);
  });

  it('is gone after it arrived when others of its batch still travel', () => {
    const frames = travelKeyframes({ ...path, delayMs: 0, spanMs: 1_400 });
    const arrives = frames.find((frame) => frame.transform === 'translate(300px, -120px)')!;
    expect(arrives.offset).toBeCloseTo(900 / 1_400);
    expect(frames.at(-1)).toMatchObject({ transform: 'translate(300px, -120px)', opacity: 0 });
  });

  it('gives offsets in order, as the Web Animations API requires', () => {
    for (const delayMs of [0, 1, 250, 500]) {
      const offsets = travelKeyframes({ ...path, delayMs, spanMs: 1_400 }).map((frame) => frame.offset as number);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(offsets.every((offset) => offset >= 0 && offset <= 1)).toBe(true);
    }
  });
});
