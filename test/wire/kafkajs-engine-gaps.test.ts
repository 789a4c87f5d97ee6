/**
 * What kafkajs's own suite asks of a broker beyond the basics, with unmodified kafkajs 2.2.4 over
 * the in-memory socket: gzip record batches both ways, admin.deleteTopicRecords (DeleteRecords,
 * api key 21) and admin.alterConfigs, which kafkajs sends as the legacy AlterConfigs (33).
 */
import { describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { closeAfterEach, realTimeCluster } from './support';
import type { WireCluster } from '../../src/index';
import type { WallClock } from '../../src/sim/wall-clock';

describe('wire > kafkajs and the engine gaps its suite exposes', () => {
  const closeLater = closeAfterEach();

  async function connect(): Promise<{ cluster: WireCluster<WallClock>; kafka: Kafka; admin: Admin }> {
    const cluster = await realTimeCluster();
    closeLater(() => cluster.close());
    const kafka = new Kafka({
      clientId: 'gaps',
      brokers: ['localhost:9092'],
      socketFactory: cluster.socketFactory(),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    closeLater(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic: 'clicks', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    return { cluster, kafka, admin };
  }

  it('stores a gzip batch kafkajs sent, serves it back as kafkajs reads it, and our consumer reads it too', async () => {
    const { cluster, kafka } = await connect();
    const producer = kafka.producer();
    await producer.connect();
    closeLater(() => producer.disconnect());
    const values = Array.from({ length: 20 }, (_, i) => `click-${i}`);
    await producer.send({ topic: 'clicks', compression: CompressionTypes.GZIP, messages: values.map((value) => ({ key: 'k', value })) });

    const consumer = kafka.consumer({ groupId: 'readers', maxWaitTimeInMs: 100 });
    await consumer.connect();
    closeLater(() => consumer.disconnect());
    await consumer.subscribe({ topic: 'clicks', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    const deadline = Date.now() + 20_000;
    while (seen.length < values.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(values);

    const read = await cluster.client().readPartition({ topic: 'clicks', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => new TextDecoder().decode(r.value!))).toEqual(values);
  });

  it('deletes records below an offset on every replica with admin.deleteTopicRecords', async () => {
    const { cluster, kafka, admin } = await connect();
    const producer = kafka.producer();
    await producer.connect();
    closeLater(() => producer.disconnect());
    await producer.send({ topic: 'clicks', messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })) });
    // kafkajs's deleteTopicRecords finds leaders in the metadata it already has: fetchTopicOffsets loads the topic's.
    expect(await admin.fetchTopicOffsets('clicks')).toEqual([expect.objectContaining({ low: '0', high: '10' })]);
    await admin.deleteTopicRecords({ topic: 'clicks', partitions: [{ partition: 0, offset: '7' }] });
    expect(await admin.fetchTopicOffsets('clicks')).toEqual([expect.objectContaining({ partition: 0, low: '7', high: '10' })]);
    for (const id of cluster.describePartition('clicks', 0).replicas) {
      const state = cluster!
        .broker(id)
        .instance!.partitionStates()
        .find((p) => p.topic === 'clicks');
      expect(state?.logStartOffset).toBe(7);
    }
  });

  it("replaces a topic's dynamic configs with admin.alterConfigs (the legacy AlterConfigs)", async () => {
    const { cluster, admin } = await connect();
    const set = (configEntries: { name: string; value: string }[]) =>
      admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'clicks', configEntries }] });
    await set([{ name: 'retention.ms', value: '60000' }]);
    await set([{ name: 'max.message.bytes', value: '2048' }]);
    expect(cluster.describe().topics.find((t) => t.name === 'clicks')?.configs).toEqual({ 'max.message.bytes': '2048' });
  });
});
