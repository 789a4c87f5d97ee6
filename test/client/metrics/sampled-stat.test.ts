import { describe, expect, it } from 'vitest';
import { Rate, WindowedStats } from '../../../src/client/metrics/sampled-stat';

describe('client > metrics > sampled stats', () => {
  it("divides a fresh rate by at least one 30 s sample window, as Kafka's Rate does", () => {
    const rate = new Rate();
    rate.record(30, 0);
    expect(rate.measure(1_000)).toBe(1);
    expect(rate.measure(45_000)).toBeCloseTo(30 / 45);
  });

  it('forgets what is older than two sample windows', () => {
    const rate = new Rate();
    rate.record(100, 0);
    rate.record(60, 40_000);
    expect(rate.measure(50_000)).toBeCloseTo(160 / 50);
    expect(rate.measure(61_000)).toBeCloseTo(60 / 30);
    expect(rate.measure(200_000)).toBe(0);
  });

  it('averages and maxes over the window, NaN when nothing was recorded in it', () => {
    const stats = new WindowedStats();
    expect(stats.avg(0)).toBeNaN();
    stats.record(10, 0);
    stats.record(30, 1_000);
    expect(stats.avg(2_000)).toBe(20);
    expect(stats.max(2_000)).toBe(30);
    expect(stats.max(120_000)).toBeNaN();
  });
});
