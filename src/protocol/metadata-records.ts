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
  /**
   * Eligible leader replicas (KIP-966). Tagged fields in Kafka, written only with ELR on, so a log
   * written without them (ELR off, or by an older build of this page) replays them as empty.
   */
  elr?: number[];
  lastKnownElr?: number[];
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

/** A finalized feature level (FeatureLevelRecord); level 0 removes the feature. */
export interface FeatureLevelRecord {
  type: 'FeatureLevel';
  name: string;
  featureLevel: number;
}

/**
 * Empties the ELR and lastKnownElr of every partition of a topic, or of every topic when
 * `topicName` is '' (ClearElrRecord): written when min.insync.replicas changes, since a lower min
 * ISR lets the HW move past what the eligible replicas hold.
 */
export interface ClearElrRecord {
  type: 'ClearElr';
  topicName: string;
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
  | NoOpRecord
  | FeatureLevelRecord
  | ClearElrRecord;
