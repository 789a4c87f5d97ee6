/**
 * BrowserCluster in Node: each "worker" is the real broker host exposed over Comlink on a
 * MessageChannel in this thread, over fake-indexeddb, on real time with small timeouts. The real
 * Worker and Chromium's IndexedDB are covered by test/e2e.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import type { Transport } from '../../src/protocol/rpc';
import { SimProcess } from '../../src/sim/sim-process';
import { SeededRandom } from '../../src/core/random';
import { BrowserCluster } from '../../src/runtime/browser-cluster';
import { createBrokerHost } from '../../src/runtime/broker-host';
import { RealClock } from '../../src/runtime/real-clock';
import type { WorkerLike } from '../../src/runtime/worker-connection';
import { IndexedDbLogStore } from '../../workers/indexeddb-log-store';

const CONFIG = { 'broker.session.timeout.ms': 1000, 'broker.heartbeat.interval.ms': 200, 'replica.lag.time.max.ms': 1500 };

const NO_TRANSPORT: Transport = { address: 'unused', request: () => new Promise(() => {}) };

/**
 * A stand-in for a module worker. terminate() ends it as worker.terminate() would: SimProcess stops
 * its timers and freezes its disk, its Comlink channel closes, and the cluster closes its ports.
 */
function inThreadWorker(brokerId: number): WorkerLike {
  const channel = new MessageChannel();
  const processes = [new SimProcess(new RealClock(), NO_TRANSPORT, new MemoryLogStore())];
  Comlink.expose(createBrokerHost({
    clock: processes[0].clock,
    random: new SeededRandom(brokerId),
    openStore: async (name) => {
      const disk = new SimProcess(new RealClock(), NO_TRANSPORT, await IndexedDbLogStore.open<LogMeta>(name));
      processes.push(disk);
      return disk.store;
    },
  }), channel.port1);
  const endpoint = channel.port2;
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => endpoint.postMessage(message, transfer ?? []),
    addEventListener: endpoint.addEventListener.bind(endpoint) as WorkerLike['addEventListener'],
    removeEventListener: endpoint.removeEventListener.bind(endpoint) as WorkerLike['removeEventListener'],
    start: () => endpoint.start(),
    terminate: () => {
      for (const process of processes) process.kill();
      channel.port1.close();
      endpoint.close();
    },
  };
}

const open: BrowserCluster[] = [];
let prefixes = 0;

async function openCluster(storagePrefix: string): Promise<BrowserCluster> {
  const cluster = await BrowserCluster.open({ spawnBroker: inThreadWorker, config: CONFIG, storagePrefix, pollIntervalMs: 100, controlTimeoutMs: 2000 });
  open.push(cluster);
  return cluster;
}

async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  for (const cluster of open.splice(0)) await cluster.close();
});

describe('runtime > browser cluster', () => {
  it('elects a new leader after broker.session.timeout.ms when the leader\'s worker is terminated, and keeps every acknowledged record', async () => {
    const cluster = await openCluster(`failover-${prefixes++}`);
    for (let i = 0; i < 3; i++) await cluster.addBroker();
    const kafka = cluster.client();
    await kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const producer = kafka.producer();
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    const before = cluster.describePartition('orders', 0);

    await cluster.killBroker(before.leader);
    expect(cluster.broker(before.leader).state).toBe('killed');
    const after = await until(() => cluster.describePartition('orders', 0), (p) => p.leaderEpoch === before.leaderEpoch + 1);
    expect(after.leader).not.toBe(before.leader);
    expect(after.isr).not.toContain(before.leader);

    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'c' }] });
    await cluster.restartBroker(before.leader);
    await until(() => cluster.describePartition('orders', 0).isr.length, (n) => n === 3);
    const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['a', 'b', 'c']);
  }, 60_000);

  it('comes back from IndexedDB with the same brokers, topics and records when opened again', async () => {
    const prefix = `reload-${prefixes++}`;
    const first = await openCluster(prefix);
    for (let i = 0; i < 3; i++) await first.addBroker({ rack: `rack-${i}` });
    await first.client().admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3 }] });
    await first.client().producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'kept', partition: 1 }] });
    // Fenced before the reload: a reload restarts every broker at once and each re-registration
    // takes that broker out of the ISRs, so were broker 3 still in them, it would be the last ISR
    // member and the partitions would stay offline until it came back (as in Kafka when every
    // broker crashes).
    await first.killBroker(3);
    await until(() => first.controller.image.brokers.get(3)?.fenced, (fenced) => fenced === true);
    const before = first.describe();
    await first.close();

    const second = await openCluster(prefix);
    const after = second.describe();
    expect(after.brokers).toEqual(before.brokers);
    expect(second.clusterId).toBe(first.clusterId);
    expect(after.topics.map((t) => [t.name, t.topicId, t.partitions.map((p) => p.replicas)]))
      .toEqual(before.topics.map((t) => [t.name, t.topicId, t.partitions.map((p) => p.replicas)]));
    const read = await second.client().readPartition({ topic: 'orders', partition: 1, fromOffset: 0 });
    expect(read.records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['kept']);
  }, 60_000);

  it('starts over empty after reset(), with the new configs', async () => {
    const cluster = await openCluster(`reset-${prefixes++}`);
    await cluster.addBroker();
    await cluster.client().admin().createTopics({ topics: [{ topic: 'gone', numPartitions: 1, replicationFactor: 1 }] });
    const oldId = cluster.clusterId;
    await cluster.reset({ config: { ...CONFIG, 'num.partitions': 4 } });
    expect(cluster.describe()).toEqual({ controller: cluster.controllerId, brokers: [], topics: [] });
    expect(cluster.clusterId).not.toBe(oldId);
    expect(cluster.config['num.partitions']).toBe(4);
    await cluster.addBroker();
    expect(cluster.describe().brokers).toEqual([{ id: 1, rack: null, state: 'running' }]);
  }, 60_000);
});
