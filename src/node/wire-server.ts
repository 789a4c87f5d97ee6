/**
 * Kafka's wire protocol for the in-process cluster, in Node: one TCP listener per broker
 * (`listen()`), or an in-memory socket for kafkajs (`socketFactory()`), both in front of the same
 * WireGateway. Node-only (net, stream): nothing the page bundles imports this folder.
 */
import net from 'node:net';
import { Duplex } from 'node:stream';
import type { ClusterOperator } from '../cluster/cluster-operator';
import type { Transport } from '../protocol/rpc';
import { WireGateway, type Endpoint } from '../gateway/wire-gateway';
import type { ByteChannel, WireConnection, WireLogger } from '../gateway/wire-connection';

export interface ListenOptions {
  /** The address to bind; default 127.0.0.1. */
  host?: string;
  /**
   * The host Metadata and FindCoordinator name, as Kafka's advertised.listeners: `localhost` while
   * binding 127.0.0.1, as kafkajs's test brokers advertise. Default `host`.
   */
  advertisedHost?: string;
  /** The first broker's port; the others take the next ones. 0 (the default) picks free ports. */
  port?: number;
  /**
   * One port per broker, in broker id order, instead of consecutive ones: kafkajs's test brokers
   * listen on 9092, 9095 and 9098 (its docker-compose), and its test helpers name those.
   */
  ports?: number[];
}

export interface BrokerListener {
  brokerId: number;
  host: string;
  port: number;
}

export interface WireServerOptions {
  logger?: WireLogger;
  /** socket.request.max.bytes (default 104857600). */
  maxRequestBytes?: number;
}

/** kafkajs's ISocketFactory: what it calls instead of net.connect. */
export type SocketFactory = (options: { host: string; port: number; ssl?: unknown; onConnect: () => void }) => net.Socket;

/** A TCP socket as the gateway's ByteChannel. */
function socketChannel(socket: net.Socket): ByteChannel {
  return {
    write: (bytes) => socket.write(bytes),
    onDrain: (callback) => socket.once('drain', callback),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.destroy(),
  };
}

export class NodeWireServer {
  readonly gateway: WireGateway;
  private readonly servers = new Map<number, net.Server>();
  private readonly sockets = new Set<net.Socket | Duplex>();

  constructor(
    private readonly cluster: Pick<ClusterOperator, 'brokerIds' | 'broker' | 'onChange'>,
    connect: (address: string) => Transport,
    options: WireServerOptions = {},
  ) {
    this.gateway = new WireGateway({
      cluster,
      connect,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.maxRequestBytes === undefined ? {} : { maxRequestBytes: options.maxRequestBytes }),
    });
  }

  /** Opens a listener for every broker that has none yet, on consecutive ports from `port` (or free ones). */
  async listen(options: ListenOptions = {}): Promise<BrokerListener[]> {
    const host = options.host ?? '127.0.0.1';
    const advertisedHost = options.advertisedHost ?? host;
    const ids = this.cluster.brokerIds();
    let index = 0;
    for (const brokerId of ids) {
      if (this.servers.has(brokerId)) continue;
      const wanted = options.ports?.[index] ?? (options.port === undefined || options.port === 0 ? 0 : options.port + index);
      index++;
      const server = net.createServer((socket) => this.acceptTcp(brokerId, socket));
      server.maxConnections = Infinity;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: wanted }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as net.AddressInfo;
      this.servers.set(brokerId, server);
      this.gateway.setEndpoint(brokerId, { host: advertisedHost, port: address.port });
    }
    return this.listeners();
  }

  listeners(): BrokerListener[] {
    return this.cluster.brokerIds().flatMap((brokerId) => {
      const endpoint = this.gateway.endpoint(brokerId);
      return endpoint === undefined ? [] : [{ brokerId, ...endpoint }];
    });
  }

  private acceptTcp(brokerId: number, socket: net.Socket): void {
    socket.setNoDelay(true);
    const peer: Endpoint = { host: socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown', port: socket.remotePort ?? 0 };
    const connection = this.gateway.accept(brokerId, socketChannel(socket), peer);
    if (connection === null) return;
    this.track(socket, connection);
    socket.on('data', (chunk: Buffer) => connection.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  private track(socket: net.Socket | Duplex, connection: WireConnection): void {
    this.sockets.add(socket);
    const gone = () => {
      this.sockets.delete(socket);
      connection.close();
    };
    socket.on('close', gone);
    socket.on('end', gone);
    socket.on('error', gone);
  }

  /**
   * kafkajs's `socketFactory`: a connection to a broker that never touches TCP. The broker is the one
   * advertised at (host, port): its listener's endpoint after listen(), else the port the engine
   * advertises for it (9091 + id).
   */
  socketFactory(): SocketFactory {
    return ({ host, port, onConnect }) => {
      const brokerId = this.brokerAt(host, port);
      let connection: WireConnection | null = null;
      const socket = new MemorySocket((chunk) => connection?.receive(chunk));
      if (brokerId === undefined || !this.gateway.isAccepting(brokerId)) {
        process.nextTick(() => socket.destroy(Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}`), { code: 'ECONNREFUSED' })));
        return socket as unknown as net.Socket;
      }
      connection = this.gateway.accept(brokerId, socket.channel(), { host: 'in-memory', port: 0 });
      if (connection !== null) this.track(socket, connection);
      process.nextTick(onConnect);
      // Shaped like a net.Socket where kafkajs touches one (data, end, error, write, end, setKeepAlive, unref).
      return socket as unknown as net.Socket;
    };
  }

  private brokerAt(host: string, port: number): number | undefined {
    const ids = this.cluster.brokerIds();
    const byEndpoint = ids.find((id) => {
      const endpoint = this.gateway.endpoint(id);
      return endpoint !== undefined && endpoint.port === port && (endpoint.host === host || host === 'localhost');
    });
    return byEndpoint ?? ids.find((id) => this.gateway.endpoint(id) === undefined && 9091 + id === port);
  }

  async close(): Promise<void> {
    this.gateway.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await Promise.all([...this.servers.values()].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    this.servers.clear();
  }
}

/** The client's end of an in-memory connection, shaped like a net.Socket for kafkajs. */
class MemorySocket extends Duplex {
  private reading = true;
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly toBroker: (chunk: Uint8Array) => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.toBroker(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    callback();
  }

  override _read(): void {
    this.reading = true;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
  }

  /** The broker's end: what it writes is what kafkajs reads. */
  channel(): ByteChannel {
    return {
      write: (bytes) => {
        if (this.destroyed) return true;
        this.reading = this.push(Buffer.from(bytes));
        return this.reading;
      },
      onDrain: (callback) => {
        if (this.reading) callback();
        else this.drainWaiters.push(callback);
      },
      // Writes from kafkajs arrive synchronously; a request queued while one is served waits in the connection.
      pause: () => undefined,
      resume: () => undefined,
      close: () => {
        if (this.destroyed) return;
        this.push(null);
        this.destroy();
      },
    };
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setTimeout(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  ref(): this {
    return this;
  }
}
