/**
 * The cluster contract, slowness: a slow broker (every message held back) and a slow disk (every
 * write held back), the classic slow followers of real Kafka, on both runtimes (./runtimes.ts).
 * Kafka's session timings here (a broker heartbeating through a slow link keeps its session), with
 * a short replica.lag.time.max.ms, so a slow follower falls out of the ISR in a second.
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/cluster/wait-until';
import { isr, keepProducing, RUNTIMES, withOrders } from './runtimes';

const SLOW_CONFIG = {
  'broker.session.timeout.ms': 9000,
  'broker.heartbeat.interval.ms': 500,
  'replica.lag.time.max.ms': 1000,
  'replica.socket.timeout.ms': 5000,
};
const SLOW_MS = 800;
const SLOW_DISK_MS = 1500;

describe.each(RUNTIMES)('cluster contract ($name) > slowness', (runtime) => {
  it('a slow follower leaves the ISR after replica.lag.time.max.ms while acks=all keeps succeeding, stays slow across a restart and heal(), and rejoins after slow(0)', async () => {
    const { cluster, kafka } = await withOrders(runtime, { config: SLOW_CONFIG });
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const slow = replicas.find((id) => id !== leader)!;
    const load = keepProducing(cluster, kafka);
    await waitUntil(cluster, 'the first acknowledgements', () => load.acked() >= 5);

    cluster.broker(slow).slow(SLOW_MS);
    expect(cluster.slowBrokers()).toEqual([{ id: slow, extraMs: SLOW_MS }]);
    await waitUntil(cluster, 'the slow follower to leave the ISR', () => !isr(cluster).includes(slow));
    // Slow, not gone: its heartbeats arrive late but within the session.
    expect(cluster.broker(slow).state).toBe('running');
    const ackedWhileOut = load.acked();
    await waitUntil(cluster, 'acks=all to go on without it', () => load.acked() >= ackedWhileOut + 10);

    await cluster.broker(slow).restart();
    cluster.heal();
    expect(cluster.slowBrokers()).toEqual([{ id: slow, extraMs: SLOW_MS }]);
    // Still slow after the restart: with records flowing it never catches up to the high watermark.
    await cluster.wait(3 * SLOW_CONFIG['replica.lag.time.max.ms']);
    expect(isr(cluster)).not.toContain(slow);

    cluster.broker(slow).slow(0);
    expect(cluster.slowBrokers()).toEqual([]);
    await waitUntil(cluster, 'the follower to rejoin the ISR', () => isr(cluster).includes(slow));
    await load.stop();
    expect(load.errors).toEqual([]);
  }, 90_000);

  it('a follower with a slow disk leaves the ISR unfenced while acks=all goes on, stays slow across a restart and heal(), and rejoins once its disk is normal', async () => {
    const { cluster, kafka } = await withOrders(runtime, { config: SLOW_CONFIG });
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const slow = replicas.find((id) => id !== leader)!;
    const load = keepProducing(cluster, kafka);
    await waitUntil(cluster, 'the first acknowledgements', () => load.acked() >= 5);

    cluster.broker(slow).slowDisk(SLOW_DISK_MS);
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    await waitUntil(cluster, 'the follower to leave the ISR', () => !isr(cluster).includes(slow));
    // Its heartbeats never touch the disk: out of sync, not fenced.
    expect(cluster.broker(slow).state).toBe('running');
    const ackedWhileOut = load.acked();
    await waitUntil(cluster, 'acks=all to go on without it', () => load.acked() >= ackedWhileOut + 10);

    await cluster.broker(slow).restart();
    cluster.heal();
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    await cluster.wait(3 * SLOW_CONFIG['replica.lag.time.max.ms']);
    expect(isr(cluster)).not.toContain(slow);
    expect(cluster.broker(slow).state).toBe('running');

    cluster.broker(slow).slowDisk(0);
    expect(cluster.slowDisks()).toEqual([]);
    await waitUntil(cluster, 'the follower to rejoin the ISR', () => isr(cluster).includes(slow));
    await load.stop();
    expect(load.errors).toEqual([]);
  }, 90_000);

  it('refuses a negative or non-number delay, in the same words for the network and the disk', async () => {
    const { cluster } = await runtime.start({ brokers: 1 });
    expect(() => cluster.broker(1).slow(-1)).toThrow(
      new RangeError('broker(1).slow(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.'),
    );
    expect(() => cluster.broker(1).slowDisk(-1)).toThrow(
      new RangeError('broker(1).slowDisk(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.'),
    );
    expect(() => cluster.broker(1).slowDisk(Number.NaN)).toThrow(RangeError);
    expect(cluster.slowBrokers()).toEqual([]);
    expect(cluster.slowDisks()).toEqual([]);
  }, 60_000);
});
