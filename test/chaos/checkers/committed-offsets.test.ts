import { describe, expect, it } from 'vitest';
import { checkCommittedOffsets, type CommittedOffsetObservation } from '../../../src/chaos/checkers/committed-offsets';

const seen = (atMs: number, offset: number, partition = 0): CommittedOffsetObservation => ({
  atMs,
  group: 'billing',
  topic: 'orders',
  partition,
  offset,
});

describe('sim > checkers > committed offsets', () => {
  it('passes offsets that only move forward or stay', () => {
    expect(checkCommittedOffsets([seen(0, 3), seen(1000, 3), seen(2000, 8)])).toEqual([]);
  });

  it('names a committed offset that moves backwards, with when the higher one was seen', () => {
    const anomalies = checkCommittedOffsets([seen(0, 3), seen(1000, 8), seen(2000, 5)]);
    expect(anomalies).toEqual([
      {
        type: 'committed-offset-backwards',
        topic: 'orders',
        partition: 0,
        group: 'billing',
        atMs: 2000,
        sinceMs: 1000,
        message: 'committed offset backwards: group "billing" had committed orders-0@8 and then @5, with no reset in between',
      },
    ]);
  });

  it('reports each partition once, and keeps partitions apart', () => {
    const anomalies = checkCommittedOffsets([seen(0, 8, 0), seen(0, 2, 1), seen(1000, 5, 0), seen(2000, 4, 0), seen(2000, 3, 1)]);
    expect(anomalies.map((a) => `${a.partition}@${a.atMs}`)).toEqual(['0@1000']);
  });

  it('accepts a decrease after a deliberate reset of that partition', () => {
    const reset = { atMs: 1500, group: 'billing', topic: 'orders', partition: 0 };
    expect(checkCommittedOffsets([seen(1000, 8), seen(2000, 0)], [reset])).toEqual([]);
    expect(checkCommittedOffsets([seen(1000, 8), seen(2000, 0)], [{ ...reset, partition: 1 }])).toHaveLength(1);
  });
});
