/**
 * Issue 13 item 3. Kafka's Java consumer keeps fetching while its group coordinator cannot be
 * reached: ClassicKafkaConsumer.poll goes on to pollForFetches whatever the coordinator lookup
 * gave, and ConsumerCoordinator.maybeAutoCommitOffsetsAsync commits in the background. Only a
 * rejoin that is actually needed waits for the coordinator.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { scheduleRepeating } from '../../src/core/clock';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../src/protocol/internal-topics';
import { until } from '../support/until';
import { createTopic } from './support';

const SEED = 1313;
const PARTITIONS = 6;

describe('scenario > the group coordinator out of reach', () => {
  async function reading() {
    console.log(`seed ${SEED}`);
    // A killed coordinator stays the coordinator for broker.session.timeout.ms (30 s here, Kafka's 9 s), while
    // its followers drop it from their ISRs after replica.lag.time.max.ms (2 s here) and move their high watermarks on.
    const { cluster, kafka } = await createCluster({
      brokers: 3,
      seed: SEED,
      config: { 'broker.session.timeout.ms': 30_000, 'replica.lag.time.max.ms': 2_000 },
    });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const producer = kafka.producer();
    let n = 0;
    const load = scheduleRepeating(cluster.clock, 100, () => {
      const messages = Array.from({ length: PARTITIONS }, (_, partition) => ({ value: `r${n++}`, partition }));
      producer.send({ topic: 'orders', acks: -1, messages }).catch(() => undefined);
    });

    const consumer = kafka.consumer({ groupId: 'billing' });
    const received = new Map<number, number>();
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition }) => void received.set(partition, (received.get(partition) ?? 0) + 1),
    });
    await until(cluster, 'the consumer reads every partition', () => received.size === PARTITIONS);
    return { cluster, consumer, received, load };
  }

  function coordinatorOf(cluster: Awaited<ReturnType<typeof reading>>['cluster']) {
    const offsetsPartition = groupPartition(
      'billing',
      cluster.describe().topics.find((t) => t.name === GROUP_METADATA_TOPIC_NAME)!.partitions.length,
    );
    const coordinator = cluster.leaderOf(GROUP_METADATA_TOPIC_NAME, offsetsPartition);
    return {
      coordinator,
      reachable: Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => cluster.leaderOf('orders', p) !== coordinator),
    };
  }

  it('a consumer cut off from its coordinator goes on reading the partitions whose leaders it can reach', async () => {
    const { cluster, consumer, received, load } = await reading();
    const { coordinator, reachable } = coordinatorOf(cluster);
    expect(reachable.length).toBeGreaterThan(0);
    // The consumer's own connections (client-1's first consumer) lose the coordinator's broker; nothing else does.
    cluster.partition(coordinator, 'client-1-consumer-1');
    const atCut = reachable.map((p) => received.get(p) ?? 0);

    await cluster.advance(20_000);
    const after = reachable.map((p) => received.get(p) ?? 0);
    // 20 s at 10 records/s per partition: well over 100 more from each reachable partition.
    for (const [i, partition] of reachable.entries()) {
      expect(after[i]! - atCut[i]!, `orders-${partition} after the cut`).toBeGreaterThan(100);
    }

    load.cancel();
    cluster.heal();
    await consumer.disconnect();
    await cluster.close();
  });

  it("a consumer whose coordinator's broker is killed goes on reading the partitions led by live brokers", async () => {
    const { cluster, consumer, received, load } = await reading();
    const { coordinator, reachable } = coordinatorOf(cluster);
    expect(reachable.length).toBeGreaterThan(0);
    await cluster.killBroker(coordinator);
    const atKill = reachable.map((p) => received.get(p) ?? 0);

    await cluster.advance(20_000);
    expect(cluster.describe().brokers.find((b) => b.id === coordinator)?.state).toBe('killed');
    const after = reachable.map((p) => received.get(p) ?? 0);
    for (const [i, partition] of reachable.entries()) {
      expect(after[i]! - atKill[i]!, `orders-${partition} after the kill`).toBeGreaterThan(100);
    }

    load.cancel();
    await consumer.disconnect();
    await cluster.close();
  });
});
