/**
 * One node's end of the browser runtime's network: a MessagePort per peer (a MessageChannel per
 * pair of nodes, created once by the main thread and handed out), serving the node's requests and
 * sending its own. It implements the engine's Transport with the failures Kafka's NetworkClient
 * reports, as SimNetwork does on virtual time:
 * - no connection to the peer (its broker is not running): NETWORK_EXCEPTION at once;
 * - the peer dies with requests in flight (the main thread calls `disconnect` when it terminates a
 *   worker, because a MessagePort says nothing when the other side's thread is gone): NETWORK_EXCEPTION;
 * - no answer in time (a cut link, a stuck peer): REQUEST_TIMED_OUT, from the node's own clock.
 *
 * Faults are applied where a message leaves and where it arrives, as SimNetwork applies them: a
 * link can be cut in one direction only (what this node sends to a peer, or what reaches it from
 * one), and a slow node holds back everything it sends and receives (see DelayLine), so a message
 * between two slow nodes is late by both delays. A message still held back when its link is cut
 * is lost, as one on the wire is.
 */
import type { Clock, Timer } from '../core/clock';
import { asKafkaError, KafkaError } from '../protocol/errors';
import type { ApiKey, NodeAddress, RequestHandler, RequestOf, ResponseOf, Transport } from '../protocol/rpc';
import type { NodeFaults } from '../cluster/link-faults';
import { nodeLabel } from '../protocol/rpc';
import { DelayLine } from './delay-line';
import { packForTransfer, type Packed, type WireMessage } from './wire';

export interface PortNodeOptions {
  address: NodeAddress;
  /** Times the requests out; the runtime's real clock. */
  clock: Clock;
  /** Serves requests from peers; a node without one (a client) answers every request with an error. */
  handler?: RequestHandler;
  /** Opens a connection to a peer this node has none to yet (a client to a broker); null when nothing listens there. */
  dial?: (peer: NodeAddress) => MessagePort | null;
}

interface PendingRequest {
  peer: NodeAddress;
  resolve: (body: unknown) => void;
  reject: (error: KafkaError) => void;
  timer: Timer;
}

export class PortNode {
  readonly address: NodeAddress;
  readonly transport: Transport;
  private readonly clock: Clock;
  private readonly handler: RequestHandler | undefined;
  private readonly dial: ((peer: NodeAddress) => MessagePort | null) | undefined;
  private readonly ports = new Map<NodeAddress, MessagePort>();
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private isolated = false;
  /** Peers this node's messages to are dropped (a cut from this node to them). */
  private cutTo = new Set<NodeAddress>();
  /** Peers whose messages to this node are dropped (a cut from them to this node). */
  private cutFrom = new Set<NodeAddress>();
  /** How long this node holds back every message it sends or receives (a slow broker); 0 for none. */
  private slowMs = 0;
  private readonly outgoing = new Map<NodeAddress, DelayLine>();
  private readonly incoming = new Map<NodeAddress, DelayLine>();
  private closed = false;

  constructor(options: PortNodeOptions) {
    this.address = options.address;
    this.clock = options.clock;
    this.handler = options.handler;
    this.dial = options.dial;
    this.transport = {
      address: this.address,
      request: <K extends ApiKey>(to: NodeAddress, api: K, body: RequestOf<K>, timeoutMs: number) =>
        this.request(to, api, body, timeoutMs) as Promise<ResponseOf<K>>,
    };
  }

  /** The connection to `peer`; one that replaces an older connection drops that one first. */
  connect(peer: NodeAddress, port: MessagePort): void {
    if (this.closed) {
      port.close();
      return;
    }
    this.disconnect(peer);
    this.ports.set(peer, port);
    port.onmessage = (event: MessageEvent<WireMessage>) =>
      this.lineFor(this.incoming, peer).push(this.slowMs, () => this.receive(peer, port, event.data));
  }

  /** The peer is gone: its port closes and every request waiting for its answer fails. */
  disconnect(peer: NodeAddress): void {
    const port = this.ports.get(peer);
    if (port !== undefined) {
      this.ports.delete(peer);
      port.onmessage = null;
      port.close();
    }
    // What a slow node still held for the peer, either way, went with the connection.
    this.outgoing.get(peer)?.clear();
    this.outgoing.delete(peer);
    this.incoming.get(peer)?.clear();
    this.incoming.delete(peer);
    for (const [id, request] of this.pending) {
      if (request.peer !== peer) continue;
      this.settle(id)?.reject(new KafkaError('NETWORK_EXCEPTION', `Disconnected from node ${nodeLabel(peer)}`));
    }
  }

