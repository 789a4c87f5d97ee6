/**
 * Duplicates of an idempotent producer's records, judged by its epoch bumps (issue 18, rule 6).
 * Kafka promises the idempotent producer no duplicate within one producer id and epoch: the leader
 * drops a batch whose sequence it has already written. After a bump (KIP-360) the producer re-sends
 * what it had not heard back about under new sequences, which the leader cannot recognise, so a
 * record may be written twice. That is allowed only when the bump was warranted, as
 * TransactionManager decides:
 * - a batch with a sequence failed for good (it expired, or was refused for a reason not retried),
 *   so whether the leader wrote it is unknown;
 * - the leader refused the next expected batch (its base sequence one past the last acknowledged)
 *   with OUT_OF_ORDER_SEQUENCE_NUMBER, or a batch with UNKNOWN_PRODUCER_ID: it lost what came before.
 * A bump for a refused batch that was not the next one, or that a bump had already re-sequenced,
 * is needless (TransactionManager.canRetry retries those as they are), and the duplicates it causes
 * are the producer's fault.
 */
import type { EpochBump, EpochBumpCause } from '../../client/producer/idempotence-manager';
import { incrementSequence } from '../../client/producer/idempotence-manager';

export type { EpochBump, EpochBumpCause } from '../../client/producer/idempotence-manager';

/** One copy of a record in the log, with the producer id and epoch of the batch that holds it. */
export interface WrittenCopy {
  offset: number;
  producerId: number;
  producerEpoch: number;
}

export type DuplicateJudgement = { allowed: true } | { allowed: false; reason: string };

export function isWarrantedBump(cause: EpochBumpCause): boolean {
  if (cause.kind === 'failed') return true;
  if (cause.sequenceWasReset) return false;
  if (cause.error === 'UNKNOWN_PRODUCER_ID') return true;
  return cause.baseSequence === incrementSequence(cause.lastAckedSequence, 1);
}

/** A cause in words, as the verdict names it. */
export function describeCause(cause: EpochBumpCause): string {
  const batch = `the batch at sequence ${cause.baseSequence} of ${cause.topicPartition}`;
  if (cause.kind === 'failed') return `${batch} failed with ${cause.error}`;
  const reset = cause.sequenceWasReset ? ', a batch an earlier bump had re-sequenced' : '';
  return `${batch} was refused with ${cause.error} while the last acknowledged sequence was ${cause.lastAckedSequence}${reset}`;
}

/**
 * Whether the copies of one acknowledged record of an idempotent producer are explained by
 * warranted bumps: each later copy must come under a newer epoch than the one before it, and the
 * bump out of that earlier copy's epoch must have had a warranted cause.
 */
export function judgeIdempotentDuplicate(copies: readonly WrittenCopy[], bumps: readonly EpochBump[]): DuplicateJudgement {
  const inLogOrder = [...copies].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < inLogOrder.length; i++) {
    const earlier = inLogOrder[i - 1];
    const later = inLogOrder[i];
    const epochOf = `producer id ${earlier.producerId} epoch ${earlier.producerEpoch}`;
    if (later.producerId === earlier.producerId && later.producerEpoch === earlier.producerEpoch) {
      return { allowed: false, reason: `offsets ${earlier.offset} and ${later.offset} were both written under ${epochOf}` };
    }
    const bump = bumps.find((b) => b.producerId === earlier.producerId && b.fromEpoch === earlier.producerEpoch);
    if (bump === undefined) return { allowed: false, reason: `the producer reported no epoch bump from ${epochOf}` };
    if (!bump.causes.some(isWarrantedBump)) {
      return {
        allowed: false,
        reason: `after a needless epoch bump from ${epochOf}: ${bump.causes.map(describeCause).join('; ')}`,
      };
    }
  }
  return { allowed: true };
}
