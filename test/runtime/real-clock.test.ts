import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for Chromium's scheduler: records each posted task, runs it on demand. */
function fakeScheduler() {
  const posted: { callback: () => void; delay: number; signal: AbortSignal }[] = [];
  return {
    posted,
    postTask(callback: () => void, options: { delay: number; signal: AbortSignal }): Promise<void> {
      posted.push({ callback, ...options });
      return new Promise<void>(() => undefined);
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('runtime > real clock', () => {
  it('schedules delays under 4 ms through scheduler.postTask where there is one, whose tasks the browser never clamps to 4 ms as it does nested setTimeouts', async () => {
    const scheduler = fakeScheduler();
    vi.stubGlobal('scheduler', scheduler);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { RealClock } = await import('../../src/runtime/real-clock');
    const ran: string[] = [];
    const clock = new RealClock();
    clock.schedule(0, () => ran.push('now'));
    const later = clock.schedule(-5, () => ran.push('cancelled'));
    later.cancel();
    expect(scheduler.posted.map(({ delay, signal }) => ({ delay, aborted: signal.aborted }))).toEqual([
      { delay: 0, aborted: false },
      { delay: 0, aborted: true },
    ]);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    scheduler.posted[0].callback();
    expect(ran).toEqual(['now']);
    // A request timeout or a long poll is not lengthened by the clamp: setTimeout, as before.
    clock.schedule(500, () => ran.push('long poll')).cancel();
    expect(scheduler.posted).toHaveLength(2);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
  });
});
