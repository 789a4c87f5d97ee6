/**
 * One-way cuts and slow brokers in the browser runtime, in Node over in-thread workers: the same
 * faults as the in-process Cluster's partitionOneWay and broker(id).slow, with what Kafka does
 * under them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserCluster } from '../../src/runtime/browser-cluster';
import { closeClusters, keepProducing, newPrefix, openCluster, threeBrokers, until } from './support';

/**
 * Kafka's session timings (a broker heartbeating through a slow link keeps its session) with a short
 * replica.lag.time.max.ms, so a follower 2 × 800 ms away from its leader falls out of the ISR.
 */
const SLOW_CONFIG = {
  'broker.session.timeout.ms': 9000,
  'broker.heartbeat.interval.ms': 500,
  'replica.lag.time.max.ms': 1000,
  'replica.socket.timeout.ms': 5000,
};
const SLOW_MS = 800;

afterEach(closeClusters);

function isr(cluster: BrowserCluster): number[] {
  return cluster.describePartition('orders', 0).isr;
}

describe('runtime > one-way cuts', () => {
  it('a one-way cut from a follower to its leader loses its fetches: it leaves the ISR but keeps heartbeating, and rejoins once healed', async () => {
    const { cluster, kafka } = await threeBrokers(newPrefix('one-way-fetch'));
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;
    cluster.partitionOneWay(follower, leader);
    expect(cluster.cutLinks()).toEqual([{ from: `broker-${follower}`, to: `broker-${leader}`, oneWay: true }]);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'while cut', partition: 0 }] });
    await until(
      () => isr(cluster),
      (ids) => !ids.includes(follower),
      10_000,
    );
    // Its link to the controller is whole: it is out of sync, not fenced.
    expect(cluster.broker(follower).state).toBe('running');
    cluster.heal(leader, follower);
    expect(cluster.cutLinks()).toEqual([]);
    await until(
      () => isr(cluster).length,
      (n) => n === 3,
      10_000,
    );
  }, 60_000);

  it('a one-way cut from a broker to the controller loses its heartbeats, so it is fenced though the controller can reach it; the cut outlives a restart', async () => {
    // A registration lost in the cut is retried after request.timeout.ms (Kafka's 30 s), shortened here.
    const { cluster } = await threeBrokers(newPrefix('one-way-controller'), { 'request.timeout.ms': 2000 });
    const { leader } = cluster.describePartition('orders', 0);
    cluster.partitionOneWay(leader, 'controller');
    await until(
      () => cluster.broker(leader).state,
      (state) => state === 'fenced',
      10_000,
    );
    await until(
      () => cluster.leaderOf('orders', 0),
      (id) => id !== leader && id >= 0,
      10_000,
    );
    await cluster.restartBroker(leader, { waitUntilUnfenced: false });
    expect(cluster.cutLinks()).toEqual([{ from: `broker-${leader}`, to: 'controller', oneWay: true }]);
    // Registration goes the same way as the heartbeats: the restarted broker cannot even register.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(cluster.broker(leader).state).toBe('fenced');
    cluster.heal(leader);
    await until(
      () => cluster.broker(leader).state,
      (state) => state === 'running',
      15_000,
    );
  }, 60_000);
});

describe('runtime > slow brokers', () => {
  it('a slow follower leaves the ISR after replica.lag.time.max.ms while acks=all keeps succeeding with min.insync.replicas=2, stays slow across a restart, and rejoins after slow(0)', async () => {
    const { cluster, kafka } = await threeBrokers(newPrefix('slow-follower'), SLOW_CONFIG);
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const slow = replicas.find((id) => id !== leader)!;
    const load = keepProducing(kafka);
    await until(load.acked, (n) => n >= 5, 10_000);

    cluster.broker(slow).slow(SLOW_MS);
    expect(cluster.slowBrokers()).toEqual([{ id: slow, extraMs: SLOW_MS }]);
    await until(
      () => isr(cluster),
      (ids) => !ids.includes(slow),
      15_000,
    );
    expect(isr(cluster)).toHaveLength(2);
    // Slow, not gone: its heartbeats arrive late but within the session.
    expect(cluster.broker(slow).state).toBe('running');
    const ackedWhileOut = load.acked();
    await until(load.acked, (n) => n >= ackedWhileOut + 10, 15_000);

    await cluster.restartBroker(slow);
    expect(cluster.slowBrokers()).toEqual([{ id: slow, extraMs: SLOW_MS }]);
    // Still slow after the restart: with records flowing it never catches up to the high watermark.
    await new Promise((resolve) => setTimeout(resolve, 3 * SLOW_CONFIG['replica.lag.time.max.ms']));
    expect(isr(cluster)).not.toContain(slow);

    cluster.broker(slow).slow(0);
    expect(cluster.slowBrokers()).toEqual([]);
    await until(
      () => isr(cluster),
      (ids) => ids.includes(slow),
      15_000,
    );
    await load.stop();
    expect(load.errors).toEqual([]);
  }, 90_000);

  it('heal() leaves a slow broker slow, as in the in-process cluster; a bad delay is refused', async () => {
    const cluster = await openCluster(newPrefix('slow-heal'));
    await cluster.addBroker();
    cluster.broker(1).slow(500);
    cluster.heal();
    expect(cluster.slowBrokers()).toEqual([{ id: 1, extraMs: 500 }]);
    expect(() => cluster.broker(1).slow(-1)).toThrow('broker(1).slow(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.');
    expect(() => cluster.broker(1).slow(Number.NaN)).toThrow(RangeError);
  }, 30_000);
});
