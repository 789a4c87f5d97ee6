/**
 * Workloads on the in-process cluster: a WorkloadSet over an undriven Kafka client (its calls run
 * inside the cluster's own events, as in a worker), moved on with cluster.advance / cluster.run.
 */
import { Kafka } from '../../src/client/kafka';
import { SeededRandom } from '../../src/core/random';
import { createCluster } from '../../src/index';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { WorkloadSet } from '../../src/workload/workloads';

export const FAST = {
  'broker.session.timeout.ms': 3000,
  'broker.heartbeat.interval.ms': 500,
  'replica.lag.time.max.ms': 3000,
  'group.initial.rebalance.delay.ms': 300,
  'group.min.session.timeout.ms': 1000,
  'offsets.topic.num.partitions': 3,
};

export interface WorkloadCluster {
  cluster: InProcessCluster;
  workloads: WorkloadSet;
  /** The workloads' own client: undriven, like the client worker's. */
  client: Kafka;
  /** Runs the cluster until `promise` settles. */
  run<T>(promise: Promise<T>): Promise<T>;
}

/** The workloads on an undriven client of the cluster, as the page's client worker runs them. */
export function workloadsOn(cluster: InProcessCluster, seed: number): { client: Kafka; workloads: WorkloadSet } {
  const client = new Kafka({
    clientId: 'workloads',
    brokers: cluster.brokerIds(),
    clock: cluster.clock,
    random: new SeededRandom(seed + 1),
    connect: (address) => cluster.network.transport(`workloads-${address}`),
  });
  const workloads = new WorkloadSet({ kafka: client, clock: cluster.clock, crash: (address) => cluster.network.kill(address) });
  return { client, workloads };
}

export async function workloadCluster(seed: number, topics: { topic: string; numPartitions: number }[]): Promise<WorkloadCluster> {
  const { cluster, kafka } = await createCluster({ brokers: 3, seed, config: FAST });
  await kafka.admin().createTopics({ topics: topics.map((t) => ({ ...t, replicationFactor: 3 })) });
  const { client, workloads } = workloadsOn(cluster, seed);
  return { cluster, workloads, client, run: (promise) => cluster.run(promise) };
}
