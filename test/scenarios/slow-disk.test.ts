/**
 * A slow disk, the classic slow follower of real Kafka: its fetcher appends each response to its log
 * before it fetches again, so it falls behind and leaves the ISR after replica.lag.time.max.ms, while
 * its heartbeats, which never touch the disk, keep it unfenced. On virtual time with the demo timings
 * (broker.session.timeout.ms 3000, broker.heartbeat.interval.ms 500, replica.lag.time.max.ms 3000).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index';
import { DEMO_PRESET } from '../../src/runtime/timing-presets';
import { ackedProducer, createTopic, expectAckedRecordsReadable } from './support';

const SEED = 29;
const REPLICA_LAG_TIME_MAX_MS = DEMO_PRESET.broker['replica.lag.time.max.ms'];
const SLOW_DISK_MS = 2000;
/** Records sent one after another, this far apart, while a test waits: the load a slow follower falls behind. */
const SEND_EVERY_MS = 100;

type Producer = ReturnType<typeof ackedProducer>;

async function threeBrokers(): Promise<{
  cluster: Cluster;
  producer: Producer;
  kafka: Awaited<ReturnType<typeof createCluster>>['kafka'];
}> {
  console.log(`seed ${SEED}`);
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: DEMO_PRESET.broker, checkInvariants: true });
  await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
  const producer = ackedProducer(kafka, 'orders');
  await producer.send('first');
  return { cluster, producer, kafka };
}

const isr = (cluster: Cluster): number[] => cluster.describePartition('orders', 0).isr;

/**
 * Sends acks=all records until `done()` holds (at most `maxSends`), checking after each that every
 * broker is still registered and unfenced; returns how many it sent.
 */
async function sendUntil(cluster: Cluster, producer: Producer, done: () => boolean, maxSends = 200): Promise<number> {
  for (let n = 1; n <= maxSends; n++) {
    await producer.send(`load-${producer.acked.length}`);
    expect(cluster.describe().brokers.map((b) => b.state)).toEqual(['running', 'running', 'running']);
    if (done()) return n;
    await cluster.advance(SEND_EVERY_MS);
  }
  throw new Error(`still not done after ${maxSends} sends (seed ${SEED})`);
}

/** A follower given a slow disk, and acks=all load until it has left the ISR. */
async function slowFollowerOutOfSync() {
  const { cluster, producer, kafka } = await threeBrokers();
  const { leader, replicas } = cluster.describePartition('orders', 0);
  const slow = replicas.find((id) => id !== leader)!;
  cluster.broker(slow).slowDisk(SLOW_DISK_MS);
  const slowedAt = cluster.now();
  await sendUntil(cluster, producer, () => !isr(cluster).includes(slow));
  return { cluster, producer, kafka, slow, replicas, slowedAt };
}

describe('scenario > slow disk', () => {
  it('a follower with a slow disk (+2 s per write) leaves the ISR after replica.lag.time.max.ms and stays unfenced', async () => {
    const { cluster, producer, kafka, slow, slowedAt } = await slowFollowerOutOfSync();
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    // sendUntil checked after every send that no broker was fenced on the way.
    expect(cluster.now() - slowedAt).toBeGreaterThanOrEqual(REPLICA_LAG_TIME_MAX_MS);
    expect(isr(cluster)).toHaveLength(2);
    expect(cluster.broker(slow).state).toBe('running');
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('acks=all with min.insync.replicas=2 keeps succeeding on the shrunk ISR, and the follower stays out while its disk is slow', async () => {
    const { cluster, producer, kafka, slow } = await slowFollowerOutOfSync();

    const ackedBefore = producer.acked.length;
    const outAt = cluster.now();
    // acks=all throughout (sendUntil fails on any error), for three times replica.lag.time.max.ms.
    await sendUntil(cluster, producer, () => cluster.now() - outAt >= 3 * REPLICA_LAG_TIME_MAX_MS);
    expect(producer.acked.length).toBeGreaterThan(ackedBefore + 10);
    expect(isr(cluster)).not.toContain(slow);
    expect(cluster.broker(slow).state).toBe('running');
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('a follower rejoins the ISR once its disk is normal again', async () => {
    const { cluster, producer, kafka, slow, replicas } = await slowFollowerOutOfSync();

    cluster.broker(slow).slowDisk(0);
    expect(cluster.slowDisks()).toEqual([]);
    await sendUntil(cluster, producer, () => isr(cluster).includes(slow));
    expect([...isr(cluster)].sort()).toEqual([...replicas].sort());
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('stays slow across a restart, and heal() leaves it slow', async () => {
    const { cluster, producer, kafka, slow } = await slowFollowerOutOfSync();

    await cluster.restartBroker(slow);
    cluster.heal();
    expect(cluster.slowDisks()).toEqual([{ id: slow, extraMs: SLOW_DISK_MS }]);
    // With records flowing, the restarted follower's writes still land 2 s late: it never catches up.
    const restartedAt = cluster.now();
    await sendUntil(cluster, producer, () => cluster.now() - restartedAt >= 3 * REPLICA_LAG_TIME_MAX_MS);
    expect(isr(cluster)).not.toContain(slow);
    expect(cluster.broker(slow).state).toBe('running');

    cluster.broker(slow).slowDisk(0);
    await sendUntil(cluster, producer, () => isr(cluster).includes(slow));
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('a leader with a slow disk acknowledges acks=1 only once its own write has landed', async () => {
    const { cluster, producer } = await threeBrokers();
    const leader = cluster.leaderOf('orders', 0);
    cluster.broker(leader).slowDisk(SLOW_DISK_MS);
    const sentAt = cluster.now();
    const offset = await producer.send('on a slow disk', 1);
    expect(cluster.now() - sentAt).toBeGreaterThanOrEqual(SLOW_DISK_MS);
    const leaderState = cluster
      .broker(leader)
      .instance!.partitionStates()
      .find((s) => s.topic === 'orders' && s.partition === 0)!;
    expect(leaderState.logEndOffset).toBe(offset + 1);
    await cluster.close();
  });

  it('rejects a negative or non-number delay with the same words as slow()', async () => {
    const { cluster } = await createCluster({ brokers: 1, seed: SEED });
    expect(() => cluster.broker(1).slowDisk(-1)).toThrow(
      new RangeError('broker(1).slowDisk(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.'),
    );
    expect(() => cluster.broker(1).slowDisk(Number.NaN)).toThrow(RangeError);
    expect(cluster.slowDisks()).toEqual([]);
    await cluster.close();
  });
});
