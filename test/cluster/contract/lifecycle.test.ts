/**
 * The cluster contract, brokers' lives: what add, kill, restart, controlled shutdown and wipe do,
 * and what describe() says of them, on both runtimes (./runtimes.ts).
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/cluster/wait-until';
import { CONTRACT_CONFIG, isr, keepProducing, RUNTIMES, values, withOrders } from './runtimes';

describe.each(RUNTIMES)('cluster contract ($name) > brokers', (runtime) => {
  it('describes its brokers in id order with their racks, all running once registered and unfenced', async () => {
    const { cluster } = await runtime.start({ brokers: 3, racks: ['a', 'b', null] });
    expect(cluster.brokerIds()).toEqual([1, 2, 3]);
    expect(cluster.describe()).toMatchObject({
      controller: cluster.controllerId,
      brokers: [
        { id: 1, rack: 'a', state: 'running' },
        { id: 2, rack: 'b', state: 'running' },
        { id: 3, rack: null, state: 'running' },
      ],
      topics: [],
    });
    expect(await cluster.addBroker()).toBe(4);
    expect(cluster.broker(4).state).toBe('running');
  }, 60_000);

  it('names the brokers and partitions there are when asked for one it does not have', async () => {
    const { cluster } = await runtime.start({ brokers: 2 });
    expect(() => cluster.broker(9)).toThrow('No broker 9 in this cluster (brokers: 1, 2).');
    expect(() => cluster.describePartition('nope', 0)).toThrow('No partition nope-0 in this cluster.');
    await expect(cluster.killBroker(9)).rejects.toThrow('No broker 9 in this cluster (brokers: 1, 2).');
  }, 60_000);

  it('elects a new leader from the ISR once broker.session.timeout.ms fences a killed leader, keeps every acknowledged record, and the restarted broker rejoins the ISR', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const producer = kafka.producer();
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    const before = cluster.describePartition('orders', 0);

    await cluster.broker(before.leader).kill();
    expect(cluster.broker(before.leader).state).toBe('killed');
    await waitUntil(cluster, 'the controller to elect a new leader', () => cluster.leaderOf('orders', 0) !== before.leader);
    const after = cluster.describePartition('orders', 0);
    expect(after.leaderEpoch).toBe(before.leaderEpoch + 1);
    expect(after.isr).not.toContain(before.leader);

    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'c' }] });
    await cluster.broker(before.leader).restart();
    expect(cluster.broker(before.leader).state).toBe('running');
    await waitUntil(cluster, 'the restarted broker to rejoin the ISR', () => isr(cluster).length === 3);
    expect(await values(kafka)).toEqual(['a', 'b', 'c']);
  }, 60_000);

  it('a controlled shutdown moves leadership away before the broker stops, so acks=all sends never fail', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const load = keepProducing(cluster, kafka);
    await waitUntil(cluster, 'the first acknowledgements', () => load.acked() >= 3);
    const leader = cluster.leaderOf('orders', 0);

    await cluster.broker(leader).shutdown();
    expect(cluster.broker(leader).state).toBe('shutdown');
    expect(cluster.leaderOf('orders', 0)).not.toBe(leader);
    const acked = load.acked();
    await waitUntil(cluster, 'acknowledgements from the new leader', () => load.acked() >= acked + 3);
    await load.stop();
    expect(load.errors).toEqual([]);
    await expect(cluster.broker(leader).shutdown()).rejects.toThrow(`Broker ${leader} is not running (shutdown).`);
  }, 60_000);

  it('a wiped broker restarts with an empty log and re-replicates from the leader', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;

    await cluster.broker(follower).wipe();
    expect(cluster.broker(follower).state).toBe('killed');
    cluster.partition(follower, leader);
    await cluster.broker(follower).restart();
    // Cut off from its leader, the wiped follower has nothing.
    await cluster.wait(300);
    expect(cluster.replicaOffsets('orders', 0, follower)?.logEndOffset ?? 0).toBe(0);
    cluster.heal();
    await waitUntil(cluster, 'the wiped follower to catch up', () => cluster.replicaOffsets('orders', 0, follower)?.logEndOffset === 2);
  }, 60_000);

  it('counts down to the fencing of a killed broker: the time broker.session.timeout.ms leaves after its last heartbeat, and none for a broker that heartbeats', async () => {
    const { cluster } = await runtime.start({ brokers: 3 });
    expect(cluster.describe().brokers.every((b) => b.sessionEndsInMs === undefined)).toBe(true);
    await cluster.broker(2).kill();
    await cluster.wait(500);
    const killed = cluster.describe().brokers.find((b) => b.id === 2)!;
    expect(killed.state).toBe('killed');
    expect(killed.sessionEndsInMs).toBeGreaterThan(0);
    expect(killed.sessionEndsInMs).toBeLessThanOrEqual(Number(CONTRACT_CONFIG['broker.session.timeout.ms']) - 500);
    await waitUntil(cluster, 'the controller to fence broker 2', () => cluster.controller.image.brokers.get(2)!.fenced);
    expect(cluster.describe().brokers.find((b) => b.id === 2)!.sessionEndsInMs).toBeUndefined();
  }, 60_000);

  it('a broker restarted inside its old session is starting, refuses requests until the controller fences the old incarnation, then rejoins', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] });
    const leader = cluster.leaderOf('orders', 0);
    await cluster.broker(leader).kill();
    await cluster.broker(leader).restart({ waitUntilUnfenced: false });
    await waitUntil(cluster, 'the restarted broker to wait for its old session', () =>
      cluster.describe().brokers.some((b) => b.id === leader && b.state === 'starting' && b.waitingFor === 'old-session-to-expire'),
    );
    expect(cluster.timeline.events().some((e) => e.kind === 'broker-restarted' && e.subjects.brokers?.includes(leader))).toBe(true);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'b' }] });
    expect(cluster.leaderOf('orders', 0)).not.toBe(leader);
    await waitUntil(
      cluster,
      'the restarted broker to run and rejoin the ISR',
      () => cluster.broker(leader).state === 'running' && isr(cluster).length === 3,
    );
    expect(await values(kafka)).toEqual(['a', 'b']);
  }, 60_000);
});
