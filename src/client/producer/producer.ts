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
import { availablePartitions, DefaultPartitioner, toPartitionMetadata, type PartitionMetadata } from '../partitioners/default-partitioner';
import { IdempotenceManager, type EpochBump } from './idempotence-manager';
import { ownRecordBytes, toRecordBytes, type Message } from './message';
import { resolveProducerConfig, type ProducerConfig, type ResolvedProducerConfig } from './producer-config';
import { RecordAccumulator } from './record-accumulator';
import { serializedSizeUpperBound, type ProducerRecordBytes } from './record-size';
import { Sender } from './sender';
import { ProducerMetrics, type ProducerMetricValues } from './producer-metrics';
import { SendFuture, type RecordMetadata } from './send-future';
import type { SendOptions } from './producer-batch';

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

export type { RecordMetadata } from './send-future';
export type { EpochBump, EpochBumpCause } from './idempotence-manager';

export interface ProducerDependencies {
  cluster: Cluster;
  clock: Clock;
  random: Random;
}

/** A send waiting for its topics' metadata before it appends. */
interface WaitingSend {
  topicMessages: TopicMessages[];
  records: ProducerRecordBytes[][];
  send: SendOptions;
  future: SendFuture;
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
  /** Sends not yet answered, and close()'s wait for none. */
  private unsettledSends = 0;
  private allSettled: (() => void) | null = null;
  private readonly sendSettled = () => {
    if (--this.unsettledSends === 0) this.allSettled?.();
  };
  /** Sends waiting for metadata, in call order, from `nextWaiting` on; later sends must not overtake them. */
  private readonly waiting: WaitingSend[] = [];
  private nextWaiting = 0;
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

