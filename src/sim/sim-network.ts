/**
 * The in-process runtime's network: every request and response between nodes travels as an event
 * on the virtual clock, with a latency drawn from the seeded Random, so a run is reproducible from
 * its seed. It is where faults take effect (crashes, loss, and the cuts, isolation and slow nodes of
 * the cluster's fault model, LinkFaults), like the message filters of Kafka's RaftEventSimulationTest, and it journals every
 * message as Maelstrom's network does: the journal feeds the checkers and the message diagram.
 *
 * What a caller sees mirrors Kafka's NetworkClient:
 * - the peer is down: NETWORK_EXCEPTION after one latency ("Connection to node 2 ... could not be
 *   established"), and requests in flight to a node when it dies fail the same way (a crash resets
 *   its connections; the browser runtime rejects calls to a terminated worker likewise);
 * - the link is cut or the message lost: silence, so the caller's own timeout fires with
 *   REQUEST_TIMED_OUT ("Disconnected from node 2 due to timeout", as the producer's Sender says).
 */
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import { asKafkaError, KafkaError, type ErrorName } from '../protocol/errors';
import {
  nodeLabel,
  type ApiKey,
  type NodeAddress,
  type RequestContext,
  type RequestHandler,
  type RequestOf,
  type ResponseOf,
  type Transport,
} from '../protocol/rpc';
import { LinkFaults } from '../cluster/link-faults';
import { RingBuffer } from '../core/ring-buffer';

export type MessageKind = 'request' | 'response' | 'dropped' | 'refused' | 'timeout';

/** Why a message never arrived. */
export type DropReason = 'partition' | 'loss' | 'sender-down' | 'receiver-down';

export interface NetworkMessage {
  /** Position in the journal since the network was created (survives ring-buffer eviction). */
  seq: number;
  timeMs: number;
  from: NodeAddress;
  to: NodeAddress;
  api: ApiKey;
  kind: MessageKind;
  correlationId: number;
  /** For 'request' and 'response': when it reaches `to`. */
  arrivalMs?: number;
  /** For a 'response' that carries a request-level error, and for 'refused' and 'timeout'. */
  error?: ErrorName;
  reason?: DropReason;
}

export interface SimNetworkOptions {
  minLatencyMs?: number;
  maxLatencyMs?: number;
  journalCapacity?: number;
  /**
   * Copy every request and response body with structuredClone (default true). Nodes then never
   * share mutable objects, exactly as across the browser runtime's MessagePorts, so a leader that
   * rewrites batch bytes in place cannot change the producer's copy.
   */
  cloneMessages?: boolean;
  /** The fault model to follow; the cluster shares its own. Default: a new one. */
  faults?: LinkFaults;
}

interface NodeEntry {
  handler: RequestHandler;
  /** Bumped on every register and kill, so a reply computed by a previous incarnation is dropped. */
  incarnation: number;
}

interface PendingRequest {
  readonly correlationId: number;
  readonly from: NodeAddress;
  readonly to: NodeAddress;
  readonly api: ApiKey;
  readonly context: RequestContext | undefined;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: KafkaError) => void;
  timeout: Timer | null;
}

type Outcome = { ok: true; body: unknown } | { ok: false; error: KafkaError };

