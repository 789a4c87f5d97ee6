/**
 * Kafka's topic and broker configs: names, types, defaults and validators, as Kafka 4.0 defines them in
 * storage/.../log/LogConfig.java (topic), ServerLogConfigs / ReplicationConfigs / KRaftConfigs /
 * GroupCoordinatorConfig (broker) and ServerTopicConfigSynonyms (which broker config backs a topic config).
 * Values travel as strings, as in Kafka's ConfigRecord and DescribeConfigs; parseConfigValue turns one into
 * its typed value with ConfigDef.parseType's rules and error texts.
 */
import type { ConfigSource } from './apis/configs';
import { KafkaError } from './errors';

export type ConfigType = 'boolean' | 'int' | 'short' | 'long' | 'double' | 'string' | 'list' | 'password';

export interface ConfigDef {
  name: string;
  type: ConfigType;
  /** As Kafka prints it in DescribeConfigs (Long.MAX_VALUE is "9223372036854775807"); null = no default. */
  defaultValue: string | null;
  doc: string;
  validValues?: string[];
  min?: number;
  max?: number;
  /** For a topic config: the broker config that supplies its default (ServerTopicConfigSynonyms), e.g. log.retention.ms. */
  brokerSynonym?: string;
}

const LONG_MAX = '9223372036854775807';

interface DefOptions {
  validValues?: string[];
  min?: number;
  max?: number;
}

function def(name: string, type: ConfigType, defaultValue: string | null, doc: string, options: DefOptions = {}): ConfigDef {
  return { name, type, defaultValue, doc, ...options };
}

/** A broker config that stands in for a topic config, with the factor that converts its unit (hours to ms ...). */
interface Synonym {
  name: string;
  factor: number;
}

const HOURS_TO_MS = 60 * 60 * 1000;
const MINUTES_TO_MS = 60 * 1000;
const syn = (name: string, factor = 1): Synonym => ({ name, factor });

/**
 * ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS: the first synonym that has a value wins, so
 * log.retention.ms beats log.retention.minutes beats log.retention.hours.
 */
const TOPIC_SYNONYMS: ReadonlyMap<string, Synonym[]> = new Map([
  ['segment.bytes', [syn('log.segment.bytes')]],
  ['segment.ms', [syn('log.roll.ms'), syn('log.roll.hours', HOURS_TO_MS)]],
  ['segment.jitter.ms', [syn('log.roll.jitter.ms'), syn('log.roll.jitter.hours', HOURS_TO_MS)]],
  ['segment.index.bytes', [syn('log.index.size.max.bytes')]],
  ['flush.messages', [syn('log.flush.interval.messages')]],
  ['flush.ms', [syn('log.flush.interval.ms'), syn('log.flush.scheduler.interval.ms')]],
  ['retention.bytes', [syn('log.retention.bytes')]],
  ['retention.ms', [syn('log.retention.ms'), syn('log.retention.minutes', MINUTES_TO_MS), syn('log.retention.hours', HOURS_TO_MS)]],
  ['max.message.bytes', [syn('message.max.bytes')]],
  ['index.interval.bytes', [syn('log.index.interval.bytes')]],
  ['delete.retention.ms', [syn('log.cleaner.delete.retention.ms')]],
  ['min.compaction.lag.ms', [syn('log.cleaner.min.compaction.lag.ms')]],
  ['max.compaction.lag.ms', [syn('log.cleaner.max.compaction.lag.ms')]],
  ['file.delete.delay.ms', [syn('log.segment.delete.delay.ms')]],
  ['min.cleanable.dirty.ratio', [syn('log.cleaner.min.cleanable.ratio')]],
  ['cleanup.policy', [syn('log.cleanup.policy')]],
  ['unclean.leader.election.enable', [syn('unclean.leader.election.enable')]],
  ['min.insync.replicas', [syn('min.insync.replicas')]],
  ['compression.type', [syn('compression.type')]],
  ['compression.gzip.level', [syn('compression.gzip.level')]],
  ['compression.lz4.level', [syn('compression.lz4.level')]],
  ['compression.zstd.level', [syn('compression.zstd.level')]],
  ['preallocate', [syn('log.preallocate')]],
  ['message.timestamp.type', [syn('log.message.timestamp.type')]],
  ['message.timestamp.before.max.ms', [syn('log.message.timestamp.before.max.ms')]],
  ['message.timestamp.after.max.ms', [syn('log.message.timestamp.after.max.ms')]],
  ['local.retention.ms', [syn('log.local.retention.ms')]],
  ['local.retention.bytes', [syn('log.local.retention.bytes')]],
]);

