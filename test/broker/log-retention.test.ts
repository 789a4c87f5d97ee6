import { describe, expect, it } from 'vitest';
import { readBatchHeader } from '../../src/protocol/record-batch';
import type { LogConfig } from '../../src/protocol/configs';
import { appendRecords, batch, openLog, recordsOf, type LogFixture } from './log-fixtures';

/** Every test batch holds one record "k<i>" = "v<i>", so all have this size. */
const BATCH_BYTES = readBatchHeader(batch([{ key: 'k0', value: 'v0' }], 0)).sizeInBytes;

/**
 * Five batches in three segments of two, written at start, start+6s and start+7s:
 * [0,1] [2,3] [4] (active), all below the high watermark.
 */
async function threeSegments(overrides: Partial<LogConfig>): Promise<LogFixture> {
  const fixture = await openLog({ segmentBytes: 2 * BATCH_BYTES, ...overrides });
  await appendRecords(fixture, 2);
  await fixture.clock.advance(6_000);
  await appendRecords(fixture, 2);
  await fixture.clock.advance(1_000);
  await appendRecords(fixture, 1);
  fixture.log.updateHighWatermark(fixture.log.logEndOffset);
  return fixture;
}

describe('broker > log retention', () => {
  it('rolls a segment when segment.bytes would be exceeded', async () => {
    const fixture = await threeSegments({});
    expect(fixture.log.numberOfSegments()).toBe(3);
    expect(fixture.log.sizeInBytes()).toBe(5 * BATCH_BYTES);
  });

  it('rolls a segment once segment.ms has passed since it was rolled', async () => {
    const fixture = await openLog({ segmentMs: 1_000 });
    await appendRecords(fixture, 2);
    await fixture.clock.advance(1_001);
    await appendRecords(fixture, 1);
    expect(fixture.log.numberOfSegments()).toBe(2);
  });

  it('deletes whole segments older than retention.ms and moves the log start offset', async () => {
    const fixture = await threeSegments({ retentionMs: 10_000 });
    await fixture.clock.advance(3_500); // the first segment is 10.5 s old, the second 4.5 s
    expect(await fixture.log.deleteOldSegments()).toBe(1);
    expect(fixture.log.logStartOffset).toBe(2);
    expect(fixture.log.numberOfSegments()).toBe(2);
    await expect(fixture.log.read(0, 5, 1 << 20)).rejects.toMatchObject({ type: 'OFFSET_OUT_OF_RANGE' });
    expect(recordsOf(await fixture.log.read(2, 5, 1 << 20)).map((record) => record.offset)).toEqual([2, 3, 4]);
  });

  it('never deletes a segment the high watermark has not passed', async () => {
    const fixture = await openLog({ segmentBytes: 2 * BATCH_BYTES, retentionMs: 10_000 });
    await appendRecords(fixture, 4);
    fixture.log.updateHighWatermark(1);
    await fixture.clock.advance(60_000);
    expect(await fixture.log.deleteOldSegments()).toBe(0);
    fixture.log.updateHighWatermark(2);
    expect(await fixture.log.deleteOldSegments()).toBe(1);
    expect(fixture.log.logStartOffset).toBe(2);
  });

  it('deletes the active segment too once it qualifies, rolling an empty one at the LEO first', async () => {
    const fixture = await threeSegments({ retentionMs: 10_000 });
    await fixture.clock.advance(20_000);
    expect(await fixture.log.deleteOldSegments()).toBe(3);
    expect(fixture.log.numberOfSegments()).toBe(1);
    expect(fixture.log.logStartOffset).toBe(5);
    expect(fixture.log.logEndOffset).toBe(5);
    expect(await fixture.log.read(5, 5, 1 << 20)).toEqual([]);
    expect(await fixture.log.deleteOldSegments()).toBe(0);
    const [next] = await appendRecords(fixture, 1);
    expect(next).toBe(5);
    const reopened = await fixture.reopen();
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([5, 6]);
  });

  it('deletes oldest segments while the log minus the segment is still at least retention.bytes', async () => {
    const fixture = await threeSegments({ retentionBytes: 3 * BATCH_BYTES });
    expect(await fixture.log.deleteOldSegments()).toBe(1);
    expect(fixture.log.sizeInBytes()).toBe(3 * BATCH_BYTES);
    expect(fixture.log.logStartOffset).toBe(2);
  });

  it('keeps a segment when deleting it would take the log below retention.bytes, even if the log is over', async () => {
    const fixture = await threeSegments({ retentionBytes: 4 * BATCH_BYTES });
    expect(await fixture.log.deleteOldSegments()).toBe(0);
    expect(fixture.log.sizeInBytes()).toBe(5 * BATCH_BYTES);
  });

  it('leaves a compact-only topic alone, apart from segments below a DeleteRecords log start', async () => {
    const fixture = await threeSegments({ cleanupPolicy: ['compact'], retentionMs: 1, retentionBytes: 1 });
    await fixture.clock.advance(60_000);
    expect(await fixture.log.deleteOldSegments()).toBe(0);
    await fixture.log.maybeIncrementLogStartOffset(3);
    expect(await fixture.log.deleteOldSegments()).toBe(1);
    expect(fixture.log.logStartOffset).toBe(3);
    expect(recordsOf(await fixture.log.read(3, 5, 1 << 20)).map((record) => record.offset)).toEqual([3, 4]);
  });

  it('moves the epoch cache start with the log start', async () => {
    const fixture = await openLog({ segmentBytes: 2 * BATCH_BYTES, retentionMs: 10_000 });
    await appendRecords(fixture, 2, 0);
    await fixture.log.assignEpochStartOffset(1, 2);
    await appendRecords(fixture, 3, 1);
    fixture.log.updateHighWatermark(5);
    await fixture.clock.advance(10_001);
    await appendRecords(fixture, 1, 1); // keeps the newest segment young
    await fixture.log.deleteOldSegments();
    expect(fixture.log.logStartOffset).toBe(4);
    expect(fixture.log.epochStartOffset(1)).toBe(4);
    expect(fixture.log.epochStartOffset(0)).toBeUndefined();
  });
});
