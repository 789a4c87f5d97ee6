import type { LogConfig } from '../protocol/configs';
import { largestTimestamp, totalSize, upperBoundOffset, type SegmentSummary } from './log-segments';

/**
 * Which whole segments retention removes, after UnifiedLog.deleteOldSegments: the retention.ms,
 * retention.bytes and log-start-offset passes run in turn, each deleting the oldest segments while
 * its rule holds and stopping at the first segment that does not qualify. No segment is deleted
 * before the high watermark has passed all of it, and an empty active segment is never deleted.
 */
export interface RetentionInput {
  segments: readonly SegmentSummary[];
  config: LogConfig;
  nowMs: number;
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
}

type SegmentPredicate = (segment: SegmentSummary, index: number) => boolean;

/** How many of the oldest segments to delete. */
export function deletableSegmentCount(input: RetentionInput): number {
  const { config, nowMs, logStartOffset } = input;
  let deleted = 0;
  const pass = (predicate: SegmentPredicate) => {
    deleted += countDeletable(input, deleted, predicate);
  };
  if (config.cleanupPolicy.includes('delete')) {
    if (config.retentionMs >= 0) {
      pass((segment) => nowMs - largestTimestamp(segment) > config.retentionMs);
    }
    if (config.retentionBytes >= 0) {
      let excessBytes = totalSize(input.segments.slice(deleted)) - config.retentionBytes;
      pass((segment) => {
        if (excessBytes - segment.sizeInBytes < 0) return false;
        excessBytes -= segment.sizeInBytes;
        return true;
      });
    }
  }
  // DeleteRecords moved the log start past these segments; they go whatever the cleanup policy.
  pass((_, index) => index + 1 < input.segments.length && input.segments[index + 1].baseOffset <= logStartOffset);
  return deleted;
}

function countDeletable(input: RetentionInput, from: number, predicate: SegmentPredicate): number {
  const { segments, highWatermark, logEndOffset } = input;
  let count = 0;
  for (let index = from; index < segments.length; index++) {
    const segment = segments[index];
    const isLastAndEmpty = index === segments.length - 1 && segment.sizeInBytes === 0;
    const belowHighWatermark = highWatermark >= upperBoundOffset(segments, index, logEndOffset);
    if (isLastAndEmpty || !belowHighWatermark || !predicate(segment, index)) break;
    count++;
  }
  return count;
}
