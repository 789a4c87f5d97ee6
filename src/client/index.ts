/** The kafkajs-shaped client API. */
export { Kafka, type KafkaOptions } from './kafka';
export {
  CompressionTypes,
  Producer,
  type ProducerRecord,
  type ProducerBatchRecord,
  type RecordMetadata,
  type TopicMessages,
} from './producer/producer';
export type { ProducerConfig } from './producer/producer-config';
export type { Message, MessageHeaders } from './producer/message';
export { Admin, type AdminConfig } from './admin/admin';
export { Consumer, type ConsumerSubscribeTopics, type PartitionPosition, type TopicPartitionOffsetAndMetadata } from './consumer/consumer';
export type { Batch, ConsumerRunConfig, EachBatchPayload, EachMessagePayload } from './consumer/runner';
export type { GroupDescription, OffsetsByTopicPartition } from './consumer/consumer-group';
export type { AutoOffsetReset, ConsumerConfig, GroupProtocol } from './consumer/consumer-config';
export { CONSUMER_EVENTS, type ConsumerEventName, type InstrumentationEvent } from './consumer/consumer-events';
export type { ConsumerMetrics } from './consumer/consumer-metrics';
export type { KafkaMessage, MessageHeaders as ConsumerMessageHeaders } from './consumer/fetcher';
export { NoOffsetForPartitionError, OffsetOutOfRangeError } from './consumer/offset-reset';
export { KafkaAggregateError } from './admin/admin-errors';
export type {
  GroupDescriptionResult,
  GroupMemberDescription,
  GroupTopicOffsets,
  ListedGroupDescription,
  SeekEntry,
} from './admin/group-admin';
export * from './admin/admin-types';
export type { CustomPartitioner, PartitionMetadata } from './partitioners/default-partitioner';
export type { PartitionRead, PartitionReadOptions, ReadRecord } from './read-partition';
export { KafkaError } from '../protocol/errors';
