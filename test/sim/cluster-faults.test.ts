import { describe, expect, it } from 'vitest';
import { checkAckedRecords, createCluster, type AckedRecord } from '../../src/index';

const SEED = 11;
const text = (bytes: Uint8Array | null) => new TextDecoder().decode(bytes!);

describe('sim > cluster > faults', () => {
  it('fences a broker cut off from the controller and unfences it once healed', async () => {
    console.log(`seed ${SEED}`);
    const { cluster } = await createCluster({ brokers: 3, seed: SEED });
    cluster.partition(2, 'controller');
    await cluster.advance(12_000);
    expect(cluster.broker(2).state).toBe('fenced');
    cluster.heal();
    await cluster.advance(5_000);
    expect(cluster.broker(2).state).toBe('running');
    await cluster.close();
  });

  it('heal() leaves a slow broker slow (slow(0) restores it), and a bad delay is refused', async () => {
    const { cluster } = await createCluster({ brokers: 1, seed: SEED });
    cluster.broker(1).slow(500);
    cluster.heal();
    const before = cluster.now();
    await cluster.client().admin().listTopics();
    // Metadata goes to the slow broker and back: at least 2 × 500 ms.
    expect(cluster.now() - before).toBeGreaterThanOrEqual(1000);
    expect(() => cluster.broker(1).slow(-1)).toThrow('broker(1).slow(extraMs) takes a delay of 0 ms or more (0 restores it), not -1.');
    await cluster.close();
  });

  it('a wiped broker restarts with an empty disk and re-replicates from the leader', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 2, seed: SEED });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 2 }] });
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;
    const followerLogEndOffset = () =>
      cluster
        .broker(follower)
        .instance!.partitionStates()
        .find((s) => s.topic === 'orders')?.logEndOffset ?? 0;
    await cluster.broker(follower).wipe();
    cluster.partition(follower, leader);
    await cluster.broker(follower).restart();
    await cluster.advance(2_000);
    expect(followerLogEndOffset()).toBe(0);
    cluster.heal(follower, leader);
    // The fetch lost in the partition is only given up after its request timeout (30 s), as in Kafka.
    await cluster.advance(35_000);
    expect(followerLogEndOffset()).toBe(2);
    await cluster.close();
  });

  it('keeps every acknowledged acks=all record through a leader crash, with invariants checked after every event', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, checkInvariants: true });
    await kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const producer = kafka.producer();
    const acked: AckedRecord[] = [];
    const send = async (value: string) => {
      const [meta] = await producer.send({ topic: 'orders', acks: -1, messages: [{ value }] });
      acked.push({ topic: 'orders', partition: 0, offset: Number(meta.baseOffset), value });
    };
    for (let i = 0; i < 5; i++) await send(`before-${i}`);
    await cluster.broker(cluster.leaderOf('orders', 0)).kill();
    for (let i = 0; i < 5; i++) await send(`after-${i}`);

    const read = await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    const report = checkAckedRecords(acked, [
      {
        topic: 'orders',
        partition: 0,
        records: read.records.map((r) => ({ offset: Number(r.offset), value: text(r.value) })),
      },
    ]);
    expect(report.anomalies).toEqual([]);
    expect(report.ackedCount).toBe(10);
    await cluster.close();
  });

  it('a controlled shutdown the controller cannot approve gives up after 5 minutes and stops anyway, as BrokerServer.shutdown does', async () => {
    const { cluster } = await createCluster({ brokers: 3, seed: SEED });
    cluster.partition(2, 'controller');
    const startedMs = cluster.now();
    await cluster.broker(2).shutdown();
    expect(cluster.broker(2).state).toBe('shutdown');
    expect(cluster.now() - startedMs).toBeGreaterThanOrEqual(300_000);
    expect(cluster.now() - startedMs).toBeLessThan(301_000);
    await cluster.close();
  });
});
