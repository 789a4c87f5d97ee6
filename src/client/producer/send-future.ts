/**
 * One send()'s answer: Kafka's FutureRecordMetadata with the thunks a ProducerBatch keeps. A send's
 * records are appended to batches as it is called; each batch they went into tells it when the
 * batch is answered (ProduceRequestResult.done runs the batch's thunks), and the send resolves when
 * the last one has, with one RecordMetadata per partition it wrote to. So a send costs one promise,
 * whatever its records, and a batch completes all its sends in one pass.
 */
import type { BatchThunk, ProducerBatch } from './producer-batch';

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

/** Where the send's first record in one partition went. */
interface FirstRecord {
  topic: string;
  partition: number;
  batch: ProducerBatch;
  index: number;
}

const ignore = () => undefined;

const isIn = (first: FirstRecord, topic: string, partition: number) => first.topic === topic && first.partition === partition;

export class SendFuture implements BatchThunk {
  readonly promise: Promise<RecordMetadata[]>;
  private resolve!: (metadata: RecordMetadata[]) => void;
  private reject!: (error: unknown) => void;
  /** The first record in each partition; most sends write to one, so no array until a second. */
  private first: FirstRecord | null = null;
  private moreFirsts: FirstRecord[] | null = null;
  /** The batches this send's records went into, each told once to answer it: the latest, and any before it. */
  private lastBatch: ProducerBatch | null = null;
  private earlierBatches: ProducerBatch[] | null = null;
  private unanswered = 0;
  private sealed = false;
  private settled = false;

  /** `onSettled` is the producer's count of unsettled sends, which close() waits for. */
  constructor(private readonly onSettled: () => void) {
    this.promise = new Promise<RecordMetadata[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** One of the send's records went into `batch` at `index`. */
  appended(topic: string, partition: number, batch: ProducerBatch, index: number): void {
    // A send's records mostly go into one batch after another: the latest one settles it.
    if (batch === this.lastBatch) return;
    if (this.first === null) this.first = { topic, partition, batch, index };
    else if (!isIn(this.first, topic, partition) && !this.moreFirsts?.some((first) => isIn(first, topic, partition))) {
      (this.moreFirsts ??= []).push({ topic, partition, batch, index });
    }
    if (this.lastBatch !== null) {
      if (this.earlierBatches?.includes(batch)) return;
      (this.earlierBatches ??= []).push(this.lastBatch);
    }
    this.lastBatch = batch;
    this.unanswered++;
    batch.addThunk(this);
  }

  private firsts(): FirstRecord[] {
    return this.first === null ? [] : [this.first, ...(this.moreFirsts ?? [])];
  }

  /** Every record is appended: the send resolves once its batches are answered (at once if it had none). */
  seal(): void {
    this.sealed = true;
    this.maybeResolve();
  }

  /** One of its batches was answered (ProducerBatch.complete). */
  batchCompleted(): void {
    this.unanswered--;
    this.maybeResolve();
  }

  /** The send fails: before its records were all appended, or when one of its batches failed. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettled();
    // As a Future nobody reads: a failed send whose promise the caller dropped is no unhandled rejection.
    void this.promise.catch(ignore);
    this.reject(error);
  }

  private maybeResolve(): void {
    if (this.settled || !this.sealed || this.unanswered > 0) return;
    this.settled = true;
    this.onSettled();
    this.resolve(
      this.firsts().map(({ topic, partition, batch, index }) => {
        const result = batch.outcome!;
        return {
          topicName: topic,
          partition,
          errorCode: 0,
          baseOffset: String(result.baseOffset < 0 ? -1 : result.baseOffset + index),
          logAppendTime: String(result.logAppendTimeMs),
          logStartOffset: String(result.logStartOffset),
        };
      }),
    );
  }
}
