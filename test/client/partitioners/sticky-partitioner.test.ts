import { describe, expect, it } from 'vitest';
import { SeededRandom, type Random } from '../../../src/core/random';
import { StickyPartitioner } from '../../../src/client/partitioners/sticky-partitioner';
import { clientFixture } from '../support/client-fixture';
import { settle } from '../support/fake-brokers';

/** Hands out the given partitions' indexes in turn, so each switch is predictable. */
function scriptedRandom(choices: number[]): Random {
  let i = 0;
  return { next: () => 0, nextInt: () => choices[i++ % choices.length] };
}

describe('client > partitioners > sticky', () => {
  it('stays on one partition until batch.size bytes were produced to it and the batch is full, then switches', () => {
    const sticky = new StickyPartitioner(scriptedRandom([0, 2]), 1000);
    const available = [0, 1, 2];
    expect(sticky.partition(3, available)).toBe(0);
    sticky.onAppend(0, 600, false, 3, available);
    expect(sticky.partition(3, available)).toBe(0);
    sticky.onAppend(0, 600, false, 3, available); // 1200 bytes, but the batch still has room
    expect(sticky.partition(3, available)).toBe(0);
    sticky.onAppend(0, 100, true, 3, available);
    expect(sticky.partition(3, available)).toBe(2);
  });

  it('switches at 2 x batch.size even while the batch has room', () => {
    const sticky = new StickyPartitioner(scriptedRandom([1, 0]), 1000);
    expect(sticky.partition(2, [0, 1])).toBe(1);
    sticky.onAppend(1, 1999, false, 2, [0, 1]);
    expect(sticky.partition(2, [0, 1])).toBe(1);
    sticky.onAppend(1, 1, false, 2, [0, 1]);
    expect(sticky.partition(2, [0, 1])).toBe(0);
  });

  it('picks only partitions that have a leader', () => {
    const seed = 7;
    const sticky = new StickyPartitioner(new SeededRandom(seed), 10);
    const chosen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      chosen.add(sticky.partition(4, [1, 3]));
      sticky.onAppend(sticky.partition(4, [1, 3]), 10, true, 4, [1, 3]);
    }
    expect([...chosen].sort(), `seed=${seed}`).toEqual([1, 3]);
  });

  it('sends keyless records to one partition until batch.size bytes went there and its batch is full', async () => {
    const { clock, brokers, kafka, seed } = clientFixture(3);
    brokers.topic('t', [1, 2, 3, 1, 2, 3]);
    const producer = kafka.producer({ batchSize: 300, lingerMs: 1000 });
    const messages = Array.from({ length: 12 }, (_, i) => ({ value: `${i}`.padStart(50, '.') }));
    await settle(clock, producer.send({ topic: 't', messages }));
    // Each record takes 57 bytes, so a 300-byte batch holds 4 (61 + 4 x 57 = 289). After the
    // second batch's 1st record 407 bytes went to the partition, but that batch has room; the
    // switch comes when the 9th record opens a third batch (696 bytes, past 2 x batch.size).
    const first = brokers.batches[0].partition;
    const onFirst = brokers.batches.filter((b) => b.partition === first).reduce((n, b) => n + b.recordsCount, 0);
    const elsewhere = brokers.batches.filter((b) => b.partition !== first);
    expect(brokers.batches[0].recordsCount, `seed=${seed}`).toBe(4);
    expect(onFirst, `seed=${seed}`).toBe(9);
    expect(
      elsewhere.reduce((n, b) => n + b.recordsCount, 0),
      `seed=${seed}`,
    ).toBe(3);
    expect(new Set(elsewhere.map((b) => b.partition)).size, `seed=${seed}`).toBe(1);
  });
});
