/**
 * One node's end of the browser runtime's network: a MessagePort per peer (a MessageChannel per
 * pair of nodes, created once by the main thread and handed out), serving the node's requests and
 * sending its own. It implements the engine's Transport with the failures Kafka's NetworkClient
 * reports, as SimNetwork does on virtual time:
 * - no connection to the peer (its broker is not running): NETWORK_EXCEPTION at once;
 * - the peer dies with requests in flight (the main thread calls `disconnect` when it terminates a
 *   worker, because a MessagePort says nothing when the other side's thread is gone): NETWORK_EXCEPTION;
 * - no answer in time (a cut link, a stuck peer): REQUEST_TIMED_OUT, from the node's own clock.
 */
import type { Clock, Timer } from '../core/clock';
import { asKafkaError, KafkaError } from '../protocol/errors';
import type { ApiKey, NodeAddress, RequestHandler, RequestOf, ResponseOf, Transport } from '../protocol/rpc';
import { nodeLabel } from '../sim/sim-network';
import { packForTransfer, type WireMessage } from './wire';

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
  /** Peers the link to which is cut: nothing goes either way, as with isolation but for one link. */
  private readonly cut = new Set<NodeAddress>();
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
    port.onmessage = (event: MessageEvent<WireMessage>) => this.receive(peer, port, event.data);
  }

  /** The peer is gone: its port closes and every request waiting for its answer fails. */
  disconnect(peer: NodeAddress): void {
    const port = this.ports.get(peer);
    if (port !== undefined) {
      this.ports.delete(peer);
      port.onmessage = null;
      port.close();
    }
    for (const [id, request] of this.pending) {
      if (request.peer !== peer) continue;
      this.settle(id)?.reject(new KafkaError('NETWORK_EXCEPTION', `Disconnected from node ${nodeLabel(peer)}`));
    }
  }

  /** A cut-off node: whatever it sends and whatever reaches it is dropped, so both sides time out. */
  setIsolated(isolated: boolean): void {
    this.isolated = isolated;
  }

  /** Cuts (or restores) the link to one peer; the peer's own end must be cut too for both directions to drop. */
  setCut(peer: NodeAddress, cut: boolean): void {
    if (cut) this.cut.add(peer);
    else this.cut.delete(peer);
  }

  close(): void {
    for (const peer of [...this.ports.keys()]) this.disconnect(peer);
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new KafkaError('NETWORK_EXCEPTION', `Node ${nodeLabel(this.address)} is shut down`));
    this.closed = true;
  }

  private request(to: NodeAddress, api: ApiKey, body: unknown, timeoutMs: number): Promise<unknown> {
    const port = this.closed ? undefined : this.ports.get(to) ?? this.dialPeer(to);
    if (port === undefined) {
      return Promise.reject(new KafkaError('NETWORK_EXCEPTION', `Connection to node ${nodeLabel(to)} could not be established. Node may not be available.`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.clock.schedule(timeoutMs, () => {
        this.settle(id)?.reject(new KafkaError('REQUEST_TIMED_OUT', `Disconnected from node ${nodeLabel(to)} due to timeout (no response within ${timeoutMs} ms)`));
      });
      this.pending.set(id, { peer: to, resolve, reject, timer });
      if (this.isolated || this.cut.has(to)) return;
      try {
        this.post(port, { kind: 'request', id, api, body });
      } catch (error) {
        this.settle(id)?.reject(asKafkaError(error));
      }
    });
  }

  private dialPeer(peer: NodeAddress): MessagePort | undefined {
    const port = this.dial?.(peer) ?? null;
    if (port === null) return undefined;
    this.connect(peer, port);
    return port;
  }

  private receive(peer: NodeAddress, port: MessagePort, message: WireMessage): void {
    if (this.isolated || this.cut.has(peer) || this.ports.get(peer) !== port) return;
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
    // An answer computed while the link was cut, or for a connection since replaced, is lost.
    if (this.isolated || this.cut.has(peer) || this.ports.get(peer) !== port) return;
    try {
      this.post(port, reply);
    } catch (error) {
      const failure = asKafkaError(error);
      this.post(port, { kind: 'error', id, error: failure.type, message: failure.message });
    }
  }

  private post(port: MessagePort, message: WireMessage): void {
    const { value, transfer } = packForTransfer(message);
    port.postMessage(value, transfer);
  }

  private settle(id: number): PendingRequest | undefined {
    const request = this.pending.get(id);
    if (request === undefined) return undefined;
    this.pending.delete(id);
    request.timer.cancel();
    return request;
  }
}
