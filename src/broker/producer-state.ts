import { KafkaError } from '../protocol/errors';

/**
 * Idempotent-producer state of one partition, after Kafka's ProducerStateManager, ProducerStateEntry
 * and ProducerAppendInfo (KIP-98): per producer id, its epoch and the metadata of its last five
 * batches, so that a retried batch is recognised as a duplicate and answered with its original
 * offsets, and a gap in sequence numbers is rejected.
 */

/** ProducerStateEntry.NUM_BATCHES_TO_RETAIN: matches max.in.flight.requests.per.connection <= 5. */
export const NUM_BATCHES_TO_RETAIN = 5;

const NO_SEQUENCE = -1;

const INT32_MAX = 2147483647;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp, returned as logAppendTime when a duplicate is answered (as Kafka does). */
  timestamp: number;
}

export interface ProducerStateEntry {
  producerId: number;
  producerEpoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
}

/** JSON form kept in the log's meta: the state as of the log end offset. */
export type ProducerStateSnapshot = ProducerStateEntry[];

/** The producer fields of one batch header, with its offsets in the log. */
export interface ProducerBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

/** DefaultRecordBatch.incrementSequence: sequences wrap from Int.MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();

  constructor(snapshot: ProducerStateSnapshot = []) {
    for (const entry of snapshot) this.producers.set(entry.producerId, cloneEntry(entry));
  }

  clone(): ProducerStateManager {
    return new ProducerStateManager(this.toJSON());
  }

  toJSON(): ProducerStateSnapshot {
    return [...this.producers.values()].map(cloneEntry);
  }

  /** The producer's epoch and the last sequence it wrote here, or undefined for an unknown producer. */
  lastState(producerId: number): { producerEpoch: number; lastSequence: number } | undefined {
    const entry = this.producers.get(producerId);
    if (!entry) return undefined;
    return { producerEpoch: entry.producerEpoch, lastSequence: entry.batches.at(-1)?.lastSeq ?? NO_SEQUENCE };
  }

  /** ProducerStateEntry.findDuplicateBatch: the same epoch and exactly the same sequence range. */
  findDuplicate(batch: ProducerBatch): BatchMetadata | undefined {
    const entry = this.producers.get(batch.producerId);
    if (!entry || entry.producerEpoch !== batch.producerEpoch) return undefined;
    const lastSeq = incrementSequence(batch.baseSequence, batch.lastOffsetDelta);
    return entry.batches.find((meta) => meta.firstSeq === batch.baseSequence && meta.lastSeq === lastSeq);
  }

  /**
   * ProducerAppendInfo's checks for a batch from a client: a fenced (older) epoch is
   * INVALID_PRODUCER_EPOCH; a new epoch must start at sequence 0; within an epoch the batch must
   * follow the last sequence. A producer with no state here (first write, or its batches were
   * removed by retention) may start at any sequence, as brokers do since Kafka 2.5 (KIP-360).
   */
  validate(batch: ProducerBatch, topicPartition: string): void {
    const entry = this.producers.get(batch.producerId);
    if (!entry) return;
    const { producerId, producerEpoch, baseSequence, firstOffset } = batch;
    if (producerEpoch < entry.producerEpoch) {
      throw new KafkaError(
        'INVALID_PRODUCER_EPOCH',
        `Epoch of producer ${producerId} at offset ${firstOffset} in ${topicPartition} is ${producerEpoch}, ` +
          `which is smaller than the last seen epoch ${entry.producerEpoch}`,
      );
    }
    if (producerEpoch !== entry.producerEpoch) {
      if (baseSequence !== 0) {
        throw new KafkaError(
          'OUT_OF_ORDER_SEQUENCE_NUMBER',
          `Invalid sequence number for new epoch of producer ${producerId} at offset ${firstOffset} in partition ` +
            `${topicPartition}: ${producerEpoch} (request epoch), ${baseSequence} (seq. number), ` +
            `${entry.producerEpoch} (current producer epoch)`,
        );
      }
      return;
    }
    const lastSeq = entry.batches.at(-1)?.lastSeq ?? NO_SEQUENCE;
    if (!inSequence(lastSeq, baseSequence)) {
      throw new KafkaError(
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
        `Out of order sequence number for producer ${producerId} at offset ${firstOffset} in partition ` +
          `${topicPartition}: ${baseSequence} (incoming seq. number), ${lastSeq} (current end sequence number)`,
      );
    }
  }

  /** Records an appended batch (ProducerStateEntry.addBatch): a new epoch forgets the old batches. */
  update(batch: ProducerBatch): void {
    let entry = this.producers.get(batch.producerId);
    if (!entry) {
      entry = { producerId: batch.producerId, producerEpoch: batch.producerEpoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    }
    if (entry.producerEpoch !== batch.producerEpoch) {
      entry.producerEpoch = batch.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: incrementSequence(batch.baseSequence, batch.lastOffsetDelta),
      firstOffset: batch.firstOffset,
      lastOffset: batch.lastOffset,
      timestamp: batch.maxTimestamp,
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /**
   * The log start moved past every batch of some producers: forget them (ProducerStateManager
   * .onLogStartOffsetIncremented), so their next write is accepted at any sequence.
   */
  removeBefore(logStartOffset: number): void {
    for (const [producerId, entry] of this.producers) {
      const lastOffset = entry.batches.at(-1)?.lastOffset ?? -1;
      if (lastOffset < logStartOffset) this.producers.delete(producerId);
    }
  }
}

function cloneEntry(entry: ProducerStateEntry): ProducerStateEntry {
  return { producerId: entry.producerId, producerEpoch: entry.producerEpoch, batches: entry.batches.map((b) => ({ ...b })) };
}
