/**
 * `createCluster()` for Node: the in-process cluster, plus `listen()` and `socketFactory()` on the
 * wall clock. The listener code is added here, at the entry, so that src/sim, which the page may
 * one day bundle, never imports Node's net module.
 */
import { createCluster as createInProcessCluster, type ClockOption, type CreateClusterOptions } from '../sim/create-cluster';
import type { InProcessCluster } from '../sim/in-process-cluster';
import type { VirtualClock } from '../sim/virtual-clock';
import { WallClock, type SimClock } from '../sim/wall-clock';
import type { Kafka } from '../client/kafka';
import { NodeWireServer, type BrokerListener, type ListenOptions, type SocketFactory, type WireServerOptions } from './wire-server';

export interface WireListening {
  /**
   * Opens one TCP listener per broker, on consecutive ports from `port` (0 picks free ones), and
   * resolves to where each listens; each broker advertises its own in Metadata and FindCoordinator.
   */
  listen(options?: ListenOptions): Promise<BrokerListener[]>;
  /** The brokers' listeners so far. */
  listening(): BrokerListener[];
  /** kafkajs's `socketFactory` option: in-memory connections to the same brokers, no TCP. */
  socketFactory(): SocketFactory;
}

export type WireCluster<C extends SimClock> = InProcessCluster<C> & WireListening;

export interface WireOptions {
  /** Where the gateway says why it closed a connection; silent by default. */
  wire?: WireServerOptions;
}

export async function createCluster(
  options: CreateClusterOptions & WireOptions & { clock: 'real' },
): Promise<{ cluster: WireCluster<WallClock>; kafka: Kafka }>;
export async function createCluster(
  options?: CreateClusterOptions & WireOptions & { clock?: 'virtual' },
): Promise<{ cluster: WireCluster<VirtualClock>; kafka: Kafka }>;
export async function createCluster(
  options?: CreateClusterOptions & WireOptions & ClockOption,
): Promise<{ cluster: WireCluster<SimClock>; kafka: Kafka }>;
export async function createCluster(
  options: CreateClusterOptions & WireOptions & ClockOption = {},
): Promise<{ cluster: WireCluster<SimClock>; kafka: Kafka }> {
  const { wire, ...rest } = options;
  const { cluster, kafka } = await createInProcessCluster(rest);
  return { cluster: withWire(cluster, wire ?? {}), kafka };
}

function withWire<C extends SimClock>(cluster: InProcessCluster<C>, options: WireServerOptions): WireCluster<C> {
  let server: NodeWireServer | null = null;
  const wireServer = (): NodeWireServer => {
    // On virtual time nothing runs between awaited calls, so a client outside the process would wait forever.
    if (!(cluster.clock instanceof WallClock))
      throw new Error("listen() and socketFactory() need the wall clock: createCluster({ clock: 'real' })");
    server ??= new NodeWireServer(cluster, (address) => cluster.network.transport(address), options);
    return server;
  };
  const close = cluster.close.bind(cluster);
  return Object.assign(cluster, {
    listen: (listenOptions?: ListenOptions) => wireServer().listen(listenOptions),
    listening: () => server?.listeners() ?? [],
    socketFactory: () => wireServer().socketFactory(),
    close: async () => {
      await server?.close();
      await close();
    },
  });
}
