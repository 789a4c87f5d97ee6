/**
 * Kafka's TopicPartition: a topic's name and a partition number, the unit everything is kept by
 * (org.apache.kafka.common.TopicPartition). Its key is what TopicPartition.toString() prints,
 * `orders-0`: a topic name may contain '-' but a partition number cannot, so the key is read back
 * by splitting at the last '-'.
 */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `orders-0`, as Kafka's TopicPartition.toString() writes it: the key of every per-partition map. */
export function topicPartitionKey(topic: string, partition: number): string;
export function topicPartitionKey(topicPartition: TopicPartition): string;
export function topicPartitionKey(topic: string | TopicPartition, partition?: number): string {
  return typeof topic === 'string' ? `${topic}-${partition}` : `${topic.topic}-${topic.partition}`;
}

/** By topic, then partition number: ConsumerProtocol's TOPIC_PARTITION_COMPARATOR. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/** The TopicPartition a key names; throws on a string that is not one. */
export function parseTopicPartitionKey(key: string): TopicPartition {
  const dash = key.lastIndexOf('-');
  const partition = Number(key.slice(dash + 1));
  if (dash <= 0 || !Number.isInteger(partition) || partition < 0 || key.slice(dash + 1) === '') {
    throw new Error(`'${key}' is not a topic-partition (expected <topic>-<partition>, e.g. orders-0).`);
  }
  return { topic: key.slice(0, dash), partition };
}
