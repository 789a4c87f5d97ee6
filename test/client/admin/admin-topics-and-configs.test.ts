import { describe, expect, it } from 'vitest';
import { ConfigResourceTypes, createCluster, type KafkaError } from '../../../src/index';
import { until } from '../../support/until';

const SEED = 64;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: KafkaError) => error,
  );

describe('client > admin > topics and configs on a running cluster', () => {
  it("describes a topic's configs with their sources, and alters one without touching the others", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    const admin = kafka.admin();
    await admin.createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const entry = async (name: string) => {
      const { resources } = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders', configNames: [name] }],
      });
      return resources[0].configEntries[0];
    };
    expect(await entry('min.insync.replicas')).toMatchObject({ configValue: '2', isDefault: false });
    expect(await entry('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true });

    await admin.alterConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders', configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    expect(await entry('retention.ms')).toMatchObject({ configValue: '60000', isDefault: false });
    expect(await entry('min.insync.replicas')).toMatchObject({ configValue: '2' });
    expect(cluster.describe().topics[0].configs).toMatchObject({ 'min.insync.replicas': '2', 'retention.ms': '60000' });

    await admin.alterConfigs({
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'orders', configEntries: [{ name: 'retention.ms', value: null, operation: 'DELETE' }] },
      ],
    });
    expect(await entry('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true });
    await cluster.close();
  });

  it("refuses an invalid config value with INVALID_CONFIG and Kafka's message", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 1 }] });
    const error = await failure(
      admin.alterConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders', configEntries: [{ name: 'cleanup.policy', value: 'shred' }] }],
      }),
    );
    expect(error?.type).toBe('INVALID_CONFIG');
    expect(error?.message).toContain('shred');
    await cluster.close();
  });

  it('adds partitions, refuses fewer, and deletes a topic so that it is gone from every broker', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'orders', count: 5 }] });
    expect(cluster.describe().topics[0].partitions).toHaveLength(5);
    expect((await admin.fetchTopicMetadata({ topics: ['orders'] })).topics[0].partitions).toHaveLength(5);
    const fewer = await failure(admin.createPartitions({ topicPartitions: [{ topic: 'orders', count: 3 }] }));
    expect(fewer?.type).toBe('INVALID_PARTITIONS');

    await admin.deleteTopics({ topics: ['orders'] });
    await until(cluster, 'every broker stops and deletes its replicas of orders', () =>
      cluster.brokerIds().every((id) => cluster.broker(id).instance!.partitionStates().length === 0),
    );
    expect(await admin.listTopics()).toEqual([]);
    for (const id of cluster.brokerIds()) expect(cluster.broker(id).instance!.partitionStates()).toEqual([]);
    expect((await failure(admin.deleteTopics({ topics: ['orders'] })))?.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    await cluster.close();
  });
});
