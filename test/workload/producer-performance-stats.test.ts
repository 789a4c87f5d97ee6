import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import { javaFixed, PerformanceStats, percentiles } from '../../src/workload/producer-performance-stats';

/** A clock the test sets by hand. */
function handClock(startMs = 1_000_000): Clock & { set(ms: number): void } {
  let now = startMs;
  return {
    now: () => now,
    schedule: () => ({ cancel: () => undefined }),
    set: (ms) => {
      now = ms;
    },
  };
}

describe('workload > producer performance > stats', () => {
  it('prints a window line, byte for byte as Stats.printWindow, once a record completes 5 s after the window began', () => {
    const clock = handClock(0);
    const printed: string[] = [];
    const stats = new PerformanceStats(1000, clock, (line) => printed.push(line));
    clock.set(1000);
    stats.record(3, 100, 1000);
    clock.set(4999);
    stats.record(7, 100, 4999);
    expect(printed).toEqual([]);
    clock.set(5000);
    stats.record(20, 100, 5000);
    expect(printed).toEqual(['3 records sent, 0.6 records/sec (0.00 MB/sec), 10.0 ms avg latency, 20.0 ms max latency.']);
  });

  it('prints the total line as Stats.printTotal: records/sec with six decimals, latencies with two, percentiles as whole ms', () => {
    const clock = handClock(0);
    const printed: string[] = [];
    const stats = new PerformanceStats(4, clock, (line) => printed.push(line));
    for (const latency of [4, 1, 3, 2]) stats.record(latency, 1_048_576, 100);
    clock.set(3000);
    const total = stats.printTotal();
    expect(printed).toEqual([
      '4 records sent, 1.333333 records/sec (1.33 MB/sec), 2.50 ms avg latency, 4.00 ms max latency, 3 ms 50th, 4 ms 95th, 4 ms 99th, 4 ms 99.9th.',
    ]);
    expect(total).toMatchObject({ records: 4, maxLatencyMs: 4, p50Ms: 3, p999Ms: 4, elapsedMs: 3000 });
  });

  it('says "steady state" in the steady-state total and announces it at its first window', () => {
    const clock = handClock(0);
    const printed: string[] = [];
    const stats = new PerformanceStats(10, clock, (line) => printed.push(line), true);
    clock.set(6000);
    stats.record(5, 10, 6000);
    stats.printTotal();
    expect(printed[0]).toBe('In steady state.');
    expect(printed[2]).toMatch(/^1 steady state records sent, /);
  });

  it("keeps every latency up to 500,000 records and every (n / 500,000)-th beyond, as the percentiles' sample", () => {
    const clock = handClock(0);
    const stats = new PerformanceStats(1_000_000, clock, () => undefined);
    // Latencies 0, 1, 0, 1 ...: sampling every 2nd record keeps only the zeros.
    for (let i = 0; i < 1000; i++) stats.record(i % 2, 1, 0);
    clock.set(1);
    expect(stats.printTotal()).toMatchObject({ p50Ms: 0, p999Ms: 0, maxLatencyMs: 1 });
  });

  it('takes the percentile at (int) (p × size) of the sorted sample, and 0 when there is none', () => {
    const sample = Int32Array.from([50, 10, 40, 20, 30, 0]);
    expect(percentiles(sample, 5, [0.5, 0.95, 0.99, 0.999])).toEqual([30, 50, 50, 50]);
    expect(percentiles(new Int32Array(3), 0, [0.5])).toEqual([0]);
  });

  it("formats as Java's %.Nf: HALF_UP on the shortest decimal, NaN and Infinity spelled out", () => {
    expect(javaFixed(1.005, 2)).toBe('1.01');
    expect(javaFixed(0.125, 2)).toBe('0.13');
    expect(javaFixed(2.5, 0)).toBe('3');
    expect(javaFixed(9.96, 1)).toBe('10.0');
    expect(javaFixed(821557.2780694, 6)).toBe('821557.278069');
    expect(javaFixed(0.000123, 2)).toBe('0.00');
    expect(javaFixed(1 / 3, 6)).toBe('0.333333');
    expect(javaFixed(1e21, 1)).toBe('1000000000000000000000.0');
    expect(javaFixed(Number.NaN, 2)).toBe('NaN');
    expect(javaFixed(Number.POSITIVE_INFINITY, 6)).toBe('Infinity');
  });
});
