/**
 * Per-partition queues of batches waiting to be sent (Kafka's RecordAccumulator). A batch is
 * taken off its queue when drained into a request, and put back in sequence order if it must be
 * retried.
 */
import { ProducerBatch, type SendOptions } from './producer-batch';
import type { ProducerRecordBytes } from './record-size';

export interface AppendResult {
  batch: ProducerBatch;
  /** The record's index in `batch`: its offset is the batch's base offset plus this. */
  index: number;
  /** Bytes the append added, batch header included when it started a batch (for the sticky partitioner). */
  appendedBytes: number;
  /** RecordAccumulator.allBatchesFull after the append. */
  allBatchesFull: boolean;
  /** RecordAppendResult.newBatchCreated: the Sender has a new batch to linger over. */
  newBatchCreated: boolean;
}

export class RecordAccumulator {
  private readonly queues = new Map<string, ProducerBatch[]>();

  constructor(private readonly batchSize: number) {}

  append(topic: string, partition: number, send: SendOptions, record: ProducerRecordBytes, nowMs: number): AppendResult {
    const { acks, timeoutMs, compression } = send;
    const queue = this.queue(topic, partition);
    const last = queue.at(-1);
    // A batch has one acks and timeout because a Produce request does, and one codec; kafkajs lets each send choose.
    if (last !== undefined && last.acks === acks && last.timeoutMs === timeoutMs && last.compression === compression) {
      const before = last.sizeInBytes;
      const index = last.tryAppend(record);
      if (index >= 0)
        return { batch: last, index, appendedBytes: last.sizeInBytes - before, allBatchesFull: last.isFull, newBatchCreated: false };
    }
    last?.close();
    const batch = new ProducerBatch(topic, partition, send, nowMs, this.batchSize);
    const index = batch.tryAppend(record);
    queue.push(batch);
    return { batch, index, appendedBytes: batch.sizeInBytes, allBatchesFull: batch.isFull, newBatchCreated: true };
  }

  /** Records waiting in batches not yet answered: appended, in flight, or to be retried. */
  bufferedRecords(): number {
    let records = 0;
    for (const queue of this.queues.values()) for (const batch of queue) records += batch.recordCount;
    return records;
  }

  /** Every partition's queue, oldest batch first. */
  *partitionQueues(): Iterable<ProducerBatch[]> {
    for (const queue of this.queues.values()) if (queue.length > 0) yield queue;
  }

  /** Puts a batch that must be retried back ahead of newer ones (RecordAccumulator.insertInSequenceOrder). */
  reenqueue(batch: ProducerBatch): void {
    const queue = this.queue(batch.topic, batch.partition);
    const at = queue.findIndex((queued) => queued.baseSequence < 0 || queued.baseSequence > batch.baseSequence);
    queue.splice(at < 0 ? queue.length : at, 0, batch);
  }

  remove(batch: ProducerBatch): void {
    const queue = this.queue(batch.topic, batch.partition);
    const at = queue.indexOf(batch);
    if (at >= 0) queue.splice(at, 1);
  }

  private queue(topic: string, partition: number): ProducerBatch[] {
    const key = `${topic}\u0000${partition}`;
    let queue = this.queues.get(key);
    if (queue === undefined) {
      queue = [];
      this.queues.set(key, queue);
    }
    return queue;
  }
}
