/**
 * The browser runtime's Clock: wall-clock time and real timers. The engine only ever sees the
 * Clock interface, so the same broker and controller code runs here and on virtual time.
 *
 * Delays under 4 ms go through `scheduler.postTask` where there is one (Chromium, in pages and
 * workers): HTML clamps a setTimeout made inside more than five nested timer tasks to at least
 * 4 ms, so an engine wake-up meant to run at once (the producer's Sender after an append, which
 * Kafka wakes with Selector.wakeup) ran 4 ms late whenever the caller was itself a timer, as a
 * producer sending at a rate is. postTask has no such clamp. Longer delays (request timeouts,
 * long polls), which the clamp cannot lengthen, keep setTimeout, whose cancel is cheaper than an
 * aborted task's rejection. Node (tests) has no scheduler and keeps setTimeout throughout.
 */
import type { Clock, Timer } from '../core/clock';

/** The part of the Prioritized Task Scheduling API used here (not yet in TypeScript's DOM lib). */
interface TaskScheduler {
  postTask(callback: () => void, options: { delay: number; signal: AbortSignal }): Promise<void>;
}

const taskScheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
/** HTML's clamp for nested timers: no setTimeout inside a deep chain of them fires sooner. */
const NESTED_TIMER_CLAMP_MS = 4;

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, task: () => void): Timer {
    const delay = Math.max(0, delayMs);
    if (taskScheduler === undefined || delay >= NESTED_TIMER_CLAMP_MS) {
      const handle = setTimeout(task, delay);
      return { cancel: () => clearTimeout(handle) };
    }
    const controller = new AbortController();
    taskScheduler.postTask(task, { delay, signal: controller.signal }).catch((error: unknown) => {
      // A cancelled timer rejects with an AbortError; anything else is the task's own error,
      // reported as an uncaught error as it would be from setTimeout.
      if (!controller.signal.aborted) reportError(error);
    });
    return { cancel: () => controller.abort() };
  }
}
