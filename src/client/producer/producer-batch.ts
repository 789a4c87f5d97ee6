/**
 * One partition's batch of records on its way to the leader (Kafka's ProducerBatch): it fills up
 * in the accumulator, is encoded once when first drained, and keeps those bytes (and so its
 * producer id, epoch and base sequence) across retries, which is what lets the broker recognise
 * a retried duplicate.
 */
import { RECORD_BATCH_OVERHEAD, type CompressionName } from '../../protocol/record-batch';
import type { KafkaError } from '../../protocol/errors';
import { recordSizeInBytes, type ProducerRecordBytes } from './record-size';
import { topicPartitionKey } from '../../protocol/topic-partition';

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

export class ProducerBatch {
  readonly records: ProducerRecordBytes[] = [];
  sizeInBytes = RECORD_BATCH_OVERHEAD;
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
  readonly acks: number;
  readonly timeoutMs: number;
  readonly compression: CompressionName;
  readonly result: Promise<BatchResult>;
  private resolveResult!: (result: BatchResult) => void;
  private rejectResult!: (error: KafkaError) => void;

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
    this.result = new Promise<BatchResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // A send that failed before awaiting its batches must not leave an unhandled rejection behind.
    this.result.catch(() => undefined);
  }

  get topicPartition(): string {
    return topicPartitionKey(this);
  }

  get recordCount(): number {
    return this.records.length;
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
    const baseTimestamp = this.records[0]?.timestamp ?? record.timestamp;
    const size = recordSizeInBytes(record, this.records.length, baseTimestamp);
    if (this.records.length > 0 && this.sizeInBytes + size > this.batchSize) {
      this.closed = true;
      return -1;
    }
    this.records.push(record);
    this.sizeInBytes += size;
    return this.records.length - 1;
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

  complete(result: BatchResult): void {
    if (this.done) return;
    this.done = true;
    this.resolveResult(result);
  }

  fail(error: KafkaError): void {
    if (this.done) return;
    this.done = true;
    this.rejectResult(error);
  }
}
