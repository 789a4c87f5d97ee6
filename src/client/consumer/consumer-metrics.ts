/**
 * The consumer's fetch metrics that are cheap to keep (consumer-fetch-manager-metrics in
 * FetchMetricsRegistry): records-consumed-rate over a sliding window and records-lag-max over the
 * owned partitions. Kafka's windows are two samples of metrics.sample.window.ms = 30000.
 */
import type { PartitionState } from './subscription-state';

const WINDOW_MS = 60000;

export interface ConsumerMetrics {
  'records-consumed-total': number;
  /** Records per second over the last minute. */
  'records-consumed-rate': number;
  /** The largest HW - position over the owned partitions; NaN when no partition has both (Kafka reports NaN too). */
  'records-lag-max': number;
}

export class ConsumedRecords {
  private totalCount = 0;
  private readonly samples: { atMs: number; count: number }[] = [];

  get total(): number {
    return this.totalCount;
  }

  record(count: number, nowMs: number): void {
    this.totalCount += count;
    this.samples.push({ atMs: nowMs, count });
    this.expire(nowMs);
  }

  metrics(nowMs: number, partitions: readonly PartitionState[]): ConsumerMetrics {
    this.expire(nowMs);
    const windowCount = this.samples.reduce((sum, s) => sum + s.count, 0);
    const lags = partitions.flatMap((p) => (p.position === null || p.highWatermark === null ? [] : [Math.max(0, p.highWatermark - p.position)]));
    return {
      'records-consumed-total': this.totalCount,
      'records-consumed-rate': windowCount / (WINDOW_MS / 1000),
      'records-lag-max': lags.length === 0 ? NaN : Math.max(...lags),
    };
  }

  private expire(nowMs: number): void {
    while (this.samples.length > 0 && this.samples[0].atMs <= nowMs - WINDOW_MS) this.samples.shift();
  }
}
