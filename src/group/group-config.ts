/**
 * The coordinator's settings, read once from the broker config (Kafka's GroupCoordinatorConfig).
 * Settings this project has no broker config for take Kafka's defaults.
 */
import type { BrokerConfig } from '../protocol/configs';

export interface GroupConfig {
  offsetsTopicNumPartitions: number;
  offsetMetadataMaxBytes: number;
  classicGroupInitialRebalanceDelayMs: number;
  classicGroupMinSessionTimeoutMs: number;
  classicGroupMaxSessionTimeoutMs: number;
  classicGroupMaxSize: number;
  /** group.classic.new.member.join.timeout.ms (not configurable here): a new member's heartbeat grace during the first join. */
  classicGroupNewMemberJoinTimeoutMs: number;
  consumerGroupHeartbeatIntervalMs: number;
  consumerGroupSessionTimeoutMs: number;
  consumerGroupMaxSize: number;
  /** group.consumer.assignors; the first is the default. */
  consumerGroupAssignors: string[];
  /** request.timeout.ms, for the coordinator's own reads of the log. */
  requestTimeoutMs: number;
  /** offsets.retention.minutes, in ms: how long an offset outlives its group's last member (or its commit). */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms: how often expired offsets and empty groups are cleaned up. */
  offsetsRetentionCheckIntervalMs: number;
}

export function groupConfig(config: BrokerConfig): GroupConfig {
  return {
    offsetsTopicNumPartitions: config.int('offsets.topic.num.partitions'),
    offsetMetadataMaxBytes: config.int('offset.metadata.max.bytes'),
    classicGroupInitialRebalanceDelayMs: config.int('group.initial.rebalance.delay.ms'),
    classicGroupMinSessionTimeoutMs: config.int('group.min.session.timeout.ms'),
    classicGroupMaxSessionTimeoutMs: config.int('group.max.session.timeout.ms'),
    classicGroupMaxSize: config.int('group.max.size'),
    classicGroupNewMemberJoinTimeoutMs: 5 * 60_000,
    consumerGroupHeartbeatIntervalMs: config.int('group.consumer.heartbeat.interval.ms'),
    consumerGroupSessionTimeoutMs: config.int('group.consumer.session.timeout.ms'),
    consumerGroupMaxSize: config.int('group.consumer.max.size'),
    consumerGroupAssignors: ['uniform', 'range'],
    requestTimeoutMs: config.int('request.timeout.ms'),
    offsetsRetentionMs: config.int('offsets.retention.minutes') * 60_000,
    offsetsRetentionCheckIntervalMs: config.int('offsets.retention.check.interval.ms'),
  };
}
