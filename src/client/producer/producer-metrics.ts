/**
 * The producer's metrics with Kafka's names (the producer-metrics group of SenderMetricsRegistry):
 * records sent, retried and failed, request latency and sizes, windowed as Kafka's are.
 */
import { Rate, WindowedStats } from '../metrics/sampled-stat';

export interface ProducerMetricValues {
  'record-send-total': number;
  'record-send-rate': number;
  'record-retry-total': number;
  'record-retry-rate': number;
  'record-error-total': number;
  'record-error-rate': number;
  'request-total': number;
  'request-rate': number;
  'request-latency-avg': number;
  'request-latency-max': number;
  'batch-size-avg': number;
  'records-per-request-avg': number;
}

export class ProducerMetrics {
  private readonly totals = { send: 0, retry: 0, error: 0, request: 0 };
  private readonly sendRate = new Rate();
  private readonly retryRate = new Rate();
  private readonly errorRate = new Rate();
  private readonly requestRate = new Rate();
  private readonly requestLatency = new WindowedStats();
  private readonly batchSize = new WindowedStats();
  private readonly recordsPerRequest = new WindowedStats();

  /** A Produce request leaves with these batches (Sender.SenderMetrics.updateProduceRequestMetrics). */
  requestSent(batches: readonly { recordCount: number; sizeInBytes: number }[], nowMs: number): void {
    let records = 0;
    for (const batch of batches) {
      records += batch.recordCount;
      this.batchSize.record(batch.sizeInBytes, nowMs);
    }
    this.totals.send += records;
    this.sendRate.record(records, nowMs);
    this.totals.request += 1;
    this.requestRate.record(1, nowMs);
    this.recordsPerRequest.record(records, nowMs);
  }

  requestCompleted(latencyMs: number, nowMs: number): void {
    this.requestLatency.record(latencyMs, nowMs);
  }

  retried(recordCount: number, nowMs: number): void {
    this.totals.retry += recordCount;
    this.retryRate.record(recordCount, nowMs);
  }

  failed(recordCount: number, nowMs: number): void {
    this.totals.error += recordCount;
    this.errorRate.record(recordCount, nowMs);
  }

  values(nowMs: number): ProducerMetricValues {
    return {
      'record-send-total': this.totals.send,
      'record-send-rate': this.sendRate.measure(nowMs),
      'record-retry-total': this.totals.retry,
      'record-retry-rate': this.retryRate.measure(nowMs),
      'record-error-total': this.totals.error,
      'record-error-rate': this.errorRate.measure(nowMs),
      'request-total': this.totals.request,
      'request-rate': this.requestRate.measure(nowMs),
      'request-latency-avg': this.requestLatency.avg(nowMs),
      'request-latency-max': this.requestLatency.max(nowMs),
      'batch-size-avg': this.batchSize.avg(nowMs),
      'records-per-request-avg': this.recordsPerRequest.avg(nowMs),
    };
  }
}
