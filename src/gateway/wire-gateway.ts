/**
 * The wire gateway: Kafka's protocol in front of a cluster's brokers, whatever runtime runs them.
 * It keeps one listener per broker (its advertised host and port) and that broker's client
 * connections, and delivers each request to the broker over the cluster's own network, so the
 * link faults (cuts, isolation, slowness) apply to wire clients as to any other node. A listener
 * follows its broker: when the broker is killed or shut down its connections close and new ones are
 * refused until it runs again, as a dead broker's socket server does.
 *
 * Generic over the cluster contract plus a way to send a request to a broker (`connect`): the
 * in-process runtime gives its SimNetwork transports, and a bridge could give the page's.
 */
import type { ClusterOperator } from '../cluster/cluster-operator';
import { brokerAddress, type Transport } from '../protocol/rpc';
import { DEFAULT_MAX_REQUEST_BYTES, WireConnection, type ByteChannel, type WireLogger } from './wire-connection';

export interface Endpoint {
  host: string;
  port: number;
}

export interface WireGatewayOptions {
  cluster: Pick<ClusterOperator, 'brokerIds' | 'broker' | 'onChange'>;
  /** A transport from a new network address (one per connection) to the brokers. */
  connect(address: string): Transport;
  logger?: WireLogger;
  /** socket.request.max.bytes (default 104857600). */
  maxRequestBytes?: number;
  /** The listener's name in each request's context (default PLAINTEXT). */
  listenerName?: string;
  /**
   * How long a request may wait for its broker before the connection is closed; Kafka's broker has
   * no such bound, but a request to a broker cut off forever must not be held forever
   * (connections.max.idle.ms, 10 minutes, closes such a connection in Kafka).
   */
  requestTimeoutMs?: number;
}

/** A logger that says nothing. */
export const SILENT_LOGGER: WireLogger = { info: () => undefined, warn: () => undefined };

export class WireGateway {
  private readonly endpoints = new Map<number, Endpoint>();
  private readonly connections = new Map<number, Set<WireConnection>>();
  private readonly unsubscribe: () => void;
  private nextConnection = 1;
  private closed = false;
  readonly logger: WireLogger;

  constructor(private readonly options: WireGatewayOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.unsubscribe = options.cluster.onChange(() => this.followBrokers());
  }

  /** The endpoint broker `brokerId` advertises on this listener. */
  setEndpoint(brokerId: number, endpoint: Endpoint): void {
    this.endpoints.set(brokerId, endpoint);
  }

  endpoint(brokerId: number): Endpoint | undefined {
    return this.endpoints.get(brokerId);
  }

  /** Whether broker `brokerId`'s process runs, so its listener takes connections. */
  isAccepting(brokerId: number): boolean {
    if (this.closed || !this.options.cluster.brokerIds().includes(brokerId)) return false;
    const state = this.options.cluster.broker(brokerId).state;
    return state !== 'killed' && state !== 'shutdown';
  }

  /** A new client connection to broker `brokerId`; null (and the channel closed) while the broker is down. */
  accept(brokerId: number, channel: ByteChannel, peer: Endpoint): WireConnection | null {
    if (!this.isAccepting(brokerId)) {
      channel.close();
      return null;
    }
    const number = this.nextConnection++;
    const transport = this.options.connect(`wire-${brokerId}-${number}`);
    const to = brokerAddress(brokerId);
    const timeoutMs = this.options.requestTimeoutMs ?? 600_000;
    const set = this.connections.get(brokerId) ?? new Set<WireConnection>();
    this.connections.set(brokerId, set);
    const connection: WireConnection = new WireConnection(channel, {
      name: `broker ${brokerId} connection ${number} from ${peer.host}:${peer.port}`,
      clientHost: `/${peer.host}`,
      listenerName: this.options.listenerName ?? 'PLAINTEXT',
      maxRequestBytes: this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      deliver: (api, body, context) => transport.request(to, api, body, timeoutMs, context),
      endpointOf: (id) => this.endpoints.get(id),
      logger: this.logger,
      onClose: () => set.delete(connection),
    });
    set.add(connection);
    return connection;
  }

  /** Open connections to broker `brokerId`. */
  connectionCount(brokerId: number): number {
    return this.connections.get(brokerId)?.size ?? 0;
  }

  /** Closes every connection of a broker that stopped running. */
  private followBrokers(): void {
    for (const [brokerId, set] of this.connections) {
      if (set.size === 0 || this.isAccepting(brokerId)) continue;
      for (const connection of [...set]) connection.close(`broker ${brokerId} is down`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const set of this.connections.values()) for (const connection of [...set]) connection.close();
  }
}
