/**
 * The consumer's metrics that are cheap to keep: from consumer-fetch-manager-metrics
 * (FetchMetricsRegistry) records-consumed-rate over Kafka's sample windows and records-lag-max over
 * the owned partitions; from consumer-coordinator-metrics (ConsumerCoordinator) the rebalances.
 */
import { Rate, WindowedStats } from '../metrics/sampled-stat';
import type { PartitionState } from './subscription-state';

export interface ConsumerMetrics {
  'records-consumed-total': number;
  /** Records per second over Kafka's two 30 s sample windows. */
  'records-consumed-rate': number;
  /** The largest HW - position over the owned partitions; NaN when no partition has both (Kafka reports NaN too). */
  'records-lag-max': number;
}

export interface RebalanceMetricValues {
  'rebalance-total': number;
  'rebalance-rate-per-hour': number;
  'rebalance-latency-avg': number;
  'rebalance-latency-max': number;
  /** -1 before the first rebalance completed, as Kafka reports. */
  'last-rebalance-seconds-ago': number;
}

/** Completed rebalances: a classic join and sync, or a KIP-848 assignment reconciled. */
export class Rebalances {
  private total = 0;
  private readonly rate = new Rate();
  private readonly latency = new WindowedStats();
  private lastEndMs = -1;

  completed(durationMs: number, nowMs: number): void {
    this.total += 1;
    this.rate.record(1, nowMs);
    this.latency.record(durationMs, nowMs);
    this.lastEndMs = nowMs;
  }

  values(nowMs: number): RebalanceMetricValues {
    return {
      'rebalance-total': this.total,
      'rebalance-rate-per-hour': this.rate.measure(nowMs) * 3600,
      'rebalance-latency-avg': this.latency.avg(nowMs),
      'rebalance-latency-max': this.latency.max(nowMs),
      'last-rebalance-seconds-ago': this.lastEndMs < 0 ? -1 : Math.floor((nowMs - this.lastEndMs) / 1000),
    };
  }
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
    const lags = partitions.flatMap((p) =>
      p.position === null || p.highWatermark === null ? [] : [Math.max(0, p.highWatermark - p.position)],
    );
    return {
      'records-consumed-total': this.totalCount,
      'records-consumed-rate': this.rate.measure(nowMs),
      'records-lag-max': lags.length === 0 ? NaN : Math.max(...lags),
    };
  }
}
