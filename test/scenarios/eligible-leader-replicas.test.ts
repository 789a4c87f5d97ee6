import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { createShell } from '../../src/shell/shell';
import { until } from '../support/until';
import { ackedProducer, createTopic, expectAckedRecordsReadable, replicaState, text } from './support';

const SEED = 966;
const ELR = 'eligible.leader.replicas.version';

/**
 * Eligible leader replicas (KIP-966), on by default in clusters Kafka 4.1 formats. RF 3,
 * min.insync.replicas 2, acks=all: one follower is killed (the ISR is then at min ISR, so it is not
 * eligible), the other is cut off from the leader and leaves the ISR after replica.lag.time.max.ms,
 * below min ISR: from then on the HW stands still (KAFKA-15583), so the cut-off follower holds
 * every committed record and joins the ELR. Then the leader, the last ISR member, dies.
 */
async function lastIsrMemberDies(features?: Record<string, number>) {
  const { cluster, kafka } = await createCluster({
    brokers: 3,
    seed: SEED,
    checkInvariants: true,
    ...(features === undefined ? {} : { features }),
  });
  await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
  const producer = ackedProducer(kafka, 'orders');
  for (let i = 0; i < 3; i++) await producer.send(`all-three-${i}`);
  const { leader, replicas } = cluster.describePartition('orders', 0);
  const [killed, eligible] = replicas.filter((id) => id !== leader);

  await cluster.broker(killed).kill();
  await until(cluster, 'the killed follower leaves the ISR', () => !cluster.describePartition('orders', 0).isr.includes(killed));
  // The ISR is at min ISR, not below it: the killed follower is not eligible.
  expect(cluster.describePartition('orders', 0)).toMatchObject({ isr: [leader, eligible].filter((id) => replicas.includes(id)) });
  expect(cluster.describePartition('orders', 0).elr).toEqual([]);
  for (let i = 0; i < 3; i++) await producer.send(`two-of-three-${i}`);

  // The other follower still heartbeats to the controller but its fetches never reach the leader.
  // An acks=1 write it never gets makes it fall behind; it leaves the ISR after replica.lag.time.max.ms.
  cluster.partitionOneWay(`broker-${eligible}`, `broker-${leader}`);
  const uncommitted = await producer.send('acks-1-during-the-cut', 1);
  await until(cluster, 'the cut-off follower leaves the ISR', () => cluster.describePartition('orders', 0).isr.length === 1);
  const alone = cluster.describePartition('orders', 0);
  expect(alone.isr).toEqual([leader]);
  // Below min ISR the HW stands still, at or below the end of the follower's copy.
  expect(alone.highWatermark).toBe(uncommitted);
  await producer.send('acks-1-below-min-isr', 1);
  expect(cluster.describePartition('orders', 0).highWatermark).toBe(uncommitted);
  expect(replicaState(cluster, eligible, 'orders')!.logEndOffset).toBeGreaterThanOrEqual(uncommitted);

  await cluster.broker(leader).kill();
  return { cluster, kafka, producer, leader, killed, eligible, alone };
}

describe('scenario > eligible leader replicas (KIP-966)', () => {
  it('elects the replica that left the ISR below min ISR when the last ISR member dies, losing no acknowledged acks=all record', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka, producer, leader, killed, eligible, alone } = await lastIsrMemberDies();
    expect(alone.elr).toEqual([eligible]);

    await until(
      cluster,
      'the controller fences the leader and elects the eligible replica',
      () => cluster.leaderOf('orders', 0) === eligible,
    );
    const elected = cluster.describePartition('orders', 0);
    // The elected replica becomes the ISR, the dead leader stays eligible: a clean election, no recovery.
    expect(elected).toMatchObject({
      leader: eligible,
      isr: [eligible],
      elr: [leader],
      lastKnownElr: [],
      leaderEpoch: alone.leaderEpoch + 1,
    });
    expect(cluster.controller.metrics()).toMatchObject({ ElectionFromEligibleLeaderReplicasPerSec: 1, UncleanLeaderElectionsPerSec: 0 });
    expect(cluster.timeline.events().map((event) => event.text)).toContain(
      `orders-0 leader ${leader} → ${eligible}, epoch ${elected.leaderEpoch} (from the ELR)`,
    );
    expect(cluster.lostCommittedOffsets()).toEqual([]);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    // What acks=1 wrote below min ISR reached the old leader only: it was never committed, and is gone.
    const values = (await kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 })).records.map((r) => text(r.value));
    expect(values).not.toContain('acks-1-below-min-isr');

    // Alone in the ISR, the new leader is below min ISR too; once the killed follower is back and
    // caught up, the ISR is at min ISR again and the ELR empties.
    cluster.heal();
    await cluster.broker(killed).restart();
    await until(cluster, 'the restarted follower rejoins the ISR', () => cluster.describePartition('orders', 0).isr.length === 2);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ elr: [], lastKnownElr: [] });
    await producer.send('after-the-election');
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });

  it('with eligible.leader.replicas.version=0 the partition stays offline, as unclean election is disabled', async () => {
    console.log(`seed ${SEED}, ${ELR}=0`);
    const { cluster, leader, alone } = await lastIsrMemberDies({ [ELR]: 0 });
    expect(alone.elr).toEqual([]);
    await cluster.advance(60_000);
    // The dead leader stays the ISR, the one replica that could lead without losing data.
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader: -1, isr: [leader], elr: [], lastKnownElr: [] });
    expect(cluster.controller.metrics()).toMatchObject({ OfflinePartitionsCount: 1, ElectionFromEligibleLeaderReplicasPerSec: 0 });
    await cluster.close();
  });

  it('shows the ELR and LastKnownElr in describe() and kafka-topics.sh --describe once no eligible replica is alive', async () => {
    const { cluster, kafka, leader, killed, eligible } = await lastIsrMemberDies();
    await until(cluster, 'the eligible replica leads', () => cluster.leaderOf('orders', 0) === eligible);
    await cluster.broker(eligible).kill();
    await until(cluster, 'the partition goes offline', () => cluster.leaderOf('orders', 0) === -1);
    // Both are eligible, in the order of Kafka's HashSet of broker ids; the last leader is remembered.
    const elr = [leader, eligible].sort((a, b) => a - b);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader: -1, isr: [], elr, lastKnownElr: [eligible] });

    // The follower killed first comes back, but it is not eligible: the partition stays offline.
    await cluster.broker(killed).restart();
    const shell = createShell({ kafka, cluster, clock: cluster.clock });
    const { stdout } = await shell.run(`kafka-topics.sh --describe --topic orders --bootstrap-server localhost:${9091 + killed}`);
    const replicas = cluster.describePartition('orders', 0).replicas.join(',');
    expect(stdout.split('\n')[1]).toBe(
      `\tTopic: orders\tPartition: 0\tLeader: none\tReplicas: ${replicas}\tIsr: \tElr: ${elr.join(',')}\tLastKnownElr: ${eligible}`,
    );
    await cluster.close();
  });
});
