import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';

const SEED = 5;

describe('sim > cluster > unclean election', () => {
  it('records the committed offsets an uncleanly elected leader gave up', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({
      brokers: 2,
      seed: SEED,
      checkInvariants: true,
      config: { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 },
    });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 2 }] });
    const producer = kafka.producer();
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] });
    const { leader, replicas } = cluster.describePartition('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;

    await cluster.broker(follower).kill();
    await cluster.advance(10_000);
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'b' }, { value: 'c' }] });
    // Past replica.high.watermark.checkpoint.interval.ms, so the leader's disk knows offsets 1..2 were committed.
    await cluster.advance(6_000);
    await cluster.broker(leader).kill();
    await cluster.advance(10_000);
    expect(cluster.leaderOf('orders', 0)).toBe(-1);

    await cluster.broker(follower).restart();
    await cluster.advance(5_000);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader: follower, logEndOffset: 1 });
    expect(cluster.lostCommittedOffsets()).toEqual([]);

    // The old leader comes back as a follower and truncates the committed records the new leader never had.
    await cluster.broker(leader).restart();
    await cluster.advance(5_000);
    expect(cluster.lostCommittedOffsets()).toMatchObject([{ brokerId: leader, topic: 'orders', partition: 0, fromOffset: 1, toOffset: 3 }]);
    await cluster.close();
  });
});
