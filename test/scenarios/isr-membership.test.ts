import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { until } from '../support/until';
import { ackedProducer, createTopic, expectAckedRecordsReadable, replicaState } from './support';

const SEED = 13;
const REPLICA_LAG_TIME_MAX_MS = 30_000;

describe('scenario > ISR membership', () => {
  it('a follower cut off from its leader leaves the ISR after replica.lag.time.max.ms and rejoins once healed and caught up', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, checkInvariants: true });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    await producer.send('first');
    const { leader, replicas, isr } = cluster.describePartition('orders', 0);
    const cutOff = replicas.find((id) => id !== leader)!;
    expect(isr).toHaveLength(3);

    cluster.partition(leader, cutOff);
    const cutAtMs = cluster.now();
    await cluster.advance(REPLICA_LAG_TIME_MAX_MS / 2);
    expect(cluster.describePartition('orders', 0).isr).toContain(cutOff);
    // acks=all waits on the cut-off follower until the leader drops it from the ISR; then it succeeds.
    await producer.send('during-the-cut');
    expect(cluster.now() - cutAtMs).toBeGreaterThanOrEqual(REPLICA_LAG_TIME_MAX_MS);
    const shrunk = cluster.describePartition('orders', 0);
    expect(shrunk.isr).not.toContain(cutOff);
    expect(shrunk.isr).toHaveLength(2);
    // The cut-off broker still heartbeats to the controller: it stays unfenced, only out of sync.
    expect(cluster.broker(cutOff).state).toBe('running');
    for (let i = 0; i < 5; i++) await producer.send(`while-out-${i}`);
    expect(replicaState(cluster, cutOff, 'orders')!.logEndOffset).toBeLessThan(shrunk.logEndOffset + 5);

    cluster.heal(leader, cutOff);
    // The fetch lost in the cut is given up after the follower's request timeout, then it catches up.
    await until(cluster, 'the healed follower rejoins the ISR', () => cluster.describePartition('orders', 0).isr.includes(cutOff));
    const healed = cluster.describePartition('orders', 0);
    expect([...healed.isr].sort()).toEqual([...replicas].sort());
    expect(replicaState(cluster, cutOff, 'orders')!.logEndOffset).toBe(healed.logEndOffset);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('a slow follower that keeps up within replica.lag.time.max.ms stays in the ISR', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const slow = replicas.find((id) => id !== leader)!;
    cluster.broker(slow).slow(200);
    for (let i = 0; i < 20; i++) await producer.send(`slow-${i}`);
    await cluster.advance(2 * REPLICA_LAG_TIME_MAX_MS);
    expect(cluster.describePartition('orders', 0).isr).toContain(slow);
    await cluster.close();
  });
});
