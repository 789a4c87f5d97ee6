/**
 * Producer configuration: kafkajs's camelCase names where kafkajs has one, Kafka's ProducerConfig
 * names (as camelCase) for the rest, and Kafka's defaults (ProducerConfig, 4.x).
 */
import { KafkaError } from '../../protocol/errors';
import type { CustomPartitioner } from '../partitioners/default-partitioner';

export interface ProducerConfig {
  /**
   * enable.idempotence. Kafka has defaulted to true since 3.0; kafkajs defaults to false. We follow
   * Kafka. Left unset, it quietly turns off for sends with acks 0 or 1, as Kafka does when
   * idempotence was not asked for explicitly; set to true, such a send fails.
   */
  idempotent?: boolean;
  /** batch.size: bytes per partition batch; a record bigger than this gets a batch of its own. */
  batchSize?: number;
  /** linger.ms: 5 since Kafka 4.0 (KIP-1030), 0 before. */
  lingerMs?: number;
  /** retries: Kafka's Integer.MAX_VALUE, in practice bounded by deliveryTimeoutMs. */
  retries?: number;
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  requestTimeoutMs?: number;
  /** delivery.timeout.ms: how long after a batch's creation it may still be retried. */
  deliveryTimeoutMs?: number;
  /** max.block.ms: how long send() waits for the topic's metadata. */
  maxBlockMs?: number;
  maxRequestSize?: number;
  /** max.in.flight.requests.per.connection. */
  maxInFlightRequests?: number;
  /** allow.auto.create.topics (and kafkajs's allowAutoTopicCreation). */
  allowAutoTopicCreation?: boolean;
  /** kafkajs's custom partitioner factory; consulted for records without an explicit partition. */
  createPartitioner?: () => CustomPartitioner;
  /** Kafka's names, accepted as aliases of the options above. */
  'enable.idempotence'?: boolean;
  'batch.size'?: number;
  'linger.ms'?: number;
  'retry.backoff.ms'?: number;
  'retry.backoff.max.ms'?: number;
  'request.timeout.ms'?: number;
  'delivery.timeout.ms'?: number;
  'max.block.ms'?: number;
  'max.request.size'?: number;
  'max.in.flight.requests.per.connection'?: number;
  'allow.auto.create.topics'?: boolean;
}

/** The acks config's values as ProducerConfig validates them ("all" is -1), by the text a user writes. */
export const ACKS_BY_NAME: Readonly<Record<string, number>> = { all: -1, '-1': -1, '0': 0, '1': 1 };

export interface ResolvedProducerConfig {
  idempotent: boolean;
  idempotenceExplicit: boolean;
  batchSize: number;
  lingerMs: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  maxBlockMs: number;
  maxRequestSize: number;
  maxInFlightRequests: number;
  allowAutoTopicCreation: boolean;
  createPartitioner: (() => CustomPartitioner) | undefined;
}

const MAX_INT = 2147483647;

export function resolveProducerConfig(config: ProducerConfig = {}): ResolvedProducerConfig {
  const idempotence = config.idempotent ?? config['enable.idempotence'];
  const lingerMs = config.lingerMs ?? config['linger.ms'] ?? 5;
  const requestTimeoutMs = config.requestTimeoutMs ?? config['request.timeout.ms'] ?? 30000;
  const explicitDeliveryTimeoutMs = config.deliveryTimeoutMs ?? config['delivery.timeout.ms'];
  // KafkaProducer.configureDeliveryTimeout: an explicit value below linger + request timeout is a
  // ConfigException; the default is silently raised to that sum.
  if (explicitDeliveryTimeoutMs !== undefined && explicitDeliveryTimeoutMs < lingerMs + requestTimeoutMs) {
    throw new KafkaError('INVALID_CONFIG', 'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms');
  }
  const resolved: ResolvedProducerConfig = {
    idempotent: idempotence ?? true,
    idempotenceExplicit: idempotence === true,
    batchSize: config.batchSize ?? config['batch.size'] ?? 16384,
    lingerMs,
    retries: config.retries ?? MAX_INT,
    retryBackoffMs: config.retryBackoffMs ?? config['retry.backoff.ms'] ?? 100,
    retryBackoffMaxMs: config.retryBackoffMaxMs ?? config['retry.backoff.max.ms'] ?? 1000,
    requestTimeoutMs,
    deliveryTimeoutMs: explicitDeliveryTimeoutMs ?? Math.max(120000, lingerMs + requestTimeoutMs),
    maxBlockMs: config.maxBlockMs ?? config['max.block.ms'] ?? 60000,
    maxRequestSize: config.maxRequestSize ?? config['max.request.size'] ?? 1048576,
    maxInFlightRequests: config.maxInFlightRequests ?? config['max.in.flight.requests.per.connection'] ?? 5,
    allowAutoTopicCreation: config.allowAutoTopicCreation ?? config['allow.auto.create.topics'] ?? true,
    createPartitioner: config.createPartitioner,
  };
  // ProducerConfig: idempotence needs retries > 0 and at most 5 requests in flight.
  if (resolved.idempotent && (resolved.retries === 0 || resolved.maxInFlightRequests > 5)) {
    if (resolved.idempotenceExplicit) {
      throw new KafkaError(
        'INVALID_CONFIG',
        resolved.retries === 0
          ? 'Must set retries to non-zero when using the idempotent producer.'
          : 'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
      );
    }
    resolved.idempotent = false;
  }
  return resolved;
}