export class SimNetwork {
  private minLatencyMs: number;
  private maxLatencyMs: number;
  private lossRate = 0;
  private readonly cloneMessages: boolean;
  private readonly nodes = new Map<NodeAddress, NodeEntry>();
  private readonly down = new Set<NodeAddress>();
  /** Cuts, isolation and slow nodes: what the operator set, which this network enforces. */
  readonly faults: LinkFaults;
  /** Per (from, to) link, when its last message arrives: later messages never overtake it (TCP order). */
  private readonly linkArrivalMs = new Map<string, number>();
  private readonly pending = new Map<number, PendingRequest>();
  private readonly messages: RingBuffer<NetworkMessage>;
  private readonly listeners = new Set<(message: NetworkMessage) => void>();
  private nextCorrelationId = 1;
  private nextSeq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    options: SimNetworkOptions = {},
  ) {
    this.minLatencyMs = 1;
    this.maxLatencyMs = 5;
    this.setLatency(options.minLatencyMs ?? this.minLatencyMs, options.maxLatencyMs ?? this.maxLatencyMs);
    this.messages = new RingBuffer(options.journalCapacity ?? 10_000);
    this.cloneMessages = options.cloneMessages ?? true;
    this.faults = options.faults ?? new LinkFaults();
  }

  /** Serves `address` with `handler`; a node that was killed comes back up with the new handler. */
  register(address: NodeAddress, handler: RequestHandler): void {
    const previous = this.nodes.get(address);
    this.nodes.set(address, { handler, incarnation: (previous?.incarnation ?? 0) + 1 });
    this.down.delete(address);
  }

  /** The sending side for a node or a client. */
  transport(address: NodeAddress): Transport {
    return {
      address,
      request: <K extends ApiKey>(to: NodeAddress, api: K, body: RequestOf<K>, timeoutMs: number, context?: RequestContext) =>
        this.send(address, to, api, body, timeoutMs, context) as Promise<ResponseOf<K>>,
    };
  }

  isUp(address: NodeAddress): boolean {
    return !this.down.has(address);
  }

  /**
   * Crashes a node: its requests in flight are abandoned (the process is gone, nobody is waiting),
   * requests awaiting its answer fail with NETWORK_EXCEPTION, and whatever its handlers still
   * return is dropped.
   */
  kill(address: NodeAddress): void {
    if (this.down.has(address)) return;
    this.down.add(address);
    const node = this.nodes.get(address);
    if (node !== undefined) node.incarnation++;
    for (const request of [...this.pending.values()]) {
      if (request.from === address) {
        this.forget(request);
      } else if (request.to === address) {
        this.forget(request);
        const error = new KafkaError('NETWORK_EXCEPTION', `Disconnected from node ${nodeLabel(address)}`);
        this.record({
          from: request.from,
          to: address,
          api: request.api,
          kind: 'dropped',
          correlationId: request.correlationId,
          error: error.type,
          reason: 'receiver-down',
        });
        this.clock.schedule(this.drawLatency(address, request.from), () => request.reject(error));
      }
    }
  }

  /** Brings a killed node back with the handler it had (register a new handler to restart it as a new process). */
  revive(address: NodeAddress): void {
    const node = this.nodes.get(address);
    if (node === undefined) throw new Error(`SimNetwork.revive: no node registered at ${address}`);
    if (this.down.has(address)) this.register(address, node.handler);
  }

  /** Drops every message from `from` to `to` (one way: the other direction still flows). */
  partition(from: NodeAddress, to: NodeAddress): void {
    this.faults.partitionOneWay(from, to);
  }

  partitionBoth(a: NodeAddress, b: NodeAddress): void {
    this.faults.partition(a, b);
  }

  /** Cuts `address` off from every other node, including ones that join later. */
  isolate(address: NodeAddress): void {
    this.faults.isolate(address);
  }

  /** heal(a, b): restores both directions between a and b. heal(a): ends a's isolation and every cut touching a. */
  heal(a: NodeAddress, b?: NodeAddress): void {
    this.faults.heal(a, b);
  }

  healAll(): void {
    this.faults.heal();
  }

  /** Probability in [0, 1] that any one message is silently lost. */
  setLossRate(p: number): void {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`SimNetwork.setLossRate: ${p} is not a probability`);
    this.lossRate = p;
  }

  setLatency(minLatencyMs: number, maxLatencyMs: number): void {
    if (!(minLatencyMs >= 0 && maxLatencyMs >= minLatencyMs)) {
      throw new RangeError(`SimNetwork.setLatency: need 0 <= min <= max, got ${minLatencyMs}..${maxLatencyMs}`);
    }
    this.minLatencyMs = minLatencyMs;
    this.maxLatencyMs = maxLatencyMs;
  }

  /** Adds `extraMs` to every message to or from `address` (a slow follower); 0 restores it. */
  slow(address: NodeAddress, extraMs: number): void {
    this.faults.slow(address, extraMs);
  }

  /** The journal, oldest first: at most `journalCapacity` most recent messages. */
  journal(): NetworkMessage[] {
    return this.messages.toArray();
  }

  /** Called with every journal entry as it is written; returns an unsubscribe function. */
  onMessage(listener: (message: NetworkMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private send(
    from: NodeAddress,
    to: NodeAddress,
    api: ApiKey,
    body: unknown,
    timeoutMs: number,
    context: RequestContext | undefined,
  ): Promise<unknown> {
    const correlationId = this.nextCorrelationId++;
    return new Promise((resolve, reject) => {
      if (this.down.has(from)) {
        // A dead node's code can still be finishing an await; its request goes nowhere and nobody waits.
        this.record({ from, to, api, kind: 'dropped', correlationId, reason: 'sender-down' });
        return;
      }
      const request: PendingRequest = { correlationId, from, to, api, context, resolve, reject, timeout: null };
      this.pending.set(correlationId, request);
      if (Number.isFinite(timeoutMs)) {
        request.timeout = this.clock.schedule(
          timeoutMs,
          () => this.timeOut(request, timeoutMs),
          `timer fired: request.timeout.ms of ${nodeLabel(request.from)}'s ${api} to ${nodeLabel(to)}`,
        );
      }
      if (this.lost(from, to, api, 'request', correlationId)) return;
      if (this.down.has(to) || !this.nodes.has(to)) {
        this.refuse(request);
        return;
      }
      const payload = this.copy(body);
      const incarnation = this.nodes.get(to)!.incarnation;
      this.transmit(from, to, api, 'request', correlationId, undefined, () => this.deliverRequest(request, payload, incarnation));
    });
  }

  private deliverRequest(request: PendingRequest, body: unknown, incarnation: number): void {
    const { from, to, api } = request;
    const node = this.nodes.get(to);
    // A node that died while the request was on the wire already failed it (see kill).
    if (node === undefined || node.incarnation !== incarnation) return;
    let handled: Promise<unknown>;
    try {
      handled = node.handler(api, body as RequestOf<typeof api>, from, request.context);
    } catch (error) {
      handled = Promise.reject(error);
    }
    handled.then(
      (response) => this.reply(request, incarnation, { ok: true, body: response }),
      (error: unknown) => this.reply(request, incarnation, { ok: false, error: asKafkaError(error) }),
    );
  }

  private reply(request: PendingRequest, incarnation: number, outcome: Outcome): void {
    const { from, to, api, correlationId } = request;
    if (this.nodes.get(to)?.incarnation !== incarnation) {
      this.record({ from: to, to: from, api, kind: 'dropped', correlationId, reason: 'sender-down' });
      return;
    }
    if (this.lost(to, from, api, 'response', correlationId)) return;
    const delivered: Outcome = outcome.ok ? { ok: true, body: this.copy(outcome.body) } : outcome;
    const error = outcome.ok ? undefined : outcome.error.type;
    this.transmit(to, from, api, 'response', correlationId, error, () => {
      if (this.down.has(from)) {
        this.record({ from: to, to: from, api, kind: 'dropped', correlationId, reason: 'receiver-down' });
        return;
      }
      // Only a request still waiting is answered: a timed-out one has gone.
      if (this.pending.get(correlationId) !== request) return;
      this.forget(request);
      if (delivered.ok) request.resolve(delivered.body);
      else request.reject(new KafkaError(delivered.error.type, delivered.error.message));
    });
  }

  /** Journals a message and schedules its arrival after a link-ordered latency; a link cut meanwhile loses it. */
  private transmit(
    from: NodeAddress,
    to: NodeAddress,
    api: ApiKey,
    kind: 'request' | 'response',
    correlationId: number,
    error: ErrorName | undefined,
    arrive: () => void,
  ): void {
    const key = linkKey(from, to);
    const arrivalMs = Math.max(this.clock.now() + this.drawLatency(from, to), this.linkArrivalMs.get(key) ?? 0);
    this.linkArrivalMs.set(key, arrivalMs);
    this.record({ from, to, api, kind, correlationId, arrivalMs, ...(error === undefined ? {} : { error }) });
    this.clock.schedule(
      arrivalMs - this.clock.now(),
      () => {
        if (this.isCut(from, to)) {
          this.record({ from, to, api, kind: 'dropped', correlationId, reason: 'partition' });
          return;
        }
        arrive();
      },
      `${from} → ${to}: ${api} ${kind} delivered`,
    );
  }

  /** True (and journaled) when a partition or random loss swallows the message at send time. */
  private lost(from: NodeAddress, to: NodeAddress, api: ApiKey, kind: 'request' | 'response', correlationId: number): boolean {
    let reason: DropReason | null = null;
    if (this.isCut(from, to)) reason = 'partition';
    // Drawing only when loss is on keeps a loss-free run's random stream identical to one without the feature.
    else if (this.lossRate > 0 && this.random.next() < this.lossRate) reason = 'loss';
    if (reason === null) return false;
    this.record({ from, to, api, kind: 'dropped', correlationId, reason });
    return true;
  }

  private refuse(request: PendingRequest): void {
    const { from, to, api, correlationId } = request;
    const error = new KafkaError(
      'NETWORK_EXCEPTION',
      `Connection to node ${nodeLabel(to)} could not be established. Node may not be available.`,
    );
    this.record({ from, to, api, kind: 'refused', correlationId, error: error.type });
    this.clock.schedule(this.drawLatency(to, from), () => {
      if (this.pending.get(correlationId) !== request) return;
      this.forget(request);
      request.reject(error);
    });
  }

  private timeOut(request: PendingRequest, timeoutMs: number): void {
    if (this.pending.get(request.correlationId) !== request) return;
    this.forget(request);
    this.record({
      from: request.from,
      to: request.to,
      api: request.api,
      kind: 'timeout',
      correlationId: request.correlationId,
      error: 'REQUEST_TIMED_OUT',
    });
    request.reject(
      new KafkaError(
        'REQUEST_TIMED_OUT',
        `Disconnected from node ${nodeLabel(request.to)} due to timeout (no response within ${timeoutMs} ms)`,
      ),
    );
  }

  private forget(request: PendingRequest): void {
    request.timeout?.cancel();
    this.pending.delete(request.correlationId);
  }

  private isCut(from: NodeAddress, to: NodeAddress): boolean {
    return this.faults.isCut(from, to);
  }

  private drawLatency(from: NodeAddress, to: NodeAddress): number {
    const base = this.minLatencyMs + this.random.nextInt(this.maxLatencyMs - this.minLatencyMs + 1);
    return base + this.faults.extraLatencyMs(from) + this.faults.extraLatencyMs(to);
  }

  private copy<T>(body: T): T {
    return this.cloneMessages ? structuredClone(body) : body;
  }

  private record(entry: Omit<NetworkMessage, 'seq' | 'timeMs'>): void {
    const message: NetworkMessage = { seq: this.nextSeq++, timeMs: this.clock.now(), ...entry };
    this.messages.push(message);
    for (const listener of this.listeners) listener(message);
  }
}

function linkKey(from: NodeAddress, to: NodeAddress): string {
  return `${from}->${to}`;
}
