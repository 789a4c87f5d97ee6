import type { LogConfig } from '../protocol/configs';
import type { ProducerStateSnapshot } from './producer-state';

/**
 * The segment layout of one partition log. The store keeps batches keyed by offset, not segment
 * files, so a segment here is a summary: where it starts, how big it is, its largest timestamp and
 * when it was rolled. That is all retention (UnifiedLog.deletableSegments), rolling
 * (LogSegment.shouldRoll) and the cleaner's dirty ratio need. Like Kafka, which writes a producer
 * snapshot file at every roll, each segment carries the producer state as of its base offset, so a
 * truncation only replays the batches of one segment to rebuild it.
 */
export interface SegmentSummary {
  baseOffset: number;
  sizeInBytes: number;
  /** Largest batch maxTimestamp in the segment; -1 (NO_TIMESTAMP) while it has none. */
  maxTimestampMs: number;
  createdMs: number;
  /** Producer state before the segment's first batch. */
  producerSnapshot: ProducerStateSnapshot;
  /** When the tombstones this segment still holds may be removed; null if it holds none known to the cleaner. */
  deleteHorizonMs: number | null;
}

export const NO_TIMESTAMP = -1;

/**
 * LogConfig.maxSegmentMs: a compacted log with max.compaction.lag.ms set rolls at least that often,
 * since the active segment is never cleaned.
 */
export function maxSegmentMs(config: LogConfig): number {
  if (config.cleanupPolicy.includes('compact') && config.maxCompactionLagMs > 0) {
    return Math.min(config.maxCompactionLagMs, config.segmentMs);
  }
  return config.segmentMs;
}

/**
 * LogSegment.shouldRoll for a non-empty active segment: the append would pass segment.bytes, or
 * segment.ms has passed. Kafka measures segment.ms from the first batch's timestamp to the
 * incoming batch's; we measure from the roll time on the log's clock, which is the same under a
 * producer on the same clock and never rolls on a skewed client timestamp.
 */
export function shouldRoll(active: SegmentSummary, batchSizeInBytes: number, config: LogConfig, nowMs: number): boolean {
  if (active.sizeInBytes === 0) return false;
  return active.sizeInBytes > config.segmentBytes - batchSizeInBytes || nowMs - active.createdMs > maxSegmentMs(config);
}

/** The timestamp retention.ms measures against (LogSegment.largestTimestamp falls back to the file's age). */
export function largestTimestamp(segment: SegmentSummary): number {
  return segment.maxTimestampMs >= 0 ? segment.maxTimestampMs : segment.createdMs;
}

export function emptySegment(baseOffset: number, nowMs: number, producerSnapshot: ProducerStateSnapshot): SegmentSummary {
  return { baseOffset, sizeInBytes: 0, maxTimestampMs: NO_TIMESTAMP, createdMs: nowMs, producerSnapshot, deleteHorizonMs: null };
}

/**
 * The segments after a batch was appended to the active (last) one. Summaries are treated as
 * immutable values, so the log can build its next state without copying every segment.
 */
export function withAppend(segments: readonly SegmentSummary[], sizeInBytes: number, maxTimestampMs: number): SegmentSummary[] {
  const active = segments.at(-1)!;
  return [
    ...segments.slice(0, -1),
    { ...active, sizeInBytes: active.sizeInBytes + sizeInBytes, maxTimestampMs: Math.max(active.maxTimestampMs, maxTimestampMs) },
  ];
}

/** The first offset past the segment at `index`: the next segment's base, or the LEO for the active one. */
export function upperBoundOffset(segments: readonly SegmentSummary[], index: number, logEndOffset: number): number {
  return index + 1 < segments.length ? segments[index + 1].baseOffset : logEndOffset;
}

/** Index of the segment holding `offset` (the last one based at or before it), or -1 if before all. */
export function segmentIndexFor(segments: readonly SegmentSummary[], offset: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (segments[mid].baseOffset <= offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

export function totalSize(segments: readonly SegmentSummary[]): number {
  return segments.reduce((sum, segment) => sum + segment.sizeInBytes, 0);
}
