import { afterEach, describe, expect, it } from 'vitest';
import { ConsumerGroupWorkload, type ReceivedRecord } from '../../src/workload/consumer-group-workload';
import type { Kafka } from '../../src/client/kafka';
import { ManualClock } from '../controller/manual-clock';
import type { AckedRecord, ProducerWorkload } from '../../src/workload/producer-workload';
import type { ConsumerGroupWorkloadSnapshot, ConsumerGroupWorkloadSpec } from '../../src/workload/workload-types';
import { until } from '../support/until';
import { workloadCluster, type WorkloadCluster } from './support';

let current: WorkloadCluster | null = null;

afterEach(async () => {
  await current?.cluster.close();
  current = null;
});

const key = (partition: number, offset: number) => `${partition}@${offset}`;

/** Produces for `seconds` while the group reads, optionally with a fault in the middle; returns what was acked and received. */
async function produceAndConsume(
  seed: number,
  group: Omit<ConsumerGroupWorkloadSpec, 'groupId' | 'topics'>,
  fault?: (wc: WorkloadCluster) => Promise<void>,
) {
  current = await workloadCluster(seed, [{ topic: 'orders', numPartitions: 3 }]);
  const { cluster, workloads, run } = current;
  const groupId = await run(
    workloads.startConsumerGroup({ groupId: 'billing', topics: ['orders'], sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, ...group }),
  );
  const received: ReceivedRecord[] = [];
  (workloads.get(groupId) as ConsumerGroupWorkload).onRecord((record) => received.push(record));
  const producerId = await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 30, keys: 'user-9' }));
  const acked: AckedRecord[] = [];
  (workloads.get(producerId) as ProducerWorkload).onAcked((record) => acked.push(record));
  await cluster.advance(3000);
  if (fault !== undefined) await fault(current);
  await cluster.advance(3000);
  await run(workloads.stop(producerId));
  const snapshotNow = () => workloads.get(groupId).snapshot() as ConsumerGroupWorkloadSnapshot;
  await until(cluster, 'the group has received every acknowledged record and has no lag', () => {
    const seen = new Set(received.map((r) => key(r.partition, r.offset)));
    const lags = snapshotNow().members.flatMap((m) => m.partitions.map((p) => p.lag));
    return acked.every((r) => seen.has(key(r.partition, r.offset))) && lags.every((lag) => lag === 0);
  });
  const snapshot = snapshotNow();
  return { acked, received, snapshot };
}

