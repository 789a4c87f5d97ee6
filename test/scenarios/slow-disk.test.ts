/**
 * A slow disk seen from inside a broker: the leader's own write must land before it counts. What a
 * slow disk does to a follower's place in the ISR is part of the cluster contract, tested on both
 * runtimes (test/cluster/contract/slowness.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { ackedProducer, createTopic } from './support';

const SEED = 29;
const SLOW_DISK_MS = 2000;

type Producer = ReturnType<typeof ackedProducer>;

async function threeBrokers(): Promise<{
  cluster: InProcessCluster;
  producer: Producer;
  kafka: Awaited<ReturnType<typeof createCluster>>['kafka'];
}> {
  console.log(`seed ${SEED}`);
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: DEMO_PRESET.broker, checkInvariants: true });
  await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
  const producer = ackedProducer(kafka, 'orders');
  await producer.send('first');
  return { cluster, producer, kafka };
}

describe('scenario > slow disk', () => {
  it('a leader with a slow disk acknowledges acks=1 only once its own write has landed', async () => {
    const { cluster, producer } = await threeBrokers();
    const leader = cluster.leaderOf('orders', 0);
    cluster.broker(leader).slowDisk(SLOW_DISK_MS);
    const sentAt = cluster.now();
    const offset = await producer.send('on a slow disk', 1);
    expect(cluster.now() - sentAt).toBeGreaterThanOrEqual(SLOW_DISK_MS);
    const leaderState = cluster
      .broker(leader)
      .instance!.partitionStates()
      .find((s) => s.topic === 'orders' && s.partition === 0)!;
    expect(leaderState.logEndOffset).toBe(offset + 1);
    await cluster.close();
  });
});
