/**
 * A broker's static configuration (its server.properties, Kafka's KafkaConfig) and a topic's
 * effective log config (LogConfig): the topic's overrides, else the first broker synonym with a
 * value, else the topic default, with the validation the controller runs on CreateTopics and
 * IncrementalAlterConfigs. The definitions are topic-configs.ts and broker-configs.ts; parsing a
 * value is config-def.ts.
 */
import type { ConfigSource } from './apis/configs';
import { BROKER_CONFIGS, type BrokerConfigName } from './broker-configs';
import { parseConfigValue, type ConfigValue } from './config-def';
import { KafkaError } from './errors';
import { TOPIC_CONFIG_SYNONYMS, TOPIC_CONFIGS } from './topic-configs';

/**
 * Validates a topic's overrides as the controller does on CreateTopics and IncrementalAlterConfigs
 * (LogConfig.validateNames, then each value, then LogConfig.validateValues).
 */
export function validateTopicConfigs(configs: Record<string, string>): void {
  for (const name of Object.keys(configs)) {
    if (!TOPIC_CONFIGS.has(name)) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
  }
  const parsed = new Map<string, unknown>();
  for (const [name, raw] of Object.entries(configs)) parsed.set(name, parseConfigValue(TOPIC_CONFIGS.get(name)!, raw));
  const lag = (name: string) => (parsed.get(name) as number | undefined) ?? Number(TOPIC_CONFIGS.get(name)!.defaultValue);
  const minLag = lag('min.compaction.lag.ms');
  const maxLag = lag('max.compaction.lag.ms');
  if (minLag > maxLag) {
    const shown = (name: string) => configs[name]?.trim() ?? TOPIC_CONFIGS.get(name)!.defaultValue;
    throw new KafkaError(
      'INVALID_CONFIG',
      `conflict topic config setting min.compaction.lag.ms (${shown('min.compaction.lag.ms')}) > max.compaction.lag.ms (${shown('max.compaction.lag.ms')})`,
    );
  }
}

/**
 * One broker's static configuration (its server.properties): Kafka's defaults plus the given overrides,
 * parsed and validated up front. Dynamic broker configs live in the metadata image, not here.
 */
export class BrokerConfig {
  private readonly raw: Map<string, string>;
  private readonly values = new Map<string, ConfigValue | null>();

  private constructor(raw: Map<string, string>) {
    this.raw = raw;
    for (const [name, config] of BROKER_CONFIGS) {
      const value = raw.get(name) ?? config.defaultValue;
      this.values.set(name, value === null ? null : parseConfigValue(config, value));
    }
  }

  /** Throws INVALID_CONFIG for an unknown name ("Unknown broker config name: x") or a bad value. */
  static from(overrides: Record<string, string | number | boolean> = {}): BrokerConfig {
    const raw = new Map<string, string>();
    for (const [name, value] of Object.entries(overrides)) {
      if (!BROKER_CONFIGS.has(name)) throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${name}`);
      raw.set(name, String(value));
    }
    // KafkaConfig.populateSynonyms: in KRaft broker.id and node.id name the same id, either one sets both.
    const nodeId = raw.get('node.id');
    const brokerId = raw.get('broker.id');
    if (nodeId !== undefined && brokerId === undefined) raw.set('broker.id', nodeId);
    if (brokerId !== undefined && nodeId === undefined) raw.set('node.id', brokerId);
    if (nodeId !== undefined && brokerId !== undefined && nodeId.trim() !== brokerId.trim()) {
      throw new KafkaError('INVALID_CONFIG', `broker.id (${brokerId}) must equal node.id (${nodeId}) in KRaft mode`);
    }
    return new BrokerConfig(raw);
  }

  int(name: BrokerConfigName): number {
    return this.typed(name, 'number') as number;
  }

  long(name: BrokerConfigName): number {
    return this.typed(name, 'number') as number;
  }

  double(name: BrokerConfigName): number {
    return this.typed(name, 'number') as number;
  }

  bool(name: BrokerConfigName): boolean {
    return this.typed(name, 'boolean') as boolean;
  }

  string(name: BrokerConfigName): string {
    return this.typed(name, 'string') as string;
  }

  list(name: BrokerConfigName): string[] {
    return [...(this.typed(name, 'list') as string[])];
  }

  /** The raw string value and whether it is Kafka's default, for DescribeConfigs. Throws for an unknown name. */
  entry(name: string): { value: string | null; isDefault: boolean } {
    const config = BROKER_CONFIGS.get(name);
    if (config === undefined) throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${name}`);
    const override = this.raw.get(name);
    return override === undefined ? { value: config.defaultValue, isDefault: true } : { value: override, isDefault: false };
  }

