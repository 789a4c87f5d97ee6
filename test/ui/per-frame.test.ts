import { describe, expect, it } from 'vitest';
import { perFrame } from '../../src/ui/state/per-frame';

function frames() {
  const queued = new Map<number, () => void>();
  let next = 1;
  return {
    request: (callback: () => void) => {
      queued.set(next, callback);
      return next++;
    },
    cancel: (handle: number) => {
      queued.delete(handle);
    },
    run: () => {
      const due = [...queued.values()];
      queued.clear();
      due.forEach((f) => f());
    },
  };
}

describe('ui > per-frame updates', () => {
  it('flushes a burst of changes once, at the next frame', () => {
    const clock = frames();
    let flushes = 0;
    const scheduler = perFrame(() => flushes++, clock.request, clock.cancel);
    for (let i = 0; i < 50; i++) scheduler.schedule();
    expect(flushes).toBe(0);
    clock.run();
    expect(flushes).toBe(1);
    scheduler.schedule();
    clock.run();
    expect(flushes).toBe(2);
  });

  it('flushes nothing once cancelled', () => {
    const clock = frames();
    let flushes = 0;
    const scheduler = perFrame(() => flushes++, clock.request, clock.cancel);
    scheduler.schedule();
    scheduler.cancel();
    clock.run();
    expect(flushes).toBe(0);
  });
});
