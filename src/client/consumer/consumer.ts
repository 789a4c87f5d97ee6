/**
 * kafkajs's Consumer (connect, subscribe, run, commitOffsets, seek, pause, resume, stop,
 * describeGroup, on), the API of kafkajs's consumer/index.js over Kafka's consumer semantics. The
 * work is split as kafkajs splits it: the group's side (membership under the classic protocol or
 * KIP-848, positions, commits) is consumer-group.ts, the poll loop that fetches and calls
 * eachMessage / eachBatch is runner.ts. Heartbeats run on their own timers, as Kafka's heartbeat
 * thread does.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import { retryBackoff, type ExponentialBackoff } from '../cluster/exponential-backoff';
import { resolveConsumerConfig, type ConsumerConfig, type ResolvedConsumerConfig } from './consumer-config';
import {
  CONSUMER_EVENTS,
  ConsumerEventEmitter,
  type ConsumerEventName,
  type InstrumentationEvent,
  type RemoveInstrumentationEventListener,
} from './consumer-events';
import { ConsumerGroup, type GroupDescription } from './consumer-group';
import { ConsumedRecords, Rebalances, type ConsumerMetrics, type RebalanceMetricValues } from './consumer-metrics';
import type { OffsetToCommit } from './group-offsets';
import { Runner, type ConsumerRunConfig } from './runner';
import { groupByTopic, type SubscriptionState, type TopicPartitions } from './subscription-state';

export interface ConsumerDependencies {
  cluster: Cluster;
  clock: Clock;
  random: Random;
}

export interface ConsumerSubscribeTopics {
  topics?: Array<string | RegExp>;
  topic?: string | RegExp;
  fromBeginning?: boolean;
}

export interface TopicPartitionOffsetAndMetadata {
  topic: string;
  partition: number;
  offset: string | number;
  metadata?: string | null;
}

/** Where the consumer reads one owned partition: lag = highWatermark - position (Kafka's records-lag). */
export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The next offset eachMessage will see; null until initialised. */
  position: string | null;
  committed: string | null;
  highWatermark: string | null;
  lag: string | null;
}

function invalid(message: string): KafkaError {
  return new KafkaError('INVALID_REQUEST', message);
}

export class Consumer {
  readonly events = CONSUMER_EVENTS;
  private readonly config: ResolvedConsumerConfig;
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoff;
  private readonly emitter: ConsumerEventEmitter;
  private readonly group: ConsumerGroup;
  private readonly consumed = new ConsumedRecords();
  private readonly rebalances = new Rebalances();
  private runner: Runner | null = null;

  constructor(config: ConsumerConfig, { cluster, clock, random }: ConsumerDependencies) {
    this.config = resolveConsumerConfig(config);
    this.cluster = cluster;
    this.clock = clock;
    this.backoff = retryBackoff(random, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
    this.emitter = new ConsumerEventEmitter(clock);
    this.emitter.on<{ duration: number }>(CONSUMER_EVENTS.GROUP_JOIN, (event) =>
      this.rebalances.completed(event.payload.duration, event.timestamp),
    );
    this.group = new ConsumerGroup({ config: this.config, cluster, clock, backoff: this.backoff, events: this.emitter });
  }

  private get subscriptions(): SubscriptionState {
    return this.group.subscriptions;
  }

  async connect(): Promise<void> {
    await this.group.refreshMetadata();
    this.emitter.emit(CONSUMER_EVENTS.CONNECT);
  }

  async disconnect(): Promise<void> {
    await this.stop();
    this.emitter.emit(CONSUMER_EVENTS.DISCONNECT);
  }

  async subscribe({ topic, topics, fromBeginning = false }: ConsumerSubscribeTopics): Promise<void> {
    if (this.group.isMember) throw invalid('Cannot subscribe to topic while consumer is running');
    if (topic === undefined && topics === undefined) throw invalid('Missing required argument "topics"');
    if (topics !== undefined && !Array.isArray(topics)) throw invalid('Argument "topics" must be an array');
    const subscriptions = topics ?? [topic!];
    for (const s of subscriptions) {
      if (typeof s !== 'string' && !(s instanceof RegExp))
        throw invalid(`Invalid topic ${String(s)} (${typeof s}), the topic name has to be a String or a RegExp`);
    }
    const names: string[] = [];
    if (subscriptions.some((s) => s instanceof RegExp)) {
      const all = await this.cluster.fetchMetadata(null);
      for (const s of subscriptions) {
        if (s instanceof RegExp) names.push(...all.topics.map((t) => t.name).filter((name) => s.test(name)));
      }
    }
    names.push(...subscriptions.filter((s): s is string => typeof s === 'string'));
    for (const name of names) this.subscriptions.topics.set(name, { fromBeginning });
    await this.group.refreshMetadata(names);
  }

  /**
   * Joins the group and starts consuming; resolves once the member has joined (as kafkajs's run
   * does), rejects if that first join fails. Later failures end the loop with a CRASH event.
   */
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    if (this.group.isMember) return;
    if (config.eachMessage === undefined && config.eachBatch === undefined) throw invalid('Consumer run requires eachMessage or eachBatch');
    this.runner = new Runner({
      config: this.config,
      cluster: this.cluster,
      clock: this.clock,
      backoff: this.backoff,
      events: this.emitter,
      group: this.group,
      consumed: this.consumed,
      run: {
        autoCommit: config.autoCommit ?? this.config.autoCommit,
        autoCommitIntervalMs: config.autoCommitInterval ?? this.config.autoCommitIntervalMs,
        eachBatchAutoResolve: config.eachBatchAutoResolve ?? true,
        concurrency: Math.max(1, config.partitionsConsumedConcurrently ?? 1),
        eachMessage: config.eachMessage,
        eachBatch: config.eachBatch,
      },
    });
    await this.runner.start();
  }

