/**
 * The browser runtime in Node: each "worker" is the real host (broker or client) exposed over
 * Comlink on a MessageChannel in this thread, brokers over fake-indexeddb, on real time with small
 * timeouts. The real Worker and Chromium's IndexedDB are covered by test/e2e.
 */
import * as Comlink from 'comlink';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import { SeededRandom } from '../../src/core/random';
import type { Transport } from '../../src/protocol/rpc';
import type { Kafka } from '../../src/client/kafka';
import { BrowserCluster, type BrowserClusterOptions } from '../../src/runtime/browser-cluster';
import { createBrokerHost } from '../../src/runtime/broker-host';
import { createClientHost } from '../../src/runtime/client-host';
import { PageClock } from '../../src/runtime/page-clock';
import { RealClock } from '../../src/runtime/real-clock';
import type { WorkerLike } from '../../src/runtime/worker-connection';
import { SimProcess } from '../../src/sim/sim-process';
import { IndexedDbLogStore } from '../../workers/indexeddb-log-store';

export const CONFIG = {
  'broker.session.timeout.ms': 1000,
  'broker.heartbeat.interval.ms': 200,
  'replica.lag.time.max.ms': 1500,
  'replica.socket.timeout.ms': 2000,
  'group.initial.rebalance.delay.ms': 100,
  'group.min.session.timeout.ms': 500,
  'offsets.topic.num.partitions': 3,
};

const NO_TRANSPORT: Transport = { address: 'unused', request: () => new Promise(() => {}) };

/** A Comlink endpoint in this thread standing in for a module worker; `ended` runs on terminate(). */
export function inThreadEndpoint(host: object, ended: () => void): WorkerLike {
  const channel = new MessageChannel();
  Comlink.expose(host, channel.port1);
  const endpoint = channel.port2;
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => endpoint.postMessage(message, transfer ?? []),
    addEventListener: endpoint.addEventListener.bind(endpoint) as WorkerLike['addEventListener'],
    removeEventListener: endpoint.removeEventListener.bind(endpoint) as WorkerLike['removeEventListener'],
    start: () => endpoint.start(),
    terminate: () => {
      ended();
      channel.port1.close();
      endpoint.close();
    },
  };
}

/**
 * A broker "worker". terminate() ends it as worker.terminate() would: SimProcess stops its timers
 * and freezes its disk, its Comlink channel closes, and the cluster closes its ports.
 */
export function inThreadBrokerWorker(brokerId: number): WorkerLike {
  // The page's time, as the worker follows it: the cluster sends its course at init and on every change.
  const pageClock = new PageClock();
  const processes = [new SimProcess(pageClock, NO_TRANSPORT, new MemoryLogStore())];
  const host = createBrokerHost({
    clock: processes[0].clock,
    followTime: (course) => pageClock.follow(course),
    random: new SeededRandom(brokerId),
    openStore: async (name) => {
      const disk = new SimProcess(new RealClock(), NO_TRANSPORT, await IndexedDbLogStore.open<LogMeta>(name));
      processes.push(disk);
      return disk.store;
    },
  });
  return inThreadEndpoint(host, () => {
    for (const process of processes) process.kill();
  });
}

/** The client worker: its workloads' timers stop with it. */
export function inThreadClientWorker(): WorkerLike {
  const pageClock = new PageClock();
  const process = new SimProcess(pageClock, NO_TRANSPORT, new MemoryLogStore());
  return inThreadEndpoint(
    createClientHost({ clock: process.clock, followTime: (course) => pageClock.follow(course), random: new SeededRandom(99) }),
    () => process.kill(),
  );
}

const open: BrowserCluster[] = [];
let prefixes = 0;

/** A fresh storage prefix, so tests never share databases. */
export function newPrefix(name: string): string {
  return `${name}-${prefixes++}`;
}

/** Opens (or reopens) the cluster under `storagePrefix`; a new one gets CONFIG plus `config`. */
export async function openCluster(
  storagePrefix: string,
  config: Record<string, string | number | boolean> = {},
  options: Pick<BrowserClusterOptions, 'startTimeoutMs'> = {},
): Promise<BrowserCluster> {
  const cluster = await BrowserCluster.open({
    spawnBroker: inThreadBrokerWorker,
    config: { ...CONFIG, ...config },
    storagePrefix,
    pollIntervalMs: 100,
    controlTimeoutMs: 2000,
    ...options,
  });
  open.push(cluster);
  return cluster;
}

export async function closeClusters(): Promise<void> {
  for (const cluster of open.splice(0)) await cluster.close();
}

export async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Three brokers and a topic `orders` (one partition, RF 3, min.insync.replicas=2), with a client. */
export async function threeBrokers(
  prefix: string,
  config: Record<string, string | number | boolean> = {},
): Promise<{ cluster: BrowserCluster; kafka: Kafka }> {
  const cluster = await openCluster(prefix, config);
  for (let i = 0; i < 3; i++) await cluster.addBroker();
  const kafka = cluster.client();
  await kafka.admin().createTopics({
    topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
  });
  return { cluster, kafka };
}