const CLEANUP_POLICIES = ['compact', 'delete'];
const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'];
// BrokerCompressionType.names(), in enum order.
const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'];

/**
 * Every topic-level config of Kafka 4.0 (LogConfig.CONFIG). 4.0 removed message.format.version,
 * message.downconversion.enable and message.timestamp.difference.max.ms (KIP-724, KIP-1030), raised the
 * segment.bytes minimum to 1 MiB and lowered the message.timestamp.after.max.ms default to 1 hour (KIP-1030).
 */
const TOPIC_CONFIG_LIST: ConfigDef[] = [
  def(
    'cleanup.policy',
    'list',
    'delete',
    'Retention policy for old log segments: "delete" discards them by time or size, "compact" keeps the latest value per key; both may be given.',
    { validValues: CLEANUP_POLICIES },
  ),
  def('compression.gzip.level', 'int', '-1', 'Compression level when compression.type is gzip.'),
  def('compression.lz4.level', 'int', '9', 'Compression level when compression.type is lz4.', { min: 1, max: 17 }),
  def('compression.type', 'string', 'producer', 'Final compression of the topic\'s data; "producer" keeps the codec the producer used.', {
    validValues: COMPRESSION_TYPES,
  }),
  def('compression.zstd.level', 'int', '3', 'Compression level when compression.type is zstd.', { min: -131072, max: 22 }),
  def('delete.retention.ms', 'long', '86400000', 'How long tombstones are kept on a compacted topic after the cleaner passed them.', {
    min: 0,
  }),
  def('file.delete.delay.ms', 'long', '60000', 'Time to wait before deleting a file from the filesystem.', { min: 0 }),
  def('flush.messages', 'long', LONG_MAX, 'Messages written between forced fsyncs of the log.', { min: 1 }),
  def('flush.ms', 'long', LONG_MAX, 'Time between forced fsyncs of the log.', { min: 0 }),
  def(
    'follower.replication.throttled.replicas',
    'list',
    '',
    'Replicas (partitionId:brokerId, or *) whose follower replication is throttled.',
  ),
  def('index.interval.bytes', 'int', '4096', 'Bytes between offset index entries.', { min: 0 }),
  def(
    'leader.replication.throttled.replicas',
    'list',
    '',
    'Replicas (partitionId:brokerId, or *) whose leader-side replication is throttled.',
  ),
  def('local.retention.bytes', 'long', '-2', 'Local log size kept with tiered storage; -2 means retention.bytes.', { min: -2 }),
  def('local.retention.ms', 'long', '-2', 'Local log age kept with tiered storage; -2 means retention.ms.', { min: -2 }),
  def('max.compaction.lag.ms', 'long', LONG_MAX, 'Maximum time a message stays ineligible for compaction.', { min: 1 }),
  def('max.message.bytes', 'int', '1048588', 'Largest record batch size allowed, after compression.', { min: 0 }),
  def(
    'message.timestamp.after.max.ms',
    'long',
    '3600000',
    "How far a CreateTime timestamp may be ahead of the broker's clock (KIP-1030).",
    { min: 0 },
  ),
  def('message.timestamp.before.max.ms', 'long', LONG_MAX, "How far a CreateTime timestamp may be behind the broker's clock.", { min: 0 }),
  def(
    'message.timestamp.type',
    'string',
    'CreateTime',
    "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime).",
    { validValues: TIMESTAMP_TYPES },
  ),
  def('min.cleanable.dirty.ratio', 'double', '0.5', 'Dirty-to-total ratio at which the log cleaner compacts a log.', { min: 0, max: 1 }),
  def('min.compaction.lag.ms', 'long', '0', 'Minimum time a message stays uncompacted.', { min: 0 }),
  def('min.insync.replicas', 'int', '1', 'Minimum ISR size for an acks=all write to succeed.', { min: 1 }),
  def('preallocate', 'boolean', 'false', 'Preallocate the file when creating a segment.'),
  def('remote.log.copy.disable', 'boolean', 'false', 'Stop copying segments to tiered storage.'),
  def('remote.log.delete.on.disable', 'boolean', 'false', 'Delete remote data when tiered storage is turned off for the topic.'),
  def('remote.storage.enable', 'boolean', 'false', 'Use tiered storage for this topic.'),
  def('retention.bytes', 'long', '-1', 'Maximum partition size before old segments are deleted; -1 means no limit.'),
  def('retention.ms', 'long', '604800000', "Maximum age of a segment's newest record before the segment is deleted; -1 means no limit.", {
    min: -1,
  }),
  def('segment.bytes', 'int', '1073741824', 'Segment file size at which a new segment is rolled.', { min: 1048576 }),
  def('segment.index.bytes', 'int', '10485760', 'Size of the offset index of a segment.', { min: 4 }),
  def('segment.jitter.ms', 'long', '0', 'Maximum random jitter subtracted from segment.ms.', { min: 0 }),
  def('segment.ms', 'long', '604800000', 'Time after which a segment is rolled even if not full.', { min: 1 }),
  def(
    'unclean.leader.election.enable',
    'boolean',
    'false',
    'Allow an out-of-sync replica to become leader when no ISR member is alive, at the cost of data loss.',
  ),
].map((config) => {
  const synonyms = TOPIC_SYNONYMS.get(config.name);
  return synonyms ? { ...config, brokerSynonym: synonyms[0].name } : config;
});

