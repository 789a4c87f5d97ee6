import { describe, expect, it } from 'vitest';
import { incrementSequence, ProducerStateManager, type ProducerBatch } from '../../src/broker/producer-state';

const INT32_MAX = 2147483647;

function producerBatch(baseSequence: number, count: number, firstOffset: number, producerEpoch = 0): ProducerBatch {
  return {
    producerId: 7,
    producerEpoch,
    baseSequence,
    lastOffsetDelta: count - 1,
    firstOffset,
    lastOffset: firstOffset + count - 1,
    maxTimestamp: 1000 + firstOffset,
  };
}

describe('broker > producer state', () => {
  it('accepts any first sequence from a producer it does not know', () => {
    const state = new ProducerStateManager();
    expect(() => state.validate(producerBatch(42, 1, 0), 't-0')).not.toThrow();
  });

  it('accepts the next sequence and rejects a gap with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const state = new ProducerStateManager();
    state.update(producerBatch(0, 3, 0));
    expect(() => state.validate(producerBatch(3, 1, 3), 't-0')).not.toThrow();
    expect(() => state.validate(producerBatch(5, 1, 3), 't-0')).toThrow(
      expect.objectContaining({
        type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        message:
          'Out of order sequence number for producer 7 at offset 3 in partition t-0: 5 (incoming seq. number), 2 (current end sequence number)',
      }),
    );
  });

  it('finds a retried batch among the last five, and forgets older ones', () => {
    const state = new ProducerStateManager();
    for (let i = 0; i < 6; i++) state.update(producerBatch(i * 2, 2, i * 2));
    expect(state.findDuplicate(producerBatch(0, 2, 99))).toBeUndefined();
    expect(state.findDuplicate(producerBatch(2, 2, 99))).toMatchObject({ firstOffset: 2, lastOffset: 3 });
    expect(state.findDuplicate(producerBatch(10, 2, 99))).toMatchObject({ firstOffset: 10, lastOffset: 11 });
    expect(state.findDuplicate(producerBatch(10, 1, 99))).toBeUndefined();
  });

  it('fences an older producer epoch with INVALID_PRODUCER_EPOCH', () => {
    const state = new ProducerStateManager();
    state.update(producerBatch(0, 1, 0, 3));
    expect(() => state.validate(producerBatch(1, 1, 1, 2), 't-0')).toThrow(expect.objectContaining({ type: 'INVALID_PRODUCER_EPOCH' }));
  });

  it('requires a bumped epoch to start at sequence 0, then forgets the old epoch', () => {
    const state = new ProducerStateManager();
    state.update(producerBatch(0, 5, 0, 0));
    expect(() => state.validate(producerBatch(5, 1, 5, 1), 't-0')).toThrow(
      expect.objectContaining({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' }),
    );
    expect(() => state.validate(producerBatch(0, 1, 5, 1), 't-0')).not.toThrow();
    state.update(producerBatch(0, 1, 5, 1));
    expect(state.lastState(7)).toEqual({ producerEpoch: 1, lastSequence: 0 });
    expect(state.findDuplicate(producerBatch(0, 5, 0, 0))).toBeUndefined();
  });

  it('wraps sequences from Int.MAX to 0', () => {
    expect(incrementSequence(INT32_MAX - 1, 3)).toBe(1);
    const state = new ProducerStateManager();
    state.update(producerBatch(INT32_MAX - 1, 2, 0));
    expect(state.lastState(7)!.lastSequence).toBe(INT32_MAX);
    expect(() => state.validate(producerBatch(0, 1, 2), 't-0')).not.toThrow();
  });

  it('forgets producers whose batches all lie below the log start offset', () => {
    const state = new ProducerStateManager();
    state.update(producerBatch(0, 2, 0));
    state.removeBefore(2);
    expect(state.lastState(7)).toBeUndefined();
  });

  it('round-trips through its JSON snapshot', () => {
    const state = new ProducerStateManager();
    state.update(producerBatch(0, 2, 0));
    const copy = new ProducerStateManager(JSON.parse(JSON.stringify(state.toJSON())));
    expect(copy.findDuplicate(producerBatch(0, 2, 50))).toMatchObject({ firstOffset: 0, lastOffset: 1 });
  });
});
