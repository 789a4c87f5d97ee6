/**
 * kafkajs's Producer (connect, send, sendBatch, disconnect) over Kafka's producer internals:
 * records are appended to per-partition batches and a Sender ships them, so several sends share
 * a batch and a Produce request, as in the Java client.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import type { MetadataPartition } from '../../protocol/apis/metadata';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import { retryBackoff } from '../cluster/exponential-backoff';
import { isRetriable, sleep } from '../cluster/retry';
import { availablePartitions, DefaultPartitioner } from '../partitioners/default-partitioner';
import { IdempotenceManager } from './idempotence-manager';
import { toRecordBytes, type Message } from './message';
import type { BatchResult, ProducerBatch, SendOptions } from './producer-batch';
import { resolveProducerConfig, type ProducerConfig, type ResolvedProducerConfig } from './producer-config';
import { RecordAccumulator } from './record-accumulator';
import { serializedSizeUpperBound, type ProducerRecordBytes } from './record-size';
import { Sender } from './sender';
import { ProducerMetrics, type ProducerMetricValues } from './producer-metrics';
import { topicPartitionKey } from '../../protocol/topic-partition';

export interface TopicMessages {
  topic: string;
  messages: Message[];
}

/** kafkajs's CompressionTypes: the codec ids of a record batch's attributes. */
export const CompressionTypes = { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 } as const;

export interface ProducerRecord extends TopicMessages {
  /** -1 (all, the default), 1 (leader only) or 0 (no answer). */
  acks?: number;
  /** How long the leader may wait for the ISR to acknowledge (the Produce request's timeoutMs). */
  timeout?: number;
  /** CompressionTypes.None (the default) or GZIP; kafkajs needs a plugin for the others, and so would this. */
  compression?: number;
}

/** kafkajs's ProducerBatch: the argument of sendBatch. */
export interface ProducerBatchRecord {
  topicMessages: TopicMessages[];
  acks?: number;
  timeout?: number;
  compression?: number;
}

/** kafkajs's RecordMetadata: one per partition a send wrote to. */
export interface RecordMetadata {
  topicName: string;
  partition: number;
  errorCode: number;
  /** The offset of the send's first record in this partition; '-1' for acks=0. */
  baseOffset: string;
  logAppendTime: string;
  logStartOffset: string;
}

export interface ProducerDependencies {
  cluster: Cluster;
  clock: Clock;
  random: Random;
}

interface Appended {
  topic: string;
  partition: number;
  batch: ProducerBatch;
  index: number;
}

export interface ProducerDescription {
  address: string;
  idempotent: boolean;
  producerId: number;
  producerEpoch: number;
  bufferedRecords: number;
  /** What the oldest unanswered batch waits for, or null when every batch has been answered. */
  oldestBatch: BatchWait | null;
}

/**
 * The oldest batch's wait: linger.ms while it fills before its first send, then delivery.timeout.ms
 * from its creation while it is in flight or retried (RecordAccumulator's expiry: past it, the
 * batch fails with "Expiring N record(s)...").
 */
export interface BatchWait {
  topic: string;
  partition: number;
  records: number;
  /** Produce attempts so far: more than 1 means it is being retried. */
  attempts: number;
  /** Since the batch was created (its first record appended). */
  ageMs: number;
  waitsFor: 'linger.ms' | 'delivery.timeout.ms';
  /** Time left until it is sent (linger.ms) or expires (delivery.timeout.ms). */
  endsInMs: number;
}