export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(TOPIC_CONFIG_LIST.map((config) => [config.name, config]));

const brokerDef = (type: ConfigType, defaultValue: string | null, doc: string, options: DefOptions = {}): Omit<ConfigDef, 'name'> => ({
  type,
  defaultValue,
  doc,
  ...options,
});

/**
 * The broker configs this engine reads, with Kafka 4.0's names and defaults, plus the broker synonyms of
 * every topic config. Internal ones are marked: they are real Kafka configs not shown in its docs.
 */
const BROKER_CONFIG_TABLE = {
  'node.id': brokerDef('int', '-1', 'The node id of this server (KRaft).'),
  'broker.id': brokerDef('int', '-1', 'The broker id; in KRaft it must equal node.id.'),
  'broker.session.timeout.ms': brokerDef('int', '9000', 'The controller fences a broker that has not heartbeated for this long.'),
  'broker.heartbeat.interval.ms': brokerDef('int', '2000', "Time between a broker's heartbeats to the controller."),
  'initial.broker.registration.timeout.ms': brokerDef(
    'int',
    '60000',
    'How long a starting broker waits for its registration to be accepted.',
  ),
  'controller.quorum.election.timeout.ms': brokerDef('int', '1000', 'Time a voter waits for the leader before starting an election.'),
  'controller.quorum.election.backoff.max.ms': brokerDef('int', '1000', 'Maximum back-off before a new controller election.'),
  'controller.quorum.fetch.timeout.ms': brokerDef(
    'int',
    '2000',
    'Time without a successful fetch from the controller leader before a voter starts an election.',
  ),
  'metadata.max.idle.interval.ms': brokerDef(
    'int',
    '500',
    'The active controller appends a no-op record when the metadata log is idle this long.',
    { min: 0 },
  ),
  'eligible.leader.replicas.version': brokerDef(
    'int',
    '0',
    'KIP-966 ELR: 1 turns it on. In Kafka this is a feature level (kafka-features), not a broker config; 4.0 ships it at 0.',
    { min: 0, max: 1 },
  ),
  'unclean.leader.election.interval.ms': brokerDef(
    'long',
    '300000',
    'Internal: how often the controller retries unclean elections for leaderless partitions (KAFKA-12670).',
    { min: 0 },
  ),
  'replica.lag.time.max.ms': brokerDef(
    'long',
    '30000',
    "A follower that has not caught up to the leader's log end offset for this long leaves the ISR.",
  ),
  'replica.fetch.wait.max.ms': brokerDef('int', '500', "Maximum wait of a follower's fetch request."),
  'replica.fetch.min.bytes': brokerDef('int', '1', "Minimum bytes a follower's fetch waits for."),
  'replica.fetch.max.bytes': brokerDef('int', '1048576', 'Bytes a follower fetches per partition.', { min: 0 }),
  'replica.fetch.response.max.bytes': brokerDef('int', '10485760', 'Bytes a follower fetches per request.', { min: 0 }),
  'replica.fetch.backoff.ms': brokerDef('int', '1000', "Back-off after a follower's fetch fails.", { min: 0 }),
  'replica.socket.timeout.ms': brokerDef('int', '30000', "Request timeout of a follower's fetch requests."),
  'request.timeout.ms': brokerDef(
    'int',
    '30000',
    "Timeout of the broker's own requests to the controller (BrokerToControllerChannelManager).",
  ),
  'num.partitions': brokerDef('int', '1', 'Default partition count of a new topic.', { min: 1 }),
  'default.replication.factor': brokerDef('int', '1', 'Default replication factor of a new topic.'),
  'auto.create.topics.enable': brokerDef('boolean', 'true', 'Create a topic when a client asks for metadata of an unknown one.'),
  'delete.topic.enable': brokerDef('boolean', 'true', 'Allow topics to be deleted.'),
  'min.insync.replicas': brokerDef('int', '1', 'Default of the topic config min.insync.replicas.', { min: 1 }),
  'unclean.leader.election.enable': brokerDef('boolean', 'false', 'Default of the topic config unclean.leader.election.enable.'),
  'auto.leader.rebalance.enable': brokerDef('boolean', 'true', 'Move leadership back to preferred replicas periodically.'),
  'leader.imbalance.check.interval.seconds': brokerDef('long', '300', 'How often the controller checks for leader imbalance.', { min: 1 }),
  'leader.imbalance.per.broker.percentage': brokerDef(
    'int',
    '10',
    'Imbalance ratio that triggered a rebalance in ZooKeeper mode; the KRaft controller does not read it.',
  ),
  'message.max.bytes': brokerDef('int', '1048588', 'Default of the topic config max.message.bytes.', { min: 0 }),
  'compression.type': brokerDef('string', 'producer', 'Default of the topic config compression.type.', { validValues: COMPRESSION_TYPES }),
  'compression.gzip.level': brokerDef('int', '-1', 'Default of the topic config compression.gzip.level.'),
  'compression.lz4.level': brokerDef('int', '9', 'Default of the topic config compression.lz4.level.', { min: 1, max: 17 }),
  'compression.zstd.level': brokerDef('int', '3', 'Default of the topic config compression.zstd.level.', { min: -131072, max: 22 }),
  'log.retention.hours': brokerDef('int', '168', 'Log retention in hours, used when log.retention.ms and log.retention.minutes are unset.'),
  'log.retention.minutes': brokerDef('int', null, 'Log retention in minutes, used when log.retention.ms is unset.'),
  'log.retention.ms': brokerDef('long', null, 'Log retention in ms; -1 means no limit.'),
  'log.retention.bytes': brokerDef('long', '-1', 'Default of the topic config retention.bytes.'),
  'log.retention.check.interval.ms': brokerDef('long', '300000', 'How often the log manager deletes segments past retention.', { min: 1 }),
  'log.segment.bytes': brokerDef('int', '1073741824', 'Default of the topic config segment.bytes.', { min: 1048576 }),
  'log.roll.hours': brokerDef('int', '168', 'Segment roll time in hours, used when log.roll.ms is unset.', { min: 1 }),
  'log.roll.ms': brokerDef('long', null, 'Segment roll time in ms.'),
  'log.roll.jitter.hours': brokerDef('int', '0', 'Segment roll jitter in hours, used when log.roll.jitter.ms is unset.', { min: 0 }),
  'log.roll.jitter.ms': brokerDef('long', null, 'Segment roll jitter in ms.'),
  'log.index.size.max.bytes': brokerDef('int', '10485760', 'Default of the topic config segment.index.bytes.', { min: 4 }),
  'log.index.interval.bytes': brokerDef('int', '4096', 'Default of the topic config index.interval.bytes.', { min: 0 }),
  'log.flush.interval.messages': brokerDef('long', LONG_MAX, 'Default of the topic config flush.messages.', { min: 1 }),
  'log.flush.interval.ms': brokerDef('long', null, 'Default of the topic config flush.ms; log.flush.scheduler.interval.ms when unset.'),
  'log.flush.scheduler.interval.ms': brokerDef('long', LONG_MAX, 'How often the log flusher checks whether a log needs an fsync.'),
  'log.segment.delete.delay.ms': brokerDef('long', '60000', 'Default of the topic config file.delete.delay.ms.', { min: 0 }),
  'log.preallocate': brokerDef('boolean', 'false', 'Default of the topic config preallocate.'),
  'log.local.retention.ms': brokerDef('long', '-2', 'Default of the topic config local.retention.ms.', { min: -2 }),
  'log.local.retention.bytes': brokerDef('long', '-2', 'Default of the topic config local.retention.bytes.', { min: -2 }),
  'log.cleanup.policy': brokerDef('list', 'delete', 'Default of the topic config cleanup.policy.', { validValues: CLEANUP_POLICIES }),
  'log.cleaner.enable': brokerDef('boolean', 'true', 'Run the log cleaner (compaction).'),
  'log.cleaner.backoff.ms': brokerDef('long', '15000', 'Sleep of the log cleaner when no log needs cleaning.', { min: 0 }),
  'log.cleaner.delete.retention.ms': brokerDef('long', '86400000', 'Default of the topic config delete.retention.ms.', { min: 0 }),
  'log.cleaner.min.cleanable.ratio': brokerDef('double', '0.5', 'Default of the topic config min.cleanable.dirty.ratio.', {
    min: 0,
    max: 1,
  }),
  'log.cleaner.min.compaction.lag.ms': brokerDef('long', '0', 'Default of the topic config min.compaction.lag.ms.', { min: 0 }),
  'log.cleaner.max.compaction.lag.ms': brokerDef('long', LONG_MAX, 'Default of the topic config max.compaction.lag.ms.', { min: 1 }),
  'log.message.timestamp.type': brokerDef('string', 'CreateTime', 'Default of the topic config message.timestamp.type.', {
    validValues: TIMESTAMP_TYPES,
  }),
  'log.message.timestamp.before.max.ms': brokerDef('long', LONG_MAX, 'Default of the topic config message.timestamp.before.max.ms.', {
    min: 0,
  }),
  'log.message.timestamp.after.max.ms': brokerDef(
    'long',
    '3600000',
    'Default of the topic config message.timestamp.after.max.ms (KIP-1030).',
    { min: 0 },
  ),
  'offsets.topic.num.partitions': brokerDef('int', '50', 'Partition count of __consumer_offsets.', { min: 1 }),
  'offsets.topic.replication.factor': brokerDef('short', '3', 'Replication factor of __consumer_offsets.', { min: 1 }),
  'offsets.topic.segment.bytes': brokerDef('int', '104857600', 'segment.bytes of __consumer_offsets.', { min: 1 }),
  'offsets.retention.minutes': brokerDef('int', '10080', 'Committed offsets of a group that has been empty this long are deleted.', {
    min: 1,
  }),
  'offsets.retention.check.interval.ms': brokerDef('long', '600000', 'How often expired offsets are removed.', { min: 1 }),
  'offset.metadata.max.bytes': brokerDef('int', '4096', 'Largest metadata string of an offset commit.'),
  'transaction.state.log.num.partitions': brokerDef('int', '50', 'Partition count of __transaction_state.', { min: 1 }),
  'transaction.state.log.replication.factor': brokerDef('short', '3', 'Replication factor of __transaction_state.', { min: 1 }),
  'transaction.state.log.min.isr': brokerDef('int', '2', 'min.insync.replicas of __transaction_state.', { min: 1 }),
  'group.initial.rebalance.delay.ms': brokerDef('int', '3000', 'Wait of the first rebalance of an empty group for more members to join.'),
  'group.min.session.timeout.ms': brokerDef('int', '6000', 'Smallest session.timeout.ms a consumer may ask for.'),
  'group.max.session.timeout.ms': brokerDef('int', '1800000', 'Largest session.timeout.ms a consumer may ask for.'),
  'group.max.size': brokerDef('int', '2147483647', 'Most members of a classic group.', { min: 1 }),
  'group.consumer.heartbeat.interval.ms': brokerDef('int', '5000', 'Heartbeat interval of KIP-848 consumer groups.', { min: 1 }),
  'group.consumer.session.timeout.ms': brokerDef('int', '45000', 'Session timeout of KIP-848 consumer groups.', { min: 1 }),
  'producer.id.expiration.ms': brokerDef('int', '86400000', 'A producer id with no write for this long is expired.', { min: 1 }),
} satisfies Record<string, Omit<ConfigDef, 'name'>>;

