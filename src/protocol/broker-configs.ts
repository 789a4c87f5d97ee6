/**
 * The broker configs this engine reads, with Kafka 4.0's names, types and defaults as
 * ServerLogConfigs, ReplicationConfigs, KRaftConfigs and GroupCoordinatorConfig define them, plus
 * the broker synonym of every topic config (topic-configs.ts).
 */
import { LONG_MAX, type ConfigDef, type ConfigDefOptions, type ConfigType } from './config-def';
import { CLEANUP_POLICIES, COMPRESSION_TYPES, TIMESTAMP_TYPES } from './topic-configs';

const brokerDef = (
  type: ConfigType,
  defaultValue: string | null,
  doc: string,
  options: ConfigDefOptions = {},
): Omit<ConfigDef, 'name'> => ({
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
  'replica.high.watermark.checkpoint.interval.ms': brokerDef(
    'long',
    '5000',
    'The frequency with which the high watermark is saved out to disk.',
  ),
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
  'log.initial.task.delay.ms': brokerDef('long', '30000', "Delay of the log manager's first retention pass after startup.", { min: 0 }),
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
  'transaction.state.log.segment.bytes': brokerDef('int', '104857600', 'segment.bytes of __transaction_state.', { min: 1 }),
  'transaction.max.timeout.ms': brokerDef('int', '900000', 'Largest transaction.timeout.ms a producer may ask for.', { min: 1 }),
  'group.initial.rebalance.delay.ms': brokerDef('int', '3000', 'Wait of the first rebalance of an empty group for more members to join.'),
  'group.min.session.timeout.ms': brokerDef('int', '6000', 'Smallest session.timeout.ms a consumer may ask for.'),
  'group.max.session.timeout.ms': brokerDef('int', '1800000', 'Largest session.timeout.ms a consumer may ask for.'),
  'group.max.size': brokerDef('int', '2147483647', 'Most members of a classic group.', { min: 1 }),
  'group.consumer.heartbeat.interval.ms': brokerDef('int', '5000', 'Heartbeat interval of KIP-848 consumer groups.', { min: 1 }),
  'group.consumer.session.timeout.ms': brokerDef('int', '45000', 'Session timeout of KIP-848 consumer groups.', { min: 1 }),
  'group.consumer.max.size': brokerDef('int', '2147483647', 'Most members of a KIP-848 consumer group.', { min: 1 }),
  'producer.id.expiration.ms': brokerDef('int', '86400000', 'A producer id with no write for this long is expired.', { min: 1 }),
} satisfies Record<string, Omit<ConfigDef, 'name'>>;

export type BrokerConfigName = keyof typeof BROKER_CONFIG_TABLE;

export const BROKER_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(
  Object.entries(BROKER_CONFIG_TABLE).map(([name, spec]) => [name, { name, ...spec }]),
);
