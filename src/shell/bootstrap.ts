/**
 * `--bootstrap-server` against the simulated cluster. Broker N's PLAINTEXT listener is
 * localhost:(9091+N), as the brokers register it (src/broker/broker.ts): broker 1 is the
 * quickstart's localhost:9092. A broker can also be named by its network address, broker-N:9092.
 * A tool connects when some listed address belongs to a broker whose process is up; otherwise it
 * behaves as Kafka's clients do when nothing answers.
 */
import { brokerIdOf } from '../protocol/rpc';
import type { ShellCluster } from './tool';

const BASE_PORT = 9091;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** The broker ids a bootstrap list names (unknown addresses name none). */
export function bootstrapBrokers(value: string, cluster: ShellCluster): number[] {
  const ids = new Set(cluster.brokerIds());
  const found: number[] = [];
  for (const address of value
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')) {
    const match = /^(.*):(\d+)$/.exec(address);
    if (match === null) continue;
    const [, host, port] = match;
    const named = brokerIdOf(host);
    const id = LOCAL_HOSTS.has(host) ? Number(port) - BASE_PORT : named !== null && port === '9092' ? named : NaN;
    if (ids.has(id) && !found.includes(id)) found.push(id);
  }
  return found;
}

/** Whether a client given this bootstrap list would reach the cluster at all. */
export function canConnect(value: string, cluster: ShellCluster): boolean {
  const states = new Map(cluster.describe().brokers.map((b) => [b.id, b.state]));
  return bootstrapBrokers(value, cluster).some((id) => states.get(id) === 'running' || states.get(id) === 'fenced');
}

/** How the help text describes the listeners. */
export function listenerSummary(cluster: ShellCluster): string {
  const ids = cluster.brokerIds();
  if (ids.length === 0) return 'No brokers yet.';
  return ids.map((id) => `broker ${id}: localhost:${BASE_PORT + id} (or broker-${id}:9092)`).join('\n');
}

/** A listener's host:port as Kafka prints a Node. */
export function listenerOf(brokerId: number): string {
  return `localhost:${BASE_PORT + brokerId}`;
}
