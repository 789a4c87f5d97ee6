import { describe, expect, it } from 'vitest';
import type { LogStore, StoredBatch } from '../../src/broker/log-store';
import type { TopicPartition } from '../../src/protocol/topic-partition';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import { readBatchHeader } from '../../src/protocol/record-batch';
import { appendRecords, batch, CountingStore, openLog, recordsOf, values } from './log-fixtures';

/** A store whose appends wait until the test releases them, to observe the log mid-write. */
class GatedStore extends MemoryLogStore<LogMeta> {
  private readonly gates: (() => void)[] = [];
  override async append(tp: TopicPartition, batches: StoredBatch[], meta: LogMeta): Promise<void> {
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return super.append(tp, batches, meta);
  }
  pending(): number {
    return this.gates.length;
  }
  release(): void {
    this.gates.shift()!();
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

const producer = (baseSequence: number, producerEpoch = 0) => ({ producerId: 1000, producerEpoch, baseSequence });

describe('broker > unified log > append', () => {
  it('gives concurrent appends consecutive offsets', async () => {
    const fixture = await openLog();
    const now = fixture.clock.now();
    const sizes = [3, 1, 4, 1, 5];
    const infos = await Promise.all(sizes.map((n) => fixture.log.appendAsLeader(batch(values(n), now), 0)));
    expect(infos.map((info) => [info.firstOffset, info.lastOffset])).toEqual([
      [0, 2],
      [3, 3],
      [4, 7],
      [8, 8],
      [9, 13],
    ]);
    expect(fixture.log.logEndOffset).toBe(14);
    const offsets = recordsOf(await fixture.log.read(0, 14, 1 << 20)).map((record) => record.offset);
    expect(offsets).toEqual(Array.from({ length: 14 }, (_, i) => i));
  });

  it('advances the log end offset only once the store write has resolved', async () => {
    const store = new GatedStore();
    const fixture = await openLog({}, store);
    const appended = fixture.log.appendAsLeader(batch(values(2), fixture.clock.now()), 0);
    await settle();
    expect(store.pending()).toBe(1);
    expect(fixture.log.logEndOffset).toBe(0);
    expect(fixture.log.updateHighWatermark(2)).toBe(false);
    store.release();
    await appended;
    expect(fixture.log.logEndOffset).toBe(2);
  });

  it('leaves the log unchanged when the store write fails, and keeps serving later appends', async () => {
    const store = new MemoryLogStore<LogMeta>();
    const fixture = await openLog({}, store);
    const failing: LogStore<LogMeta> = Object.create(store);
    let fail = true;
    failing.append = async (tp, batches, meta) => {
      if (fail) throw new Error('disk full');
      return store.append(tp, batches, meta);
    };
    const log = await fixture.reopen(failing);
    await expect(log.appendAsLeader(batch(values(1), fixture.clock.now()), 0)).rejects.toThrow('disk full');
    expect(log.logEndOffset).toBe(0);
    fail = false;
    expect((await log.appendAsLeader(batch(values(1), fixture.clock.now()), 0)).firstOffset).toBe(0);
  });

  it('stamps the leader epoch on each batch and records where each epoch starts', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 3, 0);
    await fixture.log.assignEpochStartOffset(2, fixture.log.logEndOffset);
    await appendRecords(fixture, 2, 2);
    const epochs = recordsOf(await fixture.log.read(0, 5, 1 << 20)).map((record) => record.leaderEpoch);
    expect(epochs).toEqual([0, 0, 0, 2, 2]);
    expect(fixture.log.latestEpoch()).toBe(2);
    expect(fixture.log.epochStartOffset(2)).toBe(3);
    expect(fixture.log.endOffsetForEpoch(2)).toEqual({ epoch: 2, endOffset: 5 });
    expect(fixture.log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 3 });
    expect(fixture.log.endOffsetForEpoch(1)).toEqual({ epoch: 0, endOffset: 3 });
    expect(fixture.log.endOffsetForEpoch(3)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('stamps LogAppendTime with the broker clock when the topic asks for it', async () => {
    const fixture = await openLog({ messageTimestampType: 'LogAppendTime' });
    const info = await fixture.log.appendAsLeader(batch(values(1), fixture.clock.now() - 5_000), 0);
    expect(info.logAppendTimeMs).toBe(fixture.clock.now());
    const [stored] = await fixture.log.read(0, 1, 1 << 20);
    expect(readBatchHeader(stored)).toMatchObject({ timestampType: 'LogAppendTime', maxTimestamp: fixture.clock.now() });
  });

  it('stamps LogAppendTime on a copy, so a producer sharing the bytes can still retry them (the CRC covers the stamp)', async () => {
    const fixture = await openLog({ messageTimestampType: 'LogAppendTime' });
    const sent = batch(values(1), fixture.clock.now());
    const before = sent.slice();
    await fixture.log.appendAsLeader(sent, 0);
    expect(sent).toEqual(before);
  });

  it('reports CreateTime appends with logAppendTime -1', async () => {
    const fixture = await openLog();
    const info = await fixture.log.appendAsLeader(batch(values(1), fixture.clock.now()), 0);
    expect(info).toEqual({ firstOffset: 0, lastOffset: 0, logAppendTimeMs: -1, logStartOffset: 0, recordCount: 1, duplicate: false });
  });
});

describe('broker > unified log > validation', () => {
  it("rejects a batch above max.message.bytes with Kafka's message and writes nothing", async () => {
    const fixture = await openLog({ maxMessageBytes: 100 });
    const big = batch([{ key: 'k', value: 'x'.repeat(200) }], fixture.clock.now());
    const size = readBatchHeader(big).sizeInBytes;
    await expect(fixture.log.appendAsLeader(big, 0)).rejects.toMatchObject({
      type: 'MESSAGE_TOO_LARGE',
      message: `The record batch size in the append to orders-0 is ${size} bytes which exceeds the maximum configured value of 100.`,
    });
    expect(fixture.log.logEndOffset).toBe(0);
  });

  it('rejects a record without a key on a compacted topic', async () => {
    const fixture = await openLog({ cleanupPolicy: ['compact'] });
    await expect(fixture.log.appendAsLeader(batch([{ key: null }], fixture.clock.now()), 0)).rejects.toMatchObject({
      type: 'INVALID_RECORD',
      recordErrors: [{ batchIndex: 0, message: 'Compacted topic cannot accept message without key in topic partition orders-0' }],
    });
  });

  it('rejects a timestamp further ahead than message.timestamp.after.max.ms', async () => {
    const fixture = await openLog({ messageTimestampAfterMaxMs: 1_000 });
    const future = fixture.clock.now() + 5_000;
    await expect(fixture.log.appendAsLeader(batch([{ timestamp: future }], fixture.clock.now()), 0)).rejects.toMatchObject({
      type: 'INVALID_TIMESTAMP',
    });
  });
});

describe('broker > unified log > idempotence', () => {
  it('answers a retried batch with its original offsets and writes nothing', async () => {
    const store = new CountingStore(new MemoryLogStore<LogMeta>());
    const fixture = await openLog({}, store);
    const now = fixture.clock.now();
    const first = await fixture.log.appendAsLeader(batch(values(3), now, producer(0)), 0);
    await fixture.log.appendAsLeader(batch(values(2), now, producer(3)), 0);
    const retry = await fixture.log.appendAsLeader(batch(values(3), now, producer(0)), 0);
    expect(retry).toMatchObject({ firstOffset: first.firstOffset, lastOffset: first.lastOffset, duplicate: true });
    expect(fixture.log.logEndOffset).toBe(5);
    expect(recordsOf(await fixture.log.read(0, 5, 1 << 20))).toHaveLength(5);
  });

  it('rejects a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    const fixture = await openLog();
    const now = fixture.clock.now();
    await fixture.log.appendAsLeader(batch(values(2), now, producer(0)), 0);
    await expect(fixture.log.appendAsLeader(batch(values(1), now, producer(5)), 0)).rejects.toMatchObject({
      type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    expect(fixture.log.logEndOffset).toBe(2);
  });

  it('fences a producer whose epoch is older than the last one seen', async () => {
    const fixture = await openLog();
    const now = fixture.clock.now();
    await fixture.log.appendAsLeader(batch(values(1), now, producer(0, 4)), 0);
    await expect(fixture.log.appendAsLeader(batch(values(1), now, producer(1, 3)), 0)).rejects.toMatchObject({
      type: 'INVALID_PRODUCER_EPOCH',
    });
    await fixture.log.appendAsLeader(batch(values(1), now, producer(0, 5)), 0);
    expect(fixture.log.producerStateFor(1000)).toEqual({ producerEpoch: 5, lastSequence: 0 });
  });
});

describe('broker > unified log > read', () => {
  it('returns whole batches from the one holding fromOffset, up to maxOffset', async () => {
    const fixture = await openLog();
    const now = fixture.clock.now();
    await fixture.log.appendAsLeader(batch(values(3), now), 0); // 0-2
    await fixture.log.appendAsLeader(batch(values(3), now), 0); // 3-5
    await fixture.log.appendAsLeader(batch(values(3), now), 0); // 6-8
    const offsets = (batches: Uint8Array[]) => recordsOf(batches).map((record) => record.offset);
    expect(offsets(await fixture.log.read(4, 9, 1 << 20))).toEqual([3, 4, 5, 6, 7, 8]);
    expect(offsets(await fixture.log.read(0, 6, 1 << 20))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(offsets(await fixture.log.read(0, 5, 1 << 20))).toEqual([0, 1, 2]);
    expect(await fixture.log.read(9, 9, 1 << 20)).toEqual([]);
    expect(await fixture.log.read(3, 3, 1 << 20)).toEqual([]);
  });

  it('returns one batch even when it is larger than maxBytes, and stops at maxBytes after that', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 3);
    const batches = await fixture.log.read(0, 3, 1);
    expect(recordsOf(batches).map((record) => record.offset)).toEqual([0]);
  });

  it('answers offsets outside [logStartOffset, LEO] with OFFSET_OUT_OF_RANGE', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 5);
    fixture.log.updateHighWatermark(5);
    await fixture.log.maybeIncrementLogStartOffset(2);
    await expect(fixture.log.read(6, 10, 1 << 20)).rejects.toMatchObject({
      type: 'OFFSET_OUT_OF_RANGE',
      message: 'Received request for offset 6 for partition orders-0, but we only have log segments in the range 2 to 5.',
    });
    await expect(fixture.log.read(1, 10, 1 << 20)).rejects.toMatchObject({ type: 'OFFSET_OUT_OF_RANGE' });
    expect(recordsOf(await fixture.log.read(2, 5, 1 << 20)).map((record) => record.offset)).toEqual([2, 3, 4]);
  });

  it('finds the first offset at or after a timestamp', async () => {
    const fixture = await openLog();
    const t0 = fixture.clock.now();
    await fixture.log.appendAsLeader(batch([{ timestamp: t0 - 300 }, { timestamp: t0 - 200 }], t0), 0);
    await fixture.log.assignEpochStartOffset(1, 2);
    await fixture.log.appendAsLeader(batch([{ timestamp: t0 - 100 }, { timestamp: t0 }], t0), 1);
    expect(await fixture.log.offsetForTimestamp(t0 - 250)).toEqual({ offset: 1, timestamp: t0 - 200, leaderEpoch: 0 });
    expect(await fixture.log.offsetForTimestamp(t0 - 150)).toEqual({ offset: 2, timestamp: t0 - 100, leaderEpoch: 1 });
    expect(await fixture.log.offsetForTimestamp(t0 + 1)).toBeNull();
  });
});

