import { afterEach, describe, expect, it } from 'vitest';
import type { BatchWait } from '../../src/client/producer/producer';
import { setLanguage } from '../../src/ui/i18n/i18n.svelte';
import { batchWaitWords, isNoteworthy } from '../../src/ui/layout/producer-words';

const retried: BatchWait = {
  topic: 'orders',
  partition: 0,
  records: 12,
  attempts: 4,
  ageMs: 32_800,
  waitsFor: 'delivery.timeout.ms',
  endsInMs: 87_200,
};

afterEach(() => setLanguage('en', false));

describe("a producer's oldest batch, in words", () => {
  it('names delivery.timeout.ms and the time left while a batch is retried', () => {
    expect(batchWaitWords(retried, true)).toBe('retrying: 87.2 s left');
    expect(batchWaitWords(retried, false)).toBe(
      'A batch of 12 records for orders-0 has been tried 4 times; it fails in 87.2 s unless acknowledged (delivery.timeout.ms from its creation).',
    );
    setLanguage('ko', false);
    expect(batchWaitWords(retried, true)).toBe('재시도 중: 87.2초 남음');
  });

  it('shows a batch only once its wait is longer than a healthy answer takes', () => {
    expect(isNoteworthy(null)).toBe(false);
    expect(isNoteworthy({ ...retried, attempts: 1, ageMs: 40 })).toBe(false);
    expect(isNoteworthy(retried)).toBe(true);
    expect(isNoteworthy({ ...retried, waitsFor: 'linger.ms', attempts: 0, endsInMs: 3 })).toBe(false);
  });
});