  /**
   * The idempotent producer's epoch bumps so far, each with its causes (KIP-360); empty for one
   * that is not idempotent. Not in kafkajs: the chaos checker reads it to judge duplicates.
   */
  epochBumps(): readonly EpochBump[] {
    return this.idempotence?.epochBumps ?? [];
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

  /**
   * KafkaProducer.partitionsFor: the topic's partitions, waiting for its metadata as a send does (at
   * most max.block.ms). A loop that sends one record at a time calls it first, as Kafka's first
   * send() blocks for the metadata, so its records do not queue up behind that wait.
   */
  async partitionsFor(topic: string): Promise<PartitionMetadata[]> {
    return (await this.waitOnMetadata(topic, -1)).map(toPartitionMetadata);
  }

  /** Sends what is buffered, waits for every send to settle, then refuses new ones (KafkaProducer.close). */
  async disconnect(): Promise<void> {
    this.sender.close();
    if (this.unsettledSends > 0) {
      await new Promise<void>((resolve) => (this.allSettled = resolve));
      this.allSettled = null;
    }
    this.closed = true;
  }

  send({ topic, messages, acks, timeout, compression }: ProducerRecord): Promise<RecordMetadata[]> {
    return this.sendBatch({ topicMessages: [{ topic, messages }], acks, timeout, compression });
  }

  /**
   * KafkaProducer.send: the records are appended to their partitions' batches now, when the
   * topics' metadata is known and no earlier send still waits for its own, and the send resolves
   * when the batches it went into are answered. One promise per send, no await on the way: a
   * producer sending one record at a time costs little more per record than one sending thousands.
   */
  sendBatch({
    topicMessages,
    acks = -1,
    timeout = this.config.requestTimeoutMs,
    compression = CompressionTypes.None,
  }: ProducerBatchRecord): Promise<RecordMetadata[]> {
    const future = new SendFuture(this.sendSettled);
    this.unsettledSends++;
    try {
      this.checkSend(acks, compression);
      const send: SendOptions = { acks, timeoutMs: timeout, compression: compression === CompressionTypes.GZIP ? 'gzip' : 'none' };
      const now = this.clock.now();
      const records = topicMessages.map(({ messages }) =>
        messages.map((message) => {
          const record = toRecordBytes(message, now);
          checkRecordSize(record, this.config.maxRequestSize);
          return record;
        }),
      );
      const partitions = this.waiting.length === 0 ? this.knownPartitions(topicMessages) : null;
      if (partitions !== null) this.appendAll(topicMessages, records, partitions, send, future);
      else this.appendWhenKnown(topicMessages, records, send, future);
    } catch (error) {
      future.fail(error);
    }
    return future.promise;
  }

  private checkSend(acks: number, compression: number): void {
    if (this.closed) throw new KafkaError('INVALID_REQUEST', 'Cannot perform operation after producer has been closed');
    // kafkajs's lookupCodec: a codec without an implementation is an error before anything is sent.
    if (compression !== CompressionTypes.None && compression !== CompressionTypes.GZIP) {
      throw new KafkaError('INVALID_REQUEST', `Compression type ${compression} is not implemented`);
    }
    if (acks !== -1 && acks !== 0 && acks !== 1) {
      throw new KafkaError('INVALID_REQUIRED_ACKS', `Invalid value ${acks} for configuration acks: String must be one of: all, -1, 0, 1`);
    }
    if (acks !== -1 && this.config.idempotenceExplicit) {
      throw new KafkaError(
        'INVALID_CONFIG',
        'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      );
    }
  }

  /** Each topic's partitions, if the metadata has every partition the messages name; null otherwise. */
  private knownPartitions(topicMessages: TopicMessages[]): (readonly MetadataPartition[])[] | null {
    const known: (readonly MetadataPartition[])[] = [];
    for (const { topic, messages } of topicMessages) {
      const partitions = this.partitionsIfKnown(topic, highestPartition(messages));
      if (partitions === undefined) return null;
      known.push(partitions);
    }
    return known;
  }

  /**
   * The slow path. KafkaProducer.send blocks its caller in waitOnMetadata and appends before
   * returning, so records sent one after another reach the accumulator, and a partition, in the
   * order send was called. Ours returns at once: the send waits in a queue, with copies of its bytes
   * (its caller may reuse its arrays), and the queue is appended in call order, each send once its
   * topics' metadata is known.
   */
  private appendWhenKnown(topicMessages: TopicMessages[], records: ProducerRecordBytes[][], send: SendOptions, future: SendFuture): void {
    const held = records.map((topicRecords) => topicRecords.map(ownRecordBytes));
    this.waiting.push({ topicMessages, records: held, send, future });
    if (this.waiting.length === 1) void this.appendWaiting();
  }

  private async appendWaiting(): Promise<void> {
    while (this.nextWaiting < this.waiting.length) {
      const send = this.waiting[this.nextWaiting];
      try {
        let partitions = this.knownPartitions(send.topicMessages);
        if (partitions === null) {
          partitions = [];
          for (const { topic, messages } of send.topicMessages)
            partitions.push(await this.waitOnMetadata(topic, highestPartition(messages)));
        }
        this.appendAll(send.topicMessages, send.records, partitions, send.send, send.future);
      } catch (error) {
        send.future.fail(error);
      }
      this.nextWaiting++;
    }
    this.waiting.length = 0;
    this.nextWaiting = 0;
  }

  private appendAll(
    topicMessages: TopicMessages[],
    records: ProducerRecordBytes[][],
    partitions: (readonly MetadataPartition[])[],
    send: SendOptions,
    future: SendFuture,
  ): void {
    let wakeSender = false;
    try {
      for (let t = 0; t < topicMessages.length; t++) {
        const { topic, messages } = topicMessages[t];
        for (let m = 0; m < messages.length; m++) {
          wakeSender = this.append(topic, messages[m], records[t][m], partitions[t], send, future) || wakeSender;
        }
      }
    } finally {
      // KafkaProducer.doSend wakes the Sender only when a batch filled or a new one began: a
      // record added to a lingering batch changes nothing it waits for.
      if (wakeSender) this.sender.wakeup();
    }
    future.seal();
  }

  /** Appends one record; returns whether the Sender should look (a batch filled or began). */
  private append(
    topic: string,
    message: Message,
    record: ProducerRecordBytes,
    partitions: readonly MetadataPartition[],
    send: SendOptions,
    future: SendFuture,
  ): boolean {
    const { partition, sticky } = this.partitioner.partition(topic, message, record.key, partitions);
    if (!Number.isInteger(partition) || partition < 0 || partition >= partitions.length) {
      throw new KafkaError(
        'INVALID_REQUEST',
        `Invalid partition given with record: ${partition} is not in the range [0...${partitions.length}).`,
      );
    }
    const result = this.accumulator.append(topic, partition, send, record, this.clock.now());
    sticky?.onAppend(partition, result.appendedBytes, result.allBatchesFull, partitions.length, availablePartitions(partitions));
    future.appended(topic, partition, result.batch, result.index);
    return result.newBatchCreated || result.batch.isFull;
  }

  /** The topic's partitions if the metadata has `partition`: KafkaProducer.waitOnMetadata's cached answer. */
  private partitionsIfKnown(topic: string, partition: number): readonly MetadataPartition[] | undefined {
    const partitions = this.cluster.partitions(topic);
    if (partitions === undefined || partition >= partitions.length) return undefined;
    this.cluster.targetTopics.add(topic);
    return partitions;
  }

  /**
   * KafkaProducer.waitOnMetadata: fetch the topic's metadata (creating the topic if the broker
   * allows it) until it has the partition asked for, for at most max.block.ms.
   */
  private async waitOnMetadata(topic: string, partition: number): Promise<readonly MetadataPartition[]> {
    const deadlineMs = this.clock.now() + this.config.maxBlockMs;
    for (let attempts = 0; ; attempts++) {
      const known = this.partitionsIfKnown(topic, partition);
      if (known !== undefined) return known;
      const partitions = this.cluster.partitions(topic);
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

/** The highest partition the messages name, -1 when none does. */
function highestPartition(messages: Message[]): number {
  let highest = -1;
  for (const message of messages) if (message.partition !== undefined && message.partition > highest) highest = message.partition;
  return highest;
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