describe('broker > unified log > high watermark and log start', () => {
  it('keeps the high watermark monotonic and within the log', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 4);
    expect(fixture.log.updateHighWatermark(10)).toBe(true);
    expect(fixture.log.highWatermark).toBe(4);
    expect(fixture.log.updateHighWatermark(2)).toBe(false);
    expect(fixture.log.highWatermark).toBe(4);
  });

  it('refuses to move the log start offset past the high watermark', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 4);
    fixture.log.updateHighWatermark(2);
    await expect(fixture.log.maybeIncrementLogStartOffset(3)).rejects.toMatchObject({
      type: 'OFFSET_OUT_OF_RANGE',
      message: 'Cannot increment the log start offset to 3 of partition orders-0 since it is larger than the high watermark 2',
    });
    await fixture.log.maybeIncrementLogStartOffset(2);
    expect(fixture.log.logStartOffset).toBe(2);
  });
});

describe('broker > unified log > truncation', () => {
  it('removes everything from the offset on and reports the committed offsets it lost', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 6, 0);
    await fixture.log.assignEpochStartOffset(1, 6);
    await appendRecords(fixture, 4, 1);
    fixture.log.updateHighWatermark(8);
    expect(await fixture.log.truncateTo(5)).toEqual({ fromOffset: 5, toOffset: 8 });
    expect(fixture.log.logEndOffset).toBe(5);
    expect(fixture.log.highWatermark).toBe(5);
    expect(fixture.log.latestEpoch()).toBe(0);
    expect(fixture.log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 5 });
    expect(recordsOf(await fixture.log.read(0, 5, 1 << 20)).map((record) => record.offset)).toEqual([0, 1, 2, 3, 4]);
    // New appends reuse the removed offsets.
    expect((await fixture.log.appendAsLeader(batch(values(1), fixture.clock.now()), 2)).firstOffset).toBe(5);
  });

  it('reports nothing lost when only uncommitted offsets go, and does nothing at or above the LEO', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 6);
    fixture.log.updateHighWatermark(3);
    expect(await fixture.log.truncateTo(6)).toBeNull();
    expect(await fixture.log.truncateTo(4)).toBeNull();
    expect(fixture.log.logEndOffset).toBe(4);
  });

  it('drops an epoch that starts at the LEO with nothing in it, even when no record is truncated', async () => {
    // A broker that became leader of epoch 1 (which records where the epoch starts) but appended
    // nothing before losing leadership; the new leader's DivergingEpoch asks it to truncate to its LEO.
    const fixture = await openLog();
    await appendRecords(fixture, 6);
    await fixture.log.assignEpochStartOffset(1, 6);
    expect(fixture.log.latestEpoch()).toBe(1);
    expect(await fixture.log.truncateTo(6)).toBeNull();
    expect(fixture.log.latestEpoch()).toBe(0);
    expect(fixture.log.logEndOffset).toBe(6);
    expect((await fixture.reopen()).latestEpoch()).toBe(0);
  });

  it('removes a batch that straddles the truncation offset whole', async () => {
    const fixture = await openLog();
    await fixture.log.appendAsLeader(batch(values(3), fixture.clock.now()), 0); // 0-2
    await fixture.log.appendAsLeader(batch(values(3), fixture.clock.now()), 0); // 3-5
    await fixture.log.truncateTo(4);
    expect(fixture.log.logEndOffset).toBe(3);
  });

  it("empties the log and restarts it at a given offset, as a follower behind the leader's log start does", async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 3);
    fixture.log.updateHighWatermark(3);
    await fixture.log.truncateFullyAndStartAt(10);
    expect([fixture.log.logStartOffset, fixture.log.logEndOffset, fixture.log.highWatermark]).toEqual([10, 10, 10]);
    expect(fixture.log.latestEpoch()).toBe(-1);
    expect((await fixture.log.appendAsLeader(batch(values(1), fixture.clock.now()), 4)).firstOffset).toBe(10);
    expect(fixture.log.epochForOffset(10)).toBe(4);
    const reopened = await fixture.reopen();
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([10, 11]);
  });

  it('rebuilds producer state so a truncated batch can be written again', async () => {
    const fixture = await openLog({ segmentBytes: 200 });
    const now = fixture.clock.now();
    for (let seq = 0; seq < 6; seq++) await fixture.log.appendAsLeader(batch(values(1), now, producer(seq)), 0);
    expect(fixture.log.numberOfSegments()).toBeGreaterThan(1);
    await fixture.log.truncateTo(3);
    expect(fixture.log.producerStateFor(1000)).toEqual({ producerEpoch: 0, lastSequence: 2 });
    const rewritten = await fixture.log.appendAsLeader(batch(values(1), now, producer(3)), 0);
    expect(rewritten).toMatchObject({ firstOffset: 3, duplicate: false });
  });
});

