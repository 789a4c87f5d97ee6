/**
 * The first minute (UX): three brokers on racks a, b and c, and the topic `orders` with 3
 * partitions, replication factor 3 and min.insync.replicas 2, so that killing any one broker
 * leaves every partition writable with acks=all. Whatever already exists is kept.
 */
import type { Admin } from '../../client/admin/admin';
import type { BrowserCluster } from '../../runtime/browser-cluster';

export const QUICKSTART_TOPIC = 'orders';
const RACKS = ['a', 'b', 'c'];

export async function quickstartCluster(cluster: BrowserCluster, admin: Admin): Promise<void> {
  const { brokers, topics } = cluster.describe();
  for (let i = brokers.length; i < RACKS.length; i++) await cluster.addBroker({ rack: RACKS[i] });
  if (topics.some((t) => t.name === QUICKSTART_TOPIC)) return;
  await admin.createTopics({
    topics: [{ topic: QUICKSTART_TOPIC, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
  });
}
