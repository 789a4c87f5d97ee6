import { describe, expect, it } from 'vitest';
import { checkAckedRecords, createCluster, type AckedRecord } from '../../src/index';

const SEED = 11;
const text = (bytes: Uint8Array | null) => new TextDecoder().decode(bytes!);

describe('sim > cluster > faults', () => {
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
