import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { until } from '../support/until';
import { ackedProducer, createTopic, expectAckedRecordsReadable, replicaState } from './support';

const SEED = 2024;
const SESSION_TIMEOUT_MS = 9_000;

describe('scenario > failover with RF 3, min.insync.replicas=2 and acks=all', () => {
  it('fails over, refuses acks=all below min ISR without appending, truncates a divergent tail and loses no acknowledged record', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, checkInvariants: true });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    for (let i = 0; i < 5; i++) await producer.send(`committed-${i}`);

    // The first leader takes two acks=1 writes its followers never see, then crashes: a divergent tail.
    const first = cluster.describePartition('orders', 0);
    const [second, third] = first.isr.filter((id) => id !== first.leader);
    cluster.partition(first.leader, second);
    cluster.partition(first.leader, third);
    await producer.send('divergent-0', 1);
    await producer.send('divergent-1', 1);
    expect(replicaState(cluster, first.leader, 'orders')!.logEndOffset).toBe(7);
    await cluster.broker(first.leader).kill();
    cluster.heal();

    // After broker.session.timeout.ms the controller fences it and elects the first live ISR replica.
    await cluster.advance(SESSION_TIMEOUT_MS + 1_000);
    expect(cluster.broker(first.leader).state).toBe('killed');
    const afterFirstKill = cluster.describePartition('orders', 0);
    expect(afterFirstKill.leader).toBe(first.replicas.find((id) => id !== first.leader));
    expect(afterFirstKill.leaderEpoch).toBe(first.leaderEpoch + 1);
    expect(afterFirstKill.isr).not.toContain(first.leader);
    for (let i = 5; i < 10; i++) await producer.send(`committed-${i}`);

    // Kill a second broker: the ISR shrinks to the leader alone, below min.insync.replicas.
    const survivor = afterFirstKill.leader;
    const secondVictim = afterFirstKill.isr.find((id) => id !== survivor)!;
    await cluster.broker(secondVictim).kill();
    await cluster.advance(SESSION_TIMEOUT_MS + 1_000);
    expect(cluster.describePartition('orders', 0).isr).toEqual([survivor]);

    const endBefore = replicaState(cluster, survivor, 'orders')!.logEndOffset;
    const noRetries = ackedProducer(kafka, 'orders', { idempotent: false, retries: 0 });
    const refused = await noRetries.sendFailing('refused', -1);
    expect(refused.type).toBe('NOT_ENOUGH_REPLICAS');
    expect(refused.retriable).toBe(true);
    expect(replicaState(cluster, survivor, 'orders')!.logEndOffset).toBe(endBefore);

    // acks=1 is accepted, but the high watermark stays put while the ISR is below min ISR (3.7+).
    const unreplicatedOffset = await producer.send('acks-1-alone', 1);
    const alone = cluster.describePartition('orders', 0);
    expect(alone.logEndOffset).toBe(unreplicatedOffset + 1);
    expect(alone.highWatermark).toBeLessThanOrEqual(unreplicatedOffset);

    // Both come back: the old leader truncates its divergent tail, both catch up and rejoin the ISR.
    await cluster.broker(first.leader).restart();
    await cluster.broker(secondVictim).restart();
    await until(cluster, 'both restarted brokers rejoin the ISR and the HW reaches the LEO', () => {
      const partition = cluster.describePartition('orders', 0);
      return partition.isr.length === 3 && partition.highWatermark === partition.logEndOffset;
    });
    const healed = cluster.describePartition('orders', 0);
    expect([...healed.isr].sort()).toEqual([...first.replicas].sort());
    expect(healed.highWatermark).toBe(healed.logEndOffset);
    for (const id of first.replicas) expect(replicaState(cluster, id, 'orders')!.logEndOffset).toBe(healed.logEndOffset);
    expect(cluster.lostCommittedOffsets()).toEqual([]);

    const values = (await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 })).records.map((r) =>
      new TextDecoder().decode(r.value!),
    );
    expect(values).not.toContain('divergent-0');
    expect(values).not.toContain('refused');
    expect(values).toContain('acks-1-alone');
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);

    // Read the old leader's own log too: leadership goes back to it (it is replicas[0]).
    await kafka.admin().electLeaders({ topicPartitions: [{ topic: 'orders', partitions: [0] }] });
    expect(cluster.leaderOf('orders', 0)).toBe(first.leader);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    const fromOldLeader = (await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 })).records.map((r) =>
      new TextDecoder().decode(r.value!),
    );
    expect(fromOldLeader).toEqual(values);
    await cluster.close();
  });
});
