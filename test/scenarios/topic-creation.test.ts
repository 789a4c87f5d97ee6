import { describe, expect, it } from 'vitest';
import { createCluster, type KafkaError } from '../../src/index';

const SEED = 3;

async function creationError(create: () => Promise<unknown>): Promise<KafkaError> {
  try {
    await create();
  } catch (error) {
    return error as KafkaError;
  }
  throw new Error('the topic was created; the test expected Kafka to refuse it');
}

describe('scenario > topic creation through the admin client', () => {
  it('places replicas as StripedReplicaPlacer does: every partition on three racks, leaders spread evenly', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 6, seed: SEED, racks: ['a', 'b', 'c'] });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 12, replicationFactor: 3 }] });
    const rackOf = new Map(cluster.describe().brokers.map((b) => [b.id, b.rack]));
    const partitions = cluster.describe().topics[0].partitions;
    for (const p of partitions) {
      expect(new Set(p.replicas.map((id) => rackOf.get(id))).size).toBe(3);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      expect(p.leaderEpoch).toBe(0);
    }
    const leadersPerBroker = [1, 2, 3, 4, 5, 6].map((id) => partitions.filter((p) => p.leader === id).length);
    expect(leadersPerBroker).toEqual([2, 2, 2, 2, 2, 2]);
    await cluster.close();
  });

  it.each([
    [
      'a replication factor above the brokers',
      { topic: 'orders', numPartitions: 1, replicationFactor: 4 },
      'INVALID_REPLICATION_FACTOR',
      'Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.',
    ],
    [
      'zero partitions',
      { topic: 'orders', numPartitions: 0, replicationFactor: 1 },
      'INVALID_PARTITIONS',
      'Number of partitions was set to an invalid non-positive value.',
    ],
    [
      'a name with a space',
      { topic: 'my orders', numPartitions: 1, replicationFactor: 1 },
      'INVALID_TOPIC_EXCEPTION',
      "Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
    ],
    [
      'a name that collides with an existing one by . and _',
      { topic: 'user.events', numPartitions: 1, replicationFactor: 1 },
      'INVALID_TOPIC_EXCEPTION',
      "Topic 'user.events' collides with existing topic: user_events",
    ],
  ])("refuses %s with Kafka's error and message, creating nothing", async (_what, topic, type, message) => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await kafka.admin().createTopics({ topics: [{ topic: 'user_events', numPartitions: 1, replicationFactor: 1 }] });
    const error = await creationError(() => kafka.admin().createTopics({ topics: [topic] }));
    expect({ type: error.type, message: error.message }).toEqual({ type, message });
    expect(cluster.describe().topics.map((t) => t.name)).toEqual(['user_events']);
    await cluster.close();
  });

  it('answers an existing name with false, as kafkajs does for TOPIC_ALREADY_EXISTS, leaving the topic as it was', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    expect(await kafka.admin().createTopics({ topics: [{ topic: 'user_events', numPartitions: 2, replicationFactor: 1 }] })).toBe(true);
    expect(await kafka.admin().createTopics({ topics: [{ topic: 'user_events', numPartitions: 5, replicationFactor: 3 }] })).toBe(false);
    expect(cluster.describe().topics[0].partitions.map((p) => p.replicas.length)).toEqual([1, 1]);
    await cluster.close();
  });
});
