/**
 * One click from an empty page to a cluster worth breaking, so a newcomer sees records flowing in
 * the first minute: three brokers on racks a, b and c, the topic `orders` with 3 partitions,
 * replication factor 3 and min.insync.replicas 2 (so killing any one broker leaves every partition
 * writable with acks=all), a slow keyed producer and a consumer group of two reading it.
 * Whatever already exists is kept, so a second press adds nothing.
 */
import type { ClusterOperator } from '../../cluster/cluster-operator';
import type { PageAdmin } from '../../runtime/boot';
import type { WorkloadControls } from '../../workload/workloads';

export const QUICKSTART_TOPIC = 'orders';
const RACKS = ['a', 'b', 'c'];

export const QUICKSTART_GROUP = 'orders-app';

export async function quickstart(
  { cluster, workloads }: { cluster: Pick<ClusterOperator, 'describe' | 'addBroker'>; workloads: WorkloadControls },
  admin: PageAdmin,
): Promise<void> {
  const { brokers, topics } = cluster.describe();
  for (let i = brokers.length; i < RACKS.length; i++) await cluster.addBroker({ rack: RACKS[i] });
  if (!topics.some((t) => t.name === QUICKSTART_TOPIC)) {
    await admin.createTopics({
      topics: [
        { topic: QUICKSTART_TOPIC, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
      ],
    });
  }
  const running = workloads.list();
  if (!running.some((w) => w.kind === 'producer' && w.spec.topic === QUICKSTART_TOPIC)) {
    await workloads.startProducer({ topic: QUICKSTART_TOPIC, recordsPerSecond: 2, keys: 'user-10' });
  }
  if (!running.some((w) => w.kind === 'consumer-group' && w.spec.groupId === QUICKSTART_GROUP)) {
    await workloads.startConsumerGroup({ groupId: QUICKSTART_GROUP, topics: [QUICKSTART_TOPIC], members: 2, fromBeginning: true });
  }
}
