import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/layout/sparkline';

const box = { width: 100, height: 20, windowMs: 10_000, nowMs: 20_000 };

describe('ui > sparkline', () => {
  it('draws only the samples inside the window, scaled to the largest of them', () => {
    const chart = sparkline(
      [
        { timeMs: 5_000, value: 999 },
        { timeMs: 10_000, value: 0 },
        { timeMs: 15_000, value: 4 },
        { timeMs: 20_000, value: 8 },
      ],
      box,
    );
    expect(chart.max).toBe(8);
    expect(chart.latest).toBe(8);
    expect(chart.path).toBe('M0,19L50,10L100,1');
  });

  it('is empty when no sample is in the window', () => {
    expect(sparkline([{ timeMs: 1_000, value: 3 }], box)).toEqual({ path: '', max: 1, latest: null });
  });

  it('keeps a flat zero on the baseline', () => {
    expect(
      sparkline(
        [
          { timeMs: 10_000, value: 0 },
          { timeMs: 20_000, value: 0 },
        ],
        box,
      ).path,
    ).toBe('M0,19L100,19');
  });
});
