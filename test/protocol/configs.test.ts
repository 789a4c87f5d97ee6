import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { BROKER_CONFIGS } from '../../src/protocol/broker-configs';
import { parseConfigValue } from '../../src/protocol/config-def';
import { BrokerConfig, logConfig, resolveTopicConfig, validateTopicConfigs } from '../../src/protocol/configs';
import { TOPIC_CONFIGS } from '../../src/protocol/topic-configs';

function invalidConfig(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaError);
    expect((error as KafkaError).type).toBe('INVALID_CONFIG');
    return (error as KafkaError).message;
  }
  throw new Error('expected INVALID_CONFIG');
}

const topic = (name: string) => TOPIC_CONFIGS.get(name)!;

describe('protocol > configs > definitions', () => {
  it('lists every topic config of Kafka 4.0 and nothing it removed', () => {
    expect([...TOPIC_CONFIGS.keys()].sort()).toEqual([
      'cleanup.policy',
      'compression.gzip.level',
      'compression.lz4.level',
      'compression.type',
      'compression.zstd.level',
      'delete.retention.ms',
      'file.delete.delay.ms',
      'flush.messages',
      'flush.ms',
      'follower.replication.throttled.replicas',
      'index.interval.bytes',
      'leader.replication.throttled.replicas',
      'local.retention.bytes',
      'local.retention.ms',
      'max.compaction.lag.ms',
      'max.message.bytes',
      'message.timestamp.after.max.ms',
      'message.timestamp.before.max.ms',
      'message.timestamp.type',
      'min.cleanable.dirty.ratio',
      'min.compaction.lag.ms',
      'min.insync.replicas',
      'preallocate',
      'remote.log.copy.disable',
      'remote.log.delete.on.disable',
      'remote.storage.enable',
      'retention.bytes',
      'retention.ms',
      'segment.bytes',
      'segment.index.bytes',
      'segment.jitter.ms',
      'segment.ms',
      'unclean.leader.election.enable',
    ]);
  });

  it('prints topic defaults as Kafka does', () => {
    expect(topic('retention.ms')).toMatchObject({ type: 'long', defaultValue: '604800000', brokerSynonym: 'log.retention.ms' });
    expect(topic('cleanup.policy')).toMatchObject({
      type: 'list',
      defaultValue: 'delete',
      validValues: ['compact', 'delete'],
      brokerSynonym: 'log.cleanup.policy',
    });
    expect(topic('max.message.bytes')).toMatchObject({ defaultValue: '1048588', brokerSynonym: 'message.max.bytes' });
    expect(topic('max.compaction.lag.ms').defaultValue).toBe('9223372036854775807');
    expect(topic('message.timestamp.after.max.ms').defaultValue).toBe('3600000');
    expect(topic('segment.bytes')).toMatchObject({ defaultValue: '1073741824', min: 1048576 });
    expect(topic('min.cleanable.dirty.ratio')).toMatchObject({
      type: 'double',
      defaultValue: '0.5',
      brokerSynonym: 'log.cleaner.min.cleanable.ratio',
    });
    expect(topic('leader.replication.throttled.replicas').brokerSynonym).toBeUndefined();
  });

  it('derives every topic default from its broker synonym at the broker default', () => {
    const broker = BrokerConfig.from();
    for (const config of TOPIC_CONFIGS.values()) {
      if (config.brokerSynonym) expect(BROKER_CONFIGS.has(config.brokerSynonym), config.name).toBe(true);
      expect(resolveTopicConfig(config.name, {}, broker), config.name).toEqual({ value: config.defaultValue, source: 'DEFAULT_CONFIG' });
    }
  });

  it("gives the broker Kafka's defaults", () => {
    const broker = BrokerConfig.from();
    expect(broker.int('broker.session.timeout.ms')).toBe(9000);
    expect(broker.int('broker.heartbeat.interval.ms')).toBe(2000);
    expect(broker.long('replica.lag.time.max.ms')).toBe(30000);
    expect(broker.int('replica.fetch.max.bytes')).toBe(1048576);
    expect(broker.int('offsets.topic.num.partitions')).toBe(50);
    expect(broker.int('offsets.topic.replication.factor')).toBe(3);
    expect(broker.int('group.initial.rebalance.delay.ms')).toBe(3000);
    expect(broker.bool('auto.leader.rebalance.enable')).toBe(true);
    expect(broker.bool('unclean.leader.election.enable')).toBe(false);
    expect(broker.double('log.cleaner.min.cleanable.ratio')).toBe(0.5);
    expect(broker.string('log.message.timestamp.type')).toBe('CreateTime');
    expect(broker.list('log.cleanup.policy')).toEqual(['delete']);
  });
});

