/**
 * The create-topic form as data: the CreateTopics request it makes (topic configs only where they
 * differ from Kafka's defaults, so describeConfigs shows them as the topic's own), and which field
 * an admin error belongs beside.
 */
export interface TopicFormValues {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  'min.insync.replicas': number;
  'retention.ms': number;
  'cleanup.policy': 'delete' | 'compact' | 'compact,delete';
  'unclean.leader.election.enable': boolean;
}

export type TopicField = keyof TopicFormValues | 'form';

/** Kafka's defaults (LogConfig, KafkaConfig num.partitions / default.replication.factor), shown in the form. */
export const TOPIC_DEFAULTS: TopicFormValues = {
  name: '',
  numPartitions: 1,
  replicationFactor: 1,
  'min.insync.replicas': 1,
  'retention.ms': 604_800_000,
  'cleanup.policy': 'delete',
  'unclean.leader.election.enable': false,
};

const CONFIG_NAMES = ['min.insync.replicas', 'retention.ms', 'cleanup.policy', 'unclean.leader.election.enable'] as const;

export interface CreateTopicRequest {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

export function createTopicRequest(values: TopicFormValues): CreateTopicRequest {
  return {
    topic: values.name.trim(),
    numPartitions: values.numPartitions,
    replicationFactor: values.replicationFactor,
    configEntries: CONFIG_NAMES.filter((name) => values[name] !== TOPIC_DEFAULTS[name]).map((name) => ({
      name,
      value: String(values[name]),
    })),
  };
}

/** The field an admin error is about: by Kafka's error type, and for INVALID_CONFIG by the config its message names. */
export function fieldOfError(type: string, message: string): TopicField {
  switch (type) {
    case 'TOPIC_ALREADY_EXISTS':
    case 'INVALID_TOPIC_EXCEPTION':
      return 'name';
    case 'INVALID_PARTITIONS':
      return 'numPartitions';
    case 'INVALID_REPLICATION_FACTOR':
    case 'INVALID_REPLICA_ASSIGNMENT':
      return 'replicationFactor';
    case 'INVALID_CONFIG':
      return CONFIG_NAMES.find((name) => message.includes(name)) ?? 'form';
    default:
      return 'form';
  }
}
