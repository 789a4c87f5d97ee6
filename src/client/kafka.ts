/**
 * The entry point, shaped like kafkajs's `new Kafka({ clientId, brokers })`, with the engine's
 * injected clock, randomness and network. Each client gets its own connection (Transport) and its
 * own metadata cache, as each kafkajs client has its own cluster object.
 */
import type { Clock } from '../core/clock';
import type { Random } from '../core/random';
import type { Transport } from '../protocol/rpc';
import { Admin, type AdminConfig } from './admin/admin';
import { Cluster } from './cluster/cluster';
import { retryBackoff } from './cluster/exponential-backoff';
import { Consumer } from './consumer/consumer';
import type { ConsumerConfig } from './consumer/consumer-config';
import { Producer } from './producer/producer';
import type { ProducerConfig } from './producer/producer-config';
import { readPartition, type PartitionRead, type PartitionReadOptions } from './read-partition';

export interface KafkaOptions {
  clientId?: string;
  /** Bootstrap broker ids. */
  brokers: number[];
  clock: Clock;
  random: Random;
  /** A Transport for a new client connection with the given address (e.g. 'producer-1'). */
  connect: (clientAddress: string) => Transport;
  /** request.timeout.ms for admin and reads; a producer takes its own from ProducerConfig. */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30000;

export class Kafka {
  readonly clientId: string;
  private readonly options: KafkaOptions;
  private readonly clientCounts = new Map<string, number>();
  private reader: Cluster | null = null;

  constructor(options: KafkaOptions) {
    this.options = options;
    this.clientId = options.clientId ?? 'kafkajs';
  }

  producer(config?: ProducerConfig): Producer {
    const requestTimeoutMs = config?.requestTimeoutMs ?? config?.['request.timeout.ms'] ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Producer(config, {
      cluster: this.cluster('producer', requestTimeoutMs),
      clock: this.options.clock,
      random: this.options.random,
    });
  }

  /** A group consumer (kafkajs's kafka.consumer({ groupId })); its requests wait request.timeout.ms, fetches that plus fetch.max.wait.ms. */
  consumer(config: ConsumerConfig): Consumer {
    const requestTimeoutMs = config?.requestTimeoutMs ?? config?.['request.timeout.ms'] ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Consumer(config, {
      cluster: this.cluster('consumer', requestTimeoutMs),
      clock: this.options.clock,
      random: this.options.random,
    });
  }

  admin(config?: AdminConfig): Admin {
    return new Admin(config, {
      cluster: this.cluster('admin', config?.requestTimeoutMs),
      clock: this.options.clock,
      random: this.options.random,
    });
  }

  /**
   * A low-level read of one partition (what a consumer's fetch does), from the current leader,
   * below the high watermark. Retries a moved or missing leader until the request timeout.
   */
  readPartition(options: PartitionReadOptions): Promise<PartitionRead> {
    this.reader ??= this.cluster('reader');
    const timeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return readPartition(this.reader, retryBackoff(this.options.random), this.options.clock.now() + timeoutMs, options);
  }

  private cluster(kind: string, requestTimeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS): Cluster {
    const count = (this.clientCounts.get(kind) ?? 0) + 1;
    this.clientCounts.set(kind, count);
    return new Cluster({
      transport: this.options.connect(`${kind}-${count}`),
      bootstrapBrokers: this.options.brokers,
      clock: this.options.clock,
      random: this.options.random,
      requestTimeoutMs,
    });
  }
}
