import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import { until } from '../support/until';
import { createTopic } from './support';

const SEED = 8;

function untilLeaderMovesOff(cluster: InProcessCluster, killed: number): Promise<number> {
  return until(cluster, `the controller fences the killed broker ${killed} and elects another leader`, () => {
    const leader = cluster.leaderOf('orders', 0);
    return leader !== killed && leader !== -1;
  });
}

async function crashAndRestartThePreferredLeader(config: Record<string, string | number | boolean> = {}) {
  console.log(`seed ${SEED}`);
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config });
  await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
  const { replicas } = cluster.describePartition('orders', 0);
  const preferred = replicas[0];
  expect(cluster.leaderOf('orders', 0)).toBe(preferred);
  await cluster.broker(preferred).kill();
  await untilLeaderMovesOff(cluster, preferred);
  expect(cluster.leaderOf('orders', 0)).toBe(replicas[1]);
  await cluster.broker(preferred).restart();
  await until(cluster, 'the restarted preferred replica rejoins the ISR', () =>
    cluster.describePartition('orders', 0).isr.includes(preferred),
  );
  return { cluster, kafka, preferred, replicas };
}

describe('scenario > preferred leader election', () => {
  it('gives leadership back to replicas[0] once it has rejoined the ISR', async () => {
    const { cluster, kafka, preferred } = await crashAndRestartThePreferredLeader();
    const before = cluster.describePartition('orders', 0);
    expect(before.isr).toContain(preferred);
    expect(before.leader).not.toBe(preferred);
    expect(cluster.controller.metrics().PreferredReplicaImbalanceCount).toBe(1);

    const results = await kafka.admin().electLeaders({ topicPartitions: [{ topic: 'orders', partitions: [0] }] });
    expect(results).toEqual([{ topic: 'orders', partition: 0, error: null }]);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader: preferred, leaderEpoch: before.leaderEpoch + 1 });
    expect(cluster.controller.metrics().PreferredReplicaImbalanceCount).toBe(0);

    // Asking again is not an error in Kafka's admin API terms: ELECTION_NOT_NEEDED.
    const again = await kafka.admin().electLeaders({ topicPartitions: [{ topic: 'orders', partitions: [0] }] });
    expect(again.map((r) => r.error?.type)).toEqual(['ELECTION_NOT_NEEDED']);
    await cluster.close();
  });

  it('is refused while the preferred replica is not in the ISR', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders');
    const preferred = cluster.describePartition('orders', 0).replicas[0];
    await cluster.broker(preferred).kill();
    await untilLeaderMovesOff(cluster, preferred);
    const results = await kafka.admin().electLeaders({ topicPartitions: [{ topic: 'orders', partitions: [0] }] });
    expect(results.map((r) => r.error?.type)).toEqual(['PREFERRED_LEADER_NOT_AVAILABLE']);
    expect(cluster.leaderOf('orders', 0)).not.toBe(preferred);
    await cluster.close();
  });

  it('happens by itself with auto.leader.rebalance.enable after leader.imbalance.check.interval.seconds', async () => {
    const { cluster, preferred } = await crashAndRestartThePreferredLeader({ 'leader.imbalance.check.interval.seconds': 30 });
    expect(cluster.leaderOf('orders', 0)).not.toBe(preferred);
    await cluster.advance(30_000);
    expect(cluster.leaderOf('orders', 0)).toBe(preferred);
    await cluster.close();
  });

  it('does not happen by itself when auto.leader.rebalance.enable=false', async () => {
    const { cluster, preferred } = await crashAndRestartThePreferredLeader({
      'auto.leader.rebalance.enable': false,
      'leader.imbalance.check.interval.seconds': 30,
    });
    await cluster.advance(120_000);
    expect(cluster.leaderOf('orders', 0)).not.toBe(preferred);
    await cluster.close();
  });
});
