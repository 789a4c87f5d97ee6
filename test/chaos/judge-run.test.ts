import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/chaos/chaos-run';
import type { ChaosEvent } from '../../src/chaos/chaos-history';
import type { EpochBump, EpochBumpCause } from '../../src/chaos/checkers/epoch-bumps';

/** The group committed orders-0@3, a member found its records truncated at 1 s and rewound, and the group then committed @1. */
const judge = (log: ChaosEvent[]) =>
  judgeRun({
    acked: [],
    reads: [],
    observations: [
      { atMs: 0, group: 'g', topic: 'orders', partition: 0, offset: 3 },
      { atMs: 2_000, group: 'g', topic: 'orders', partition: 0, offset: 1 },
    ],
    truncationResets: [{ atMs: 1_000, group: 'g', topic: 'orders', partition: 0 }],
    log,
    context: { replicasOf: () => [], offsetsPartitionOf: () => ({ topic: '__consumer_offsets', partition: 0 }) },
  }).anomalies.map(({ anomaly }) => anomaly.type);

describe('chaos > judging a consumer that rewound on a detected truncation (KIP-320)', () => {
  it('excuses the committed offset going down after an unclean election gave up records of that partition', () => {
    const truncation: ChaosEvent = {
      atMs: 500,
      kind: 'truncation',
      description: 'orders-0: unclean election of broker 2 left out committed offsets 1..2 (simulator diagnostic)',
      partitions: ['orders-0'],
    };
    expect(judge([truncation])).toEqual([]);
  });

  it('reports it when no leader gave up records: validation must never move a position back in a clean run', () => {
    expect(judge([])).toEqual(['committed-offset-backwards']);
  });
});

describe("chaos > judging duplicates by the idempotent producer's epoch bumps (KIP-360)", () => {
  const PID = 7;
  /** "i1" acknowledged at orders-0@0 and read back at offsets 0 (epoch 0) and 1 (`secondEpoch`), after `bumps`. */
  const judgeDuplicate = (options: { idempotent: boolean; secondEpoch: number; bumps: EpochBump[] }) =>
    judgeRun({
      acked: [{ topic: 'orders', partition: 0, offset: 0, value: 'i1', idempotent: options.idempotent }],
      reads: [
        {
          topic: 'orders',
          partition: 0,
          records: [
            { offset: 0, value: 'i1', producerId: PID, producerEpoch: 0 },
            { offset: 1, value: 'i1', producerId: PID, producerEpoch: options.secondEpoch },
          ],
        },
      ],
      observations: [],
      epochBumps: options.bumps,
      log: [],
      context: { replicasOf: () => [], offsetsPartitionOf: () => ({ topic: '__consumer_offsets', partition: 0 }) },
    });
  const bump = (cause: EpochBumpCause): EpochBump => ({ producerId: PID, fromEpoch: 0, toEpoch: 1, atMs: 5_000, causes: [cause] });
  const refused = (baseSequence: number, lastAckedSequence: number, sequenceWasReset = false): EpochBumpCause => ({
    kind: 'refused',
    error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    topicPartition: 'orders-0',
    baseSequence,
    lastAckedSequence,
    sequenceWasReset,
  });

  it('allows a duplicate re-sent after a bump for a batch that expired unanswered', () => {
    const expired = bump({ kind: 'failed', error: 'REQUEST_TIMED_OUT', topicPartition: 'orders-0', baseSequence: 3 });
    const result = judgeDuplicate({ idempotent: true, secondEpoch: 1, bumps: [expired] });
    expect(result.anomalies).toEqual([]);
    expect(result.allowedDuplicates).toBe(1);
  });

  it('allows a duplicate re-sent after a bump for the next expected batch refused with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    expect(judgeDuplicate({ idempotent: true, secondEpoch: 1, bumps: [bump(refused(3, 2))] }).anomalies).toEqual([]);
  });

  it('reports a duplicate after a needless bump: the refused batch was not the next one, and Kafka retries it as it is', () => {
    const [violation] = judgeDuplicate({ idempotent: true, secondEpoch: 1, bumps: [bump(refused(5, 2))] }).anomalies;
    expect(violation.anomaly.type).toBe('duplicate');
    expect(violation.anomaly.message).toContain('after a needless epoch bump from producer id 7 epoch 0');
    expect(violation.anomaly.message).toContain('refused with OUT_OF_ORDER_SEQUENCE_NUMBER while the last acknowledged sequence was 2');
  });

  it('reports a duplicate after a bump for a batch an earlier bump had already re-sequenced', () => {
    const result = judgeDuplicate({ idempotent: true, secondEpoch: 1, bumps: [bump(refused(0, -1, true))] });
    expect(result.anomalies.map(({ anomaly }) => anomaly.message)).toEqual([expect.stringContaining('needless epoch bump')]);
  });

  it('reports a duplicate written twice under one producer epoch, whatever bumps came later', () => {
    const expired = bump({ kind: 'failed', error: 'REQUEST_TIMED_OUT', topicPartition: 'orders-0', baseSequence: 3 });
    const [violation] = judgeDuplicate({ idempotent: true, secondEpoch: 0, bumps: [expired] }).anomalies;
    expect(violation.anomaly.message).toContain('both written under producer id 7 epoch 0');
  });

  it("allows the plain producer's duplicates: its retries promise none", () => {
    expect(judgeDuplicate({ idempotent: false, secondEpoch: 0, bumps: [] }).anomalies).toEqual([]);
  });
});
