/**
 * A network for broker tests: address -> handler, every message delivered `latencyMs` later on the
 * virtual clock, bodies copied as across a real connection. Links can be cut one way to model a
 * partition: a cut message is silently lost, so the caller's own timeout fires.
 */
import { KafkaError } from '../../../src/protocol/errors';
import type { ApiKey, NodeAddress, RequestHandler, RequestOf, ResponseOf, Transport } from '../../../src/protocol/rpc';
import type { VirtualClock } from '../../../src/sim/virtual-clock';

export class FakeNetwork {
  private readonly handlers = new Map<NodeAddress, RequestHandler>();
  private readonly cutLinks = new Set<string>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly latencyMs = 1,
  ) {}

  register(address: NodeAddress, handler: RequestHandler): void {
    this.handlers.set(address, handler);
  }

  unregister(address: NodeAddress): void {
    this.handlers.delete(address);
  }

  /** Drops every message between `a` and `b`, both ways. */
  cut(a: NodeAddress, b: NodeAddress): void {
    this.cutLinks.add(`${a}->${b}`);
    this.cutLinks.add(`${b}->${a}`);
  }

  heal(a: NodeAddress, b: NodeAddress): void {
    this.cutLinks.delete(`${a}->${b}`);
    this.cutLinks.delete(`${b}->${a}`);
  }

  transport(from: NodeAddress): Transport {
    return {
      address: from,
      request: <K extends ApiKey>(to: NodeAddress, api: K, body: RequestOf<K>, timeoutMs: number) =>
        this.send(from, to, api, body, timeoutMs),
    };
  }

  private send<K extends ApiKey>(
    from: NodeAddress,
    to: NodeAddress,
    api: K,
    body: RequestOf<K>,
    timeoutMs: number,
  ): Promise<ResponseOf<K>> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        timeout.cancel();
        action();
      };
      const timeout = this.clock.schedule(timeoutMs, () => settle(() => reject(new KafkaError('REQUEST_TIMED_OUT'))));
      if (this.cutLinks.has(`${from}->${to}`)) return;
      const copy = structuredClone(body);
      this.clock.schedule(this.latencyMs, () => {
        const handler = this.handlers.get(to);
        if (handler === undefined) {
          settle(() => reject(new KafkaError('NETWORK_EXCEPTION')));
          return;
        }
        handler(api, copy, from).then(
          (response) => this.reply(to, from, () => settle(() => resolve(structuredClone(response)))),
          (error: unknown) => this.reply(to, from, () => settle(() => reject(error))),
        );
      });
    });
  }

  private reply(from: NodeAddress, to: NodeAddress, deliver: () => void): void {
    if (this.cutLinks.has(`${from}->${to}`)) return;
    this.clock.schedule(this.latencyMs, deliver);
  }
}