describe('protocol > configs > broker config', () => {
  it('applies typed overrides and reports where each value came from', () => {
    const broker = BrokerConfig.from({ 'node.id': 2, 'broker.session.timeout.ms': '3000', 'auto.leader.rebalance.enable': false });
    expect(broker.int('broker.session.timeout.ms')).toBe(3000);
    expect(broker.bool('auto.leader.rebalance.enable')).toBe(false);
    expect(broker.entry('broker.session.timeout.ms')).toEqual({ value: '3000', isDefault: false });
    expect(broker.entry('replica.lag.time.max.ms')).toEqual({ value: '30000', isDefault: true });
    expect(broker.entry('log.retention.ms')).toEqual({ value: null, isDefault: true });
    expect(broker.overrides()).toEqual({
      'node.id': '2',
      'broker.id': '2',
      'broker.session.timeout.ms': '3000',
      'auto.leader.rebalance.enable': 'false',
    });
  });

  it('treats node.id and broker.id as one id, as KRaft does', () => {
    expect(BrokerConfig.from({ 'broker.id': 4 }).int('node.id')).toBe(4);
    expect(invalidConfig(() => BrokerConfig.from({ 'broker.id': 1, 'node.id': 2 }))).toMatch(/must equal node.id/);
  });

  it('rejects unknown names and bad values', () => {
    expect(invalidConfig(() => BrokerConfig.from({ 'broker.sesion.timeout.ms': 1 }))).toBe(
      'Unknown broker config name: broker.sesion.timeout.ms',
    );
    expect(invalidConfig(() => BrokerConfig.from({ 'num.partitions': 0 }))).toBe(
      'Invalid value 0 for configuration num.partitions: Value must be at least 1',
    );
    expect(invalidConfig(() => BrokerConfig.from({ 'offsets.topic.replication.factor': 40000 }))).toBe(
      'Invalid value 40000 for configuration offsets.topic.replication.factor: Not a number of type SHORT',
    );
  });

  it('refuses to read a config that has no value instead of inventing one', () => {
    expect(() => BrokerConfig.from().long('log.retention.ms')).toThrow(/has no value/);
  });
});

describe('protocol > configs > parsing', () => {
  it('trims values, reads booleans case-insensitively and splits lists on commas', () => {
    expect(parseConfigValue(topic('retention.ms'), ' 1000 ')).toBe(1000);
    expect(parseConfigValue(topic('preallocate'), 'TRUE')).toBe(true);
    expect(parseConfigValue(topic('cleanup.policy'), 'compact , delete')).toEqual(['compact', 'delete']);
    expect(parseConfigValue(topic('cleanup.policy'), '')).toEqual([]);
    expect(parseConfigValue(topic('min.cleanable.dirty.ratio'), '0.25')).toBe(0.25);
    expect(parseConfigValue(topic('retention.ms'), '-1')).toBe(-1);
  });

  it("answers with ConfigDef's messages", () => {
    expect(invalidConfig(() => validateTopicConfigs({ 'retention.ms': 'abc' }))).toBe(
      'Invalid value abc for configuration retention.ms: Not a number of type LONG',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'min.insync.replicas': '0' }))).toBe(
      'Invalid value 0 for configuration min.insync.replicas: Value must be at least 1',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'cleanup.policy': 'foo' }))).toBe(
      'Invalid value foo for configuration cleanup.policy: String must be one of: compact, delete',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'cleanup.policy': 'compact,Delete' }))).toBe(
      'Invalid value Delete for configuration cleanup.policy: String must be one of: compact, delete',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'message.timestamp.type': 'NoTime' }))).toBe(
      'Invalid value NoTime for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'compression.type': 'brotli' }))).toBe(
      'Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'unclean.leader.election.enable': 'yes' }))).toBe(
      'Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'segment.bytes': '2147483648' }))).toBe(
      'Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'segment.bytes': '1000' }))).toBe(
      'Invalid value 1000 for configuration segment.bytes: Value must be at least 1048576',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'retention.ms': '-2' }))).toBe(
      'Invalid value -2 for configuration retention.ms: Value must be at least -1',
    );
    // Range prints the parsed Double, so 2 reads as 2.0 (Java's Double.toString).
    expect(invalidConfig(() => validateTopicConfigs({ 'min.cleanable.dirty.ratio': '2' }))).toBe(
      'Invalid value 2.0 for configuration min.cleanable.dirty.ratio: Value must be no more than 1',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'min.cleanable.dirty.ratio': 'half' }))).toBe(
      'Invalid value half for configuration min.cleanable.dirty.ratio: Not a number of type DOUBLE',
    );
    expect(invalidConfig(() => validateTopicConfigs({ 'compression.gzip.level': '0' }))).toBe(
      'Invalid value 0 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1',
    );
  });

  it('checks every name before any value, as LogConfig.validateNames does', () => {
    expect(invalidConfig(() => validateTopicConfigs({ 'retention.ms': 'abc', foo: '1' }))).toBe('Unknown topic config name: foo');
  });

  it('rejects a min.compaction.lag.ms above max.compaction.lag.ms', () => {
    expect(invalidConfig(() => validateTopicConfigs({ 'min.compaction.lag.ms': '500', 'max.compaction.lag.ms': '100' }))).toBe(
      'conflict topic config setting min.compaction.lag.ms (500) > max.compaction.lag.ms (100)',
    );
    expect(() => validateTopicConfigs({ 'min.compaction.lag.ms': '100', 'max.compaction.lag.ms': '100' })).not.toThrow();
  });

  it('accepts throttled replica lists only as * or partition:broker pairs', () => {
    expect(() => validateTopicConfigs({ 'leader.replication.throttled.replicas': '0:1, 1:2' })).not.toThrow();
    expect(() => validateTopicConfigs({ 'follower.replication.throttled.replicas': '*' })).not.toThrow();
    expect(invalidConfig(() => validateTopicConfigs({ 'leader.replication.throttled.replicas': '0-1' }))).toMatch(
      /must be the literal '\*' or a list of replicas/,
    );
  });
});

