import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import { until } from '../support/until';
import { ackedProducer, expectAckedRecordsReadable, replicaState } from './support';

const SEED = 455;
const SESSION_TIMEOUT_MS = 9_000;

/** Four brokers, `orders` with one partition on brokers 1 and 2 (led by 1), and a producer with acks=all. */
async function ordersOnBrokers1And2() {
  console.log(`seed ${SEED}`);
  const { cluster, kafka } = await createCluster({ brokers: 4, seed: SEED, checkInvariants: true });
  const admin = kafka.admin();
  await admin.createTopics({ topics: [{ topic: 'orders', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }] });
  const producer = ackedProducer(kafka, 'orders');
  return { cluster, kafka, admin, producer };
}

/** `count` acks=all records sent together, so that the producer batches them as it would under load. */
function produce(producer: ReturnType<typeof ackedProducer>, prefix: string, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => producer.send(`${prefix}-${i}`)));
}

const moveTo = (replicas: number[] | null) => ({ topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas }] }] });

/** Waits until orders-0's replicas are exactly `replicas` with nothing being added or removed. */
function untilReplicasAre(cluster: InProcessCluster, replicas: number[]): Promise<number> {
  return until(cluster, `orders-0's replicas are ${replicas} with no reassignment in flight`, () => {
    const partition = cluster.describePartition('orders', 0);
    return (
      partition.replicas.join() === replicas.join() && partition.addingReplicas.length === 0 && partition.removingReplicas.length === 0
    );
  });
}

describe('scenario > partition reassignment', () => {
  it('moves a partition from brokers 1 and 2 to 3 and 4 while producing, losing no acknowledged record', async () => {
    const { cluster, kafka, admin, producer } = await ordersOnBrokers1And2();
    await produce(producer, 'before', 1000);
    const before = cluster.describePartition('orders', 0);
    expect(before).toMatchObject({ replicas: [1, 2], leader: 1, highWatermark: 1000 });

    // The new brokers are far away (100 ms more latency each way), so catching up takes a while.
    for (const id of [3, 4]) cluster.broker(id).slow(100);
    // Produce ten records at a time throughout the move, noting who leads after each round.
    const leaders: number[] = [];
    const steady = (async () => {
      for (let round = 0; round < 50; round++) {
        await produce(producer, `during-${round}`, 10);
        leaders.push(cluster.leaderOf('orders', 0));
      }
    })();
    await admin.alterPartitionReassignments(moveTo([3, 4]));
    // The new replicas are added beside the old ones and start fetching from the leader, broker 1.
    expect(await admin.listPartitionReassignments()).toEqual({
      topics: [
        {
          name: 'orders',
          partitions: [{ partition: 0, replicas: [3, 4, 1, 2], addingReplicas: [3, 4], removingReplicas: [1, 2] }],
        },
      ],
    });
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader: 1, addingReplicas: [3, 4], removingReplicas: [1, 2] });
    await steady;
    await untilReplicasAre(cluster, [3, 4]);
    await produce(producer, 'after', 100);
    // Leadership moved off broker 1 while records were being produced.
    expect(leaders[0]).toBe(1);
    expect([3, 4]).toContain(leaders.at(-1));

    const after = cluster.describePartition('orders', 0);
    expect(after).toMatchObject({ replicas: [3, 4], addingReplicas: [], removingReplicas: [] });
    expect(after.isr.every((id) => [3, 4].includes(id))).toBe(true);
    expect([3, 4]).toContain(after.leader);
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(after.highWatermark).toBe(1600);
    expect(await admin.listPartitionReassignments()).toEqual({ topics: [] });

    // The old replicas stopped and deleted their logs, as StopReplica with delete=true does.
    for (const id of [1, 2]) {
      expect(replicaState(cluster, id, 'orders')).toBeUndefined();
      expect(await cluster.broker(id).storedPartitions()).not.toContainEqual({ topic: 'orders', partition: 0 });
    }
    for (const id of [3, 4]) expect(replicaState(cluster, id, 'orders')!.logEndOffset).toBe(1600);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    expect(cluster.lostCommittedOffsets()).toEqual([]);
    await cluster.close();
  });

  it('cancels a reassignment that cannot finish: the original replicas stay and the added one deletes its copy', async () => {
    const { cluster, kafka, admin, producer } = await ordersOnBrokers1And2();
    await produce(producer, 'before', 200);
    await cluster.broker(4).kill();
    await admin.alterPartitionReassignments(moveTo([3, 4]));
    await produce(producer, 'during', 100);
    await until(cluster, 'broker 3 catches up and joins the ISR', () => cluster.describePartition('orders', 0).isr.includes(3));
    // Broker 3 caught up and joined the ISR; broker 4 is down, so the move cannot complete.
    expect(cluster.describePartition('orders', 0)).toMatchObject({ replicas: [3, 4, 1, 2], addingReplicas: [3, 4] });
    expect(cluster.describePartition('orders', 0).isr).toContain(3);

    await admin.alterPartitionReassignments(moveTo(null));
    await untilReplicasAre(cluster, [1, 2]);
    await until(cluster, 'broker 3 stops its replica of orders-0', () => replicaState(cluster, 3, 'orders') === undefined);
    expect(cluster.describePartition('orders', 0)).toMatchObject({
      replicas: [1, 2],
      isr: [1, 2],
      leader: 1,
      addingReplicas: [],
      removingReplicas: [],
    });
    expect(await admin.listPartitionReassignments()).toEqual({ topics: [] });
    expect(await cluster.broker(3).storedPartitions()).not.toContainEqual({ topic: 'orders', partition: 0 });
    await produce(producer, 'after', 100);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('keeps a reassignment to a broker that is down in flight until the broker comes back', async () => {
    const { cluster, kafka, admin, producer } = await ordersOnBrokers1And2();
    await produce(producer, 'before', 300);
    await cluster.broker(4).kill();
    await cluster.advance(SESSION_TIMEOUT_MS + 1_000);
    await admin.alterPartitionReassignments(moveTo([3, 4]));
    await produce(producer, 'while-down', 100);
    await cluster.advance(30_000);
    const waiting = cluster.describePartition('orders', 0);
    expect(waiting).toMatchObject({ replicas: [3, 4, 1, 2], leader: 1, addingReplicas: [3, 4], removingReplicas: [1, 2] });
    expect(waiting.isr).not.toContain(4);
    // Until the move completes, the leader measures under-replication against the original two replicas.
    expect(cluster.broker(1).instance!.metrics()).toMatchObject({ UnderReplicatedPartitions: 0, ReassigningPartitions: 1 });
    expect((await admin.listPartitionReassignments()).topics).toHaveLength(1);

    await cluster.broker(4).restart();
    await untilReplicasAre(cluster, [3, 4]);
    const done = cluster.describePartition('orders', 0);
    expect(done).toMatchObject({ replicas: [3, 4], addingReplicas: [], removingReplicas: [] });
    expect([3, 4]).toContain(done.leader);
    expect(cluster.broker(done.leader).instance!.metrics().ReassigningPartitions).toBe(0);
    expect(replicaState(cluster, 4, 'orders')!.logEndOffset).toBe(400);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });
});
