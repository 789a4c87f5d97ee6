/**
 * The page's runtime: the cluster saved in this browser (or a new empty one) and a Kafka client on
 * it, the `{ cluster, kafka }` pair that createCluster() gives a Node user, exposed as window.sim.
 */
import type { Kafka } from '../client/kafka';
import { BrowserCluster, type BrowserClusterOptions } from './browser-cluster';
import { spawnBrokerWorker } from './spawn-broker-worker';

export interface Simulator {
  cluster: BrowserCluster;
  kafka: Kafka;
}

declare global {
  interface Window {
    sim?: Simulator;
  }
}

export async function bootSimulator(options: Partial<BrowserClusterOptions> = {}): Promise<Simulator> {
  const cluster = await BrowserCluster.open({ spawnBroker: spawnBrokerWorker, ...options });
  return { cluster, kafka: cluster.client({ clientId: 'sim' }) };
}
