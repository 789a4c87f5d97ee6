/**
 * __consumer_offsets gets exactly offsets.topic.replication.factor replicas, as in Kafka: a broker's
 * AutoTopicCreationManager asks the controller for the topic with the config's replication factor,
 * never capped at the brokers it sees, and the controller's StripedReplicaPlacer refuses a factor
 * larger than the registered brokers ("Internal topic creation will fail until the cluster size
 * meets this replication factor requirement", the config's own documentation). Until then
 * FindCoordinator answers COORDINATOR_NOT_AVAILABLE (KafkaApis.getCoordinator) and no group forms.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import { errorName } from '../../src/protocol/errors';
import { brokerAddress } from '../../src/protocol/rpc';
import { until } from '../support/until';
import { createTopic, text } from './support';

const SEED = 303;
const OFFSETS = '__consumer_offsets';

/**
 * A consumer of 'orders' in group 'billing', from the beginning, remembering the values it is
 * handed. `running` settles once it has joined the group (kafkajs's run() waits for the first join).
 */
async function startConsumer(kafka: Kafka) {
  const consumer = kafka.consumer({ groupId: 'billing' });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  const running = consumer.run({ eachMessage: async ({ message }) => void seen.push(text(message.value)) });
  return { consumer, seen, running };
}

/** FindCoordinator for `groupId`, sent to `brokerId` as a client sends it. */
async function findCoordinator(cluster: InProcessCluster, brokerId: number, groupId: string) {
  const transport = cluster.network.transport('client-9-find-coordinator');
  const response = await cluster.run(
    transport.request(brokerAddress(brokerId), 'FindCoordinator', { keyType: 0, coordinatorKeys: [groupId] }, 30_000),
    'FindCoordinator',
  );
  return errorName(response.coordinators[0].errorCode);
}

const offsetsTopic = (cluster: InProcessCluster) => cluster.describe().topics.find((t) => t.name === OFFSETS);

describe('scenario > __consumer_offsets replication factor', () => {
  it('gets offsets.topic.replication.factor (3) replicas on three brokers', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: { 'offsets.topic.num.partitions': 5 } });
    await createTopic(kafka, 'orders');
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'a' }] });
    const reader = await startConsumer(kafka);
    await until(cluster, 'the group has read orders', () => reader.seen.length === 1);
    expect(offsetsTopic(cluster)!.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3]);
    await reader.consumer.disconnect();
    await cluster.close();
  });

  it('keeps replication factor 3 with one of three brokers fenced: the placer puts the fenced broker last', async () => {
    // ClusterControlManager.usableBrokers lists fenced brokers too; StripedReplicaPlacer uses them
    // only after the unfenced ones and never as leader, so the topic is created at its full factor.
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: { 'offsets.topic.num.partitions': 5 } });
    await createTopic(kafka, 'orders', { replicationFactor: 2 });
    await cluster.killBroker(3);
    await until(cluster, 'the controller fenced broker 3', () => cluster.describe().brokers.find((b) => b.id === 3)!.state !== 'running');
    await until(cluster, 'orders-0 is led by a live broker', () => [1, 2].includes(cluster.leaderOf('orders', 0)));
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'a' }] });
    const reader = await startConsumer(kafka);
    await until(cluster, 'the group has read orders', () => reader.seen.length === 1);
    const partitions = offsetsTopic(cluster)!.partitions;
    expect(partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3]);
    expect(partitions.map((p) => p.replicas[2])).toEqual([3, 3, 3, 3, 3]);
    expect(partitions.every((p) => !p.isr.includes(3) && p.leader !== 3)).toBe(true);
    await reader.consumer.disconnect();
    await cluster.close();
  });

  it('with two brokers and offsets.topic.replication.factor 3, no group forms until a third broker joins', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({
      brokers: 2,
      seed: SEED,
      config: { 'offsets.topic.replication.factor': 3, 'offsets.topic.num.partitions': 5 },
    });
    await createTopic(kafka, 'orders', { replicationFactor: 2 });
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'a' }] });
    const reader = await startConsumer(kafka);
    await cluster.advance(30_000);
    expect(offsetsTopic(cluster)).toBeUndefined();
    expect(await findCoordinator(cluster, 1, 'billing')).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(reader.seen).toEqual([]);
    expect(await cluster.describeGroups()).toEqual([]);

    await cluster.addBroker();
    await cluster.run(reader.running, 'the consumer to join its group');
    await until(cluster, 'the group has read orders', () => reader.seen.length === 1);
    expect(offsetsTopic(cluster)!.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3]);
    expect(await findCoordinator(cluster, 1, 'billing')).toBe('NONE');
    await reader.consumer.disconnect();
    await cluster.close();
  });

  it("createCluster({ brokers: 1 }) sets offsets.topic.replication.factor 1, as Kafka's quickstart server.properties does", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    expect(cluster.config['offsets.topic.replication.factor']).toBe(1);
    await createTopic(kafka, 'orders', { replicationFactor: 1 });
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'a' }] });
    const reader = await startConsumer(kafka);
    await until(cluster, 'the group has read orders', () => reader.seen.length === 1);
    expect(offsetsTopic(cluster)!.partitions.every((p) => p.replicas.length === 1)).toBe(true);
    await reader.consumer.disconnect();
    await cluster.close();
  });
});
