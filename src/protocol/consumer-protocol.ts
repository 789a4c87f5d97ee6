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

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
export const CONSUMER_PROTOCOL_LATEST_VERSION = 3;

export interface TopicPartition {
  topic: string;
  partition: number;
}

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

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Writes the non-flexible schema types (org.apache.kafka.common.protocol.types) big-endian. */
export class SchemaWriter {
  private chunks: number[] = [];

  int16(value: number): this {
    this.chunks.push((value >> 8) & 0xff, value & 0xff);
    return this;
  }

  int32(value: number): this {
    this.chunks.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    return this;
  }

  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = textEncoder.encode(value);
    this.int16(bytes.length);
    for (const b of bytes) this.chunks.push(b);
    return this;
  }

  bytes(value: Uint8Array | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** Reads the schema types, failing with INVALID_REQUEST (Kafka throws SchemaException) on short or bad input. */
export class SchemaReader {
  private offset = 0;
  private readonly view: DataView;

  /** `what` names the structure in error messages ("subscription", "assignment"). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(length: number): void {
    if (this.offset + length > this.bytes.length) {
      throw new KafkaError('INVALID_REQUEST', `Buffer underflow while parsing consumer protocol's ${this.what}`);
    }
  }

  int16(): number {
    this.need(2);
    const value = this.view.getInt16(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new KafkaError('INVALID_REQUEST', `non-nullable string was null in consumer protocol's ${this.what}`);
    return value;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return textDecoder.decode(slice);
    } catch {
      throw new KafkaError('INVALID_REQUEST', `invalid UTF-8 string in consumer protocol's ${this.what}`);
    }
  }

  nullableBytes(): Uint8Array | null {
    const length = this.int32();
    if (length < 0) return null;
    this.need(length);
    const slice = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  array<T>(read: () => T): T[] {
    const count = this.int32();
    if (count < 0) throw new KafkaError('INVALID_REQUEST', `non-nullable array was null in consumer protocol's ${this.what}`);
    // Each element takes at least one byte, so a count beyond the bytes left is corrupt, not a huge allocation.
    this.need(count);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read());
    return items;
  }
}

/** By topic, then partition: ConsumerProtocol's TOPIC_PARTITION_COMPARATOR. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
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

export function writeTopicPartitions(writer: SchemaWriter, partitions: readonly TopicPartition[]): void {
  writer.array(groupByTopic(partitions), (group) => {
    writer.string(group.topic);
    writer.array(group.partitions, (p) => writer.int32(p));
  });
}

export function readTopicPartitions(reader: SchemaReader): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const group of reader.array(() => ({ topic: reader.string(), partitions: reader.array(() => reader.int32()) }))) {
    for (const partition of group.partitions) out.push({ topic: group.topic, partition });
  }
  return out;
}

function readVersion(reader: SchemaReader, what: string): number {
  const version = reader.int16();
  if (version < 0) throw new KafkaError('INVALID_REQUEST', `Unsupported ${what} version: ${version}`);
  return version;
}

/** ConsumerProtocol.serializeSubscription at v3: topics sorted, owned partitions grouped by topic. */
export function encodeSubscription(subscription: Subscription): Uint8Array {
  const writer = new SchemaWriter().int16(CONSUMER_PROTOCOL_LATEST_VERSION);
  writer.array([...subscription.topics].sort(), (topic) => writer.string(topic));
  writer.bytes(subscription.userData);
  writeTopicPartitions(writer, subscription.ownedPartitions);
  writer.int32(subscription.generationId);
  writer.string(subscription.rackId);
  return writer.toBytes();
}

/** ConsumerProtocol.deserializeSubscription: fields newer than the written version keep their defaults. */
export function decodeSubscription(bytes: Uint8Array): Subscription {
  const reader = new SchemaReader(bytes, 'subscription');
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
  const writer = new SchemaWriter().int16(CONSUMER_PROTOCOL_LATEST_VERSION);
  writeTopicPartitions(writer, assignment.partitions);
  writer.bytes(assignment.userData);
  return writer.toBytes();
}

export function decodeAssignment(bytes: Uint8Array): Assignment {
  const reader = new SchemaReader(bytes, 'assignment');
  readVersion(reader, 'assignment');
  const partitions = readTopicPartitions(reader);
  const userData = reader.nullableBytes();
  return { partitions, userData };
}
