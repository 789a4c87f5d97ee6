import { describe, expect, it } from 'vitest';
import type { LogConfig } from '../../src/protocol/configs';
import { readBatchHeader } from '../../src/protocol/record-batch';
import { batch, openLog, recordsOf, type LogFixture, type RecordSpec } from './log-fixtures';

/** segment.bytes below two batches: every batch gets its own segment, so everything but the last is cleanable. */
const ONE_BATCH_PER_SEGMENT: Partial<LogConfig> = { cleanupPolicy: ['compact'], segmentBytes: 100 };

async function compactedLog(overrides: Partial<LogConfig> = {}): Promise<LogFixture> {
  return openLog({ ...ONE_BATCH_PER_SEGMENT, ...overrides });
}

/** Appends one single-record batch per spec and moves the high watermark to the end. */
async function write(fixture: LogFixture, ...records: RecordSpec[]): Promise<void> {
  for (const record of records) await fixture.log.appendAsLeader(batch([record], fixture.clock.now()), 0);
  fixture.log.updateHighWatermark(fixture.log.logEndOffset);
}

async function contents(fixture: LogFixture) {
  const batches = await fixture.log.read(fixture.log.logStartOffset, fixture.log.logEndOffset, 1 << 20);
  return recordsOf(batches).map(({ offset, key, value }) => ({ offset, key, value }));
}

