import { describe, expect, it } from 'vitest';
import { checkAckedRecords, createCluster, type InProcessCluster } from '../../src/index';
import { until } from '../support/until';
import type { Kafka } from '../../src/client/kafka';
import type { Consumer } from '../../src/client/consumer/consumer';
import type { InstrumentationEvent } from '../../src/client/consumer/consumer-events';
import { ackedProducer, createTopic, text } from './support';

const SEED = 77;

/**
 * Two brokers, RF 2: the follower dies, the leader goes on alone and commits more, then the leader
 * dies too. Only the stale follower can come back first.
 */
async function leaveOnlyAStaleReplica(
  unclean: boolean,
  {
    beforeTheLeaderDies = async () => undefined,
    brokers = 2,
  }: {
    beforeTheLeaderDies?: (kafka: Kafka, cluster: InProcessCluster) => Promise<void>;
    /** A third broker outlives both replicas, and with it the group coordinator. */
    brokers?: number;
  } = {},
) {
  console.log(`seed ${SEED}, unclean.leader.election.enable=${unclean}`);
  const { cluster, kafka } = await createCluster({
    brokers,
    seed: SEED,
    checkInvariants: true,
    config: { 'unclean.leader.election.interval.ms': 1000 },
  });
  await createTopic(kafka, 'payments', { replicationFactor: 2, configs: { 'unclean.leader.election.enable': String(unclean) } });
  const producer = ackedProducer(kafka, 'payments');
  await producer.send('before');
  const { leader, replicas } = cluster.describePartition('payments', 0);
  const stale = replicas.find((id) => id !== leader)!;

  await cluster.broker(stale).kill();
  await until(cluster, 'the controller fences the killed follower and drops it from the ISR', () =>
    cluster.describePartition('payments', 0).isr.every((id) => id === leader),
  );
  expect(cluster.describePartition('payments', 0).isr).toEqual([leader]);
  await producer.send('while-alone-0');
  await producer.send('while-alone-1');
  // Past replica.high.watermark.checkpoint.interval.ms (5 s): the leader's HW of 3 is on its disk.
  await cluster.advance(6_000);
  await beforeTheLeaderDies(kafka, cluster);
  await cluster.broker(leader).kill();
  await until(
    cluster,
    'the controller fences the killed leader and takes the partition offline',
    () => cluster.leaderOf('payments', 0) === -1,
  );
  // With ELR (Kafka 4.1's default) the ISR empties and the last leader stays eligible and known
  // (test/scenarios/eligible-leader-replicas.test.ts); the stale replica is neither.
  expect(cluster.describePartition('payments', 0)).toMatchObject({ leader: -1, isr: [], elr: [leader], lastKnownElr: [leader] });

  await cluster.broker(stale).restart();
  // unclean.leader.election.interval.ms is 1 s here; without unclean election nothing is to come.
  if (unclean) await until(cluster, 'the controller elects the stale replica uncleanly', () => cluster.leaderOf('payments', 0) === stale);
  return { cluster, kafka, producer, leader, stale };
}

