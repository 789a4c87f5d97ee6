import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import { SlowLogStore } from '../../src/broker/slow-log-store';
import { VirtualClock } from '../../src/sim/virtual-clock';
import { batch, describeLogStoreContract, meta, type TestMeta } from './log-store-contract';

const orders0 = { topic: 'orders', partition: 0 };

/** A clock whose every delay ends on the next macrotask: the contract runs through delayed writes without waiting. */
const nextTaskClock: Clock = {
  now: () => 0,
  schedule: (_delayMs, task) => {
    const timer = setTimeout(task, 0);
    return { cancel: () => clearTimeout(timer) };
  },
};

describeLogStoreContract('broker > slow log store', async () => new SlowLogStore(new MemoryLogStore<TestMeta>(), nextTaskClock, 2000));

/** Records when each write settles, in virtual milliseconds since the start. */
function settledAt(clock: VirtualClock, write: Promise<void>, into: number[], start = clock.now()): void {
  void write.then(() => into.push(clock.now() - start));
}

describe('broker > slow log store', () => {
  it('lands every write extraMs after it is made and only then settles it, while reads see the disk at once', async () => {
    const clock = new VirtualClock();
    const disk = new MemoryLogStore<TestMeta>();
    await disk.append(orders0, [batch(0)], meta(1));
    const store = new SlowLogStore(disk, clock, 2000);
    const settled: number[] = [];
    settledAt(clock, store.append(orders0, [batch(1)], meta(2)), settled);
    await clock.advance(1999);
    expect(settled).toEqual([]);
    expect(await store.read(orders0, 0, 1 << 20)).toEqual([batch(0)]);
    expect((await store.load(orders0))!.meta).toEqual(meta(1));
    await clock.advance(1);
    expect(settled).toEqual([2000]);
    expect(await store.read(orders0, 0, 1 << 20)).toEqual([batch(0), batch(1)]);
  });

  it('delays writes made together once, not one after another, and lands them in the order they were made', async () => {
    const clock = new VirtualClock();
    const disk = new MemoryLogStore<TestMeta>();
    const store = new SlowLogStore(disk, clock, 2000);
    const settled: number[] = [];
    settledAt(clock, store.append(orders0, [batch(0), batch(1)], meta(2)), settled);
    settledAt(clock, store.truncateFrom(orders0, 1, meta(1)), settled);
    settledAt(clock, store.append(orders0, [batch(1, 16, 0xcd)], meta(2)), settled);
    await clock.advance(2000);
    expect(settled).toEqual([2000, 2000, 2000]);
    // Truncated and appended again, in that order: the new batch at offset 1, not the old one.
    expect(await disk.read(orders0, 0, 1 << 20)).toEqual([batch(0), batch(1, 16, 0xcd)]);
  });

  it('keeps a write made after the disk is normal again behind the slow writes still pending', async () => {
    const clock = new VirtualClock();
    const store = new SlowLogStore(new MemoryLogStore<TestMeta>(), clock, 2000);
    const settled: number[] = [];
    settledAt(clock, store.append(orders0, [batch(0)], meta(1)), settled);
    store.setExtraMs(0);
    settledAt(clock, store.writeMeta(orders0, meta(1, 1)), settled);
    await clock.advance(1000);
    expect(settled).toEqual([]);
    await clock.advance(1000);
    expect(settled).toEqual([2000, 2000]);
    expect((await store.load(orders0))!.meta).toEqual(meta(1, 1));
  });

  it('goes straight to the disk when it is normal and nothing is pending', async () => {
    const disk = new MemoryLogStore<TestMeta>();
    const store = new SlowLogStore(disk, new VirtualClock(), 0);
    await store.append(orders0, [batch(0)], meta(1));
    expect(await disk.read(orders0, 0, 1 << 20)).toEqual([batch(0)]);
  });

  it('never lands a write whose delay had not ended when the process died (its clock stops firing)', async () => {
    const clock = new VirtualClock();
    let alive = true;
    const processClock: Clock = { now: () => clock.now(), schedule: (delayMs, task) => clock.schedule(delayMs, () => alive && task()) };
    const disk = new MemoryLogStore<TestMeta>();
    const store = new SlowLogStore(disk, processClock, 2000);
    void store.append(orders0, [batch(0)], meta(1));
    await clock.advance(1000);
    alive = false;
    await clock.advance(5000);
    expect(await disk.listPartitions()).toEqual([]);
  });
});
