/**
 * The client's view of the cluster: which brokers exist and who leads each partition, learned from
 * Metadata responses and refreshed on demand or after an error that says the view is stale (what
 * Kafka's Metadata/NetworkClient and kafkajs's cluster/ do). Producer, admin and readPartition each
 * own one, as each kafkajs client owns its connections.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import type { MetadataBroker, MetadataPartition, MetadataResponse, MetadataTopic } from '../../protocol/apis/metadata';
import { KafkaError, type ErrorName } from '../../protocol/errors';
import { brokerAddress, type ApiKey, type RequestOf, type ResponseOf, type Transport } from '../../protocol/rpc';

export interface ClusterOptions {
  transport: Transport;
  /** Broker ids to ask first, before any Metadata response named the live ones. */
  bootstrapBrokers: number[];
  clock: Clock;
  random: Random;
  /** request.timeout.ms: how long one request may wait for its answer. */
  requestTimeoutMs: number;
}

/** Errors that mean the cached leader is wrong: Kafka's InvalidMetadataException subclasses plus a dropped connection. */
const STALE_METADATA: ReadonlySet<ErrorName> = new Set<ErrorName>([
  'NOT_LEADER_OR_FOLLOWER',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'KAFKA_STORAGE_ERROR',
  'NETWORK_EXCEPTION',
  'UNKNOWN_TOPIC_ID',
  'NOT_CONTROLLER',
]);

export function isStaleMetadata(error: KafkaError): boolean {
  return STALE_METADATA.has(error.type);
}

export class Cluster {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly requestTimeoutMs: number;
  /** Topics this client works with; every refresh asks for them (kafkajs's targetTopics). */
  readonly targetTopics = new Set<string>();
  private readonly bootstrapBrokers: number[];
  private readonly random: Random;
  private brokers = new Map<number, MetadataBroker>();
  private readonly topics = new Map<string, MetadataTopic>();
  private clusterIdValue: string | null = null;
  private controllerIdValue = -1;
  private updateRequested = false;

  constructor(options: ClusterOptions) {
    this.transport = options.transport;
    this.bootstrapBrokers = options.bootstrapBrokers;
    this.clock = options.clock;
    this.random = options.random;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  get clusterId(): string | null {
    return this.clusterIdValue;
  }

  get controllerId(): number {
    return this.controllerIdValue;
  }

  get needsUpdate(): boolean {
    return this.updateRequested;
  }

  /** Marks the cached view stale; the next user refreshes before trusting it. */
  requestUpdate(): void {
    this.updateRequested = true;
  }

  request<K extends ApiKey>(brokerId: number, api: K, body: RequestOf<K>, timeoutMs = this.requestTimeoutMs): Promise<ResponseOf<K>> {
    return this.transport.request(brokerAddress(brokerId), api, body, timeoutMs);
  }

  /**
   * Sends to any broker that answers, starting at a random one and moving on when a broker is
   * unreachable, as NetworkClient's leastLoadedNode does for Metadata and admin requests.
   */
  async requestAnyBroker<K extends ApiKey>(api: K, body: RequestOf<K>, timeoutMs = this.requestTimeoutMs): Promise<ResponseOf<K>> {
    const candidates = [...new Set([...[...this.brokers.keys()].sort((a, b) => a - b), ...this.bootstrapBrokers])];
    if (candidates.length === 0) throw new KafkaError('BROKER_NOT_AVAILABLE', 'No broker available: the bootstrap list is empty.');
    const start = this.random.nextInt(candidates.length);
    let lastError: unknown;
    for (let i = 0; i < candidates.length; i++) {
      try {
        return await this.request(candidates[(start + i) % candidates.length], api, body, timeoutMs);
      } catch (error) {
        if (!(error instanceof KafkaError && (error.type === 'NETWORK_EXCEPTION' || error.type === 'REQUEST_TIMED_OUT'))) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * Asks for metadata of `topics` (null: every topic) and folds the answer into the cache. The
   * response is returned as is so callers can read per-topic errors.
   */
  async fetchMetadata(topics: string[] | null, allowAutoTopicCreation = false): Promise<MetadataResponse> {
    this.updateRequested = false;
    let response: MetadataResponse;
    try {
      response = await this.requestAnyBroker('Metadata', { topics, allowAutoTopicCreation });
    } catch (error) {
      this.updateRequested = true;
      throw error;
    }
    this.brokers = new Map(response.brokers.map((broker) => [broker.nodeId, broker]));
    this.clusterIdValue = response.clusterId;
    this.controllerIdValue = response.controllerId;
    if (topics === null) this.topics.clear();
    for (const topic of response.topics) {
      if (topic.errorCode === 0) this.topics.set(topic.name, topic);
      else this.topics.delete(topic.name);
    }
    return response;
  }

  /** Refreshes the target topics plus `topics`. */
  refreshMetadata(topics: string[] = [], allowAutoTopicCreation = false): Promise<MetadataResponse> {
    for (const topic of topics) this.targetTopics.add(topic);
    return this.fetchMetadata([...this.targetTopics], allowAutoTopicCreation);
  }

  partitions(topic: string): readonly MetadataPartition[] | undefined {
    return this.topics.get(topic)?.partitions;
  }

  /** One partition as the last Metadata response described it. */
  partition(topic: string, partition: number): MetadataPartition | undefined {
    const partitions = this.topics.get(topic)?.partitions;
    if (partitions === undefined) return undefined;
    // Brokers list a topic's partitions in index order; look further only if this one did not.
    const atIndex = partitions[partition];
    return atIndex?.partitionIndex === partition ? atIndex : partitions.find((p) => p.partitionIndex === partition);
  }

  /** The leader's broker id, or -1 when unknown or leaderless. */
  leaderFor(topic: string, partition: number): number {
    return this.partition(topic, partition)?.leaderId ?? -1;
  }
}
