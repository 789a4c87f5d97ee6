/**
 * What a broker reports about itself to whoever runs it (the cluster, a worker's host): committed
 * records it gave up, its lifecycle state, ISR changes of the partitions it leads. Its own file so
 * the broker's parts (ReplicaManager) can emit them without importing the Broker that wires them.
 */
import type { BrokerState } from './broker-lifecycle';

export type BrokerEvent =
  | { type: 'committed-offsets-lost'; topic: string; partition: number; fromOffset: number; toOffset: number }
  | { type: 'state'; state: BrokerState }
  | { type: 'isr-change'; topic: string; partition: number; isr: number[] }
  /** Its only log directory failed (a write refused: a full disk); it halts, as a KRaft broker does. */
  | { type: 'log-dir-failed'; reason: string };