  /**
   * This node's share of the cluster's faults (LinkFaults.faultsOf), replacing what it had: isolated,
   * whatever it sends and whatever reaches it is dropped, so both sides time out; a cut from a to b
   * is a's `cutTo` and b's `cutFrom`; a slow node holds back every message it sends or receives from
   * now on.
   */
  setFaults(faults: Pick<NodeFaults, 'isolated' | 'cutTo' | 'cutFrom' | 'slowMs'>): void {
    this.isolated = faults.isolated;
    this.cutTo = new Set(faults.cutTo);
    this.cutFrom = new Set(faults.cutFrom);
    this.slowMs = faults.slowMs;
  }

  close(): void {
    for (const peer of [...this.ports.keys()]) this.disconnect(peer);
    for (const line of [...this.outgoing.values(), ...this.incoming.values()]) line.clear();
    for (const id of [...this.pending.keys()])
      this.settle(id)?.reject(new KafkaError('NETWORK_EXCEPTION', `Node ${nodeLabel(this.address)} is shut down`));
    this.closed = true;
  }

  private request(to: NodeAddress, api: ApiKey, body: unknown, timeoutMs: number): Promise<unknown> {
    const port = this.closed ? undefined : (this.ports.get(to) ?? this.dialPeer(to));
    if (port === undefined) {
      return Promise.reject(
        new KafkaError('NETWORK_EXCEPTION', `Connection to node ${nodeLabel(to)} could not be established. Node may not be available.`),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.clock.schedule(timeoutMs, () => {
        this.settle(id)?.reject(
          new KafkaError(
            'REQUEST_TIMED_OUT',
            `Disconnected from node ${nodeLabel(to)} due to timeout (no response within ${timeoutMs} ms)`,
          ),
        );
      });
      this.pending.set(id, { peer: to, resolve, reject, timer });
      this.send(to, port, { kind: 'request', id, api, body }, (error) => this.settle(id)?.reject(asKafkaError(error)));
    });
  }

  private dialPeer(peer: NodeAddress): MessagePort | undefined {
    const port = this.dial?.(peer) ?? null;
    if (port === null) return undefined;
    this.connect(peer, port);
    return port;
  }

  /**
   * Posts `message` once the node's delay has passed, unless by then the link is cut or the
   * connection replaced (an answer computed while the link was cut is lost too). Bytes are copied
   * now, so what the sender does with its own batches meanwhile cannot change what arrives.
   */
  private send(peer: NodeAddress, port: MessagePort, message: WireMessage, failed: (error: unknown) => void): void {
    let packed: Packed<WireMessage>;
    try {
      packed = packForTransfer(message);
    } catch (error) {
      failed(error);
      return;
    }
    this.lineFor(this.outgoing, peer).push(this.slowMs, () => {
      if (this.isolated || this.cutTo.has(peer) || this.ports.get(peer) !== port) return;
      try {
        port.postMessage(packed.value, packed.transfer);
      } catch (error) {
        failed(error);
      }
    });
  }

  private lineFor(lines: Map<NodeAddress, DelayLine>, peer: NodeAddress): DelayLine {
    let line = lines.get(peer);
    if (line === undefined) {
      line = new DelayLine(this.clock);
      lines.set(peer, line);
    }
    return line;
  }

  private receive(peer: NodeAddress, port: MessagePort, message: WireMessage): void {
    if (this.isolated || this.cutFrom.has(peer) || this.ports.get(peer) !== port) return;
    if (message.kind === 'request') {
      void this.serve(peer, port, message.id, message.api, message.body);
      return;
    }
    const request = this.pending.get(message.id);
    if (request === undefined || request.peer !== peer) return;
    this.settle(message.id);
    if (message.kind === 'response') request.resolve(message.body);
    else request.reject(new KafkaError(message.error, message.message));
  }

  private async serve(peer: NodeAddress, port: MessagePort, id: number, api: ApiKey, body: unknown): Promise<void> {
    let reply: WireMessage;
    try {
      if (this.handler === undefined) throw new KafkaError('UNSUPPORTED_VERSION', `Node ${this.address} serves no requests.`);
      reply = { kind: 'response', id, body: await this.handler(api, body as RequestOf<typeof api>, peer) };
    } catch (error) {
      const failure = asKafkaError(error);
      reply = { kind: 'error', id, error: failure.type, message: failure.message };
    }
    // An answer that cannot be sent as it is (a DataCloneError) goes back as that error.
    this.send(peer, port, reply, (error) => {
      const failure = asKafkaError(error);
      this.send(peer, port, { kind: 'error', id, error: failure.type, message: failure.message }, () => undefined);
    });
  }

  private settle(id: number): PendingRequest | undefined {
    const request = this.pending.get(id);
    if (request === undefined) return undefined;
    this.pending.delete(id);
    request.timer.cancel();
    return request;
  }
}