describe('broker > unified log > follower', () => {
  it("appends the leader's batches as they are and learns the epochs from them", async () => {
    const leader = await openLog();
    await appendRecords(leader, 2, 0);
    await leader.log.assignEpochStartOffset(3, 2);
    await appendRecords(leader, 2, 3);
    const follower = await openLog();
    await follower.log.appendAsFollower(await leader.log.read(0, 4, 1 << 20));
    expect(follower.log.logEndOffset).toBe(4);
    expect(follower.log.epochStartOffset(0)).toBe(0);
    expect(follower.log.epochStartOffset(3)).toBe(2);
    expect(follower.log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 2 });
    expect(recordsOf(await follower.log.read(0, 4, 1 << 20))).toEqual(recordsOf(await leader.log.read(0, 4, 1 << 20)));
  });

  it('carries idempotent producer state over to the follower', async () => {
    const leader = await openLog();
    await leader.log.appendAsLeader(batch(values(2), leader.clock.now(), producer(0)), 0);
    const follower = await openLog();
    await follower.log.appendAsFollower(await leader.log.read(0, 2, 1 << 20));
    const retry = await follower.log.appendAsLeader(batch(values(2), leader.clock.now(), producer(0)), 1);
    expect(retry).toMatchObject({ firstOffset: 0, lastOffset: 1, duplicate: true });
  });

  it('rejects batches that start below its LEO', async () => {
    const leader = await openLog();
    await appendRecords(leader, 2);
    const follower = await openLog();
    const batches = await leader.log.read(0, 2, 1 << 20);
    await follower.log.appendAsFollower(batches);
    await expect(follower.log.appendAsFollower(batches)).rejects.toThrow(/Unexpected offset in append to orders-0/);
  });
});

