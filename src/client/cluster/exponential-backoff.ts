import type { Random } from '../../core/random';

/**
 * Kafka's org.apache.kafka.common.utils.ExponentialBackoff (KIP-580): the wait before retry n
 * (n counted from 0) is `initialMs * multiplier^n`, capped at `maxMs`, times a random factor in
 * [1 - jitter, 1 + jitter) so that clients failing together do not retry together, never above `maxMs`.
 */
export class ExponentialBackoff {
  private readonly expMax: number;

  constructor(
    private readonly initialMs: number,
    private readonly multiplier: number,
    private readonly maxMs: number,
    private readonly jitter: number,
    private readonly random: Random,
  ) {
    this.expMax = maxMs > initialMs ? Math.log(maxMs / Math.max(initialMs, 1)) / Math.log(multiplier) : 0;
  }

  backoffMs(attempts: number): number {
    if (this.expMax === 0) return this.initialMs;
    const term = this.initialMs * this.multiplier ** Math.min(attempts, this.expMax);
    const randomFactor = this.jitter > 0 ? 1 - this.jitter + this.random.next() * 2 * this.jitter : 1;
    return Math.min(this.maxMs, Math.floor(term * randomFactor));
  }
}

/** CommonClientConfigs: retry.backoff.ms 100 doubling to retry.backoff.max.ms 1000, jitter 0.2. */
export function retryBackoff(random: Random, retryBackoffMs = 100, retryBackoffMaxMs = 1000): ExponentialBackoff {
  return new ExponentialBackoff(retryBackoffMs, 2, retryBackoffMaxMs, 0.2, random);
}
