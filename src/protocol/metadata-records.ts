/**
 * The records of the KRaft metadata log (`__cluster_metadata`), named and shaped after Kafka's
 * metadata/src/main/resources/common/metadata/*.json. Only the controller writes them; the
 * controller's image and every broker's image are built by replaying them in offset order.
 */
import type { Uuid } from '../core/uuid';

/** A broker's endpoint as RegisterBrokerRecord's BrokerEndpoint carries it (and BrokerRegistration sends it). */
export interface Listener {
  name: string;
  host: string;
  port: number;
}

export const enum LeaderRecoveryState {
  RECOVERED = 0,
  /** Set by an unclean election (KIP-704) until the new leader has recovered its log. */
  RECOVERING = 1,
}

export interface RegisterBrokerRecord {
  type: 'RegisterBroker';
  brokerId: number;
  incarnationId: Uuid;
  /** The offset of this record in the metadata log (KRaft's broker epoch). */
  brokerEpoch: number;
  listeners: Listener[];
  rack: string | null;
  fenced: boolean;
  inControlledShutdown: boolean;
}

export interface UnregisterBrokerRecord {
  type: 'UnregisterBroker';
  brokerId: number;
  brokerEpoch: number;
}

/** fenced / inControlledShutdown: undefined leaves the field as it was. */
export interface BrokerRegistrationChangeRecord {
  type: 'BrokerRegistrationChange';
  brokerId: number;
  brokerEpoch: number;
  fenced?: boolean;
  inControlledShutdown?: boolean;
}

export interface TopicRecord {
  type: 'Topic';
  name: string;
  topicId: Uuid;
}

export interface PartitionRecord {
  type: 'Partition';
  topicId: Uuid;
  partitionId: number;
  replicas: number[];
  isr: number[];
  removingReplicas: number[];
  addingReplicas: number[];
  leader: number;
  leaderRecoveryState: LeaderRecoveryState;
  leaderEpoch: number;
  partitionEpoch: number;
  elr: number[];
  lastKnownElr: number[];
}

/**
 * A change to one partition; an undefined field is unchanged. Replaying it bumps partitionEpoch,
 * and bumps leaderEpoch when the leader changes or replicas are removed (PartitionChangeBuilder).
 */
export interface PartitionChangeRecord {
  type: 'PartitionChange';
  topicId: Uuid;
  partitionId: number;
  leader?: number;
  isr?: number[];
  replicas?: number[];
  removingReplicas?: number[];
  addingReplicas?: number[];
  leaderRecoveryState?: LeaderRecoveryState;
  elr?: number[];
  lastKnownElr?: number[];
}

export const enum ConfigResource {
  TOPIC = 2,
  BROKER = 4,
}

/** value null deletes the override. resourceName '' with BROKER is the cluster-wide default. */
export interface ConfigRecord {
  type: 'Config';
  resourceType: ConfigResource;
  resourceName: string;
  name: string;
  value: string | null;
}

export interface RemoveTopicRecord {
  type: 'RemoveTopic';
  topicId: Uuid;
}

/** The next producer id block handed to a broker (AllocateProducerIds). */
export interface ProducerIdsRecord {
  type: 'ProducerIds';
  brokerId: number;
  brokerEpoch: number;
  nextProducerId: number;
}

export interface NoOpRecord {
  type: 'NoOp';
}

export type MetadataRecord =
  | RegisterBrokerRecord
  | UnregisterBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | RemoveTopicRecord
  | ProducerIdsRecord
  | NoOpRecord;