describe('broker > unified log > recovery', () => {
  it('restores LEO, HW, log start, epochs and producer state from meta and the last batch only', async () => {
    const store = new CountingStore(new MemoryLogStore<LogMeta>());
    const fixture = await openLog({ segmentBytes: 300 }, store);
    const now = fixture.clock.now();
    for (let seq = 0; seq < 4; seq++) await fixture.log.appendAsLeader(batch(values(1), now, producer(seq)), 0);
    await fixture.log.assignEpochStartOffset(2, 4);
    await appendRecords(fixture, 3, 2);
    fixture.log.updateHighWatermark(6);
    await fixture.log.maybeIncrementLogStartOffset(1);
    await fixture.log.checkpointHighWatermark();

    store.reads = 0;
    const recovered = await fixture.reopen();
    expect(store.reads).toBe(0);
    expect(recovered.logEndOffset).toBe(7);
    expect(recovered.highWatermark).toBe(6);
    expect(recovered.logStartOffset).toBe(1);
    expect(recovered.latestEpoch()).toBe(2);
    expect(recovered.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 4 });
    expect(recovered.numberOfSegments()).toBe(fixture.log.numberOfSegments());
    expect(recovered.producerStateFor(1000)).toEqual({ producerEpoch: 0, lastSequence: 3 });
    expect(await recovered.appendAsLeader(batch(values(1), now, producer(3)), 2)).toMatchObject({ firstOffset: 3, duplicate: true });
  });

  it('persists the high watermark with the next append even without a checkpoint', async () => {
    const fixture = await openLog();
    await appendRecords(fixture, 2);
    fixture.log.updateHighWatermark(2);
    await appendRecords(fixture, 1);
    expect((await fixture.reopen()).highWatermark).toBe(2);
  });

  it('creates an empty log for a partition the store does not have', async () => {
    const store = new MemoryLogStore<LogMeta>();
    const fixture = await openLog({}, store);
    expect(fixture.log.logEndOffset).toBe(0);
    expect(fixture.log.latestEpoch()).toBe(-1);
    expect(await store.listPartitions()).toEqual([{ topic: 'orders', partition: 0 }]);
  });

  it('is gone from the store after delete()', async () => {
    const store = new MemoryLogStore<LogMeta>();
    const fixture = await openLog({}, store);
    await appendRecords(fixture, 1);
    await fixture.log.delete();
    expect(await store.listPartitions()).toEqual([]);
  });
});
