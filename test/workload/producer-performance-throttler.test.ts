import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/virtual-clock';
import { ThroughputThrottler } from '../../src/workload/producer-performance-throttler';

/** Runs the clock until `work` is done; returns the virtual milliseconds it took. */
async function timed(clock: VirtualClock, work: Promise<void>): Promise<number> {
  const start = clock.now();
  let done = false;
  void work.finally(() => {
    done = true;
  });
  await clock.runUntil(() => done);
  return clock.now() - start;
}

describe('workload > producer performance > ThroughputThrottler', () => {
  it('throttles only while the average rate since the start is above the target, and never for -1', () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const throttler = new ThroughputThrottler(100, start, clock);
    expect(throttler.shouldThrottle(50, start)).toBe(false);
    expect(throttler.shouldThrottle(101, start + 1000)).toBe(true);
    expect(throttler.shouldThrottle(99, start + 1000)).toBe(false);
    expect(new ThroughputThrottler(-1, start, clock).shouldThrottle(1_000_000, start + 1)).toBe(false);
  });

  it("sleeps off one record's share of a second only once the deficit reaches 2 ms", async () => {
    const clock = new VirtualClock();
    // 10,000 records/s: 0.1 ms a record, so 19 throttles sleep nothing and the 20th sleeps 2 ms.
    const throttler = new ThroughputThrottler(10_000, clock.now(), clock);
    for (let i = 0; i < 19; i++) expect(await timed(clock, throttler.throttle())).toBe(0);
    expect(await timed(clock, throttler.throttle())).toBe(2);
    expect(await timed(clock, throttler.throttle())).toBe(0);
  });

  it('with a target of 0 blocks until woken, as ThroughputThrottler.wakeup wakes it', async () => {
    const clock = new VirtualClock();
    const wakeup = new AbortController();
    const throttler = new ThroughputThrottler(0, clock.now(), clock, wakeup.signal);
    let woken = false;
    void throttler.throttle().then(() => {
      woken = true;
    });
    await clock.advance(60_000);
    expect(woken).toBe(false);
    wakeup.abort();
    await clock.advance(0);
    expect(woken).toBe(true);
  });
});
