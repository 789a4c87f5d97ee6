import type { LogConfig } from '../protocol/configs';
import {
  CompressionCodec,
  decodeRecords,
  encodeRecordBatch,
  readBatchHeader,
  type DecodedRecord,
  type RecordBatchHeader,
} from '../protocol/record-batch';
import { upperBoundOffset, type SegmentSummary } from './log-segments';
import type { StoredBatch } from './log-store';

/**
 * Log compaction (cleanup.policy=compact), after Kafka's LogCleaner and LogCleanerManager: keep the
 * record with the highest offset for every key, in the segments below the first uncleanable offset,
 * without moving any offset.
 *
 * Tombstones follow KIP-534: the pass that first cleans a tombstone starts its delete horizon
 * (now + delete.retention.ms) and later passes drop it once the horizon has passed, so consumers
 * have delete.retention.ms to see the delete. Kafka writes the horizon into the rewritten batch
 * (attribute bit 6); our codec has no such field, and every batch of a segment is first cleaned in
 * the same pass, so the horizon is kept per segment in the log's meta instead.
 */

export interface CleaningInput {
  segments: readonly SegmentSummary[];
  logEndOffset: number;
  highWatermark: number;
  /** End of the cleaned prefix (the cleaner-offset-checkpoint); everything from here on is dirty. */
  cleanerCheckpoint: number;
  config: LogConfig;
  nowMs: number;
}

export interface CleaningPlan {
  /** The segments [0, segmentCount) are cleaned. */
  segmentCount: number;
  firstDirtyOffset: number;
  firstUncleanableOffset: number;
}

/**
 * Whether to clean now, and what (LogCleanerManager.grabFilthiestCompactedLog / cleanableOffsets).
 * The active segment, anything the high watermark has not passed, and segments with records newer
 * than min.compaction.lag.ms are uncleanable. The log is cleaned when its dirty ratio reaches
 * min.cleanable.dirty.ratio, when its oldest dirty segment is older than max.compaction.lag.ms
 * (measured from the segment's roll, not its first record's timestamp), or when a tombstone's
 * delete horizon has passed.
 */
export function planCleaning(input: CleaningInput): CleaningPlan | null {
  const { segments, config, nowMs, highWatermark, logEndOffset } = input;
  let segmentCount = 0;
  while (segmentCount < segments.length - 1) {
    const segment = segments[segmentCount];
    const belowHighWatermark = upperBoundOffset(segments, segmentCount, logEndOffset) <= highWatermark;
    const pastCompactionLag = segment.maxTimestampMs <= nowMs - config.minCompactionLagMs;
    if (!belowHighWatermark || !pastCompactionLag) break;
    segmentCount++;
  }
  if (segmentCount === 0) return null;
  const cleanable = segments.slice(0, segmentCount);
  const firstUncleanableOffset = segments[segmentCount].baseOffset;
  const firstDirtyOffset = Math.min(input.cleanerCheckpoint, firstUncleanableOffset);
  let cleanBytes = 0;
  let dirtyBytes = 0;
  for (const segment of cleanable) {
    if (segment.baseOffset < firstDirtyOffset) cleanBytes += segment.sizeInBytes;
    else dirtyBytes += segment.sizeInBytes;
  }
  const dirty = cleanable.filter((segment) => segment.baseOffset >= firstDirtyOffset);
  const dirtyRatio = dirtyBytes + cleanBytes > 0 ? dirtyBytes / (dirtyBytes + cleanBytes) : 0;
  const pastMaxLag = dirty.some((segment) => nowMs - segment.createdMs > config.maxCompactionLagMs);
  const tombstonesDue = cleanable.some((segment) => segment.deleteHorizonMs !== null && segment.deleteHorizonMs <= nowMs);
  const due = (dirtyBytes > 0 && (dirtyRatio >= config.minCleanableDirtyRatio || pastMaxLag)) || tombstonesDue;
  return due ? { segmentCount, firstDirtyOffset, firstUncleanableOffset } : null;
}

/** Record keys as map keys: one char per byte, so equal byte strings give equal strings. */
function keyOf(key: Uint8Array): string {
  let result = '';
  for (const byte of key) result += String.fromCharCode(byte);
  return result;
}

/** LogCleaner.buildOffsetMap: the last offset of every key among the dirty batches. */
export function buildOffsetMap(dirtyBatches: readonly StoredBatch[]): Map<string, number> {
  const offsetMap = new Map<string, number>();
  for (const batch of dirtyBatches) {
    if (readBatchHeader(batch.bytes).isControl) continue;
    for (const record of decodeRecords(batch.bytes)) {
      if (record.key !== null) offsetMap.set(keyOf(record.key), record.offset);
    }
  }
  return offsetMap;
}

export interface CleanedSegment {
  batches: StoredBatch[];
  sizeInBytes: number;
  deleteHorizonMs: number | null;
  recordsRemoved: number;
}

/**
 * LogCleaner.cleanInto for one segment. A record survives if no later record has its key; a
 * surviving tombstone survives until the segment's delete horizon. Batches keep their base offset,
 * lastOffsetDelta, leader epoch and producer fields, so offsets, epochs and sequence ranges are
 * unchanged; an untouched batch keeps its bytes; a batch left with no records is dropped (Kafka
 * keeps the last batch of each idempotent producer as an empty batch; our producer state lives in
 * the log's meta, so it does not need it).
 */
export function cleanSegment(
  segment: SegmentSummary,
  batches: readonly StoredBatch[],
  offsetMap: ReadonlyMap<string, number>,
  config: LogConfig,
  nowMs: number,
): CleanedSegment {
  const tombstonesExpired = segment.deleteHorizonMs !== null && nowMs >= segment.deleteHorizonMs;
  const cleaned: StoredBatch[] = [];
  let recordsRemoved = 0;
  let retainsTombstones = false;
  for (const batch of batches) {
    const header = readBatchHeader(batch.bytes);
    if (header.isControl) {
      cleaned.push(batch);
      continue;
    }
    const records = decodeRecords(batch.bytes);
    const kept = records.filter((record) => {
      if (record.key === null) return false;
      const latest = (offsetMap.get(keyOf(record.key)) ?? record.offset) <= record.offset;
      return latest && (record.value !== null || !tombstonesExpired);
    });
    recordsRemoved += records.length - kept.length;
    if (kept.some((record) => record.value === null)) retainsTombstones = true;
    if (kept.length === records.length) cleaned.push(batch);
    else if (kept.length > 0) cleaned.push({ baseOffset: batch.baseOffset, bytes: reencode(header, kept) });
  }
  let deleteHorizonMs: number | null = null;
  if (retainsTombstones) deleteHorizonMs = segment.deleteHorizonMs ?? nowMs + config.deleteRetentionMs;
  const sizeInBytes = cleaned.reduce((sum, batch) => sum + batch.bytes.byteLength, 0);
  return { batches: cleaned, sizeInBytes, deleteHorizonMs, recordsRemoved };
}

function reencode(header: RecordBatchHeader, records: DecodedRecord[]): Uint8Array {
  return encodeRecordBatch({
    baseOffset: header.baseOffset,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    timestampType: header.timestampType,
    isTransactional: header.isTransactional,
    lastOffsetDelta: header.lastOffsetDelta,
    maxTimestamp: header.maxTimestamp,
    // The cleaned batch keeps its codec, as MemoryRecords.filterTo writes it with the original's compression.
    compression: header.compression === CompressionCodec.gzip ? 'gzip' : 'none',
    records: records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: record.headers,
      timestamp: record.timestamp,
      offsetDelta: record.offset - header.baseOffset,
    })),
  });
}
