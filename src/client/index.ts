/** The kafkajs-shaped client API. */
export { Kafka, type KafkaOptions } from './kafka';
export { Producer, type ProducerRecord, type ProducerBatchRecord, type RecordMetadata, type TopicMessages } from './producer/producer';
export type { ProducerConfig } from './producer/producer-config';
export type { Message, MessageHeaders } from './producer/message';
export { Admin, type AdminConfig } from './admin/admin';
export { KafkaAggregateError } from './admin/admin-errors';
export * from './admin/admin-types';
export type { CustomPartitioner, PartitionMetadata } from './partitioners/default-partitioner';
export type { PartitionRead, PartitionReadOptions, ReadRecord } from './read-partition';
export { KafkaError } from '../protocol/errors';
