/**
 * One partition's batch of records on its way to the leader (Kafka's ProducerBatch): it fills up
 * in the accumulator, each record written into the batch's buffer as it is appended
 * (MemoryRecordsBuilder, so the producer keeps no record objects), its header written once when
 * first drained, and it keeps those bytes (and so its producer id, epoch and base sequence) across
 * retries, which is what lets the broker recognise a retried duplicate.
 */
import { MemoryRecordsBuilder, type BatchHeaderInput, type CompressionName } from '../../protocol/record-batch';
import type { KafkaError } from '../../protocol/errors';
import { recordSizeInBytes, type ProducerRecordBytes } from './record-size';
import { topicPartitionKey } from '../../protocol/topic-partition';

/** A new batch's buffer, grown as records come up to batch.size (16 KiB by default). */
const INITIAL_BUFFER_BYTES = 1024;

export interface BatchResult {
  /** -1 when unknown: acks=0, or a duplicate the broker no longer had the offset for. */
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

/** What a send chose that every record of a batch must share: one Produce request's acks and timeout, one codec. */
export interface SendOptions {
  /** -1 (all), 1 or 0. */
  acks: number;
  /** The Produce request's timeoutMs: how long the leader may wait for the ISR (acks=all). */
  timeoutMs: number;
  /** The batch's codec (kafkajs's send({ compression }), Kafka's compression.type). */
  compression: CompressionName;
}

/** A send with records in a batch, told when the batch is answered (Kafka's ProducerBatch.Thunk). */
export interface BatchThunk {
  batchCompleted(): void;
  fail(error: KafkaError): void;
}

export class ProducerBatch {
  private readonly builder: MemoryRecordsBuilder;
  /** Set when a record did not fit: nothing more is appended. */
  private closed = false;
  /** Produce attempts so far; a batch with attempts > 0 is a retry. */
  attempts = 0;
  /** A retry waits until this time (retry.backoff.ms, exponential), unless the leader changed. */
  retryAtMs = 0;
  /** The leader epoch the metadata named when the batch was last looked at, -1 before. */
  private currentLeaderEpoch = -1;
  /** The attempts made when the metadata first named currentLeaderEpoch. */
  private attemptsWhenLeaderLastChanged = 0;
  encoded: Uint8Array | null = null;
  /** -1 until drained by an idempotent producer. */
  baseSequence = -1;
  /** Set when an earlier batch failed and this one moved down into its sequences: its first
   *  OUT_OF_ORDER_SEQUENCE_NUMBER is then expected, not fatal. */
  sequenceWasReset = false;
  done = false;
  /** The leader's answer, once it completed. */
  outcome: BatchResult | null = null;
  /** The sends with records in this batch, answered when it is (ProducerBatch.thunks). */
  private readonly thunks: BatchThunk[] = [];
  readonly acks: number;
  readonly timeoutMs: number;
  readonly compression: CompressionName;

  constructor(
    readonly topic: string,
    readonly partition: number,
    { acks, timeoutMs, compression }: SendOptions,
    readonly createdMs: number,
    private readonly batchSize: number,
  ) {
    this.acks = acks;
    this.timeoutMs = timeoutMs;
    this.compression = compression;
    // Kafka allocates batch.size for a batch; ours starts smaller and grows, so a batch of one
    // record (linger.ms 0, a slow producer) stays small.
    this.builder = new MemoryRecordsBuilder(Math.min(batchSize, INITIAL_BUFFER_BYTES));
  }

  get topicPartition(): string {
    return topicPartitionKey(this);
  }

  get recordCount(): number {
    return this.builder.recordCount;
  }

  /** The batch's bytes so far, header included (MemoryRecordsBuilder.estimatedSizeInBytes, exact here). */
  get sizeInBytes(): number {
    return this.builder.sizeInBytes;
  }

  /** MemoryRecordsBuilder.isFull: closed, or at batch.size. */
  get isFull(): boolean {
    return this.closed || this.sizeInBytes >= this.batchSize;
  }

  /**
   * Appends if the record fits (MemoryRecordsBuilder.hasRoomFor: an empty batch takes any record)
   * and returns its index in the batch, or -1 after closing the batch.
   */
  tryAppend(record: ProducerRecordBytes): number {
    if (this.closed) return -1;
    const count = this.builder.recordCount;
    const size = recordSizeInBytes(record, count, this.builder.firstTimestamp ?? record.timestamp);
    if (count > 0 && this.sizeInBytes + size > this.batchSize) {
      this.closed = true;
      return -1;
    }
    this.builder.append(record);
    return count;
  }

  /**
   * Closes the batch and writes its header with this producer state: the bytes sent, and sent again
   * on a retry. Called again after an epoch bump, it rewrites them (reopenAndRewriteProducerState).
   */
  build(producerState: Pick<BatchHeaderInput, 'producerId' | 'producerEpoch' | 'baseSequence'>): Uint8Array {
    this.closed = true;
    return this.builder.build({ ...producerState, compression: this.compression });
  }

  /** ProducerBatch.maybeUpdateLeaderEpoch: remembers a newer leader epoch and at which attempt it was seen. */
  maybeUpdateLeaderEpoch(latestLeaderEpoch: number): void {
    if (latestLeaderEpoch < 0 || latestLeaderEpoch <= this.currentLeaderEpoch) return;
    this.attemptsWhenLeaderLastChanged = this.attempts;
    this.currentLeaderEpoch = latestLeaderEpoch;
  }

  /**
   * ProducerBatch.hasLeaderChangedForTheOngoingRetry: a retry bound for a leader newer than the one
   * that failed it. Such a retry skips its backoff (KIP-951, RecordAccumulator.shouldBackoff): the
   * backoff protects a broker that is failing, and the new leader is another one.
   */
  get hasLeaderChangedForTheOngoingRetry(): boolean {
    return this.attempts >= 1 && this.attempts === this.attemptsWhenLeaderLastChanged;
  }

  /** Stops appends: the batch is being sent. */
  close(): void {
    this.closed = true;
  }

  /** A send with records here; told once the batch is answered. */
  addThunk(thunk: BatchThunk): void {
    this.thunks.push(thunk);
  }

  complete(result: BatchResult): void {
    if (this.done) return;
    this.done = true;
    this.outcome = result;
    for (const thunk of this.thunks) thunk.batchCompleted();
  }

  fail(error: KafkaError): void {
    if (this.done) return;
    this.done = true;
    for (const thunk of this.thunks) thunk.fail(error);
  }
}
