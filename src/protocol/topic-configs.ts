/**
 * Every topic-level config of Kafka 4.0 with its type, default and bounds, as Kafka's LogConfig
 * defines them (LogConfig.CONFIG), and the broker configs that supply a topic config's default
 * when the topic has no override (ServerTopicConfigSynonyms).
 */
import { LONG_MAX, type ConfigDef, type ConfigDefOptions, type ConfigType } from './config-def';

function def(name: string, type: ConfigType, defaultValue: string | null, doc: string, options: ConfigDefOptions = {}): ConfigDef {
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
export const TOPIC_CONFIG_SYNONYMS: ReadonlyMap<string, Synonym[]> = new Map([
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

export const CLEANUP_POLICIES = ['compact', 'delete'];
export const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'];
// BrokerCompressionType.names(), in enum order.
export const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'];

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
  const synonyms = TOPIC_CONFIG_SYNONYMS.get(config.name);
  return synonyms ? { ...config, brokerSynonym: synonyms[0].name } : config;
});

export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(TOPIC_CONFIG_LIST.map((config) => [config.name, config]));
