/**
 * Virtual time for the in-process runtime, the twin of Kafka's MockTime and TigerBeetle's
 * TimeSim: `now()` only moves when the simulation runs the next event, so a whole cluster runs
 * as fast as the CPU allows and the same seed always gives the same run.
 *
 * The engine is async (storage calls resolve as microtasks), so between two events the clock lets
 * every pending microtask settle: a continuation then runs at the virtual time that caused it,
 * never after time has jumped ahead. See `settleMicrotasks` for how.
 */
import type { Clock, Timer } from '../core/clock';
import { EventQueue } from './event-queue';

/** 2024-01-01T00:00:00Z: timestamps look real but every run starts at the same instant. */
export const SIM_EPOCH_MS = Date.UTC(2024, 0, 1);
/** A busy 3-broker cluster runs ~1,000 events per virtual second; this allows ~15 virtual minutes. */
export const DEFAULT_MAX_STEPS = 1_000_000;

export interface VirtualClockOptions {
  startMs?: number;
  /** How many events one advance or run may execute before it fails instead of spinning. */
  maxSteps?: number;
}

export interface RunLimits {
  maxSteps?: number;
  /** Fails once the next event lies further than this beyond the time the wait began. */
  maxVirtualMs?: number;
  /** What is being waited for, for the error message: "the awaited promise to settle". */
  waitingFor?: string;
}

