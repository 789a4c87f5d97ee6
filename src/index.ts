/**
 * The package's Node entry: an in-memory Kafka cluster on virtual time, or on the wall clock
 * speaking Kafka's wire protocol to real clients (`clock: 'real'`, then `cluster.listen()`).
 *
 *   const { cluster, kafka } = await createCluster({ brokers: 3, seed: 42 })
 *   await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3 }] })
 *   await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'hello' }] })
 *   await cluster.killBroker(2); await cluster.advance(9_000)
 */
export { createCluster, type WireCluster, type WireListening, type WireOptions } from './node/wire-cluster';
export type { CreateClusterOptions, ClockOption } from './sim/create-cluster';
export type { BrokerListener, ListenOptions, SocketFactory } from './node/wire-server';
export type { InProcessCluster, InProcessBrokerHandle } from './sim/in-process-cluster';
// The cluster contract both runtimes implement: code written against it runs on either.
export { CONTROLLER_NODE_ID } from './cluster/cluster-operator';
export type {
  BrokerHandle,
  ClientOptions,
  ClusterOperator,
  ConfigOverrides,
  CrashableClient,
  NodeRef,
  RestartOptions,
} from './cluster/cluster-operator';
export type {
  BrokerDescription,
  BrokerState,
  ClusterDescription,
  CommittedOffsetsLost,
  CutLink,
  PartitionDescription,
  ReplicaOffsets,
  TopicDescription,
} from './cluster/cluster-description';
export type { GroupView, GroupMemberView, GroupOffsetView } from './cluster/group-views';
export { runChaos, drawSwarm, type ChaosOptions, type SwarmParameters } from './sim/in-process-chaos';
export type { DropReason, MessageKind, NetworkMessage, SimNetwork, SimNetworkOptions } from './sim/sim-network';
export {
  checkAckedRecords,
  type AckedRecord,
  type AckedRecordsReport,
  type Anomaly,
  type AnomalyType,
  type PartitionRead,
} from './chaos/checkers/acked-records';
export { InvariantViolation } from './sim/invariants';
export { SIM_EPOCH_MS } from './sim/virtual-clock';
export { ERRORS, type ErrorName } from './protocol/errors';
// The kafkajs-shaped clients' types and errors, for code written against `kafka` from createCluster().
export * from './client/index';
