/**
 * A replica's log as cells, the newest offsets of its partition: committed (below this replica's
 * high watermark, what a consumer may read), written but not yet committed (at or above the high
 * watermark, below its log end offset: perhaps acknowledged with acks=1, not yet on every ISR
 * member), or not there yet (up to the furthest replica's log end offset). So "acknowledged but not
 * yet visible" is something to see, not to be told.
 */
export type CellState = 'committed' | 'uncommitted' | 'absent';

export interface LogCells {
  /** The offset of the first cell shown. */
  firstOffset: number;
  states: CellState[];
  /** Offsets before the first cell exist and are not drawn. */
  elided: boolean;
}

/** Cells a large chip has room for. */
export const CELLS_SHOWN = 16;

export function logCells(
  offsets: { logEndOffset: number; highWatermark: number } | undefined,
  furthestLogEnd: number,
  count = CELLS_SHOWN,
): LogCells | null {
  if (offsets === undefined || furthestLogEnd <= 0) return null;
  const firstOffset = Math.max(0, furthestLogEnd - count);
  const states: CellState[] = [];
  for (let offset = firstOffset; offset < furthestLogEnd; offset++) {
    states.push(offset >= offsets.logEndOffset ? 'absent' : offset >= offsets.highWatermark ? 'uncommitted' : 'committed');
  }
  return { firstOffset, states, elided: firstOffset > 0 };
}
