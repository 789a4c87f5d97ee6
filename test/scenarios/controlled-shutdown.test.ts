import { describe, expect, it } from 'vitest';
import { scheduleRepeating } from '../../src/core/clock';
import { createCluster } from '../../src/index';
import { ackedProducer, createTopic, expectAckedRecordsReadable } from './support';

const SEED = 31;

/** Sends one acks=all record every 50 ms of virtual time while `during` runs; reports each send's outcome and latency. */
async function produceSteadilyDuring(
  cluster: Awaited<ReturnType<typeof createCluster>>['cluster'],
  producer: ReturnType<typeof ackedProducer>,
  during: () => Promise<void>,
) {
  const outcomes: Promise<{ ok: boolean; latencyMs: number }>[] = [];
  let next = 0;
  const tick = () => {
    const startedMs = cluster.now();
    const value = `steady-${next++}`;
    outcomes.push(
      producer.send(value).then(
        () => ({ ok: true, latencyMs: cluster.now() - startedMs }),
        () => ({ ok: false, latencyMs: cluster.now() - startedMs }),
      ),
    );
  };
  const timer = scheduleRepeating(cluster.clock, 50, tick);
  await during();
  await cluster.advance(1_000);
  timer.cancel();
  return cluster.run(Promise.all(outcomes));
}

describe('scenario > controlled shutdown', () => {
  it('moves leadership away before the broker stops, so no acks=all produce fails or waits for the session timeout', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, checkInvariants: true });
    await createTopic(kafka, 'orders', { partitions: 3, configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    const victim = cluster.leaderOf('orders', 0);
    const ledBefore = cluster.describe().topics[0].partitions.filter((p) => p.leader === victim);
    expect(ledBefore.length).toBeGreaterThan(0);

    const outcomes = await produceSteadilyDuring(cluster, producer, () => cluster.broker(victim).shutdown());

    expect(cluster.broker(victim).state).toBe('shutdown');
    for (const before of ledBefore) {
      const after = cluster.describePartition('orders', before.partition);
      expect(after.leader).not.toBe(victim);
      expect(after.leader).not.toBe(-1);
      expect(after.leaderEpoch).toBe(before.leaderEpoch + 1);
      expect(after.isr).not.toContain(victim);
    }
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.latencyMs))).toBeLessThan(1_000);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('unlike a crash, where produce to the dead leader waits until the controller fences it', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    const victim = cluster.leaderOf('orders', 0);

    const outcomes = await produceSteadilyDuring(cluster, producer, () => cluster.broker(victim).kill());

    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.latencyMs))).toBeGreaterThan(8_000);
    await cluster.close();
  });
});
