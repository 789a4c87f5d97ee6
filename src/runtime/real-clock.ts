/**
 * The browser runtime's Clock: wall-clock time and real timers. The engine only ever sees the
 * Clock interface, so the same broker and controller code runs here and on virtual time.
 */
import type { Clock, Timer } from '../core/clock';

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, task: () => void): Timer {
    const handle = setTimeout(task, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  }
}
