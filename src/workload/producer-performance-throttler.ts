/**
 * Kafka's ThroughputThrottler (org.apache.kafka.server.util), on the injected clock: after each
 * send the caller asks shouldThrottle(recordsSoFar, sendStartMs), true while the average rate since
 * the start is above the target; throttle() then adds one record's share of a second (1 / target)
 * to a sleep deficit and sleeps it off once it reaches 2 ms, so a high target sleeps rarely and a
 * low one often. A negative target never throttles; a target of 0 blocks until woken (Ctrl-C).
 */
import type { Clock } from '../core/clock';

const NS_PER_MS = 1_000_000;
const NS_PER_SEC = 1000 * NS_PER_MS;
const MIN_SLEEP_NS = 2 * NS_PER_MS;

export class ThroughputThrottler {
  private readonly sleepTimeNs: number;
  private sleepDeficitNs = 0;

  /**
   * `wakeup`: aborted to wake a sleeping throttle (ThroughputThrottler.wakeup); an aborted signal
   * makes every later throttle() return at once.
   */
  constructor(
    private readonly targetThroughput: number,
    private readonly startMs: number,
    private readonly clock: Clock,
    private readonly wakeup?: AbortSignal,
  ) {
    this.sleepTimeNs = targetThroughput > 0 ? Math.trunc(NS_PER_SEC / targetThroughput) : Number.MAX_SAFE_INTEGER;
  }

  shouldThrottle(amountSoFar: number, sendStartMs: number): boolean {
    if (this.targetThroughput < 0) return false;
    // Java divides in float: (sendStartMs - startMs) / 1000.f.
    const elapsedSec = Math.fround(Math.fround(sendStartMs - this.startMs) / 1000);
    return elapsedSec > 0 && amountSoFar / elapsedSec > this.targetThroughput;
  }

  async throttle(): Promise<void> {
    if (this.targetThroughput === 0) {
      await this.sleep(Number.POSITIVE_INFINITY);
      return;
    }
    this.sleepDeficitNs += this.sleepTimeNs;
    if (this.sleepDeficitNs < MIN_SLEEP_NS) return;
    const sleepStartMs = this.clock.now();
    // Object.wait(ms, ns) waits a whole extra millisecond for any nanoseconds: a ceiling.
    let remainingNs = this.sleepDeficitNs;
    while (!this.wakeup?.aborted && remainingNs > 0) {
      await this.sleep(Math.ceil(remainingNs / NS_PER_MS));
      remainingNs = this.sleepDeficitNs - (this.clock.now() - sleepStartMs) * NS_PER_MS;
    }
    this.sleepDeficitNs = 0;
  }

  /** Resolves after `ms` on the clock, or at once when woken. */
  private sleep(ms: number): Promise<void> {
    const wakeup = this.wakeup;
    if (wakeup?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? this.clock.schedule(ms, done) : null;
      wakeup?.addEventListener('abort', done, { once: true });
      function done() {
        timer?.cancel();
        wakeup?.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
