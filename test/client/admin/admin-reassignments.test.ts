import { describe, expect, it } from 'vitest';
import { createCluster, type KafkaError } from '../../../src/index';
import { KafkaAggregateError, KafkaAlterPartitionReassignmentsError } from '../../../src/client/admin/admin-errors';
import { until } from '../../support/until';

const SEED = 45;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: KafkaError) => error,
  );

/** Four brokers, topic `orders` with one partition on [1, 2]. */
async function clusterWithTopic() {
  const { cluster, kafka } = await createCluster({ brokers: 4, seed: SEED });
  const admin = kafka.admin();
  await admin.createTopics({ topics: [{ topic: 'orders', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }] });
  return { cluster, admin };
}

describe('client > admin > partition reassignments', () => {
  it("starts a reassignment, lists it in kafkajs's shape while it runs, and lists nothing once it is done", async () => {
    const { cluster, admin } = await clusterWithTopic();
    await cluster.broker(3).kill();
    await admin.alterPartitionReassignments({ topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [2, 3] }] }] });
    const ongoing = { name: 'orders', partitions: [{ partition: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] }] };
    expect(await admin.listPartitionReassignments()).toEqual({ topics: [ongoing] });
    expect(await admin.listPartitionReassignments({ topics: [{ topic: 'orders', partitions: [0] }] })).toEqual({ topics: [ongoing] });
    await cluster.broker(3).restart();
    await until(
      cluster,
      'the reassignment of orders-0 to brokers 2 and 3 completes',
      () => cluster.describePartition('orders', 0).addingReplicas.length === 0,
    );
    expect(await admin.listPartitionReassignments()).toEqual({ topics: [] });
    expect(cluster.describePartition('orders', 0)).toMatchObject({ replicas: [2, 3], addingReplicas: [], removingReplicas: [] });
    await cluster.close();
  });

  it('cancels with null replicas, and fails with NO_REASSIGNMENT_IN_PROGRESS naming the partition when there is none', async () => {
    const { cluster, admin } = await clusterWithTopic();
    await cluster.broker(4).kill();
    await admin.alterPartitionReassignments({ topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [1, 4] }] }] });
    await admin.alterPartitionReassignments({ topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: null }] }] });
    expect(cluster.describePartition('orders', 0)).toMatchObject({ replicas: [1, 2], addingReplicas: [], removingReplicas: [] });
    const error = await failure(
      admin.alterPartitionReassignments({ topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: null }] }] }),
    );
    expect(error).toBeInstanceOf(KafkaAlterPartitionReassignmentsError);
    expect(error).toMatchObject({ type: 'NO_REASSIGNMENT_IN_PROGRESS', code: 85, topic: 'orders', partition: 0 });
    await cluster.close();
  });

  it("gathers the failures of several partitions into one error with the controller's messages", async () => {
    const { cluster, admin } = await clusterWithTopic();
    const error = await failure(
      admin.alterPartitionReassignments({
        topics: [
          {
            topic: 'orders',
            partitionAssignment: [
              { partition: 0, replicas: [1, 7] },
              { partition: 3, replicas: [1] },
            ],
          },
        ],
      }),
    );
    expect(error).toBeInstanceOf(KafkaAggregateError);
    expect((error as KafkaAggregateError).errors.map((e) => [e.type, e.message])).toEqual([
      ['INVALID_REPLICA_ASSIGNMENT', 'The manual partition assignment includes broker 7, but no such broker is registered.'],
      ['UNKNOWN_TOPIC_OR_PARTITION', 'Unable to find partition orders:3.'],
    ]);
    await cluster.close();
  });

  it('checks its arguments as kafkajs does before sending anything', async () => {
    const { cluster, admin } = await clusterWithTopic();
    const alter = (topics: unknown) => failure(admin.alterPartitionReassignments({ topics } as never));
    expect((await alter('orders'))?.message).toBe('Invalid topics array orders');
    expect(
      (
        await alter([
          { topic: 'orders', partitionAssignment: [] },
          { topic: 'orders', partitionAssignment: [] },
        ])
      )?.message,
    ).toBe('Invalid topics array, it cannot have multiple entries for the same topic');
    expect((await alter([{ topic: 'orders', partitionAssignment: [{ partition: -1, replicas: [1] }] }]))?.message).toBe(
      'Invalid partitions index: -1 for topic: orders',
    );
    expect((await alter([{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [1, -2] }] }]))?.message).toBe(
      'Invalid replica assignment: 1,-2 for topic: orders on partition: 0. Replicas must be a non negative number',
    );
    const list = await failure(admin.listPartitionReassignments({ topics: [{ topic: 'orders', partitions: [-1] }] }));
    expect(list?.message).toBe(
      'Invalid partition array: -1 for topic: orders. The partition indices have to be a valid number greater than 0.',
    );
    await cluster.close();
  });
});