  overrides(): Record<string, string> {
    return Object.fromEntries(this.raw);
  }

  /** A config without a value (log.retention.ms unset) is a programming error here; read it through logConfig. */
  private typed(name: BrokerConfigName, kind: 'number' | 'boolean' | 'string' | 'list'): ConfigValue {
    const value = this.values.get(name);
    if (value === undefined || value === null) throw new Error(`Broker config ${name} has no value`);
    const actual = Array.isArray(value) ? 'list' : typeof value;
    if (actual !== kind) throw new Error(`Broker config ${name} is a ${BROKER_CONFIGS.get(name)!.type}, not a ${kind}`);
    return value;
  }
}

/**
 * The value of one topic config for a topic and where it came from, as DescribeConfigs reports it:
 * the topic's override, else the first broker synonym that has a value (converted to the topic's unit),
 * else the topic default. A broker synonym at its Kafka default reads as DEFAULT_CONFIG, as in Kafka.
 */
export function resolveTopicConfig(
  name: string,
  topicOverrides: Record<string, string>,
  broker: BrokerConfig,
): { value: string | null; source: Extract<ConfigSource, 'DYNAMIC_TOPIC_CONFIG' | 'STATIC_BROKER_CONFIG' | 'DEFAULT_CONFIG'> } {
  const config = TOPIC_CONFIGS.get(name);
  if (config === undefined) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
  const override = topicOverrides[name];
  if (override !== undefined) return { value: override, source: 'DYNAMIC_TOPIC_CONFIG' };
  for (const synonym of TOPIC_CONFIG_SYNONYMS.get(name) ?? []) {
    const { value, isDefault } = broker.entry(synonym.name);
    if (value === null) continue;
    const converted = synonym.factor === 1 ? value : (BigInt(value.trim()) * BigInt(synonym.factor)).toString();
    return {
      value: name === 'retention.ms' ? foreverIfNegative(converted) : converted,
      source: isDefault ? 'DEFAULT_CONFIG' : 'STATIC_BROKER_CONFIG',
    };
  }
  return { value: config.defaultValue, source: 'DEFAULT_CONFIG' };
}

// KafkaConfig.logRetentionTimeMillis: any negative broker retention means "forever", which the topic config spells -1.
function foreverIfNegative(retentionMs: string): string {
  return BigInt(retentionMs.trim()) < 0n ? '-1' : retentionMs;
}

/** The effective, typed config of one topic's log: topic override, else broker synonym, else default. */
export interface LogConfig {
  cleanupPolicy: ('delete' | 'compact')[];
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  minInSyncReplicas: number;
  maxMessageBytes: number;
  uncleanLeaderElectionEnable: boolean;
  deleteRetentionMs: number;
  minCleanableDirtyRatio: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  messageTimestampBeforeMaxMs: number;
  messageTimestampAfterMaxMs: number;
}

export function logConfig(topicOverrides: Record<string, string>, broker: BrokerConfig): LogConfig {
  const get = (name: string) => parseConfigValue(TOPIC_CONFIGS.get(name)!, resolveTopicConfig(name, topicOverrides, broker).value!);
  return {
    cleanupPolicy: get('cleanup.policy') as ('delete' | 'compact')[],
    retentionMs: get('retention.ms') as number,
    retentionBytes: get('retention.bytes') as number,
    segmentBytes: get('segment.bytes') as number,
    segmentMs: get('segment.ms') as number,
    minInSyncReplicas: get('min.insync.replicas') as number,
    maxMessageBytes: get('max.message.bytes') as number,
    uncleanLeaderElectionEnable: get('unclean.leader.election.enable') as boolean,
    deleteRetentionMs: get('delete.retention.ms') as number,
    minCleanableDirtyRatio: get('min.cleanable.dirty.ratio') as number,
    minCompactionLagMs: get('min.compaction.lag.ms') as number,
    maxCompactionLagMs: get('max.compaction.lag.ms') as number,
    messageTimestampType: get('message.timestamp.type') as 'CreateTime' | 'LogAppendTime',
    messageTimestampBeforeMaxMs: get('message.timestamp.before.max.ms') as number,
    messageTimestampAfterMaxMs: get('message.timestamp.after.max.ms') as number,
  };
}
