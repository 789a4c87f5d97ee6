/**
 * The consumer's fetch metrics that are cheap to keep (consumer-fetch-manager-metrics in
 * FetchMetricsRegistry): records-consumed-rate over Kafka's sample windows and records-lag-max over
 * the owned partitions.
 */
import { Rate } from '../metrics/sampled-stat';
import type { PartitionState } from './subscription-state';

export interface ConsumerMetrics {
  'records-consumed-total': number;
  /** Records per second over Kafka's two 30 s sample windows. */
  'records-consumed-rate': number;
  /** The largest HW - position over the owned partitions; NaN when no partition has both (Kafka reports NaN too). */
  'records-lag-max': number;
}

export class ConsumedRecords {
  private totalCount = 0;
  private readonly rate = new Rate();

  get total(): number {
    return this.totalCount;
  }

  record(count: number, nowMs: number): void {
    this.totalCount += count;
    this.rate.record(count, nowMs);
  }

  metrics(nowMs: number, partitions: readonly PartitionState[]): ConsumerMetrics {
    const lags = partitions.flatMap((p) => (p.position === null || p.highWatermark === null ? [] : [Math.max(0, p.highWatermark - p.position)]));
    return {
      'records-consumed-total': this.totalCount,
      'records-consumed-rate': this.rate.measure(nowMs),
      'records-lag-max': lags.length === 0 ? NaN : Math.max(...lags),
    };
  }
}
