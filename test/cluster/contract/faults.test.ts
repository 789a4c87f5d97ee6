/**
 * The cluster contract, network faults: cuts both ways and one way, isolation, healing, and what
 * Kafka does under each, on both runtimes (./runtimes.ts).
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/cluster/wait-until';
import { CONTRACT_CONFIG, isr, RUNTIMES, withOrders } from './runtimes';

describe.each(RUNTIMES)('cluster contract ($name) > network faults', (runtime) => {
  it('fences a broker cut off from the controller after broker.session.timeout.ms, and unfences it once healed', async () => {
    const { cluster } = await runtime.start({ brokers: 3 });
    cluster.partition(2, 'controller');
    expect(cluster.cutLinks()).toEqual([{ from: 'broker-2', to: 'controller', oneWay: false }]);
    await waitUntil(cluster, 'broker 2 to be fenced', () => cluster.broker(2).state === 'fenced');
    cluster.heal();
    expect(cluster.cutLinks()).toEqual([]);
    await waitUntil(cluster, 'broker 2 to be unfenced', () => cluster.broker(2).state === 'running');
  }, 60_000);

  it('a follower cut off from its leader both ways leaves the ISR after replica.lag.time.max.ms, and returns once healed', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;
    cluster.partition(leader, follower);
    expect(cluster.cutLinks()).toEqual([
      { from: `broker-${Math.min(leader, follower)}`, to: `broker-${Math.max(leader, follower)}`, oneWay: false },
    ]);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'while cut' }] });
    await waitUntil(cluster, 'the follower to leave the ISR', () => !isr(cluster).includes(follower));
    expect(cluster.timeline.events().some((e) => e.kind === 'isr-shrank' && e.subjects.brokers?.includes(follower))).toBe(true);
    cluster.heal(leader, follower);
    expect(cluster.cutLinks()).toEqual([]);
    await waitUntil(cluster, 'the follower to rejoin the ISR', () => isr(cluster).length === 3);
  }, 60_000);

  it('a one-way cut from a follower to its leader loses its fetches: it leaves the ISR but keeps heartbeating, and rejoins once healed', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;
    cluster.partitionOneWay(follower, leader);
    expect(cluster.cutLinks()).toEqual([{ from: `broker-${follower}`, to: `broker-${leader}`, oneWay: true }]);
    // acks=all waits for the follower until the leader takes it out of the ISR.
    const sent = kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'while cut' }] });
    // Before it goes, the leader's countdown: replica.lag.time.max.ms since the follower last caught up.
    await waitUntil(cluster, 'a countdown on the follower', async () => {
      await cluster.refresh();
      return (cluster.replicaOffsets('orders', 0, follower)?.leavesIsrInMs ?? -1) > 0;
    });
    expect(cluster.replicaOffsets('orders', 0, follower)!.leavesIsrInMs).toBeLessThanOrEqual(
      Number(CONTRACT_CONFIG['replica.lag.time.max.ms']),
    );
    await waitUntil(cluster, 'the follower to leave the ISR', () => !isr(cluster).includes(follower));
    await cluster.settle(sent);
    expect(cluster.replicaOffsets('orders', 0, follower)?.leavesIsrInMs).toBeUndefined();
    // Its link to the controller is whole: it is out of sync, not fenced.
    expect(cluster.broker(follower).state).toBe('running');
    cluster.heal(leader, follower);
    await waitUntil(cluster, 'the follower to rejoin the ISR', () => isr(cluster).length === 3);
  }, 60_000);

  it('a one-way cut from a broker to the controller loses its heartbeats, so it is fenced though the controller can reach it; the cut outlives a restart', async () => {
    // A registration lost in the cut is retried after request.timeout.ms (Kafka's 30 s), shortened here.
    const { cluster } = await withOrders(runtime, { config: { 'request.timeout.ms': 2000 } });
    const leader = cluster.leaderOf('orders', 0);
    cluster.partitionOneWay(leader, 'controller');
    await waitUntil(cluster, 'the leader to be fenced', () => cluster.broker(leader).state === 'fenced');
    await waitUntil(cluster, 'a new leader', () => ![leader, -1].includes(cluster.leaderOf('orders', 0)));
    await cluster.restartBroker(leader, { waitUntilUnfenced: false });
    expect(cluster.cutLinks()).toEqual([{ from: `broker-${leader}`, to: 'controller', oneWay: true }]);
    // Registration goes the same way as the heartbeats: the restarted broker cannot even register.
    await cluster.wait(2000);
    expect(cluster.describe().brokers.find((b) => b.id === leader)).toMatchObject({ state: 'starting', waitingFor: 'registration' });
    cluster.heal(leader);
    await waitUntil(cluster, 'the broker to register once healed', () => cluster.broker(leader).state === 'running');
  }, 60_000);

  it('isolates a broker from every node, lists it, fences it, and heal(broker) ends it', async () => {
    const { cluster } = await runtime.start({ brokers: 3 });
    let changes = 0;
    cluster.onChange(() => changes++);
    cluster.broker(3).isolate();
    expect(changes).toBeGreaterThan(0);
    expect(cluster.isolatedBrokers()).toEqual([3]);
    await waitUntil(cluster, 'the isolated broker to be fenced', () => cluster.broker(3).state === 'fenced');
    cluster.broker(3).heal();
    expect(cluster.isolatedBrokers()).toEqual([]);
    await waitUntil(cluster, 'broker 3 to be unfenced', () => cluster.broker(3).state === 'running');
  }, 60_000);

  it('refuses to cut a broker it does not have, a node from itself, or a node of no name it knows', async () => {
    const { cluster } = await runtime.start({ brokers: 1 });
    expect(() => cluster.partition(7, 'controller')).toThrow('No broker 7 in this cluster (brokers: 1).');
    expect(() => cluster.partition('broker-7', 'controller')).toThrow('No broker 7 in this cluster (brokers: 1).');
    expect(() => cluster.partition(1, 'broker-1')).toThrow('Cannot cut broker-1 off from itself.');
    expect(() => cluster.isolate(9)).toThrow('No broker 9 in this cluster (brokers: 1).');
    expect(cluster.cutLinks()).toEqual([]);
    expect(cluster.isolatedBrokers()).toEqual([]);
  }, 60_000);
});
