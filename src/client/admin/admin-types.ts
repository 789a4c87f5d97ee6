/** The shapes of kafkajs's admin API, with its numeric enums, so kafkajs admin code runs unchanged. */
import type { KafkaError } from '../../protocol/errors';
import type { PartitionMetadata } from '../partitioners/default-partitioner';

/** kafkajs ConfigResourceTypes (Kafka's ConfigResource.Type ids). */
export const ConfigResourceTypes = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
export type ConfigResourceType = (typeof ConfigResourceTypes)[keyof typeof ConfigResourceTypes];

/** kafkajs ConfigSource (DescribeConfigsResponse's config_source ids). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;

export interface ITopicConfig {
  topic: string;
  /** -1 (the default) takes the broker's num.partitions. */
  numPartitions?: number;
  /** -1 (the default) takes the broker's default.replication.factor. */
  replicationFactor?: number;
  replicaAssignment?: { partition: number; replicas: number[] }[];
  configEntries?: { name: string; value: string }[];
}

export interface CreateTopicsOptions {
  topics: ITopicConfig[];
  validateOnly?: boolean;
  /** The CreateTopics request's timeoutMs, and how long to wait for the new topics' leaders. */
  timeout?: number;
  waitForLeaders?: boolean;
}

export interface ITopicPartitionConfig {
  topic: string;
  /** The new total number of partitions. */
  count: number;
  /** Replicas of each new partition. */
  assignments?: number[][];
}

export interface ITopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

export interface PartitionOffsets {
  partition: number;
  /** The high watermark, as kafkajs returns it. */
  offset: string;
  high: string;
  /** The log start offset. */
  low: string;
}

export interface ResourceConfigQuery {
  type: ConfigResourceType;
  name: string;
  /** null or absent: every config. */
  configNames?: string[] | null;
}

export interface ConfigEntries {
  configName: string;
  configValue: string | null;
  isDefault: boolean;
  configSource: number;
  isSensitive: boolean;
  readOnly: boolean;
  configSynonyms: { configName: string; configValue: string | null; configSource: number }[];
}

export interface DescribeConfigResponse {
  resources: {
    errorCode: number;
    errorMessage: string | null;
    resourceType: ConfigResourceType;
    resourceName: string;
    configEntries: ConfigEntries[];
  }[];
  throttleTime: number;
}

/** Kafka's AlterConfigOp.OpType; kafkajs has only whole-config replacement, which Kafka deprecated (KIP-339). */
export type AlterConfigOperation = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';

export interface IResourceConfig {
  type: ConfigResourceType;
  name: string;
  /** Each entry is SET unless it names another operation. */
  configEntries: { name: string; value: string | null; operation?: AlterConfigOperation }[];
}

export interface AlterConfigsResponse {
  resources: { errorCode: number; errorMessage: string | null; resourceType: ConfigResourceType; resourceName: string }[];
  throttleTime: number;
}

export interface ElectLeadersOptions {
  /** Absent: every partition (kafka-leader-election.sh --all-topic-partitions). */
  topicPartitions?: { topic: string; partitions: number[] }[];
  electionType?: 'PREFERRED' | 'UNCLEAN';
  timeout?: number;
}

export interface ElectLeadersResult {
  topic: string;
  partition: number;
  /** null when the election happened; ELECTION_NOT_NEEDED when the preferred leader already leads. */
  error: KafkaError | null;
}

export interface ClusterDescription {
  brokers: { nodeId: number; host: string; port: number }[];
  /** null when no controller is known. */
  controller: number | null;
  clusterId: string;
}

export interface PartitionReassignment {
  topic: string;
  /** `replicas: null` cancels the partition's reassignment (Kafka's Admin; kafkajs cannot cancel). */
  partitionAssignment: { partition: number; replicas: number[] | null }[];
}

export interface OngoingPartitionReassignment {
  partition: number;
  /** The target replicas followed by the ones being removed. */
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

/** kafkajs's listPartitionReassignments result: only partitions being reassigned. */
export interface ListPartitionReassignmentsResponse {
  topics: { name: string; partitions: OngoingPartitionReassignment[] }[];
}
