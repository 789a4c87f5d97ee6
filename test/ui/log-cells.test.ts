import { describe, expect, it } from 'vitest';
import { logCells } from '../../src/ui/layout/log-cells';

describe("a replica's log as cells", () => {
  it('shows committed offsets, written-but-not-committed ones past the high watermark, and ones not there yet', () => {
    // A leader at LEO 5 with HW 3; the furthest replica is at 6 (a follower cannot be ahead, but a stale leader view can be).
    expect(logCells({ logEndOffset: 5, highWatermark: 3 }, 6)).toEqual({
      firstOffset: 0,
      states: ['committed', 'committed', 'committed', 'uncommitted', 'uncommitted', 'absent'],
      elided: false,
    });
  });

  it('keeps the newest offsets of a long log and says earlier ones are left out', () => {
    const cells = logCells({ logEndOffset: 100, highWatermark: 98 }, 100, 4)!;
    expect(cells).toEqual({ firstOffset: 96, states: ['committed', 'committed', 'uncommitted', 'uncommitted'], elided: true });
  });

  it('draws nothing for an empty log or a replica that does not report', () => {
    expect(logCells({ logEndOffset: 0, highWatermark: 0 }, 0)).toBeNull();
    expect(logCells(undefined, 10)).toBeNull();
  });
});
