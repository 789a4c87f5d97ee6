/**
 * The broker's partition logs on its LogStore, after Kafka's LogManager: opening (or creating) a
 * replica's log with its topic's effective config, dropping stray logs (data left by a deleted
 * topic of the same name, or by partitions this broker no longer hosts), and the periodic log
 * jobs that LogManager.startup and the LogCleaner run: retention (cleanupLogs) and compaction.
 */
import { scheduleRepeating, type Clock } from '../core/clock';
import { logConfig, type BrokerConfig, type LogConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import type { HostedPartitions } from './hosted-partitions';
import type { LogStore } from './log-store';
import { UnifiedLog, type LogMeta } from './unified-log';
import { topicPartitionKey } from '../protocol/topic-partition';

export interface LogManagerOptions {
  store: LogStore<LogMeta>;
  clock: Clock;
  config: BrokerConfig;
  image: MetadataImage;
  partitions: HostedPartitions;
}

export class LogManager {
  constructor(private readonly options: LogManagerOptions) {}

  /** A topic's effective log config: its overrides, else the broker's synonyms, else Kafka's defaults. */
  topicLogConfig(topic: string): LogConfig {
    return logConfig(this.options.image.topicConfig(topic), this.options.config);
  }

  /** LogManager.getOrCreateLog: the replica's log, replacing a stray one of a deleted topic with the same name. */
  async getOrCreateLog(topic: string, partition: number, topicId: string): Promise<UnifiedLog> {
    const { store, clock } = this.options;
    const options = { topic, partition, topicId, store, config: this.topicLogConfig(topic), clock };
    try {
      return await UnifiedLog.load(options);
    } catch (error) {
      if (!(error instanceof KafkaError && error.type === 'INCONSISTENT_TOPIC_ID')) throw error;
      // The data on disk belongs to a deleted topic of the same name: a stray log.
      await store.deletePartition(options);
      return UnifiedLog.load(options);
    }
  }

  /** Deletes every log in the store that no hosted partition owns: stray logs, found once the first metadata image is applied. */
  async deleteStrayLogs(): Promise<void> {
    const { store, partitions } = this.options;
    for (const tp of await store.listPartitions()) {
      if (!partitions.has(topicPartitionKey(tp))) await store.deletePartition(tp);
    }
  }

  /**
   * LogManager.startup's kafka-log-retention job and the LogCleaner: retention runs on every local
   * log, led or followed, by its own topic config, first log.initial.task.delay.ms after startup and
   * then every log.retention.check.interval.ms, as LogManager schedules it; compaction on the logs
   * whose cleanup.policy has compact. Their timers die with the broker's clock.
   */
  startup(): void {
    const { clock, config, partitions } = this.options;
    scheduleRepeating(
      clock,
      config.long('log.retention.check.interval.ms'),
      () => partitions.forEachLog((partition) => partition.log.deleteOldSegments()),
      config.long('log.initial.task.delay.ms'),
    );
    if (config.bool('log.cleaner.enable')) {
      scheduleRepeating(clock, config.long('log.cleaner.backoff.ms'), () => {
        partitions.forEachLog((partition) =>
          partition.log.config.cleanupPolicy.includes('compact') ? partition.log.compact() : Promise.resolve(),
        );
      });
    }
  }
}
