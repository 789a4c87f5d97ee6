/**
 * A producer's oldest batch in words, for its card: what it waits for, with the config that sets
 * the wait. A batch is worth showing once it has waited a second: a healthy producer's batches are
 * answered within milliseconds; one retried against a dead leader counts down to delivery.timeout.ms.
 */
import type { BatchWait } from '../../client/producer/producer';
import { t } from '../i18n/i18n.svelte';

/** Below this a wait is the normal life of a batch, not something to point at. */
export const NOTEWORTHY_MS = 1_000;

export function isNoteworthy(wait: BatchWait | null): wait is BatchWait {
  return wait !== null && (wait.waitsFor === 'linger.ms' ? wait.endsInMs >= NOTEWORTHY_MS : wait.ageMs >= NOTEWORTHY_MS);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Short, for the card; long, for its tooltip and aria-label. */
export function batchWaitWords(wait: BatchWait, short: boolean): string {
  const params = {
    seconds: seconds(wait.endsInMs),
    records: wait.records,
    partition: `${wait.topic}-${wait.partition}`,
    attempts: wait.attempts,
  };
  if (wait.waitsFor === 'linger.ms') return t(short ? 'producer.lingers-short' : 'producer.lingers', params);
  if (wait.attempts > 1) return t(short ? 'producer.retrying-short' : 'producer.retrying', params);
  return t(short ? 'producer.in-flight-short' : 'producer.in-flight', params);
}
