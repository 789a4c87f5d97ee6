/**
 * The package's Node entry: an in-memory Kafka cluster on virtual time.
 *
 *   const { cluster, kafka } = await createCluster({ brokers: 3, seed: 42 })
 *   await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3 }] })
 *   await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'hello' }] })
 *   await cluster.killBroker(2); await cluster.advance(9_000)
 */
export { createCluster, CONTROLLER_NODE_ID, type CreateClusterOptions } from './sim/create-cluster';
export type {
  BrokerDescription,
  BrokerHandle,
  BrokerState,
  ClientOptions,
  Cluster,
  ClusterDescription,
  CommittedOffsetsLost,
  NodeRef,
  PartitionDescription,
  RestartOptions,
  TopicDescription,
} from './sim/cluster';
export type { DropReason, MessageKind, NetworkMessage, SimNetwork, SimNetworkOptions } from './sim/sim-network';
export {
  checkAckedRecords,
  type AckedRecord,
  type AckedRecordsReport,
  type Anomaly,
  type AnomalyType,
  type PartitionRead,
} from './sim/checkers/acked-records';
export { InvariantViolation } from './sim/invariants';
export { SIM_EPOCH_MS } from './sim/virtual-clock';
export { ERRORS, type ErrorName } from './protocol/errors';
// The kafkajs-shaped clients' types and errors, for code written against `kafka` from createCluster().
export * from './client/index';
