/**
 * What one broker process sees of the world: the clock, its network transport and its disk. A
 * killed process does nothing more, whatever the Broker object still had in flight: its timers
 * stop firing, its requests go nowhere, and its store calls never reach the disk (and never
 * settle), so an await the dead Broker was in the middle of cannot write to the disk its successor
 * recovers from. This makes `kill` mean "process gone" without trusting Broker.kill() to stop
 * everything; the disk itself is shared by every incarnation and never closed here.
 */
import type { Clock, Timer } from '../core/clock';
import type { LogStore } from '../broker/log-store';
import type { ApiKey, NodeAddress, RequestOf, ResponseOf, Transport } from '../protocol/rpc';

export class SimProcess<M = unknown> {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly store: LogStore<M>;
  private alive = true;

  constructor(clock: Clock, transport: Transport, disk: LogStore<M>) {
    this.clock = {
      now: () => clock.now(),
      schedule: (delayMs: number, task: () => void): Timer => clock.schedule(delayMs, () => this.alive && task()),
    };
    this.transport = {
      address: transport.address,
      request: <K extends ApiKey>(to: NodeAddress, api: K, body: RequestOf<K>, timeoutMs: number): Promise<ResponseOf<K>> =>
        this.alive ? transport.request(to, api, body, timeoutMs) : never(),
    };
    this.store = new Proxy(disk, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (this.alive ? value.apply(target, args) : never());
      },
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  kill(): void {
    this.alive = false;
  }
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