describe('broker > log cleaner', () => {
  it('keeps the latest value of every key at its original offset, leaving gaps', async () => {
    const fixture = await compactedLog();
    await write(
      fixture,
      { key: 'k1', value: 'a' },
      { key: 'k2', value: 'b' },
      { key: 'k1', value: 'c' },
      { key: 'k3', value: 'd' },
      { key: 'k2', value: 'e' },
    );
    expect(await fixture.log.compact()).toBe(1);
    expect(await contents(fixture)).toEqual([
      { offset: 1, key: 'k2', value: 'b' }, // k2=e sits in the active segment, which is never cleaned
      { offset: 2, key: 'k1', value: 'c' },
      { offset: 3, key: 'k3', value: 'd' },
      { offset: 4, key: 'k2', value: 'e' },
    ]);
    expect(fixture.log.logEndOffset).toBe(5);
    expect(fixture.log.logStartOffset).toBe(0);
  });

  it('cleans a gzip batch and writes what survives gzipped again, as MemoryRecords.filterTo keeps the codec', async () => {
    const fixture = await compactedLog();
    const now = fixture.clock.now();
    const gzipped = batch(
      [
        { key: 'k1', value: 'a' },
        { key: 'k2', value: 'b' },
      ],
      now,
      undefined,
      'gzip',
    );
    await fixture.log.appendAsLeader(gzipped, 0);
    await write(fixture, { key: 'k1', value: 'c' }, { key: 'k3', value: 'd' });
    expect(await fixture.log.compact()).toBe(1);
    const [first] = await fixture.log.read(0, fixture.log.logEndOffset, 1 << 20);
    expect(readBatchHeader(first).compression).toBe(1);
    expect(await contents(fixture)).toEqual([
      { offset: 1, key: 'k2', value: 'b' },
      { offset: 2, key: 'k1', value: 'c' },
      { offset: 3, key: 'k3', value: 'd' },
    ]);
  });

  it("keeps the surviving records of a batch at their offsets, and the batch's last offset", async () => {
    const fixture = await openLog({ cleanupPolicy: ['compact'], segmentBytes: 140 });
    const now = fixture.clock.now();
    await fixture.log.appendAsLeader(
      batch(
        [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'c', value: '3' },
        ],
        now,
      ),
      0,
    );
    await fixture.log.appendAsLeader(
      batch(
        [
          { key: 'a', value: '4' },
          { key: 'c', value: '5' },
        ],
        now,
      ),
      0,
    );
    await fixture.log.appendAsLeader(batch([{ key: 'z', value: '6' }], now), 0);
    fixture.log.updateHighWatermark(6);
    expect(fixture.log.numberOfSegments()).toBe(3);
    expect(await fixture.log.compact()).toBe(2);
    const [first] = await fixture.log.read(0, 6, 1);
    expect(recordsOf([first]).map((record) => [record.offset, record.value])).toEqual([[1, '2']]);
    // The cleaned batch still ends at offset 2, so a fetch from 2 starts with it, as in Kafka.
    expect(recordsOf(await fixture.log.read(2, 6, 1 << 20)).map((record) => record.offset)).toEqual([1, 3, 4, 5]);
  });

  it('skips past a batch that ends before the fetch offset, even with a tiny maxBytes', async () => {
    const fixture = await compactedLog();
    await write(fixture, { key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'b', value: '3' }, { key: 'z', value: '4' });
    await fixture.log.compact();
    const batches = await fixture.log.read(1, 4, 1);
    expect(recordsOf(batches).map((record) => record.offset)).toEqual([2]);
  });

  it('waits until the dirty ratio reaches min.cleanable.dirty.ratio', async () => {
    const fixture = await compactedLog({ minCleanableDirtyRatio: 0.5 });
    await write(
      fixture,
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
      { key: 'd', value: '4' },
      { key: 'e', value: '5' },
    );
    expect(await fixture.log.compact()).toBe(0); // nothing to remove, but [0, 4) is now clean
    await write(fixture, { key: 'a', value: '6' });
    expect(await fixture.log.compact()).toBe(0); // dirty [4, 5) is 1 of 5 segments
    await write(fixture, { key: 'b', value: '7' }, { key: 'c', value: '8' }, { key: 'd', value: '9' }, { key: 'z', value: '0' });
    expect(await fixture.log.compact()).toBe(4);
    expect((await contents(fixture)).map((record) => record.value)).toEqual(['5', '6', '7', '8', '9', '0']);
  });

  it('does not clean what the high watermark has not passed, or what is younger than min.compaction.lag.ms', async () => {
    const fixture = await compactedLog({ minCompactionLagMs: 10_000 });
    await write(fixture, { key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'z', value: '3' });
    expect(await fixture.log.compact()).toBe(0);
    await fixture.clock.advance(10_000);
    const unreplicated = await compactedLog();
    await unreplicated.log.appendAsLeader(batch([{ key: 'a', value: '1' }], unreplicated.clock.now()), 0);
    await unreplicated.log.appendAsLeader(batch([{ key: 'a', value: '2' }], unreplicated.clock.now()), 0);
    await unreplicated.log.appendAsLeader(batch([{ key: 'z', value: '3' }], unreplicated.clock.now()), 0);
    unreplicated.log.updateHighWatermark(1);
    expect(await unreplicated.log.compact()).toBe(0);
    expect(await fixture.log.compact()).toBe(1);
  });

  it('removes a tombstone only once delete.retention.ms has passed since it was first cleaned', async () => {
    const fixture = await compactedLog({ deleteRetentionMs: 1_000, minCleanableDirtyRatio: 0.01 });
    await write(fixture, { key: 'k1', value: 'a' }, { key: 'k1', value: null }, { key: 'k2', value: 'b' });
    expect(await fixture.log.compact()).toBe(1);
    expect(await contents(fixture)).toEqual([
      { offset: 1, key: 'k1', value: null },
      { offset: 2, key: 'k2', value: 'b' },
    ]);
    await fixture.clock.advance(999);
    await write(fixture, { key: 'k3', value: 'c' });
    expect(await fixture.log.compact()).toBe(0);
    expect((await contents(fixture)).map((record) => record.offset)).toEqual([1, 2, 3]);
    await fixture.clock.advance(1);
    expect(await fixture.log.compact()).toBe(1);
    expect((await contents(fixture)).map((record) => record.offset)).toEqual([2, 3]);
  });

  it('leaves a delete-only topic alone', async () => {
    const fixture = await openLog({ segmentBytes: 100 });
    await write(fixture, { key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'z', value: '3' });
    expect(await fixture.log.compact()).toBe(0);
  });

  it('keeps its cleaned state across a restart', async () => {
    const fixture = await compactedLog();
    await write(fixture, { key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'z', value: '3' });
    await fixture.log.compact();
    const reopened = await fixture.reopen();
    expect(reopened.sizeInBytes()).toBe(fixture.log.sizeInBytes());
    expect(await reopened.compact()).toBe(0);
  });
});