describe('scenario > unclean leader election', () => {
  it('with the default (false) the partition stays offline until its last leader returns, and nothing is lost', async () => {
    const { cluster, kafka, producer, leader } = await leaveOnlyAStaleReplica(false);
    await cluster.advance(60_000);
    expect(cluster.describePartition('payments', 0).leader).toBe(-1);
    expect(cluster.controller.metrics().OfflinePartitionsCount).toBe(1);

    await cluster.broker(leader).restart();
    await until(cluster, 'the returning last leader leads again', () => cluster.leaderOf('payments', 0) === leader);
    // It restarted after a crash, which takes it out of the ELR (it may have lost its log's unflushed
    // tail), so it leads as the last known leader, an election Kafka counts as unclean
    // (PartitionChangeBuilder.canElectLastKnownLeader). Here its log was whole.
    expect(cluster.describePartition('payments', 0)).toMatchObject({ elr: [], lastKnownElr: [] });
    expect(cluster.controller.metrics().UncleanLeaderElectionsPerSec).toBe(1);
    const read = await kafka.readPartition({ topic: 'payments', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => text(r.value))).toEqual(['before', 'while-alone-0', 'while-alone-1']);
    expect(
      checkAckedRecords(producer.acked, [
        { topic: 'payments', partition: 0, records: read.records.map((r) => ({ offset: Number(r.offset), value: text(r.value) })) },
      ]).ok,
    ).toBe(true);
    expect(cluster.lostCommittedOffsets()).toEqual([]);
    await cluster.close();
  });

  it('when enabled, the stale replica leads, the lost committed offsets are reported and the checker names the lost writes', async () => {
    const { cluster, kafka, producer, leader, stale } = await leaveOnlyAStaleReplica(true);
    expect(cluster.describePartition('payments', 0)).toMatchObject({ leader: stale, logEndOffset: 1 });
    // At the election, exactly, whether or not the old leader ever returns: a simulator diagnostic.
    expect(cluster.lostCommittedOffsets()).toMatchObject([
      { brokerId: stale, topic: 'payments', partition: 0, fromOffset: 1, toOffset: 3, detectedAt: 'election' },
    ]);

    await cluster.broker(leader).restart();
    await until(cluster, 'the old leader truncates its committed records away', () => cluster.lostCommittedOffsets().length > 1);
    expect(cluster.lostCommittedOffsets()[1]).toMatchObject({
      brokerId: leader,
      topic: 'payments',
      partition: 0,
      fromOffset: 1,
      toOffset: 3,
      detectedAt: 'truncation',
    });

    const read = await kafka.readPartition({ topic: 'payments', partition: 0, fromOffset: 0 });
    const report = checkAckedRecords(producer.acked, [
      { topic: 'payments', partition: 0, records: read.records.map((r) => ({ offset: Number(r.offset), value: text(r.value) })) },
    ]);
    expect(report.anomalies.filter((a) => a.type === 'lost-write').map((a) => a.value)).toEqual(['while-alone-0', 'while-alone-1']);
    await cluster.close();
  });

  it('a reader sees offsets rewritten after an unclean election: the same offset now holds another record', async () => {
    const { cluster, kafka, producer } = await leaveOnlyAStaleReplica(true);
    const before = new Map(producer.acked.map((record) => [record.offset, record.value]));
    expect(before.get(1)).toBe('while-alone-0');

    await producer.send('after-unclean-0');
    await producer.send('after-unclean-1');
    const read = await kafka.readPartition({ topic: 'payments', partition: 0, fromOffset: 0 });
    expect(read.records.map((r) => `${r.offset}:${text(r.value)}`)).toEqual(['0:before', '1:after-unclean-0', '2:after-unclean-1']);
    await cluster.close();
  });

  /**
   * KIP-320. The Java consumer commits the leader epoch of the last record it consumed, and before
   * it fetches from a committed offset, or after the partition's leader changed, it asks the leader
   * where that epoch ends (OffsetsForLeaderEpoch; SubscriptionState's AWAIT_VALIDATION). An end
   * below its position means the log was truncated under it: with a reset policy it rewinds to the
   * first divergent offset (SubscriptionState.maybeCompleteValidation, "Truncation detected ...").
   */
  describe('a consumer that had read the records an unclean election truncated (KIP-320)', () => {
    function reader(kafka: Kafka, config: { autoOffsetReset?: 'earliest' | 'latest' | 'none' } = {}) {
      const consumer: Consumer = kafka.consumer({ groupId: 'audit', ...config });
      const read: string[] = [];
      const truncations: string[] = [];
      const crashes: Error[] = [];
      consumer.on(
        consumer.events.TRUNCATION_DETECTED,
        (e: InstrumentationEvent<{ message: string }>) => void truncations.push(e.payload.message),
      );
      consumer.on(consumer.events.CRASH, (e: InstrumentationEvent<{ error: Error }>) => void crashes.push(e.payload.error));
      const start = async () => {
        await consumer.connect();
        // kafkajs's fromBeginning stands for auto.offset.reset=earliest; a reader given a policy keeps to it.
        await consumer.subscribe({ topic: 'payments', fromBeginning: config.autoOffsetReset === undefined });
        await consumer.run({ eachMessage: async ({ message }) => void read.push(`${message.offset}:${text(message.value)}`) });
      };
      return { consumer, read, truncations, crashes, start };
    }

    async function readAllThreeThenStop(kafka: Kafka, cluster: InProcessCluster) {
      const first = reader(kafka);
      await first.start();
      await until(cluster, 'the first reader has read the three acknowledged records', () => first.read.length === 3);
      // stop() commits the position, 3, with the epoch of the record at 2.
      await first.consumer.disconnect();
      expect(first.read).toEqual(['0:before', '1:while-alone-0', '2:while-alone-1']);
    }

    /** The old leader returns and truncates to follow the stale one; the group's coordinator, on it too, comes back. */
    async function bringTheOldLeaderBack({ cluster, leader }: Awaited<ReturnType<typeof leaveOnlyAStaleReplica>>) {
      await cluster.broker(leader).restart();
      await until(cluster, 'the old leader truncates its committed records away', () => cluster.lostCommittedOffsets().length > 1);
    }

    it('resuming from its committed offset, it rewinds to the divergence point and reads the new records there', async () => {
      const stale = await leaveOnlyAStaleReplica(true, { beforeTheLeaderDies: readAllThreeThenStop });
      await bringTheOldLeaderBack(stale);
      const { kafka, producer } = stale;
      await producer.send('after-unclean-0');
      await producer.send('after-unclean-1');

      const next = reader(kafka);
      await next.start();
      await until(stale.cluster, 'the group reads the records now at offsets 1 and 2', () => next.read.length === 2);
      expect(next.read).toEqual(['1:after-unclean-0', '2:after-unclean-1']);
      expect(next.truncations).toEqual([
        expect.stringMatching(
          /^Truncation detected for partition payments-0 at offset 3, resetting offset to the first offset known to diverge 1/,
        ),
      ]);
      await next.consumer.disconnect();
      await stale.cluster.close();
    });

    it('with auto.offset.reset=none it fails with a LogTruncationException naming the partition and both offsets', async () => {
      const stale = await leaveOnlyAStaleReplica(true, { beforeTheLeaderDies: readAllThreeThenStop });
      await bringTheOldLeaderBack(stale);
      await stale.producer.send('after-unclean-0');

      const next = reader(stale.kafka, { autoOffsetReset: 'none' });
      await next.start();
      await until(stale.cluster, 'the consumer crashes', () => next.crashes.length > 0);
      expect(next.read).toEqual([]);
      expect(next.crashes[0].name).toBe('LogTruncationException');
      expect(next.crashes[0].message).toMatch(
        /^Detected truncated partitions: \[\(partition=payments-0, fetchOffset=3, fetchEpoch=Optional\[\d+\], divergentOffset=1, /,
      );
      await next.consumer.disconnect();
      await stale.cluster.close();
    });

    it('still running across the election, its position past the new log end rewinds to the divergence point, not to earliest', async () => {
      let running!: ReturnType<typeof reader>;
      const stale = await leaveOnlyAStaleReplica(true, {
        brokers: 3,
        beforeTheLeaderDies: async (kafka, cluster) => {
          running = reader(kafka);
          await running.start();
          await until(cluster, 'the consumer has read the three acknowledged records', () => running.read.length === 3);
        },
      });
      expect(running.read).toEqual(['0:before', '1:while-alone-0', '2:while-alone-1']);
      await stale.producer.send('after-unclean-0');
      await stale.producer.send('after-unclean-1');
      await until(stale.cluster, 'the consumer reads the records now at offsets 1 and 2', () => running.read.length >= 5);
      await stale.cluster.advance(5_000);
      expect(running.read.slice(3)).toEqual(['1:after-unclean-0', '2:after-unclean-1']);
      expect(running.truncations).toEqual([expect.stringMatching(/^Truncation detected for partition payments-0 at offset 3, /)]);
      await running.consumer.disconnect();
      await stale.cluster.close();
    });
  });
});
