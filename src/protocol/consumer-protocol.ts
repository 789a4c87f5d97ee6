/**
 * The "consumer" embedded protocol of classic groups, byte for byte as Kafka's ConsumerProtocol writes it:
 * the JoinGroup member metadata is a ConsumerProtocolSubscription and the SyncGroup assignment a
 * ConsumerProtocolAssignment, each an int16 version followed by the schema's fields (non-flexible, big-endian:
 * arrays as int32 count, strings as int16 length, nullable bytes and strings with length -1 for null).
 *
 * Versions (ConsumerProtocolSubscription.json): v1 added OwnedPartitions, v2 GenerationId, v3 RackId. We
 * write v3, as 3.5+ clients do, and read any version; a version above 3 is read as v3, since Kafka promises
 * that later versions only append fields (ConsumerProtocol.checkSubscriptionVersion).
 */
import { KafkaError } from './errors';
import { ByteReader, ByteWriter } from './schema-types';
import { compareTopicPartitions, type TopicPartition } from './topic-partition';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
export const CONSUMER_PROTOCOL_LATEST_VERSION = 3;

/** ConsumerProtocolSubscription, decoded. */
export interface Subscription {
  topics: string[];
  userData: Uint8Array | null;
  ownedPartitions: TopicPartition[];
  /** The generation the owned partitions belong to; -1 when unknown. */
  generationId: number;
  rackId: string | null;
}

/** ConsumerProtocolAssignment, decoded. */
export interface Assignment {
  partitions: TopicPartition[];
  userData: Uint8Array | null;
}

/** [{topic, partitions}] grouped from partitions sorted by topic then partition, as ConsumerProtocol does. */
function groupByTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const groups: { topic: string; partitions: number[] }[] = [];
  for (const tp of [...partitions].sort(compareTopicPartitions)) {
    const last = groups.at(-1);
    if (last && last.topic === tp.topic) last.partitions.push(tp.partition);
    else groups.push({ topic: tp.topic, partitions: [tp.partition] });
  }
  return groups;
}

export function writeTopicPartitions(writer: ByteWriter, partitions: readonly TopicPartition[]): void {
  writer.array(groupByTopic(partitions), (group) => {
    writer.string(group.topic);
    writer.array(group.partitions, (p) => writer.int32(p));
  });
}

export function readTopicPartitions(reader: ByteReader): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const group of reader.array(() => ({ topic: reader.string(), partitions: reader.array(() => reader.int32()) }))) {
    for (const partition of group.partitions) out.push({ topic: group.topic, partition });
  }
  return out;
}

function readVersion(reader: ByteReader, what: string): number {
  const version = reader.int16();
  if (version < 0) throw new KafkaError('INVALID_REQUEST', `Unsupported ${what} version: ${version}`);
  return version;
}

/** ConsumerProtocol.serializeSubscription at v3: topics sorted, owned partitions grouped by topic. */
export function encodeSubscription(subscription: Subscription): Uint8Array {
  const writer = new ByteWriter().int16(CONSUMER_PROTOCOL_LATEST_VERSION);
  writer.array([...subscription.topics].sort(), (topic) => writer.string(topic));
  writer.nullableBytes(subscription.userData);
  writeTopicPartitions(writer, subscription.ownedPartitions);
  writer.int32(subscription.generationId);
  writer.nullableString(subscription.rackId);
  return writer.toBytes();
}

/** ConsumerProtocol.deserializeSubscription: fields newer than the written version keep their defaults. */
export function decodeSubscription(bytes: Uint8Array): Subscription {
  const reader = new ByteReader(bytes, "consumer protocol's subscription");
  const version = readVersion(reader, 'subscription');
  const topics = reader.array(() => reader.string());
  const userData = reader.nullableBytes();
  const ownedPartitions = version >= 1 ? readTopicPartitions(reader) : [];
  const generationId = version >= 2 ? reader.int32() : -1;
  const rackId = version >= 3 ? reader.nullableString() : null;
  // An empty rack id means none (ConsumerProtocol.deserializeSubscription).
  return { topics, userData, ownedPartitions, generationId, rackId: rackId === '' ? null : rackId };
}

/** ConsumerProtocol.serializeAssignment at v3 (the assignment's layout is the same in every version). */
export function encodeAssignment(assignment: Assignment): Uint8Array {
  const writer = new ByteWriter().int16(CONSUMER_PROTOCOL_LATEST_VERSION);
  writeTopicPartitions(writer, assignment.partitions);
  writer.nullableBytes(assignment.userData);
  return writer.toBytes();
}

export function decodeAssignment(bytes: Uint8Array): Assignment {
  const reader = new ByteReader(bytes, "consumer protocol's assignment");
  readVersion(reader, 'assignment');
  const partitions = readTopicPartitions(reader);
  const userData = reader.nullableBytes();
  return { partitions, userData };
}
