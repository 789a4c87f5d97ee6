/**
 * The in-process runtime on the wall clock (`createCluster({ clock: 'real' })`): the same brokers,
 * controller, coordinator and simulated network, with real timers instead of the virtual clock's
 * event queue, so clients outside the process (kafkajs, kcat over TCP) can talk to it while it runs.
 * Nothing is driven: an awaited call simply runs, and `wait(ms)` waits.
 */
import type { Clock, Timer } from '../core/clock';
import type { ClusterDriver } from './driver';

/** What the in-process cluster needs of its clock, virtual or real. */
export interface SimClock extends Clock {
  /** Milliseconds since the clock started. */
  elapsedMs(): number;
  /** Events (timers) run so far. */
  readonly steps: number;
  readonly pendingEvents: number;
  /** Called after each event; only the virtual clock has events to check between (invariants). */
  afterEachEvent(listener: () => void): () => void;
}

export class WallClock implements SimClock {
  private readonly startMs = Date.now();
  private fired = 0;
  private pending = 0;

  now(): number {
    return Date.now();
  }

  elapsedMs(): number {
    return Date.now() - this.startMs;
  }

  get steps(): number {
    return this.fired;
  }

  get pendingEvents(): number {
    return this.pending;
  }

  schedule(delayMs: number, task: () => void): Timer {
    this.pending++;
    let done = false;
    const run = () => {
      done = true;
      this.pending--;
      this.fired++;
      task();
    };
    const cancel = () => {
      if (done) return;
      done = true;
      this.pending--;
    };
    // Messages on the simulated network are due "now" most of the time: setImmediate keeps them in
    // order and off the 1 ms floor of setTimeout.
    if (!(delayMs > 0)) {
      const handle = setImmediate(run);
      return {
        cancel: () => {
          cancel();
          clearImmediate(handle);
        },
      };
    }
    const handle = setTimeout(run, delayMs);
    return {
      cancel: () => {
        cancel();
        clearTimeout(handle);
      },
    };
  }

  afterEachEvent(): () => void {
    throw new Error('checkInvariants needs the virtual clock: the wall clock has no events to check between.');
  }
}

/** The driver of a real-time cluster: nothing to drive, calls just run. */
export class RealTimeDriver implements ClusterDriver {
  constructor(private readonly clock: Clock) {}

  run<T>(promise: Promise<T>, what = 'the awaited operation', withinMs?: number): Promise<T> {
    if (withinMs === undefined || !Number.isFinite(withinMs)) return promise;
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.schedule(withinMs, () => reject(new Error(`Gave up waiting for ${what} after ${withinMs} ms`)));
      promise.then(
        (value) => {
          timer.cancel();
          resolve(value);
        },
        (error: unknown) => {
          timer.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  advance(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.schedule(ms, resolve));
  }

  wrap<T extends object>(target: T): T {
    return target;
  }
}
