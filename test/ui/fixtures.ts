/** Cluster descriptions for the UI's pure functions, built by hand: replicas placed round-robin, the first one leading. */
import type { BrokerState, ClusterDescription, TopicDescription } from '../../src/cluster/cluster-description';

export interface TopicShape {
  name: string;
  partitions: number;
  replicationFactor: number;
}

export function describeCluster(brokerCount: number, topics: TopicShape[]): ClusterDescription {
  const ids = Array.from({ length: brokerCount }, (_, i) => i + 1);
  let next = 0;
  const described: TopicDescription[] = topics.map(({ name, partitions, replicationFactor }) => ({
    name,
    topicId: `id-${name}`,
    configs: {},
    partitions: Array.from({ length: partitions }, (_, partition) => {
      const start = next++;
      const replicas = Array.from({ length: replicationFactor }, (_, r) => ids[(start + r) % brokerCount]);
      return {
        partition,
        leader: replicas[0],
        leaderEpoch: 0,
        replicas,
        isr: [...replicas],
        addingReplicas: [],
        removingReplicas: [],
        elr: [],
        lastKnownElr: [],
        highWatermark: 10,
        logEndOffset: 12,
        logStartOffset: 0,
      };
    }),
  }));
  return {
    controller: 3000,
    brokers: ids.map((id) => ({ id, rack: null, state: 'running' as BrokerState })),
    topics: described.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The description after `brokerId` is killed and the controller moved its leaderships to the next ISR replica. */
export function afterFailover(cluster: ClusterDescription, brokerId: number): ClusterDescription {
  return {
    ...cluster,
    brokers: cluster.brokers.map((b) => (b.id === brokerId ? { ...b, state: 'killed' as BrokerState } : b)),
    topics: cluster.topics.map((topic) => ({
      ...topic,
      partitions: topic.partitions.map((p) => {
        const isr = p.isr.filter((id) => id !== brokerId);
        const leader = p.leader === brokerId ? (isr[0] ?? -1) : p.leader;
        return { ...p, isr, leader, leaderEpoch: leader === p.leader ? p.leaderEpoch : p.leaderEpoch + 1 };
      }),
    })),
  };
}
