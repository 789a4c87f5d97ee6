/**
 * A slow disk in the browser runtime, in Node over in-thread workers and fake-indexeddb: the same
 * fault as the in-process Cluster's broker(id).slowDisk, with what Kafka does under it. Under the
 * demo timings a follower whose writes land 2 s late leaves the ISR while its heartbeats keep it
 * unfenced, acks=all goes on with min.insync.replicas=2, and it rejoins at normal speed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserCluster } from '../../src/runtime/browser-cluster';
import { DEMO_PRESET } from '../../src/runtime/timing-presets';
import { closeClusters, keepProducing, newPrefix, openCluster, threeBrokers, until } from './support';

const SLOW_DISK_MS = 2000;
const LAG_TIME_MAX_MS = DEMO_PRESET.broker['replica.lag.time.max.ms'];

afterEach(closeClusters);

const isr = (cluster: BrowserCluster): number[] => cluster.describePartition('orders', 0).isr;

describe('runtime > slow disk', () => {
  it('a follower with a slow disk leaves the ISR unfenced while acks=all goes on, stays slow across a restart, and rejoins once its disk is normal', async () => {
    const { cluster, kafka } = await threeBrokers(newPrefix('slow-disk'), DEMO_PRESET.broker);
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const slow = replicas.find((id) => id !== leader)!;
    const load = keepProducing(kafka);
    await until(load.acked, (n) => n >= 5, 10_000);

    cluster.broker(slow).slowDisk(SLOW_DISK_MS);
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    await until(
      () => isr(cluster),
      (ids) => !ids.includes(slow),
      20_000,
    );
    expect(isr(cluster)).toHaveLength(2);
    // Its heartbeats never touch the disk: out of sync, not fenced, under a 3 s session.
    expect(cluster.broker(slow).state).toBe('running');
    const ackedWhileOut = load.acked();
    await until(load.acked, (n) => n >= ackedWhileOut + 10, 15_000);

    await cluster.restartBroker(slow);
    cluster.heal();
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    // Still slow after the restart: with records flowing its writes land too late to catch up.
    await new Promise((resolve) => setTimeout(resolve, 3 * LAG_TIME_MAX_MS));
    expect(isr(cluster)).not.toContain(slow);
    expect(cluster.broker(slow).state).toBe('running');

    cluster.broker(slow).slowDisk(0);
    expect(cluster.slowDisks()).toEqual([]);
    await until(
      () => isr(cluster),
      (ids) => ids.includes(slow),
      20_000,
    );
    await load.stop();
    expect(load.errors).toEqual([]);
  }, 120_000);

  it('refuses a bad delay with the same words as slow()', async () => {
    const cluster = await openCluster(newPrefix('slow-disk-bad'));
    await cluster.addBroker();
    expect(() => cluster.broker(1).slowDisk(-1)).toThrow(
      'broker(1).slowDisk(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.',
    );
    expect(() => cluster.broker(1).slowDisk(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(cluster.slowDisks()).toEqual([]);
  }, 30_000);
});
