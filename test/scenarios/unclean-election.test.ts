import { describe, expect, it } from 'vitest';
import { checkAckedRecords, createCluster } from '../../src/index';
import { until } from '../support/until';
import { ackedProducer, createTopic, text } from './support';

const SEED = 77;

/**
 * Two brokers, RF 2: the follower dies, the leader goes on alone and commits more, then the leader
 * dies too. Only the stale follower can come back first.
 */
async function leaveOnlyAStaleReplica(unclean: boolean) {
  console.log(`seed ${SEED}, unclean.leader.election.enable=${unclean}`);
  const { cluster, kafka } = await createCluster({
    brokers: 2,
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
});
