/**
 * Committed offsets expire as in Kafka (issue 18): every offsets.retention.check.interval.ms the group
 * coordinator removes the offsets of a group that has been empty for offsets.retention.minutes, with
 * tombstones in __consumer_offsets, and removes the group once it has no offset left
 * (GroupCoordinatorShard.cleanupGroupMetadata, OffsetMetadataManager.cleanupExpiredOffsets).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import { GROUP_METADATA_TOPIC_NAME } from '../../src/protocol/internal-topics';
import { until } from '../support/until';
import { createTopic } from './support';

const SEED = 211;
/** One minute's retention, looked at every second. */
const RETENTION = { 'offsets.retention.minutes': 1, 'offsets.retention.check.interval.ms': 1_000 };

async function consumeAll(kafka: Kafka, groupId: string) {
  const consumer = kafka.consumer({ groupId });
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({ eachMessage: async () => void seen++ });
  return { consumer, seen: () => seen };
}

const committed = async (kafka: Kafka, groupId: string) =>
  (await kafka.admin().fetchOffsets({ groupId, topics: ['orders'] }))[0].partitions.map((p) => p.offset);

describe('scenario > committed offsets expire', () => {
  async function setUp() {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: RETENTION });
    await createTopic(kafka, 'orders');
    await kafka.producer().send({ topic: 'orders', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    return { cluster, kafka };
  }

  it('removes the offsets of a group empty for offsets.retention.minutes, with tombstones, and then the group; a reload does not bring them back', async () => {
    const { cluster, kafka } = await setUp();
    const reader = await consumeAll(kafka, 'billing');
    await until(
      cluster,
      'the records read and committed',
      async () => reader.seen() === 3 && (await committed(kafka, 'billing'))[0] === '3',
    );
    await reader.consumer.disconnect();
    const emptyAtMs = cluster.now();

    // Within the retention the offsets stay.
    await cluster.advance(50_000);
    expect(await committed(kafka, 'billing')).toEqual(['3']);
    const listed = async () => (await kafka.admin().listGroups()).groups.map((g) => g.groupId);
    expect(await listed()).toContain('billing');

    await until(cluster, 'the offsets to expire', async () => (await committed(kafka, 'billing'))[0] === '-1');
    // Not before a minute after the group became empty, and at most one check interval later.
    expect(cluster.now() - emptyAtMs).toBeGreaterThanOrEqual(60_000);
    expect(cluster.now() - emptyAtMs).toBeLessThanOrEqual(62_000 + 1_000);
    await until(cluster, 'the group to be gone', async () => !(await listed()).includes('billing'));

    // The tombstones are in __consumer_offsets: a record with a null value on the group's partition.
    const offsetsTopic = cluster.describe().topics.find((t) => t.name === GROUP_METADATA_TOPIC_NAME)!;
    let tombstones = 0;
    for (const { partition } of offsetsTopic.partitions) {
      const read = await kafka.readPartition({ topic: GROUP_METADATA_TOPIC_NAME, partition, fromOffset: 0 });
      tombstones += read.records.filter((record) => record.value === null).length;
    }
    expect(tombstones).toBeGreaterThanOrEqual(2);

    // Every broker restarted: the coordinator reloads from the log, and the tombstones win.
    for (const id of cluster.brokerIds()) await cluster.restartBroker(id);
    expect(await committed(kafka, 'billing')).toEqual(['-1']);
    expect(await listed()).not.toContain('billing');
    await cluster.close();
  });

  it('keeps the offsets of a group whose member still reads the topic, however long', async () => {
    const { cluster, kafka } = await setUp();
    const reader = await consumeAll(kafka, 'audit');
    await until(cluster, 'the records read and committed', async () => reader.seen() === 3 && (await committed(kafka, 'audit'))[0] === '3');
    await cluster.advance(3 * 60_000);
    expect(await committed(kafka, 'audit')).toEqual(['3']);
    await reader.consumer.disconnect();
    await cluster.close();
  });
});