export type BrokerConfigName = keyof typeof BROKER_CONFIG_TABLE;

export const BROKER_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(
  Object.entries(BROKER_CONFIG_TABLE).map(([name, spec]) => [name, { name, ...spec }]),
);

function invalid(def: ConfigDef, value: string, reason: string): never {
  throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${def.name}: ${reason}`);
}

const INTEGER_BITS: Partial<Record<ConfigType, number>> = { short: 16, int: 32, long: 64 };
const INTEGER_TYPE_NAMES: Partial<Record<ConfigType, string>> = { short: 'SHORT', int: 'INT', long: 'LONG' };
// What Java's Double.parseDouble accepts, minus hexadecimal floats.
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/** Java's Double.toString for the values a config shows in an error: 2 prints as "2.0". */
function javaDouble(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e7 ? value.toFixed(1) : String(value);
}

// ConfigDef.Range.ensureValid; `shown` is the parsed value as Java would print it.
function checkRange(def: ConfigDef, value: number, shown: string): void {
  if (def.min !== undefined && value < def.min) invalid(def, shown, `Value must be at least ${def.min}`);
  if (def.max !== undefined && value > def.max) invalid(def, shown, `Value must be no more than ${def.max}`);
}

function parseInteger(def: ConfigDef, raw: string, trimmed: string): number {
  const bits = INTEGER_BITS[def.type]!;
  const limit = 1n << BigInt(bits - 1);
  const big = /^[+-]?\d+$/.test(trimmed) ? BigInt(trimmed) : null;
  if (big === null || big < -limit || big >= limit) invalid(def, raw, `Not a number of type ${INTEGER_TYPE_NAMES[def.type]}`);
  const value = Number(big);
  checkRange(def, value, big.toString());
  return value;
}

/** Validators Kafka attaches to single configs beyond Range and ValidString. */
const CUSTOM_VALIDATORS: ReadonlyMap<string, (def: ConfigDef, value: number | string[]) => void> = new Map([
  // GzipCompression.LevelValidator: Deflater levels 1..9, or -1 for zlib's default.
  ['compression.gzip.level', gzipLevel],
  ['leader.replication.throttled.replicas', throttledReplicas],
  ['follower.replication.throttled.replicas', throttledReplicas],
]);

function gzipLevel(def: ConfigDef, value: number | string[]): void {
  const level = value as number;
  if (level > 9 || (level < 1 && level !== -1)) invalid(def, String(level), 'Value must be between 1 and 9 or equal to -1');
}

// ThrottledReplicaListValidator: "*" or partitionId:brokerId pairs.
function throttledReplicas(def: ConfigDef, value: number | string[]): void {
  const replicas = value as string[];
  if (replicas.join('').trim() === '*' || replicas.every((replica) => /^(\d+:\d+)?$/.test(replica.trim()))) return;
  invalid(
    def,
    `[${replicas.join(', ')}]`,
    `${def.name} must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...`,
  );
}

/**
 * One raw value as its typed value, by ConfigDef.parseType and the key's validator. Surrounding whitespace is
 * ignored, booleans are case-insensitive, a list splits on commas. Throws INVALID_CONFIG with Kafka's
 * ConfigException text, e.g. "Invalid value abc for configuration retention.ms: Not a number of type LONG".
 */
export function parseConfigValue(def: ConfigDef, raw: string): number | boolean | string | string[] {
  const trimmed = raw.trim();
  let value: number | boolean | string | string[];
  switch (def.type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower !== 'true' && lower !== 'false') invalid(def, raw, 'Expected value to be either true or false');
      return lower === 'true';
    }
    case 'short':
    case 'int':
    case 'long':
      value = parseInteger(def, raw, trimmed);
      break;
    case 'double': {
      if (!JAVA_DOUBLE.test(trimmed)) invalid(def, raw, 'Not a number of type DOUBLE');
      value = Number(trimmed.replace(/[fFdD]$/, ''));
      checkRange(def, value, javaDouble(value));
      break;
    }
    case 'string':
    case 'password':
      value = trimmed;
      if (def.validValues && !def.validValues.includes(value)) invalid(def, value, `String must be one of: ${def.validValues.join(', ')}`);
      break;
    case 'list':
      value = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      // ValidList checks each element with ValidString, so the message names the bad element.
      for (const element of value) {
        if (def.validValues && !def.validValues.includes(element))
          invalid(def, element, `String must be one of: ${def.validValues.join(', ')}`);
      }
      break;
  }
  CUSTOM_VALIDATORS.get(def.name)?.(def, value as number | string[]);
  return value;
}

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

type ConfigValue = number | boolean | string | string[];

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
  for (const synonym of TOPIC_SYNONYMS.get(name) ?? []) {
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
