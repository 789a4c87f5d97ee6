/**
 * The idempotent producer's state (the non-transactional part of Kafka's TransactionManager): one
 * producer id and epoch from InitProducerId, and per partition the next sequence to hand out and
 * the last one the leader acknowledged.
 */
import type { Clock } from '../../core/clock';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { withRetries } from '../cluster/retry';
import type { ProducerBatch } from './producer-batch';

const MAX_INT = 2147483647;

/**
 * Why the producer asked for a new epoch, as facts a checker can judge (the chaos run does:
 * src/chaos/checkers/epoch-bumps.ts). A batch with a sequence `failed` for good (it expired, or
 * was refused for a reason not retried), so whether the leader wrote it is unknown; or the leader
 * `refused` a batch with OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID, and the producer took
 * that to mean the leader lost what came before (KIP-360).
 */
export type EpochBumpCause =
  | { kind: 'failed'; error: string; topicPartition: string; baseSequence: number }
  | {
      kind: 'refused';
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'UNKNOWN_PRODUCER_ID';
      topicPartition: string;
      baseSequence: number;
      /** The last sequence the leader acknowledged for the partition under this epoch, -1 for none. */
      lastAckedSequence: number;
      /** The batch was given its sequence again by an earlier bump. */
      sequenceWasReset: boolean;
    };

/** One bump: from which producer id and epoch, to which, when, and why. */
export interface EpochBump {
  producerId: number;
  fromEpoch: number;
  /** The next epoch, or -1 when the epoch was exhausted and a new producer id is fetched instead. */
  toEpoch: number;
  atMs: number;
  causes: EpochBumpCause[];
}
/** Short.MAX_VALUE: producer epochs are int16. */
const MAX_EPOCH = 32767;

/** DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  return sequence > MAX_INT - increment ? increment - (MAX_INT - sequence) - 1 : sequence + increment;
}

export class IdempotenceManager {
  producerId = -1;
  producerEpoch = -1;
  private readonly nextSequence = new Map<string, number>();
  private readonly lastAckedSequence = new Map<string, number>();
  private initializing: Promise<void> | null = null;
  private bumpCauses: EpochBumpCause[] = [];
  private readonly bumps: EpochBump[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly backoff: ExponentialBackoff,
    private readonly maxBlockMs: number,
  ) {}

  get hasProducerId(): boolean {
    return this.producerId >= 0;
  }

  /** Gets a producer id once; concurrent callers share the request. */
  initProducerId(): Promise<void> {
    if (this.hasProducerId) return Promise.resolve();
    this.initializing ??= withRetries(
      { clock: this.clock, backoff: this.backoff, deadlineMs: this.clock.now() + this.maxBlockMs },
      async () => {
        const response = await this.cluster.requestAnyBroker('InitProducerId', {
          transactionalId: null,
          transactionTimeoutMs: 60000,
          producerId: -1,
          producerEpoch: -1,
        });
        if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
        this.producerId = response.producerId;
        this.producerEpoch = response.producerEpoch;
      },
    ).finally(() => {
      this.initializing = null;
    });
    return this.initializing;
  }

  /** Gives a batch its base sequence when it is first drained. */
  assignSequence(batch: ProducerBatch): void {
    const sequence = this.nextSequence.get(batch.topicPartition) ?? 0;
    batch.baseSequence = sequence;
    this.nextSequence.set(batch.topicPartition, incrementSequence(sequence, batch.recordCount));
  }

  onAcknowledged(batch: ProducerBatch): void {
    this.lastAckedSequence.set(batch.topicPartition, incrementSequence(batch.baseSequence, batch.recordCount - 1));
  }

  /** True when the leader has acknowledged everything before this batch (TransactionManager.isNextSequence). */
  isNextSequence(batch: ProducerBatch): boolean {
    return incrementSequence(this.lastAcked(batch.topicPartition), 1) === batch.baseSequence;
  }

  /**
   * A batch with a sequence failed for good (it expired, or the leader refused it). Whether the
   * leader wrote it is unknown, so its sequences cannot be handed out again under this epoch: a
   * later batch reusing them would be taken for its duplicate and silently dropped. Kafka 3.x
   * bumps the epoch instead (KIP-360, TransactionManager.requestIdempotentEpochBumpForPartition).
   */
  requestEpochBump(cause: EpochBumpCause): void {
    this.bumpCauses.push(cause);
  }

  get needsEpochBump(): boolean {
    return this.bumpCauses.length > 0;
  }

  /** The last sequence the leader acknowledged for `topicPartition` under this epoch, -1 for none. */
  lastAcked(topicPartition: string): number {
    return this.lastAckedSequence.get(topicPartition) ?? -1;
  }

  /** Every bump so far, oldest first. */
  get epochBumps(): readonly EpochBump[] {
    return this.bumps;
  }

  /**
   * TransactionManager.bumpIdempotentProducerEpoch, once nothing is in flight: the same producer
   * id with the next epoch, and every partition's sequences from 0 again (a leader accepts a new
   * epoch at sequence 0). At the largest epoch a new producer id is fetched instead.
   */
  bumpEpoch(): void {
    const exhausted = this.producerEpoch >= MAX_EPOCH;
    this.bumps.push({
      producerId: this.producerId,
      fromEpoch: this.producerEpoch,
      toEpoch: exhausted ? -1 : this.producerEpoch + 1,
      atMs: this.clock.now(),
      causes: this.bumpCauses,
    });
    this.bumpCauses = [];
    if (exhausted) this.producerId = -1;
    else this.producerEpoch++;
    this.nextSequence.clear();
    this.lastAckedSequence.clear();
  }
}
