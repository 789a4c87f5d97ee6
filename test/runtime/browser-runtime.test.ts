/**
 * What the page adds around the browser cluster, in Node over in-thread workers: the group
 * coordinator on the main thread, workloads in the client worker, partition/heal, the timeline of
 * the cluster's own metadata log, and metrics samples.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClientWorkerBridge } from '../../src/runtime/client-worker-bridge';
import { MetricsSampler, type MetricsSample } from '../../src/runtime/metrics-sampler';
import { RealClock } from '../../src/runtime/real-clock';
import type { BrowserCluster } from '../../src/runtime/browser-cluster';
import type { ConsumerGroupWorkloadSnapshot, ProducerWorkloadSnapshot } from '../../src/workload/workload-types';
import { closeClusters, inThreadClientWorker, newPrefix, openCluster, until } from './support';

const bridges: ClientWorkerBridge[] = [];
const samplers: MetricsSampler[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) bridge.close();
  for (const sampler of samplers.splice(0)) sampler.close();
  await closeClusters();
});

async function threeBrokers(prefix: string): Promise<BrowserCluster> {
  const cluster = await openCluster(prefix);
  for (let i = 0; i < 3; i++) await cluster.addBroker();
  await cluster
    .client()
    .admin()
    .createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3 }] });
  return cluster;
}

async function workloadsOn(cluster: BrowserCluster): Promise<ClientWorkerBridge> {
  const bridge = await ClientWorkerBridge.start(cluster, inThreadClientWorker, { callTimeoutMs: 20_000 });
  bridges.push(bridge);
  return bridge;
}

function snapshot<T>(bridge: ClientWorkerBridge, id: string): T {
  return bridge.list().find((s) => s.id === id) as T;
}

describe('runtime > group coordinator and workloads', () => {
  it('runs a producer and a group in the client worker; the group reads every record and its committed offsets survive a reopen', async () => {
    const prefix = newPrefix('groups');
    const cluster = await threeBrokers(prefix);
    const workloads = await workloadsOn(cluster);
    const producer = await workloads.startProducer({ topic: 'orders', recordsPerSecond: 40, keys: 'user-5' });
    const group = await workloads.startConsumerGroup({ groupId: 'billing', topics: ['orders'], members: 2, fromBeginning: true });
    await until(
      () => snapshot<ProducerWorkloadSnapshot>(workloads, producer)?.acked ?? 0,
      (acked) => acked >= 40,
      20_000,
    );
    await workloads.stop(producer);
    await cluster.refresh();
    const end = cluster
      .describe()
      .topics.find((t) => t.name === 'orders')!
      .partitions.map((p) => p.highWatermark);
    const read = await until(
      () => snapshot<ConsumerGroupWorkloadSnapshot>(workloads, group),
      (s) => s !== undefined && s.received.map((p) => p.distinct).join() === end.join(),
      20_000,
    );
    expect(read.members.flatMap((m) => m.assignment).length).toBe(2);
    expect(read.lastError).toBeNull();
    await workloads.stop(group);

    const groups = await cluster.describeGroups();
    expect(groups).toMatchObject([{ groupId: 'billing', type: 'classic', state: 'Empty', members: [] }]);
    expect(groups[0].generation).toBeGreaterThan(0);
    expect(groups[0].offsets.map((o) => [o.partition, o.committed, o.lag])).toEqual(end.map((hw, partition) => [partition, hw, 0]));
    expect(cluster.timeline.events().some((e) => e.kind === 'group-rebalanced' && e.subjects.group === 'billing')).toBe(true);
    await closeClusters();

    const reopened = await openCluster(prefix);
    const reloaded = await until(
      () => reopened.describeGroups(),
      (g) => g.length === 1,
      20_000,
    );
    expect(reloaded[0].offsets.map((o) => [o.partition, o.committed])).toEqual(end.map((hw, partition) => [partition, hw]));
  }, 90_000);

  it('describes a KIP-848 group: its epoch, assignor, members and the partitions each owns', async () => {
    const cluster = await threeBrokers(newPrefix('kip-848'));
    const workloads = await workloadsOn(cluster);
    await workloads.startConsumerGroup({ groupId: 'audit', topics: ['orders'], members: 2, protocol: 'consumer', assignor: 'range' });
    const [group] = await until(
      () => cluster.describeGroups(),
      (groups) => groups[0]?.state === 'Stable' && groups[0].members.length === 2,
      20_000,
    );
    expect(group).toMatchObject({ groupId: 'audit', type: 'consumer', protocol: 'range' });
    expect(group.generation).toBeGreaterThan(0);
    expect(
      group.members
        .flatMap((m) => m.assignment)
        .map((tp) => `${tp.topic}-${tp.partition}`)
        .sort(),
    ).toEqual(['orders-0', 'orders-1']);
    expect(group.members.every((m) => m.assignment.length === 1)).toBe(true);
  }, 60_000);

  it("refuses a bad workload spec with Kafka's error name, code and message from the worker", async () => {
    const cluster = await openCluster(newPrefix('bad-spec'));
    const workloads = await workloadsOn(cluster);
    const error = await workloads.startProducer({ topic: 'orders', recordsPerSecond: -1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KafkaError', type: 'INVALID_CONFIG', code: 40 });
    expect((error as Error).message).toContain('recordsPerSecond must be');
  }, 30_000);

  it('keeps producing through a leader kill: the client worker drops its connections to the dead broker', async () => {
    const cluster = await threeBrokers(newPrefix('client-failover'));
    const workloads = await workloadsOn(cluster);
    const producer = await workloads.startProducer({ topic: 'orders', recordsPerSecond: 20 });
    await until(
      () => snapshot<ProducerWorkloadSnapshot>(workloads, producer)?.acked ?? 0,
      (acked) => acked >= 10,
      20_000,
    );
    await cluster.killBroker(cluster.leaderOf('orders', 0));
    const ackedAtKill = snapshot<ProducerWorkloadSnapshot>(workloads, producer).acked;
    await until(
      () => snapshot<ProducerWorkloadSnapshot>(workloads, producer).acked,
      (acked) => acked >= ackedAtKill + 40,
      20_000,
    );
  }, 60_000);

  it('replaces the client worker when the cluster is reset: the old workloads are gone and new ones run on the new cluster', async () => {
    const cluster = await threeBrokers(newPrefix('reset-workloads'));
    const workloads = await workloadsOn(cluster);
    await workloads.startProducer({ topic: 'orders', recordsPerSecond: 10 });
    expect(workloads.list()).toHaveLength(1);
    await cluster.reset();
    expect(workloads.list()).toEqual([]);
    await cluster.addBroker();
    await cluster
      .client()
      .admin()
      .createTopics({ topics: [{ topic: 'fresh', numPartitions: 1, replicationFactor: 1 }] });
    const producer = await workloads.startProducer({ topic: 'fresh', recordsPerSecond: 20 });
    await until(
      () => snapshot<ProducerWorkloadSnapshot>(workloads, producer)?.acked ?? 0,
      (acked) => acked >= 5,
      20_000,
    );
  }, 60_000);
});

describe('runtime > partition and heal', () => {
  it('refuses to cut an unknown node, or a node from itself', async () => {
    const cluster = await openCluster(newPrefix('cut-unknown'));
    await cluster.addBroker();
    expect(() => cluster.partition(7, 'controller')).toThrow('No broker 7 in this cluster');
    expect(() => cluster.partition('broker-7', 'controller')).toThrow('No broker 7 in this cluster');
    expect(() => cluster.partition(1, 'nowhere')).toThrow(
      'No node nowhere in this cluster (brokers by id, or controller, group-coordinator)',
    );
    expect(() => cluster.partition(1, 'broker-1')).toThrow('Cannot cut broker-1 off from itself.');
    expect(cluster.cutLinks()).toEqual([]);
  }, 30_000);
});

describe('runtime > metrics', () => {
  it("samples MessagesInPerSec and the controller gauges with Kafka's names", async () => {
    const cluster = await threeBrokers(newPrefix('metrics'));
    const sampler = new MetricsSampler(
      new RealClock(),
      async () => ({ ...(await cluster.readMetrics()), groupLagMax: { billing: 3 } }),
      200,
    );
    samplers.push(sampler);
    // The first sample is the baseline the rates are counted from.
    await until(
      () => sampler.history().length,
      (n) => n >= 1,
    );
    await cluster
      .client()
      .producer()
      .send({ topic: 'orders', acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` })) });
    const samples = await until(
      () => sampler.history(),
      (history) => history.some((s) => s.MessagesInPerSec > 0),
    );
    const last: MetricsSample = samples.at(-1)!;
    expect(last).toMatchObject({
      ActiveControllerCount: 1,
      OfflinePartitionsCount: 0,
      UnderReplicatedPartitions: 0,
      groups: { billing: { 'records-lag-max': 3 } },
    });
  }, 30_000);
});