export class Producer {
  private readonly config: ResolvedProducerConfig;
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly partitioner: DefaultPartitioner;
  private readonly accumulator: RecordAccumulator;
  private readonly idempotence: IdempotenceManager | null;
  private readonly sender: Sender;
  private readonly producerMetrics = new ProducerMetrics();
  private readonly pendingSends = new Set<Promise<unknown>>();
  /** The previous send's metadata wait and append, which the next send's must follow. */
  private appendOrder: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(config: ProducerConfig | undefined, { cluster, clock, random }: ProducerDependencies) {
    this.config = resolveProducerConfig(config);
    this.cluster = cluster;
    this.clock = clock;
    const backoff = retryBackoff(random, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
    this.partitioner = new DefaultPartitioner(random, this.config.batchSize, this.config.createPartitioner);
    this.accumulator = new RecordAccumulator(this.config.batchSize);
    this.idempotence = this.config.idempotent ? new IdempotenceManager(cluster, clock, backoff, this.config.maxBlockMs) : null;
    this.sender = new Sender(this.config, cluster, this.accumulator, this.idempotence, clock, backoff, this.producerMetrics);
  }

  /** Kafka's producer-metrics: record-send-rate, record-retry-rate, request-latency-avg and the rest. */
  metrics(): ProducerMetricValues {
    return this.producerMetrics.values(this.clock.now());
  }

  isIdempotent(): boolean {
    return this.config.idempotent;
  }

  /**
   * What a picture of this producer shows: its connection's address (where its requests come
   * from), its producer id and epoch (-1 before InitProducerId, and for a non-idempotent one), and
   * how many records wait in its accumulator.
   */
  describe(): ProducerDescription {
    return {
      address: this.cluster.transport.address,
      idempotent: this.config.idempotent,
      producerId: this.idempotence?.producerId ?? -1,
      producerEpoch: this.idempotence?.producerEpoch ?? -1,
      bufferedRecords: this.accumulator.bufferedRecords(),
      oldestBatch: this.oldestBatchWait(),
    };
  }

  private oldestBatchWait(): BatchWait | null {
    const oldest = this.sender.oldestUnanswered();
    if (oldest === undefined) return null;
    const { batch, inFlight } = oldest;
    const now = this.clock.now();
    const lingering = batch.attempts === 0 && !inFlight;
    const endsAtMs = batch.createdMs + (lingering ? this.config.lingerMs : this.config.deliveryTimeoutMs);
    return {
      topic: batch.topic,
      partition: batch.partition,
      records: batch.recordCount,
      attempts: batch.attempts,
      ageMs: now - batch.createdMs,
      waitsFor: lingering ? 'linger.ms' : 'delivery.timeout.ms',
      endsInMs: Math.max(0, endsAtMs - now),
    };
  }

  /** Learns the cluster and, for an idempotent producer, gets its producer id (kafkajs does both on connect). */
  async connect(): Promise<void> {
    this.closed = false;
    await this.cluster.refreshMetadata([], this.config.allowAutoTopicCreation);
    await this.idempotence?.initProducerId();
  }

  /** Sends what is buffered, waits for every send to settle, then refuses new ones (KafkaProducer.close). */
  async disconnect(): Promise<void> {
    this.sender.close();
    await Promise.allSettled([...this.pendingSends]);
    this.closed = true;
  }

  send({ topic, messages, acks, timeout, compression }: ProducerRecord): Promise<RecordMetadata[]> {
    return this.sendBatch({ topicMessages: [{ topic, messages }], acks, timeout, compression });
  }

  sendBatch({
    topicMessages,
    acks = -1,
    timeout = this.config.requestTimeoutMs,
    compression = CompressionTypes.None,
  }: ProducerBatchRecord): Promise<RecordMetadata[]> {
    const sending = this.doSend(topicMessages, acks, timeout, compression);
    this.pendingSends.add(sending);
    void sending.catch(() => undefined).finally(() => this.pendingSends.delete(sending));
    return sending;
  }

  private async doSend(topicMessages: TopicMessages[], acks: number, timeoutMs: number, compression: number): Promise<RecordMetadata[]> {
    if (this.closed) throw new KafkaError('INVALID_REQUEST', 'Cannot perform operation after producer has been closed');
    // kafkajs's lookupCodec: a codec without an implementation is an error before anything is sent.
    if (compression !== CompressionTypes.None && compression !== CompressionTypes.GZIP) {
      throw new KafkaError('INVALID_REQUEST', `Compression type ${compression} is not implemented`);
    }
    const send: SendOptions = { acks, timeoutMs, compression: compression === CompressionTypes.GZIP ? 'gzip' : 'none' };
    if (acks !== -1 && acks !== 0 && acks !== 1) {
      throw new KafkaError('INVALID_REQUIRED_ACKS', `Invalid value ${acks} for configuration acks: String must be one of: all, -1, 0, 1`);
    }
    if (acks !== -1 && this.config.idempotenceExplicit) {
      throw new KafkaError(
        'INVALID_CONFIG',
        'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      );
    }
    const now = this.clock.now();
    const records = topicMessages.map(({ messages }) =>
      messages.map((message) => {
        const record = toRecordBytes(message, now);
        checkRecordSize(record, this.config.maxRequestSize);
        return record;
      }),
    );
    const appended = await this.inCallOrder(async () => {
      const partitionsByTopic = new Map<string, readonly MetadataPartition[]>();
      for (const { topic, messages } of topicMessages) {
        const highestPartition = Math.max(-1, ...messages.map((message) => message.partition ?? -1));
        partitionsByTopic.set(topic, await this.waitOnMetadata(topic, highestPartition));
      }
      const appendedNow: Appended[] = [];
      topicMessages.forEach(({ topic, messages }, t) => {
        const partitions = partitionsByTopic.get(topic)!;
        messages.forEach((message, m) => appendedNow.push(this.append(topic, message, records[t][m], partitions, send)));
      });
      return appendedNow;
    });
    this.sender.wakeup();
    const batches = [...new Set(appended.map(({ batch }) => batch))];
    const results = new Map<ProducerBatch, BatchResult>();
    await Promise.all(batches.map(async (batch) => results.set(batch, await batch.result)));
    const metadata = new Map<string, RecordMetadata>();
    for (const { topic, partition, batch, index } of appended) {
      const key = topicPartitionKey(topic, partition);
      if (metadata.has(key)) continue;
      const result = results.get(batch)!;
      metadata.set(key, {
        topicName: topic,
        partition,
        errorCode: 0,
        baseOffset: String(result.baseOffset < 0 ? -1 : result.baseOffset + index),
        logAppendTime: String(result.logAppendTimeMs),
        logStartOffset: String(result.logStartOffset),
      });
    }
    return [...metadata.values()];
  }

  /**
   * KafkaProducer.send blocks its caller in waitOnMetadata and appends before returning, so records
   * sent one after another reach the accumulator, and a partition, in the order send was called.
   * Here concurrent send() calls would each await metadata and wake in any order; chaining their
   * metadata wait and append keeps Kafka's per-partition ordering.
   */
  private inCallOrder<T>(step: () => Promise<T>): Promise<T> {
    const result = this.appendOrder.then(step);
    this.appendOrder = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private append(
    topic: string,
    message: Message,
    record: ProducerRecordBytes,
    partitions: readonly MetadataPartition[],
    send: SendOptions,
  ): Appended {
    const { partition, sticky } = this.partitioner.partition(topic, message, record.key, partitions);
    if (!Number.isInteger(partition) || partition < 0 || partition >= partitions.length) {
      throw new KafkaError(
        'INVALID_REQUEST',
        `Invalid partition given with record: ${partition} is not in the range [0...${partitions.length}).`,
      );
    }
    const result = this.accumulator.append(topic, partition, send, record, this.clock.now());
    sticky?.onAppend(partition, result.appendedBytes, result.allBatchesFull, partitions.length, availablePartitions(partitions));
    return { topic, partition, batch: result.batch, index: result.index };
  }

  /**
   * KafkaProducer.waitOnMetadata: fetch the topic's metadata (creating the topic if the broker
   * allows it) until it has the partition asked for, for at most max.block.ms.
   */
  private async waitOnMetadata(topic: string, partition: number): Promise<readonly MetadataPartition[]> {
    const deadlineMs = this.clock.now() + this.config.maxBlockMs;
    for (let attempts = 0; ; attempts++) {
      const partitions = this.cluster.partitions(topic);
      if (partitions !== undefined && partition < partitions.length) {
        this.cluster.targetTopics.add(topic);
        return partitions;
      }
      if (this.clock.now() >= deadlineMs) {
        throw new KafkaError(
          'REQUEST_TIMED_OUT',
          partitions === undefined
            ? `Topic ${topic} not present in metadata after ${this.config.maxBlockMs} ms.`
            : `Partition ${partition} of topic ${topic} with partition count ${partitions.length} is not present in metadata after ${this.config.maxBlockMs} ms.`,
        );
      }
      if (attempts > 0) await sleep(this.clock, Math.min(this.config.retryBackoffMs, deadlineMs - this.clock.now()));
      try {
        const response = await this.cluster.refreshMetadata([topic], this.config.allowAutoTopicCreation);
        const topicError = response.topics.find((t) => t.name === topic && t.errorCode !== 0);
        if (topicError !== undefined) {
          const error = KafkaError.fromCode(topicError.errorCode);
          if (!error.retriable) throw error;
        }
      } catch (error) {
        if (!isRetriable(error)) throw error;
      }
    }
  }
}

/** KafkaProducer.ensureValidRecordSize. */
function checkRecordSize(record: ProducerRecordBytes, maxRequestSize: number): void {
  const size = serializedSizeUpperBound(record);
  if (size > maxRequestSize) {
    throw new KafkaError(
      'MESSAGE_TOO_LARGE',
      `The message is ${size} bytes when serialized which is larger than ${maxRequestSize}, which is the value of the max.request.size configuration.`,
    );
  }
}
