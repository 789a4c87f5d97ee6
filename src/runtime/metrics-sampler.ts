/**
 * The page's metrics panel data: one sample a second with Kafka's metric names, the last 120 kept.
 * Brokers count their meters since start (BrokerMetrics); a rate is the increase between two
 * samples over the time between them, as a JMX viewer derives it from a Yammer meter's count. A
 * broker whose count went down restarted, so its whole count is new.
 */
import { scheduleRepeating, type Clock, type Timer } from '../core/clock';

/** What the cluster reads for one sample. */
export interface MetricsReading {
  /** Each running broker's metrics by id (BROKER_METERS counts and the ReplicaManager's gauges). */
  brokers: Map<number, Record<string, number>>;
  /** The active controller's gauges (controllerMetrics). */
  controller: Record<string, number>;
  /** Kafka's consumer records-lag-max of each group the page's workloads run, by group id. */
  groupLagMax: Record<string, number>;
}

export interface MetricsSample {
  timeMs: number;
  /** kafka.server BrokerTopicMetrics MessagesInPerSec, summed over the brokers. */
  MessagesInPerSec: number;
  /** BytesInPerSec, summed over the brokers. */
  BytesInPerSec: number;
  /** kafka.server ReplicaManager UnderReplicatedPartitions, summed over the brokers (each counts the partitions it leads). */
  UnderReplicatedPartitions: number;
  /** kafka.controller KafkaController OfflinePartitionsCount. */
  OfflinePartitionsCount: number;
  /** kafka.controller KafkaController ActiveControllerCount. */
  ActiveControllerCount: number;
  /** Consumer fetch manager metric records-lag-max, the largest over each group's members. */
  groups: Record<string, { 'records-lag-max': number }>;
}

export const METRICS_INTERVAL_MS = 1000;
export const METRICS_HISTORY = 120;

export class MetricsSampler {
  private readonly samples: MetricsSample[] = [];
  private readonly listeners = new Set<(sample: MetricsSample) => void>();
  private readonly timer: Timer;
  private previous: { timeMs: number; counts: Map<number, { messages: number; bytes: number }> } | null = null;
  private sampling = false;

  constructor(
    private readonly clock: Clock,
    private readonly read: () => Promise<MetricsReading>,
    intervalMs = METRICS_INTERVAL_MS,
  ) {
    this.timer = scheduleRepeating(clock, intervalMs, () => void this.sample());
  }

  /** The last samples, oldest first. */
  history(): MetricsSample[] {
    return [...this.samples];
  }

  onSample(listener: (sample: MetricsSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the samples (a reset cluster starts a new history). */
  clear(): void {
    this.samples.length = 0;
    this.previous = null;
  }

  close(): void {
    this.timer.cancel();
  }

  /** Takes one sample now; a sample still being read is not started twice. */
  async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const reading = await this.read();
      this.add(this.clock.now(), reading);
    } catch (error) {
      console.warn('Could not read the metrics:', error);
    } finally {
      this.sampling = false;
    }
  }

  private add(timeMs: number, reading: MetricsReading): void {
    const counts = new Map<number, { messages: number; bytes: number }>();
    let messages = 0;
    let bytes = 0;
    let underReplicated = 0;
    for (const [brokerId, metrics] of reading.brokers) {
      const now = { messages: metrics.MessagesInPerSec ?? 0, bytes: metrics.BytesInPerSec ?? 0 };
      counts.set(brokerId, now);
      const before = this.previous?.counts.get(brokerId) ?? { messages: 0, bytes: 0 };
      messages += increase(before.messages, now.messages);
      bytes += increase(before.bytes, now.bytes);
      underReplicated += metrics.UnderReplicatedPartitions ?? 0;
    }
    const seconds = this.previous === null ? 0 : (timeMs - this.previous.timeMs) / 1000;
    this.previous = { timeMs, counts };
    const groups: MetricsSample['groups'] = {};
    for (const [groupId, lag] of Object.entries(reading.groupLagMax)) groups[groupId] = { 'records-lag-max': lag };
    const sample: MetricsSample = {
      timeMs,
      MessagesInPerSec: seconds > 0 ? messages / seconds : 0,
      BytesInPerSec: seconds > 0 ? bytes / seconds : 0,
      UnderReplicatedPartitions: underReplicated,
      OfflinePartitionsCount: reading.controller.OfflinePartitionsCount ?? 0,
      ActiveControllerCount: reading.controller.ActiveControllerCount ?? 0,
      groups,
    };
    this.samples.push(sample);
    if (this.samples.length > METRICS_HISTORY) this.samples.shift();
    for (const listener of [...this.listeners]) listener(sample);
  }
}

/** The increase of a count since the last sample; a smaller count means the broker restarted from 0. */
function increase(before: number, now: number): number {
  return now >= before ? now - before : now;
}
