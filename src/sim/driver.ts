/**
 * Lets ordinary async code run on virtual time: `await driver.run(producer.send(...))` runs the
 * simulation, one event at a time, until the promise settles. Without it a Node user would have
 * to advance the clock by hand between every call. Concurrent runs share the clock's one loop.
 *
 * Every wait is bounded (TigerBeetle: "put a limit on everything"): a promise that can never settle
 * fails with an error naming the bound instead of hanging the test.
 */
import type { RunLimits, VirtualClock } from './virtual-clock';

export interface DriverLimits {
  /** Events one run may execute (default: the clock's maxSteps). */
  maxSteps?: number;
  /**
   * Virtual time one run may take. The default, 10 minutes, is well past Kafka's longest client
   * default (delivery.timeout.ms = 120000), so only a stuck operation reaches it.
   */
  maxVirtualMs?: number;
  /** Appended to every failure, e.g. the seed and how to reproduce the run. */
  context?: string;
}

export const DEFAULT_MAX_VIRTUAL_MS = 600_000;

/** What the in-process cluster asks of its driver, on virtual time (Driver) or real time (RealTimeDriver). */
export interface ClusterDriver {
  run<T>(promise: Promise<T>, what?: string, withinMs?: number): Promise<T>;
  advance(ms: number): Promise<void>;
  wrap<T extends object>(target: T, name?: string): T;
}

export class Driver implements ClusterDriver {
  private readonly maxSteps: number | undefined;
  private readonly maxVirtualMs: number;
  private readonly context: string | undefined;

  constructor(
    readonly clock: VirtualClock,
    limits: DriverLimits = {},
  ) {
    this.maxSteps = limits.maxSteps;
    this.maxVirtualMs = limits.maxVirtualMs ?? DEFAULT_MAX_VIRTUAL_MS;
    this.context = limits.context;
  }

  /** Runs the simulation until `promise` settles, then settles the same way; `maxVirtualMs` bounds this run more tightly than the driver's own bound. */
  async run<T>(promise: Promise<T>, what = 'the awaited operation', maxVirtualMs = this.maxVirtualMs): Promise<T> {
    let settled = false;
    const markSettled = () => {
      settled = true;
    };
    // Also marks a rejection as handled, so giving up on a promise that rejects later stays quiet.
    promise.then(markSettled, markSettled);
    const limits: RunLimits = { maxVirtualMs: Math.min(maxVirtualMs, this.maxVirtualMs), waitingFor: `${what} to settle` };
    if (this.maxSteps !== undefined) limits.maxSteps = this.maxSteps;
    await this.withContext(this.clock.runUntil(() => settled, limits));
    return promise;
  }

  /** Moves virtual time forward by `ms`, running everything that falls due. */
  advance(ms: number): Promise<void> {
    return this.withContext(this.clock.advance(ms, this.maxSteps === undefined ? {} : { maxSteps: this.maxSteps }));
  }

  private withContext(wait: Promise<void>): Promise<void> {
    if (this.context === undefined) return wait;
    return wait.catch((error: Error) => {
      throw new Error(`${error.message} (${this.context})`, { cause: error });
    });
  }

  /**
   * A view of `target` whose async methods run through the driver, and whose methods that return
   * objects (kafka.producer(), kafka.admin()) return driven views too. The target itself is not
   * changed: the client code stays exactly what the browser runtime uses.
   */
  wrap<T extends object>(target: T, name = target.constructor?.name ?? 'object'): T {
    return new Proxy(target, {
      get: (object, property) => {
        // The target, not the proxy, is `this` for getters and methods, so private fields (#x) work.
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== 'function' || typeof property === 'symbol') return value;
        const label = `${name}.${property}()`;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(object, args);
          if (isPromise(result)) return this.run(result, label);
          if (hasMethods(result)) return this.wrap(result, label);
          return result;
        };
      },
    });
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}

/** Objects the caller will call into (clients, producers), not plain data or collections. */
function hasMethods(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  return Object.values(value).some((member) => typeof member === 'function');
}