interface Waiter {
  /** Set for advanceTo: done when no event is due at or before this time. */
  readonly targetMs: number | null;
  /** Set for runUntil: done when this returns true. */
  readonly isDone: (() => boolean) | null;
  readonly startMs: number;
  readonly deadlineMs: number;
  readonly maxSteps: number;
  readonly stepLimit: number;
  readonly waitingFor: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Lets every pending microtask (and whatever it queues in turn) run. Node drains the whole
 * microtask queue before it runs the next macrotask, so awaiting one `setImmediate` is exact
 * however deep the chain of awaits is; a fixed number of `await Promise.resolve()` is not (each
 * `await` of an async call costs several turns) and measured no faster (~1.5 us either way per
 * event on Node 20, against ~3 us for a MessageChannel round trip). Browsers have no
 * setImmediate, so there the MessageChannel macrotask does the same job.
 */
export function settleMicrotasks(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class VirtualClock implements Clock {
  readonly startMs: number;
  readonly maxSteps: number;
  private timeMs: number;
  private readonly queue = new EventQueue();
  private stepCount = 0;
  private readonly waiters = new Set<Waiter>();
  private pumping = false;
  private readonly eventListeners = new Set<() => void>();

  constructor(options: VirtualClockOptions = {}) {
    this.startMs = options.startMs ?? SIM_EPOCH_MS;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.timeMs = this.startMs;
  }

  now(): number {
    return this.timeMs;
  }

  /** Virtual milliseconds since the clock started: what error messages and journals show. */
  elapsedMs(): number {
    return this.timeMs - this.startMs;
  }

  /** Events run so far. */
  get steps(): number {
    return this.stepCount;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  nextEventTimeMs(): number | null {
    return this.queue.peek()?.timeMs ?? null;
  }

  /** The earliest pending event's time and label, for a view that shows what step() would run. */
  nextEvent(): { timeMs: number; label: string | undefined } | null {
    const event = this.queue.peek();
    return event === undefined ? null : { timeMs: event.timeMs, label: event.label };
  }

  schedule(delayMs: number, task: () => void, label?: string): Timer {
    if (Number.isNaN(delayMs)) throw new RangeError('VirtualClock.schedule: delayMs is NaN');
    const event = this.queue.push(this.timeMs + Math.max(0, delayMs), task, label);
    return { cancel: () => this.queue.cancel(event) };
  }

  /**
   * Runs the earliest pending event, moving time to its deadline; false when nothing is pending.
   * Does not settle microtasks: the async methods below do that between events.
   */
  runNext(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.timeMs = Math.max(this.timeMs, event.timeMs);
    this.stepCount++;
    event.task();
    return true;
  }

  /**
   * Called after every event once its microtasks have settled; a listener that throws fails every
   * pending advance and run (this is how invariants are checked after each event). Returns an
   * unsubscribe function.
   */
  afterEachEvent(listener: () => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Runs everything due up to and including `targetMs`, then sets the time to `targetMs`. Time is
   * whole milliseconds, as Kafka's is: a fractional moment would reach a record's timestamp, which
   * RecordBatch encodes as an int64.
   */
  advanceTo(targetMs: number, limits: Pick<RunLimits, 'maxSteps'> = {}): Promise<void> {
    if (!Number.isInteger(targetMs)) {
      return Promise.reject(new RangeError(`Virtual time moves in whole milliseconds, not to t=${targetMs - this.startMs} ms`));
    }
    return this.wait(targetMs, null, { ...limits, waitingFor: `reaching t=${formatElapsed(targetMs - this.startMs)}` });
  }

  advance(ms: number, limits: Pick<RunLimits, 'maxSteps'> = {}): Promise<void> {
    return this.advanceTo(this.timeMs + Math.max(0, ms), limits);
  }

  /**
   * Runs events one at a time until `isDone()` holds. Concurrent waits (several runs, runs and
   * advances) share one loop, so each event runs once and every waiter sees the same order.
   */
  runUntil(isDone: () => boolean, limits: RunLimits = {}): Promise<void> {
    return this.wait(null, isDone, limits);
  }

  private wait(targetMs: number | null, isDone: (() => boolean) | null, limits: RunLimits): Promise<void> {
    const maxSteps = limits.maxSteps ?? this.maxSteps;
    return new Promise<void>((resolve, reject) => {
      this.waiters.add({
        targetMs,
        isDone,
        startMs: this.timeMs,
        deadlineMs: this.timeMs + (limits.maxVirtualMs ?? Infinity),
        maxSteps,
        stepLimit: this.stepCount + maxSteps,
        waitingFor: limits.waitingFor ?? 'the condition to hold',
        resolve,
        reject,
      });
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    let ranEvent = false;
    try {
      while (this.waiters.size > 0) {
        await settleMicrotasks();
        if (ranEvent) {
          ranEvent = false;
          try {
            for (const listener of this.eventListeners) listener();
          } catch (error) {
            this.failAll(asError(error));
            continue;
          }
        }
        const nextTimeMs = this.queue.peek()?.timeMs ?? Infinity;
        // Release one waiter at a time and settle again, so its continuation runs at its own time.
        const released = this.releasable(nextTimeMs);
        if (released !== undefined) {
          if (released.targetMs !== null) this.timeMs = Math.max(this.timeMs, released.targetMs);
          this.waiters.delete(released);
          released.resolve();
          continue;
        }
        for (const waiter of this.waiters) this.checkLimits(waiter, nextTimeMs);
        if (this.waiters.size === 0) break;
        try {
          this.runNext();
        } catch (error) {
          this.failAll(new Error(`An event at t=${formatElapsed(this.elapsedMs())} threw: ${asError(error).message}`, { cause: error }));
        }
        ranEvent = true;
      }
    } finally {
      this.pumping = false;
    }
  }

  private releasable(nextTimeMs: number): Waiter | undefined {
    let earliest: Waiter | undefined;
    for (const waiter of this.waiters) {
      if (waiter.isDone?.()) return waiter;
      if (waiter.targetMs !== null && waiter.targetMs < nextTimeMs && (earliest === undefined || waiter.targetMs < earliest.targetMs!)) {
        earliest = waiter;
      }
    }
    return earliest;
  }

  private checkLimits(waiter: Waiter, nextTimeMs: number): void {
    const at = formatElapsed(this.elapsedMs());
    let reason: string | null = null;
    if (nextTimeMs === Infinity) {
      reason = `no events are pending at t=${at}, so nothing can ever make it happen`;
    } else if (this.stepCount >= waiter.stepLimit) {
      reason = `ran ${waiter.maxSteps} events (the maxSteps bound) by t=${at}; raise maxSteps if the workload really is this busy, otherwise something reschedules itself without making progress`;
    } else if (nextTimeMs > waiter.deadlineMs) {
      reason = `waited ${formatElapsed(waiter.deadlineMs - waiter.startMs)} of virtual time (the maxVirtualMs bound) until t=${at}`;
    }
    if (reason === null) return;
    this.waiters.delete(waiter);
    waiter.reject(new Error(`VirtualClock: gave up waiting for ${waiter.waitingFor}: ${reason}.`));
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}

/** "12.345s": virtual time relative to the clock's start. */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