  /** Stops consuming: the current batch finishes, positions are committed (auto-commit), then the member leaves. */
  async stop(): Promise<void> {
    if (!this.group.isMember) return;
    await this.runner!.stop();
    await this.group.leave();
    this.emitter.emit(CONSUMER_EVENTS.STOP);
  }

  async commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[]): Promise<void> {
    const offsets: OffsetToCommit[] = topicPartitions.map(({ topic, partition, offset, metadata = null }) => {
      if (!topic) throw invalid(`Invalid topic ${topic}`);
      if (!Number.isInteger(partition)) throw invalid(`Invalid partition, expected a number received ${partition}`);
      const value = Number(offset);
      if (!Number.isInteger(value)) throw invalid(`Invalid offset, expected a long received ${offset}`);
      if (value < 0) throw invalid('Offset must not be a negative number');
      return { topic, partition, offset: value, metadata };
    });
    if (!this.group.isMember) throw invalid('Consumer group was not initialized, consumer#run must be called first');
    await this.group.commit(offsets);
  }

  /** Moves the position of an owned (or soon owned) partition; '-2' is earliest, '-1' latest. Applied before the next fetch. */
  seek({ topic, partition, offset }: { topic: string; partition: number; offset: string | number }): void {
    if (!topic) throw invalid(`Invalid topic ${topic}`);
    if (!Number.isInteger(partition)) throw invalid(`Invalid partition, expected a number received ${partition}`);
    const value = Number(offset);
    if (!Number.isInteger(value)) throw invalid(`Invalid offset, expected a long received ${offset}`);
    if (value < -2) throw invalid('Offset must not be a negative number');
    if (!this.group.isMember) throw invalid('Consumer group was not initialized, consumer#run must be called first');
    this.subscriptions.seek(topic, partition, value);
  }

  pause(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    this.validateTopicPartitions(topicPartitions, 'pause');
    this.subscriptions.pause(topicPartitions);
  }

  resume(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    this.validateTopicPartitions(topicPartitions, 'resume');
    this.subscriptions.resume(topicPartitions);
  }

  paused(): TopicPartitions[] {
    return this.subscriptions.paused();
  }

  /** The partitions this member owns now (Kafka's KafkaConsumer.assignment()). */
  assignment(): TopicPartitions[] {
    return groupByTopic(this.subscriptions.assigned());
  }

  /** Position, committed offset, high watermark and lag of every owned partition. */
  positions(): PartitionPosition[] {
    return this.subscriptions.assigned().map(({ topic, partition }) => {
      const s = this.subscriptions.state(topic, partition)!;
      const lag = s.position === null || s.highWatermark === null ? null : String(Math.max(0, s.highWatermark - s.position));
      return {
        topic,
        partition,
        lag,
        position: s.position === null ? null : String(s.position),
        committed: s.committed === null ? null : String(s.committed),
        highWatermark: s.highWatermark === null ? null : String(s.highWatermark),
      };
    });
  }

  metrics(): ConsumerMetrics & RebalanceMetricValues {
    const nowMs = this.clock.now();
    return { ...this.consumed.metrics(nowMs, this.subscriptions.states()), ...this.rebalances.values(nowMs) };
  }

  /** This consumer's network address ('client-w1-consumer-2'), by which a fault can crash its process. */
  address(): string {
    return this.cluster.transport.address;
  }

  /** The member id the coordinator gave this consumer, '' before it joined. */
  memberId(): string {
    return this.group.memberId;
  }

  describeGroup(): Promise<GroupDescription> {
    return this.group.describeGroup();
  }

  on<T = unknown>(eventName: ConsumerEventName, listener: (event: InstrumentationEvent<T>) => void): RemoveInstrumentationEventListener {
    return this.emitter.on(eventName, listener);
  }

  private validateTopicPartitions(topicPartitions: { topic: string; partitions?: number[] }[], verb: string): void {
    for (const tp of topicPartitions) {
      if (!tp?.topic) throw invalid(`Invalid topic ${tp?.topic ?? String(tp)}`);
      if (tp.partitions !== undefined && (!Array.isArray(tp.partitions) || tp.partitions.some((p) => !Number.isInteger(p)))) {
        throw invalid(`Array of valid partitions required to ${verb} specific partitions instead of ${String(tp.partitions)}`);
      }
    }
    if (!this.group.isMember) throw invalid('Consumer group was not initialized, consumer#run must be called first');
  }
}
