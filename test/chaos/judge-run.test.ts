import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/chaos/chaos-run';
import type { ChaosEvent } from '../../src/chaos/chaos-history';

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
