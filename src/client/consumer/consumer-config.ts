/**
 * Consumer configuration: kafkajs's camelCase names where kafkajs has one, Kafka's ConsumerConfig
 * names accepted as aliases, and Kafka's defaults (ConsumerConfig, 4.x), not kafkajs's: a 45 s
 * session, a 300 s rebalance timeout (max.poll.interval.ms), auto.offset.reset=latest,
 * read_uncommitted and [range, cooperative-sticky].
 */
import { KafkaError } from '../../protocol/errors';
import type { ConsumerPartitionAssignor } from './assignors/assignor';

/**
 * kafkajs's retry.retries default: how many times in a row a failing poll (e.g. eachMessage
 * throwing) or describeGroup is retried before giving up.
 */
export const MAX_RETRIES = 5;

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';
/** group.protocol: the classic JoinGroup/SyncGroup protocol or KIP-848's ConsumerGroupHeartbeat. */
export type GroupProtocol = 'classic' | 'consumer';

export interface ConsumerConfig {
  groupId: string;
  /** group.instance.id: makes the member static (KIP-345). */
  groupInstanceId?: string | null;
  sessionTimeout?: number;
  /** max.poll.interval.ms, sent as the JoinGroup rebalance timeout. */
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  maxBytesPerPartition?: number;
  minBytes?: number;
  maxBytes?: number;
  maxWaitTimeInMs?: number;
  autoOffsetReset?: AutoOffsetReset;
  /** Assignors by name ('range', 'roundrobin', 'sticky', 'cooperative-sticky') or as objects, most preferred first. */
  partitionAssigners?: Array<string | ConsumerPartitionAssignor>;
  groupProtocol?: GroupProtocol;
  /** group.remote.assignor: the server-side assignor a KIP-848 member asks for ('uniform', 'range'). */
  groupRemoteAssignor?: string | null;
  /** Kafka defaults to read_uncommitted (kafkajs to read_committed); false asks for read_committed. */
  readUncommitted?: boolean;
  rackId?: string | null;
  allowAutoTopicCreation?: boolean;
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  requestTimeoutMs?: number;
  /** Defaults for run({ autoCommit, autoCommitInterval }). */
  autoCommit?: boolean;
  autoCommitInterval?: number;
  'group.instance.id'?: string | null;
  'session.timeout.ms'?: number;
  'max.poll.interval.ms'?: number;
  'heartbeat.interval.ms'?: number;
  'max.partition.fetch.bytes'?: number;
  'fetch.min.bytes'?: number;
  'fetch.max.bytes'?: number;
  'fetch.max.wait.ms'?: number;
  'auto.offset.reset'?: AutoOffsetReset;
  'partition.assignment.strategy'?: string | string[];
  'group.protocol'?: GroupProtocol;
  'group.remote.assignor'?: string | null;
  'isolation.level'?: 'read_uncommitted' | 'read_committed';
  'client.rack'?: string | null;
  'allow.auto.create.topics'?: boolean;
  'retry.backoff.ms'?: number;
  'retry.backoff.max.ms'?: number;
  'request.timeout.ms'?: number;
  'enable.auto.commit'?: boolean;
  'auto.commit.interval.ms'?: number;
}

export interface ResolvedConsumerConfig {
  groupId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxBytesPerPartition: number;
  minBytes: number;
  maxBytes: number;
  maxWaitTimeMs: number;
  autoOffsetReset: AutoOffsetReset;
  partitionAssigners: Array<string | ConsumerPartitionAssignor>;
  groupProtocol: GroupProtocol;
  groupRemoteAssignor: string | null;
  /** 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED. */
  isolationLevel: number;
  rackId: string | null;
  allowAutoTopicCreation: boolean;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  requestTimeoutMs: number;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
}

function invalid(message: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', message);
}

export function resolveConsumerConfig(config: ConsumerConfig): ResolvedConsumerConfig {
  if (typeof config?.groupId !== 'string' || config.groupId === '') throw invalid('Consumer groupId must be a non-empty string.');
  const strategy = config['partition.assignment.strategy'];
  const isolation = config['isolation.level'];
  const resolved: ResolvedConsumerConfig = {
    groupId: config.groupId,
    groupInstanceId: config.groupInstanceId ?? config['group.instance.id'] ?? null,
    sessionTimeoutMs: config.sessionTimeout ?? config['session.timeout.ms'] ?? 45000,
    rebalanceTimeoutMs: config.rebalanceTimeout ?? config['max.poll.interval.ms'] ?? 300000,
    heartbeatIntervalMs: config.heartbeatInterval ?? config['heartbeat.interval.ms'] ?? 3000,
    maxBytesPerPartition: config.maxBytesPerPartition ?? config['max.partition.fetch.bytes'] ?? 1048576,
    minBytes: config.minBytes ?? config['fetch.min.bytes'] ?? 1,
    maxBytes: config.maxBytes ?? config['fetch.max.bytes'] ?? 52428800,
    maxWaitTimeMs: config.maxWaitTimeInMs ?? config['fetch.max.wait.ms'] ?? 500,
    autoOffsetReset: config.autoOffsetReset ?? config['auto.offset.reset'] ?? 'latest',
    partitionAssigners: config.partitionAssigners ??
      (typeof strategy === 'string' ? strategy.split(',').map((s) => s.trim()) : strategy) ?? ['range', 'cooperative-sticky'],
    groupProtocol: (config.groupProtocol ?? config['group.protocol'] ?? 'classic').toLowerCase() as GroupProtocol,
    groupRemoteAssignor: config.groupRemoteAssignor ?? config['group.remote.assignor'] ?? null,
    isolationLevel: (config.readUncommitted ?? (isolation === undefined || isolation === 'read_uncommitted')) ? 0 : 1,
    rackId: config.rackId ?? config['client.rack'] ?? null,
    allowAutoTopicCreation: config.allowAutoTopicCreation ?? config['allow.auto.create.topics'] ?? true,
    retryBackoffMs: config.retryBackoffMs ?? config['retry.backoff.ms'] ?? 100,
    retryBackoffMaxMs: config.retryBackoffMaxMs ?? config['retry.backoff.max.ms'] ?? 1000,
    requestTimeoutMs: config.requestTimeoutMs ?? config['request.timeout.ms'] ?? 30000,
    autoCommit: config.autoCommit ?? config['enable.auto.commit'] ?? true,
    autoCommitIntervalMs: config.autoCommitInterval ?? config['auto.commit.interval.ms'] ?? 5000,
  };
  if (!['earliest', 'latest', 'none'].includes(resolved.autoOffsetReset)) {
    throw invalid(`Invalid value ${resolved.autoOffsetReset} for configuration auto.offset.reset: Invalid value`);
  }
  if (resolved.groupProtocol !== 'classic' && resolved.groupProtocol !== 'consumer') {
    throw invalid(
      `Invalid value ${resolved.groupProtocol} for configuration group.protocol: String must be one of (case insensitive): CLASSIC, CONSUMER`,
    );
  }
  // kafkajs's own check; Kafka's coordinator would instead see missed heartbeats.
  if (resolved.groupProtocol === 'classic' && resolved.heartbeatIntervalMs >= resolved.sessionTimeoutMs) {
    throw invalid(
      `Consumer heartbeatInterval (${resolved.heartbeatIntervalMs}) must be lower than sessionTimeout (${resolved.sessionTimeoutMs}). It is recommended to set heartbeatInterval to approximately a third of the sessionTimeout.`,
    );
  }
  if (resolved.partitionAssigners.length === 0) throw invalid('partition.assignment.strategy must list at least one assignor.');
  return resolved;
}
