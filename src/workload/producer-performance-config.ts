/**
 * The producer properties kafka-producer-perf-test.sh passes to KafkaProducer (--producer-props,
 * --producer.config), read as ProducerConfig reads them: each value parsed to its config's type
 * with ConfigDef's messages, acks among all, -1, 0 and 1. What the simulated producer does not
 * model is refused with a message saying so (transactional.id), or accepted and noted in
 * docs/FIDELITY.md (compression.type); connection settings (bootstrap.servers, client.id, the
 * serializers) are the caller's business.
 */
import { ACKS_BY_NAME, resolveProducerConfig, type ProducerConfig } from '../client/producer/producer-config';
import { KafkaError } from '../protocol/errors';

/** ProducerConfig's buffer.memory default: 32 MiB. */
export const DEFAULT_BUFFER_MEMORY = 32 * 1024 * 1024;

export interface PerformanceProducerSettings {
  producer: ProducerConfig;
  /** -1 (all, Kafka's default since 3.0), 0 or 1. */
  acks: number;
  bufferMemory: number;
  maxBlockMs: number;
}

type NumberConfig =
  | 'batch.size'
  | 'linger.ms'
  | 'retries'
  | 'retry.backoff.ms'
  | 'retry.backoff.max.ms'
  | 'request.timeout.ms'
  | 'delivery.timeout.ms'
  | 'max.block.ms'
  | 'max.request.size'
  | 'max.in.flight.requests.per.connection';

/** Each numeric config's Java type and ConfigDef's lower bound (Range.atLeast), as ProducerConfig declares them. */
const NUMBERS: Record<NumberConfig | 'buffer.memory', { type: 'INT' | 'LONG'; atLeast: number }> = {
  'batch.size': { type: 'INT', atLeast: 0 },
  'linger.ms': { type: 'LONG', atLeast: 0 },
  retries: { type: 'INT', atLeast: 0 },
  'retry.backoff.ms': { type: 'LONG', atLeast: 0 },
  'retry.backoff.max.ms': { type: 'LONG', atLeast: 0 },
  'request.timeout.ms': { type: 'INT', atLeast: 0 },
  'delivery.timeout.ms': { type: 'INT', atLeast: 0 },
  'max.block.ms': { type: 'LONG', atLeast: 0 },
  'max.request.size': { type: 'INT', atLeast: 0 },
  'max.in.flight.requests.per.connection': { type: 'INT', atLeast: 1 },
  'buffer.memory': { type: 'LONG', atLeast: 0 },
};

const LIMITS = { INT: 2147483647, LONG: Number.MAX_SAFE_INTEGER };

function configException(message: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', message);
}

/** ConfigDef.parseType and its validator, for one numeric config. */
function numberOf(name: keyof typeof NUMBERS, value: string): number {
  const { type, atLeast } = NUMBERS[name];
  const trimmed = value.trim();
  if (!/^[+-]?\d+$/.test(trimmed) || Math.abs(Number(trimmed)) > LIMITS[type]) {
    throw configException(`Invalid value ${value} for configuration ${name}: Not a number of type ${type}`);
  }
  const parsed = Number(trimmed);
  if (parsed < atLeast) throw configException(`Invalid value ${parsed} for configuration ${name}: Value must be at least ${atLeast}`);
  return parsed;
}

export function performanceProducerSettings(props: Record<string, string>): PerformanceProducerSettings {
  if (props['transactional.id'] !== undefined) {
    throw configException(
      'Transactions are not modelled by this simulator (docs/FIDELITY.md): remove transactional.id, --transactional-id and --transaction-duration-ms.',
    );
  }
  const producer: ProducerConfig = {};
  for (const name of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) {
    const value = props[name];
    if (value !== undefined && name !== 'buffer.memory') producer[name] = numberOf(name, value);
  }
  const idempotence = props['enable.idempotence'];
  if (idempotence !== undefined) {
    const text = idempotence.trim().toLowerCase();
    if (text !== 'true' && text !== 'false')
      throw configException(`Invalid value ${idempotence} for configuration enable.idempotence: Expected value to be either true or false`);
    producer['enable.idempotence'] = text === 'true';
  }
  const acksText = props.acks?.trim().toLowerCase() ?? 'all';
  const acks = ACKS_BY_NAME[acksText];
  if (acks === undefined) throw configException(`Invalid value ${props.acks} for configuration acks: String must be one of: all, -1, 0, 1`);
  return {
    producer,
    acks,
    bufferMemory: props['buffer.memory'] === undefined ? DEFAULT_BUFFER_MEMORY : numberOf('buffer.memory', props['buffer.memory']),
    // Resolving also checks what KafkaProducer's constructor checks (delivery.timeout.ms, idempotence).
    maxBlockMs: resolveProducerConfig(producer).maxBlockMs,
  };
}
