import { describe, expect, it } from 'vitest';
import { SIM_EPOCH_MS, VirtualClock } from '../../src/sim/virtual-clock';

describe('sim > virtual clock', () => {
  it('starts at a fixed epoch, not the wall clock', () => {
    expect(new VirtualClock().now()).toBe(SIM_EPOCH_MS);
    expect(new Date(SIM_EPOCH_MS).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('runs events by deadline, and events due at the same time in the order they were scheduled', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.schedule(20, () => order.push('b@20'));
    clock.schedule(10, () => order.push('a@10'));
    clock.schedule(20, () => order.push('c@20'));
    clock.schedule(-5, () => order.push('now'));
    clock.schedule(10, () => order.push('d@10'));
    await clock.advance(20);
    expect(order).toEqual(['now', 'a@10', 'd@10', 'b@20', 'c@20']);
    expect(clock.elapsedMs()).toBe(20);
  });

  it('keeps heap order across many interleaved events', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    for (let i = 0; i < 500; i++) clock.schedule((i * 7919) % 101, () => seen.push(clock.elapsedMs()));
    while (clock.runNext());
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toHaveLength(500);
  });

  it('refuses to move to a fractional moment: a record timestamp is a whole millisecond', async () => {
    const clock = new VirtualClock();
    await expect(clock.advance(12.5)).rejects.toThrow(/whole milliseconds/);
    await clock.advance(12);
    expect(clock.now() - clock.startMs).toBe(12);
  });

  it('does not run cancelled timers', async () => {
    const clock = new VirtualClock();
    const ran: number[] = [];
    const timers = Array.from({ length: 3000 }, (_, i) => clock.schedule(i, () => ran.push(i)));
    for (const [i, timer] of timers.entries()) if (i % 3 !== 0) timer.cancel();
    await clock.advance(3000);
    expect(ran).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3));
    expect(clock.pendingEvents).toBe(0);
  });

  it('stops at the target time and leaves later events pending', async () => {
    const clock = new VirtualClock();
    let fired = false;
    clock.schedule(100, () => (fired = true));
    await clock.advance(99);
    expect(fired).toBe(false);
    expect(clock.elapsedMs()).toBe(99);
    await clock.advance(1);
    expect(fired).toBe(true);
  });

  it('settles microtasks between events, so an async continuation runs at the time that caused it', async () => {
    const clock = new VirtualClock();
    const seen: Array<[string, number]> = [];
    const deepAsync = async (depth: number): Promise<void> => {
      if (depth > 0) await deepAsync(depth - 1);
    };
    clock.schedule(10, () => {
      void (async () => {
        await deepAsync(50);
        seen.push(['continuation', clock.elapsedMs()]);
      })();
    });
    clock.schedule(11, () => seen.push(['next event', clock.elapsedMs()]));
    await clock.advance(20);
    expect(seen).toEqual([
      ['continuation', 10],
      ['next event', 11],
    ]);
  });

  it('fails with an error naming the step bound when a task reschedules itself forever', async () => {
    const clock = new VirtualClock({ maxSteps: 1000 });
    const spin = (): void => void clock.schedule(0, spin);
    spin();
    await expect(clock.advance(1)).rejects.toThrow(/ran 1000 events \(the maxSteps bound\)/);
  });

  it('runUntil fails instead of hanging when no event is left to run', async () => {
    const clock = new VirtualClock();
    await expect(clock.runUntil(() => false, { waitingFor: 'a miracle' })).rejects.toThrow(
      /gave up waiting for a miracle: no events are pending/,
    );
  });

  it('runUntil fails once the virtual time bound is passed', async () => {
    const clock = new VirtualClock();
    const tick = (): void => void clock.schedule(1000, tick);
    tick();
    await expect(clock.runUntil(() => false, { maxVirtualMs: 5000 })).rejects.toThrow(/maxVirtualMs/);
    expect(clock.elapsedMs()).toBe(5000);
  });

  it('concurrent advances share one loop and each resolves at its own target time', async () => {
    const clock = new VirtualClock();
    const resolvedAt: Array<[string, number]> = [];
    const tick = (): void => void clock.schedule(7, tick);
    tick();
    await Promise.all([
      clock.advance(30).then(() => resolvedAt.push(['30', clock.elapsedMs()])),
      clock.advance(10).then(() => resolvedAt.push(['10', clock.elapsedMs()])),
    ]);
    expect(resolvedAt).toEqual([
      ['10', 10],
      ['30', 30],
    ]);
    expect(clock.steps).toBe(4); // ticks at 7, 14, 21, 28
  });

  it('fails the waits when an after-event check throws', async () => {
    const clock = new VirtualClock();
    clock.schedule(5, () => {});
    clock.afterEachEvent(() => {
      throw new Error('invariant broken');
    });
    await expect(clock.advance(10)).rejects.toThrow('invariant broken');
  });
});
