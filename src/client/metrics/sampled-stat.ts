/**
 * Kafka's client metrics stats (org.apache.kafka.common.metrics.stats): values are kept in
 * `metrics.num.samples` = 2 samples of `metrics.sample.window.ms` = 30 s each, so a rate or an
 * average covers the last 30 to 60 seconds and forgets older activity.
 */
const SAMPLE_WINDOW_MS = 30_000;
const NUM_SAMPLES = 2;

interface Sample {
  startMs: number;
  count: number;
  total: number;
  max: number;
}

class SampledStat {
  private readonly samples: Sample[] = [];

  record(value: number, nowMs: number): void {
    let current = this.samples.at(-1);
    if (current === undefined || nowMs - current.startMs >= SAMPLE_WINDOW_MS) {
      current = { startMs: nowMs, count: 0, total: 0, max: -Infinity };
      this.samples.push(current);
      if (this.samples.length > NUM_SAMPLES) this.samples.shift();
    }
    current.count += 1;
    current.total += value;
    current.max = Math.max(current.max, value);
  }

  /** The samples still inside the window (SampledStat.purgeObsoleteSamples). */
  protected live(nowMs: number): Sample[] {
    return this.samples.filter((sample) => nowMs - sample.startMs < NUM_SAMPLES * SAMPLE_WINDOW_MS);
  }
}

/** Rate: the sum of the values per second over the window, never over less than one full sample window. */
export class Rate extends SampledStat {
  measure(nowMs: number): number {
    const live = this.live(nowMs);
    if (live.length === 0) return 0;
    // Rate.windowSize: the elapsed time since the oldest sample, but at least (samples - 1) full windows.
    const elapsedMs = Math.max(nowMs - live[0].startMs, (NUM_SAMPLES - 1) * SAMPLE_WINDOW_MS);
    return live.reduce((sum, sample) => sum + sample.total, 0) / (elapsedMs / 1000);
  }
}

/** Avg and Max over the window; NaN when nothing was recorded in it, as Kafka reports. */
export class WindowedStats extends SampledStat {
  avg(nowMs: number): number {
    const live = this.live(nowMs);
    const count = live.reduce((sum, sample) => sum + sample.count, 0);
    return count === 0 ? NaN : live.reduce((sum, sample) => sum + sample.total, 0) / count;
  }

  max(nowMs: number): number {
    const live = this.live(nowMs);
    return live.length === 0 ? NaN : Math.max(...live.map((sample) => sample.max));
  }
}
