import { afterEach, describe, expect, it } from 'vitest';
import type { AckedRecord, ProducerWorkload } from '../../src/workload/producer-workload';
import type { ProducerWorkloadSnapshot } from '../../src/workload/workload-types';
import { workloadCluster, type WorkloadCluster } from './support';

let current: WorkloadCluster | null = null;

afterEach(async () => {
  await current?.cluster.close();
  current = null;
});

async function producing(seed: number, spec: Parameters<WorkloadCluster['workloads']['startProducer']>[0], seconds: number) {
  current = await workloadCluster(seed, [{ topic: 'orders', numPartitions: 3 }]);
  const { cluster, workloads, run } = current;
  const id = await run(workloads.startProducer(spec));
  const acked: AckedRecord[] = [];
  (workloads.get(id) as ProducerWorkload).onAcked((record) => acked.push(record));
  await cluster.advance(seconds * 1000);
  const whileRunning = workloads.list()[0] as ProducerWorkloadSnapshot;
  await run(workloads.stop(id));
  return { id, acked, whileRunning };
}

describe('workload > producer', () => {
  it('hands recordsPerSecond records a second to the producer, and every one is acknowledged with acks=all', async () => {
    const { acked, whileRunning } = await producing(1, { topic: 'orders', recordsPerSecond: 50 }, 2);
    expect(whileRunning.sent).toBe(100);
    expect(whileRunning.failed).toBe(0);
    expect(whileRunning.lastError).toBeNull();
    expect(acked).toHaveLength(100);
    const offsets = new Map<number, number[]>();
    for (const record of acked) offsets.set(record.partition, [...(offsets.get(record.partition) ?? []), record.offset]);
    for (const [partition, list] of offsets) {
      expect(
        list.sort((a, b) => a - b),
        `partition ${partition}`,
      ).toEqual(list.map((_, i) => i));
    }
  });

  it('keys user-N records user-0 .. user-(N-1) in turn, and each user stays on one partition', async () => {
    const { acked } = await producing(2, { topic: 'orders', recordsPerSecond: 20, keys: 'user-4' }, 1);
    expect(acked.map((r) => r.key).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `user-${i % 4}`).sort());
    for (const user of ['user-0', 'user-1', 'user-2', 'user-3']) {
      expect(new Set(acked.filter((r) => r.key === user).map((r) => r.partition)).size, user).toBe(1);
    }
  });

  it('keys records from a fixed list, and sends unkeyed records with keys: none', async () => {
    const fixed = await producing(3, { topic: 'orders', recordsPerSecond: 10, keys: { fixed: ['red', 'blue'] } }, 1);
    expect(new Set(fixed.acked.map((r) => r.key))).toEqual(new Set(['red', 'blue']));
    await current!.cluster.close();
    const none = await producing(4, { topic: 'orders', recordsPerSecond: 10 }, 1);
    expect(none.acked.every((r) => r.key === null)).toBe(true);
  });

  it('pads or cuts each value to valueBytes, naming the workload and the record number', async () => {
    const { id, acked } = await producing(5, { topic: 'orders', recordsPerSecond: 10, valueBytes: 20 }, 1);
    expect(acked.every((r) => r.value.length === 20)).toBe(true);
    expect(acked.map((r) => r.value)).toContain(`${id} #0`.padEnd(20, '.'));
  });

  it('with acks=0 counts a record acknowledged once sent, without an offset', async () => {
    const { acked } = await producing(6, { topic: 'orders', recordsPerSecond: 10, acks: 0 }, 1);
    expect(acked).toHaveLength(10);
    expect(acked.every((r) => r.offset === -1)).toBe(true);
  });

  it("counts sends that fail, with the last error in Kafka's terms", async () => {
    current = await workloadCluster(7, [{ topic: 'orders', numPartitions: 1 }]);
    const { cluster, workloads, run } = current;
    await cluster.advance(100);
    // With one replica left of three, min.insync.replicas=2 cannot be met.
    await run(
      current.cluster
        .client()
        .admin()
        .alterConfigs({
          validateOnly: false,
          resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'min.insync.replicas', value: '3' }] }],
        }),
    );
    await cluster.killBroker(cluster.brokerIds().find((id) => id !== cluster.leaderOf('orders', 0))!);
    const id = await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 5 }));
    await cluster.advance(130_000);
    const snapshot = workloads.list().find((s) => s.id === id) as ProducerWorkloadSnapshot;
    expect(snapshot.failed).toBeGreaterThan(0);
    expect(snapshot.lastError?.type).toMatch(/NOT_ENOUGH_REPLICAS|REQUEST_TIMED_OUT/);
    expect(snapshot.lastError?.code).toBeGreaterThan(0);
  });

  it('tells onChange listeners every snapshot after a change, and onDirty listeners that something changed', async () => {
    current = await workloadCluster(9, [{ topic: 'orders', numPartitions: 1 }]);
    const { cluster, workloads, run } = current;
    const heard: number[] = [];
    let dirty = 0;
    workloads.onChange((snapshots) => heard.push(snapshots.length === 1 && snapshots[0].kind === 'producer' ? snapshots[0].acked : -1));
    workloads.onDirty(() => dirty++);
    const id = await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 10 }));
    await cluster.advance(1000);
    await run(workloads.stop(id));
    expect(heard.slice(0, 3)).toEqual([0, 1, 2]);
    expect(heard.at(-1)).toBe(-1);
    expect(dirty).toBe(heard.length);
  });

  it.each([
    [{ topic: '', recordsPerSecond: 1 }, 'topic must be'],
    [{ topic: 'orders', recordsPerSecond: 0 }, 'recordsPerSecond must be'],
    [{ topic: 'orders', recordsPerSecond: 1, acks: 2 as never }, 'acks must be'],
    [{ topic: 'orders', recordsPerSecond: 1, acks: 1 as const, idempotence: true }, 'Must set acks to all'],
    [{ topic: 'orders', recordsPerSecond: 1, keys: 'user-0' as const }, "'user-N' with N >= 1"],
    [{ topic: 'orders', recordsPerSecond: 1, keys: { fixed: [] } }, 'keys.fixed must be'],
    [{ topic: 'orders', recordsPerSecond: 1, valueBytes: -1 }, 'valueBytes must be'],
  ])('refuses %o with INVALID_CONFIG', async (spec, message) => {
    current = await workloadCluster(8, [{ topic: 'orders', numPartitions: 1 }]);
    const error = await current.run(current.workloads.startProducer(spec)).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'INVALID_CONFIG', code: 40 });
    expect((error as Error).message).toContain(message);
    expect(current.workloads.list()).toEqual([]);
  });
});

describe('workload > producer, a batch waiting on a dead leader', () => {
  it('counts down to delivery.timeout.ms in its snapshots while no answer comes', async () => {
    current = await workloadCluster(4, [{ topic: 'orders', numPartitions: 1 }]);
    const { cluster, workloads, run } = current;
    await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 20 }));
    await cluster.advance(1_000);
    let changes = 0;
    workloads.onChange(() => changes++);
    await run(cluster.killBroker(cluster.leaderOf('orders', 0)));
    await cluster.advance(1_500);
    const first = (workloads.list()[0] as ProducerWorkloadSnapshot).producer.oldestBatch;
    await cluster.advance(1_000);
    const second = (workloads.list()[0] as ProducerWorkloadSnapshot).producer.oldestBatch;
    expect(first).toMatchObject({ topic: 'orders', partition: 0, waitsFor: 'delivery.timeout.ms' });
    expect(first!.ageMs).toBeGreaterThanOrEqual(1_000);
    // delivery.timeout.ms is Kafka's 120 s, counted from the batch's creation.
    expect(first!.endsInMs).toBe(120_000 - first!.ageMs);
    expect(second!.endsInMs).toBeLessThan(first!.endsInMs);
    expect(changes).toBeGreaterThan(4);
  });
});