describe('workload > consumer group', () => {
  it('a classic group of 3 members receives every acknowledged record, each partition read by one member', async () => {
    const { acked, received, snapshot } = await produceAndConsume(11, { members: 3, fromBeginning: true });
    expect(acked.length).toBeGreaterThan(100);
    const seen = new Set(received.map((r) => key(r.partition, r.offset)));
    expect(acked.filter((r) => !seen.has(key(r.partition, r.offset)))).toEqual([]);
    const owners = snapshot.members.flatMap((m) => m.assignment.map((tp) => `${tp.topic}-${tp.partition}`));
    expect(owners.sort()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(snapshot.members.every((m) => m.memberId !== '')).toBe(true);
    expect(snapshot.members.flatMap((m) => m.partitions.map((p) => p.lag))).toEqual([0, 0, 0]);
    expect(snapshot.recordsReceived).toBe(received.length);
    expect(snapshot.received.reduce((total, p) => total + p.distinct, 0)).toBe(seen.size);
  });

  it('a KIP-848 group with the range assignor receives every acknowledged record', async () => {
    const { acked, received, snapshot } = await produceAndConsume(12, {
      members: 2,
      protocol: 'consumer',
      assignor: 'range',
      fromBeginning: true,
    });
    const seen = new Set(received.map((r) => key(r.partition, r.offset)));
    expect(acked.filter((r) => !seen.has(key(r.partition, r.offset)))).toEqual([]);
    expect(snapshot.members.flatMap((m) => m.assignment).length).toBe(3);
    expect(snapshot.lastError).toBeNull();
  });

  it('still receives every acknowledged record when a partition leader is killed mid-run', async () => {
    const { acked, received } = await produceAndConsume(13, { members: 2, fromBeginning: true }, async ({ cluster }) => {
      await cluster.killBroker(cluster.leaderOf('orders', 0));
    });
    const seen = new Set(received.map((r) => key(r.partition, r.offset)));
    expect(acked.filter((r) => !seen.has(key(r.partition, r.offset)))).toEqual([]);
  });

  it('a crashed member keeps its partitions until its session times out; then the others read them, and stop() leaves it be', async () => {
    const { acked, received, snapshot } = await produceAndConsume(
      15,
      { members: 2, fromBeginning: true },
      async ({ cluster, workloads }) => {
        await cluster.run(workloads.crashMember('group-1', 1));
        const [crashed] = (workloads.get('group-1').snapshot() as ConsumerGroupWorkloadSnapshot).members;
        expect(crashed.crashed).toBe(true);
        // No LeaveGroup: the coordinator still counts it for most of its 6 s session.
        await cluster.advance(3000);
        const [group] = await cluster.describeGroups();
        expect(group.members.map((member) => member.memberId)).toContain(crashed.memberId);
      },
    );
    const seen = new Set(received.map((r) => key(r.partition, r.offset)));
    expect(acked.filter((r) => !seen.has(key(r.partition, r.offset)))).toEqual([]);
    const owners = snapshot.members[1].assignment.map((tp) => tp.partition).sort();
    expect(owners).toEqual([0, 1, 2]);
    expect(await current!.cluster.run(current!.workloads.stop('group-1'))).toBeUndefined();
  });

  it('refuses to crash a producer or a member that does not exist, with a message saying why', async () => {
    current = await workloadCluster(16, [{ topic: 'orders', numPartitions: 1 }]);
    const { workloads, run } = current;
    const producerId = await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 10 }));
    const groupId = await run(workloads.startConsumerGroup({ groupId: 'g', topics: ['orders'], members: 2 }));
    await expect(workloads.crashMember(producerId, 1)).rejects.toThrow(`${producerId} is not a consumer group`);
    await expect(workloads.crashMember(groupId, 3)).rejects.toThrow('The group has members 1 to 2; there is no member 3.');
    await workloads.crashMember(groupId, 2);
    await expect(workloads.crashMember(groupId, 2)).rejects.toThrow('has already crashed');
  });

  it('commits what it read, so a new group member started after stop() resumes there', async () => {
    current = await workloadCluster(14, [{ topic: 'orders', numPartitions: 1 }]);
    const { cluster, workloads, run } = current;
    const producerId = await run(workloads.startProducer({ topic: 'orders', recordsPerSecond: 10 }));
    const first = await run(
      workloads.startConsumerGroup({
        groupId: 'g',
        topics: ['orders'],
        fromBeginning: true,
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
      }),
    );
    await cluster.advance(3000);
    await run(workloads.stop(producerId));
    await until(
      cluster,
      'the group has received the 30 records produced',
      () => (workloads.get(first).snapshot() as ConsumerGroupWorkloadSnapshot).recordsReceived >= 30,
    );
    await run(workloads.stop(first));
    const committed = (
      await run(
        cluster
          .client()
          .admin()
          .fetchOffsets({ groupId: 'g', topics: ['orders'] }),
      )
    )[0].partitions[0].offset;
    expect(Number(committed)).toBe(30);
    const second = await run(
      workloads.startConsumerGroup({
        groupId: 'g',
        topics: ['orders'],
        fromBeginning: true,
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
      }),
    );
    await cluster.advance(5000);
    expect((workloads.get(second).snapshot() as ConsumerGroupWorkloadSnapshot).recordsReceived).toBe(0);
  });

  it.each([
    [{ groupId: '', topics: ['orders'] }, 'groupId must be'],
    [{ groupId: 'g', topics: [] }, 'topics must list'],
    [{ groupId: 'g', topics: ['orders'], members: 0 }, 'members must be'],
    [{ groupId: 'g', topics: ['orders'], protocol: 'eager' as never }, "protocol must be 'classic' or 'consumer'"],
  ])('refuses %o with INVALID_CONFIG', async (spec, message) => {
    current = await workloadCluster(15, [{ topic: 'orders', numPartitions: 1 }]);
    const error = await current.run(current.workloads.startConsumerGroup(spec)).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'INVALID_CONFIG' });
    expect((error as Error).message).toContain(message);
  });
});

describe('workload > consumer group > a start that fails', () => {
  it('disconnects the members that had connected when a later one cannot', async () => {
    const disconnected: number[] = [];
    let made = 0;
    const fakeKafka = {
      consumer: () => {
        const number = ++made;
        return {
          connect: async () => {
            if (number === 2) throw new Error('Connection error: broker unreachable');
          },
          subscribe: async () => undefined,
          on: () => () => undefined,
          disconnect: async () => {
            disconnected.push(number);
          },
        };
      },
    } as unknown as Kafka;
    const workload = new ConsumerGroupWorkload(
      'g-1',
      { groupId: 'g', topics: ['orders'], members: 3 },
      { kafka: fakeKafka, clock: new ManualClock(), onChange: () => undefined },
    );
    await expect(workload.start()).rejects.toThrow('broker unreachable');
    expect(disconnected).toContain(1);
  });
});
