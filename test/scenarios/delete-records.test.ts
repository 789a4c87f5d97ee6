import { describe, expect, it } from 'vitest';
import { createCluster, type KafkaError } from '../../src/index';
import { GROUP_METADATA_TOPIC_NAME } from '../../src/protocol/internal-topics';
import { until } from '../support/until';
import { createTopic, replicaState, text } from './support';

const SEED = 21;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: KafkaError & { partitions?: { partition: number; error: KafkaError }[] }) => error,
  );

async function tenRecords() {
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
  await createTopic(kafka, 'clicks', { partitions: 2 });
  await kafka.producer().send({ topic: 'clicks', messages: Array.from({ length: 10 }, (_, i) => ({ value: `click-${i}`, partition: 0 })) });
  return { cluster, kafka, admin: kafka.admin() };
}

/**
 * DeleteRecords (api key 21) as Kafka's ReplicaManager.deleteRecords serves it: the leader moves its
 * log start offset up (UnifiedLog.maybeIncrementLogStartOffset), followers follow it from the fetch
 * responses, and the call returns once the low watermark (the smallest log start offset of the live
 * replicas, Partition.lowWatermarkIfLeader) reached the offset (DelayedDeleteRecords).
 */
describe('scenario > deleting records below an offset', () => {
  it('moves the log start offset of every replica, and a reader from the beginning starts there', async () => {
    const { cluster, kafka, admin } = await tenRecords();
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '4' }] });
    expect((await admin.fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '4', high: '10' });
    for (const id of cluster.describePartition('clicks', 0).replicas) expect(replicaState(cluster, id, 'clicks')!.logStartOffset).toBe(4);
    const read = await kafka.readPartition({ topic: 'clicks', partition: 0, fromOffset: 4 });
    expect(read.records.map((r) => text(r.value))[0]).toBe('click-4');
    expect((await failure(kafka.readPartition({ topic: 'clicks', partition: 0, fromOffset: 3 })))?.type).toBe('OFFSET_OUT_OF_RANGE');
    await cluster.close();
  });

  it('deletes everything below the high watermark for offset -1, and nothing for an offset below the log start', async () => {
    const { cluster, admin } = await tenRecords();
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '-1' }] });
    expect((await admin.fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '10', high: '10' });
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '2' }] });
    expect((await admin.fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '10', high: '10' });
    await cluster.close();
  });

  it("refuses an offset past the high watermark, a compacted topic and an internal topic, each with Kafka's error", async () => {
    const { cluster, kafka, admin } = await tenRecords();
    const past = await failure(admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '11' }] }));
    expect(past?.partitions?.[0].error.type).toBe('OFFSET_OUT_OF_RANGE');
    await createTopic(kafka, 'profiles', { configs: { 'cleanup.policy': 'compact' } });
    const compacted = await failure(admin.deleteTopicRecords({ topic: 'profiles', partitions: [{ partition: 0, offset: '0' }] }));
    expect(compacted?.partitions?.[0].error.type).toBe('POLICY_VIOLATION');
    // A group's commit creates __consumer_offsets.
    await until(cluster, 'a group committed once the offsets topic is loaded', async () => {
      await admin.setOffsets({ groupId: 'g', topic: 'clicks', partitions: [{ partition: 0, offset: '1' }] });
      return true;
    });
    const internal = await failure(
      admin.deleteTopicRecords({ topic: GROUP_METADATA_TOPIC_NAME, partitions: [{ partition: 0, offset: '0' }] }),
    );
    expect(internal?.partitions?.[0].error.type).toBe('INVALID_TOPIC_EXCEPTION');
    expect((await admin.fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '0', high: '10' });
    await cluster.close();
  });

  it('waits for every live replica: one cut off from its leader holds the call until it times out', async () => {
    const { cluster, admin } = await tenRecords();
    const { leader, replicas } = cluster.describePartition('clicks', 0);
    const follower = replicas.find((id) => id !== leader)!;
    cluster.partition(leader, follower);
    const timedOut = await failure(admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '5' }] }));
    expect(timedOut?.partitions?.[0].error.type).toBe('REQUEST_TIMED_OUT');
    // The leader moved at once; the follower, alive but cut off, still starts at 0.
    expect(replicaState(cluster, leader, 'clicks')!.logStartOffset).toBe(5);
    expect(replicaState(cluster, follower, 'clicks')!.logStartOffset).toBe(0);

    cluster.heal();
    await until(
      cluster,
      'the follower fetches again and moves its log start offset',
      () => replicaState(cluster, follower, 'clicks')!.logStartOffset === 5,
    );
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '5' }] });
    await cluster.close();
  });

  it("keeps the deleted records deleted across a failover: followers take the leader's log start offset from every fetch (ReplicaFetcherThread)", async () => {
    const { cluster, kafka, admin } = await tenRecords();
    const leader = cluster.leaderOf('clicks', 0);
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '6' }] });
    await cluster.killBroker(leader);
    await until(cluster, 'a new leader', () => ![leader, -1].includes(cluster.leaderOf('clicks', 0)));
    // The low watermark does not go back, and a reader from the beginning does not see deleted records again.
    expect((await kafka.admin().fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '6', high: '10' });
    const read = await kafka.readPartition({ topic: 'clicks', partition: 0, fromOffset: 6 });
    expect(read.records.map((r) => text(r.value))[0]).toBe('click-6');
    expect((await failure(kafka.readPartition({ topic: 'clicks', partition: 0, fromOffset: 0 })))?.type).toBe('OFFSET_OUT_OF_RANGE');
    await cluster.close();
  });
});