describe('protocol > configs > log config', () => {
  it("uses Kafka's defaults when nothing is overridden", () => {
    expect(logConfig({}, BrokerConfig.from())).toEqual({
      cleanupPolicy: ['delete'],
      retentionMs: 604800000,
      retentionBytes: -1,
      segmentBytes: 1073741824,
      segmentMs: 604800000,
      minInSyncReplicas: 1,
      maxMessageBytes: 1048588,
      uncleanLeaderElectionEnable: false,
      deleteRetentionMs: 86400000,
      minCleanableDirtyRatio: 0.5,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Number('9223372036854775807'),
      messageTimestampType: 'CreateTime',
      messageTimestampBeforeMaxMs: Number('9223372036854775807'),
      messageTimestampAfterMaxMs: 3600000,
    });
  });

  it('prefers the topic override, then the broker synonym, then the default', () => {
    const broker = BrokerConfig.from({ 'min.insync.replicas': 2, 'log.cleanup.policy': 'compact', 'message.max.bytes': 2000000 });
    const config = logConfig({ 'min.insync.replicas': '3' }, broker);
    expect(config.minInSyncReplicas).toBe(3);
    expect(config.cleanupPolicy).toEqual(['compact']);
    expect(config.maxMessageBytes).toBe(2000000);
    expect(config.deleteRetentionMs).toBe(86400000);
    expect(resolveTopicConfig('min.insync.replicas', { 'min.insync.replicas': '3' }, broker)).toEqual({
      value: '3',
      source: 'DYNAMIC_TOPIC_CONFIG',
    });
    expect(resolveTopicConfig('max.message.bytes', {}, broker)).toEqual({ value: '2000000', source: 'STATIC_BROKER_CONFIG' });
    expect(resolveTopicConfig('retention.bytes', {}, broker)).toEqual({ value: '-1', source: 'DEFAULT_CONFIG' });
  });

  it('takes retention from log.retention.ms, else minutes, else hours', () => {
    const retention = (overrides: Record<string, number>) => logConfig({}, BrokerConfig.from(overrides)).retentionMs;
    expect(retention({ 'log.retention.hours': 1 })).toBe(3_600_000);
    expect(retention({ 'log.retention.hours': 1, 'log.retention.minutes': 5 })).toBe(300_000);
    expect(retention({ 'log.retention.hours': 1, 'log.retention.minutes': 5, 'log.retention.ms': 1234 })).toBe(1234);
    expect(resolveTopicConfig('retention.ms', {}, BrokerConfig.from({ 'log.retention.minutes': 5 }))).toEqual({
      value: '300000',
      source: 'STATIC_BROKER_CONFIG',
    });
  });

  it('reads any negative broker retention as -1, retain forever', () => {
    expect(logConfig({}, BrokerConfig.from({ 'log.retention.hours': -1 })).retentionMs).toBe(-1);
    expect(logConfig({}, BrokerConfig.from({ 'log.retention.ms': -5 })).retentionMs).toBe(-1);
  });

  it('takes segment.ms from log.roll.ms, else log.roll.hours', () => {
    expect(logConfig({}, BrokerConfig.from({ 'log.roll.hours': 2 })).segmentMs).toBe(7_200_000);
    expect(logConfig({}, BrokerConfig.from({ 'log.roll.hours': 2, 'log.roll.ms': 60_000 })).segmentMs).toBe(60_000);
    expect(logConfig({ 'segment.ms': '1000' }, BrokerConfig.from({ 'log.roll.ms': 60_000 })).segmentMs).toBe(1000);
  });

  it('reads a combined cleanup policy and LogAppendTime', () => {
    const config = logConfig({ 'cleanup.policy': 'compact,delete', 'message.timestamp.type': 'LogAppendTime' }, BrokerConfig.from());
    expect(config.cleanupPolicy).toEqual(['compact', 'delete']);
    expect(config.messageTimestampType).toBe('LogAppendTime');
  });
});
