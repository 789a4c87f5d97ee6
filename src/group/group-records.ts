/**
 * The records a coordinator shard writes to its __consumer_offsets partition, and their bytes, as
 * Kafka's CoordinatorRecordSerde lays them out: the key is an int16 record type (the "coordinator-key"
 * apiKey) followed by the key's fields; the value is an int16 version followed by the value's fields;
 * a null value is a tombstone, which compaction and replay both read as "delete this key".
 * Types and versions written (group-coordinator/src/main/resources/common/message):
 *   1 OffsetCommitKey                          / OffsetCommitValue v3
 *   2 GroupMetadataKey                         / GroupMetadataValue v3 (classic groups)
 *   3 ConsumerGroupMetadataKey                 / ConsumerGroupMetadataValue v0 (flexible)
 *   5 ConsumerGroupMemberMetadataKey           / ConsumerGroupMemberMetadataValue v0
 *   6 ConsumerGroupTargetAssignmentMetadataKey / ConsumerGroupTargetAssignmentMetadataValue v0
 *   7 ConsumerGroupTargetAssignmentMemberKey   / ConsumerGroupTargetAssignmentMemberValue v0
 *   8 ConsumerGroupCurrentMemberAssignmentKey  / ConsumerGroupCurrentMemberAssignmentValue v0
 */
import type { TopicPartitions } from '../protocol/apis/groups';
import { ByteReader, ByteWriter } from '../protocol/schema-types';

export interface OffsetCommitValue {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export interface ClassicMemberMetadata {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Uint8Array;
  assignment: Uint8Array;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: number;
  members: ClassicMemberMetadata[];
}

export interface ConsumerGroupMetadataValue {
  epoch: number;
  /** KIP-1101: a hash of the subscribed topics' metadata; a change means a new target assignment. */
  metadataHash: number;
}

export interface ConsumerGroupMemberMetadataValue {
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  rebalanceTimeoutMs: number;
  serverAssignor: string | null;
}

export interface ConsumerGroupTargetAssignmentMetadataValue {
  assignmentEpoch: number;
}

export interface ConsumerGroupTargetAssignmentMemberValue {
  topicPartitions: TopicPartitions[];
}

/** ConsumerGroupMember's MemberState, as the record stores it. */
export const MemberState = { STABLE: 0, UNREVOKED_PARTITIONS: 1, UNRELEASED_PARTITIONS: 2, UNKNOWN: 127 } as const;
export type MemberStateValue = (typeof MemberState)[keyof typeof MemberState];

export interface ConsumerGroupCurrentMemberAssignmentValue {
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberStateValue;
  assignedPartitions: TopicPartitions[];
  partitionsPendingRevocation: TopicPartitions[];
}

export type CoordinatorRecord =
  | { type: 'OffsetCommit'; groupId: string; topic: string; partition: number; value: OffsetCommitValue | null }
  | { type: 'GroupMetadata'; groupId: string; value: GroupMetadataValue | null }
  | { type: 'ConsumerGroupMetadata'; groupId: string; value: ConsumerGroupMetadataValue | null }
  | { type: 'ConsumerGroupMemberMetadata'; groupId: string; memberId: string; value: ConsumerGroupMemberMetadataValue | null }
  | { type: 'ConsumerGroupTargetAssignmentMetadata'; groupId: string; value: ConsumerGroupTargetAssignmentMetadataValue | null }
  | {
      type: 'ConsumerGroupTargetAssignmentMember';
      groupId: string;
      memberId: string;
      value: ConsumerGroupTargetAssignmentMemberValue | null;
    }
  | {
      type: 'ConsumerGroupCurrentMemberAssignment';
      groupId: string;
      memberId: string;
      value: ConsumerGroupCurrentMemberAssignmentValue | null;
    };

export type CoordinatorRecordType = CoordinatorRecord['type'];

const RECORD_TYPE_IDS: Record<CoordinatorRecordType, number> = {
  OffsetCommit: 1,
  GroupMetadata: 2,
  ConsumerGroupMetadata: 3,
  ConsumerGroupMemberMetadata: 5,
  ConsumerGroupTargetAssignmentMetadata: 6,
  ConsumerGroupTargetAssignmentMember: 7,
  ConsumerGroupCurrentMemberAssignment: 8,
};

const OFFSET_COMMIT_VALUE_VERSION = 3;
const GROUP_METADATA_VALUE_VERSION = 3;
/** LegacyOffsetCommitKey (type 0) has the same layout as OffsetCommitKey; older brokers wrote it. */
const LEGACY_OFFSET_COMMIT_KEY = 0;
/** The tag of ConsumerGroupMetadataValue.MetadataHash. */
const METADATA_HASH_TAG = 0;

export interface EncodedRecord {
  key: Uint8Array;
  value: Uint8Array | null;
}

export function encodeRecord(record: CoordinatorRecord): EncodedRecord {
  const key = new ByteWriter().int16(RECORD_TYPE_IDS[record.type]);
  switch (record.type) {
    case 'OffsetCommit':
      key.string(record.groupId).string(record.topic).int32(record.partition);
      break;
    case 'GroupMetadata':
    case 'ConsumerGroupMetadata':
    case 'ConsumerGroupTargetAssignmentMetadata':
      key.string(record.groupId);
      break;
    default:
      key.string(record.groupId).string(record.memberId);
  }
  return { key: key.toBytes(), value: record.value === null ? null : encodeValue(record) };
}

function encodeValue(record: CoordinatorRecord): Uint8Array {
  const writer = new ByteWriter();
  switch (record.type) {
    case 'OffsetCommit': {
      const value = record.value!;
      writer
        .int16(OFFSET_COMMIT_VALUE_VERSION)
        .int64(value.offset)
        .int32(value.leaderEpoch)
        .string(value.metadata)
        .int64(value.commitTimestamp);
      break;
    }
    case 'GroupMetadata': {
      const value = record.value!;
      writer
        .int16(GROUP_METADATA_VALUE_VERSION)
        .string(value.protocolType)
        .int32(value.generation)
        .nullableString(value.protocol)
        .nullableString(value.leader)
        .int64(value.currentStateTimestamp)
        .int32(value.members.length);
      for (const member of value.members) {
        writer
          .string(member.memberId)
          .nullableString(member.groupInstanceId)
          .string(member.clientId)
          .string(member.clientHost)
          .int32(member.rebalanceTimeout)
          .int32(member.sessionTimeout)
          .bytes(member.subscription)
          .bytes(member.assignment);
      }
      break;
    }
    case 'ConsumerGroupMetadata': {
      const value = record.value!;
      writer.int16(0).int32(value.epoch);
      // One tagged field: tag, size, then the int64.
      writer.unsignedVarint(1).unsignedVarint(METADATA_HASH_TAG).unsignedVarint(8).int64(value.metadataHash);
      break;
    }
    case 'ConsumerGroupMemberMetadata': {
      const value = record.value!;
      writer
        .int16(0)
        .compactNullableString(value.instanceId)
        .compactNullableString(value.rackId)
        .compactString(value.clientId)
        .compactString(value.clientHost)
        .compactArray(value.subscribedTopicNames, (w, name) => w.compactString(name))
        .compactNullableString(value.subscribedTopicRegex)
        .int32(value.rebalanceTimeoutMs)
        .compactNullableString(value.serverAssignor)
        .noTaggedFields();
      break;
    }
    case 'ConsumerGroupTargetAssignmentMetadata':
      writer.int16(0).int32(record.value!.assignmentEpoch).noTaggedFields();
      break;
    case 'ConsumerGroupTargetAssignmentMember':
      writer.int16(0);
      writeTopicPartitions(writer, record.value!.topicPartitions);
      writer.noTaggedFields();
      break;
    case 'ConsumerGroupCurrentMemberAssignment': {
      const value = record.value!;
      writer.int16(0).int32(value.memberEpoch).int32(value.previousMemberEpoch).int8(value.state);
      writeTopicPartitions(writer, value.assignedPartitions);
      writeTopicPartitions(writer, value.partitionsPendingRevocation);
      writer.noTaggedFields();
      break;
    }
  }
  return writer.toBytes();
}

function writeTopicPartitions(writer: ByteWriter, topics: readonly TopicPartitions[]): void {
  writer.compactArray(topics, (w, topic) => {
    w.uuid(topic.topicId)
      .compactArray(topic.partitions, (inner, partition) => inner.int32(partition))
      .noTaggedFields();
  });
}

function readTopicPartitions(reader: ByteReader): TopicPartitions[] {
  return reader.compactArray((r) => {
    const topicId = r.uuid();
    const partitions = r.compactArray((inner) => inner.int32());
    r.taggedFields();
    return { topicId, partitions };
  });
}

/** Null for a record type this coordinator does not keep (share and streams groups, regexes ...): replay skips it. */
export function decodeRecord(key: Uint8Array, value: Uint8Array | null): CoordinatorRecord | null {
  const keyReader = new ByteReader(key, 'a __consumer_offsets record key');
  const typeId = keyReader.int16();
  const reader = value === null ? null : new ByteReader(value, 'a __consumer_offsets record value');
  reader?.int16();
  switch (typeId) {
    case LEGACY_OFFSET_COMMIT_KEY:
    case RECORD_TYPE_IDS.OffsetCommit: {
      const groupId = keyReader.string();
      const topic = keyReader.string();
      const partition = keyReader.int32();
      return { type: 'OffsetCommit', groupId, topic, partition, value: reader === null ? null : readOffsetCommitValue(value!) };
    }
    case RECORD_TYPE_IDS.GroupMetadata:
      return { type: 'GroupMetadata', groupId: keyReader.string(), value: reader === null ? null : readGroupMetadataValue(value!) };
    case RECORD_TYPE_IDS.ConsumerGroupMetadata: {
      const groupId = keyReader.string();
      if (reader === null) return { type: 'ConsumerGroupMetadata', groupId, value: null };
      const epoch = reader.int32();
      let metadataHash = 0;
      const tagCount = reader.unsignedVarint();
      for (let i = 0; i < tagCount; i++) {
        const tag = reader.unsignedVarint();
        const size = reader.unsignedVarint();
        if (tag === METADATA_HASH_TAG) metadataHash = reader.int64();
        else reader.raw(size);
      }
      return { type: 'ConsumerGroupMetadata', groupId, value: { epoch, metadataHash } };
    }
    case RECORD_TYPE_IDS.ConsumerGroupMemberMetadata: {
      const groupId = keyReader.string();
      const memberId = keyReader.string();
      if (reader === null) return { type: 'ConsumerGroupMemberMetadata', groupId, memberId, value: null };
      const result: ConsumerGroupMemberMetadataValue = {
        instanceId: reader.compactNullableString(),
        rackId: reader.compactNullableString(),
        clientId: reader.compactString(),
        clientHost: reader.compactString(),
        subscribedTopicNames: reader.compactArray((r) => r.compactString()),
        subscribedTopicRegex: reader.compactNullableString(),
        rebalanceTimeoutMs: reader.int32(),
        serverAssignor: reader.compactNullableString(),
      };
      reader.taggedFields();
      return { type: 'ConsumerGroupMemberMetadata', groupId, memberId, value: result };
    }
    case RECORD_TYPE_IDS.ConsumerGroupTargetAssignmentMetadata: {
      const groupId = keyReader.string();
      return {
        type: 'ConsumerGroupTargetAssignmentMetadata',
        groupId,
        value: reader === null ? null : { assignmentEpoch: reader.int32() },
      };
    }
    case RECORD_TYPE_IDS.ConsumerGroupTargetAssignmentMember: {
      const groupId = keyReader.string();
      const memberId = keyReader.string();
      return {
        type: 'ConsumerGroupTargetAssignmentMember',
        groupId,
        memberId,
        value: reader === null ? null : { topicPartitions: readTopicPartitions(reader) },
      };
    }
    case RECORD_TYPE_IDS.ConsumerGroupCurrentMemberAssignment: {
      const groupId = keyReader.string();
      const memberId = keyReader.string();
      if (reader === null) return { type: 'ConsumerGroupCurrentMemberAssignment', groupId, memberId, value: null };
      return {
        type: 'ConsumerGroupCurrentMemberAssignment',
        groupId,
        memberId,
        value: {
          memberEpoch: reader.int32(),
          previousMemberEpoch: reader.int32(),
          state: reader.int8() as MemberStateValue,
          assignedPartitions: readTopicPartitions(reader),
          partitionsPendingRevocation: readTopicPartitions(reader),
        },
      };
    }
    default:
      return null;
  }
}

// Versions 0-2 lack leaderEpoch and version 1 adds expireTimestamp (OffsetCommitValue.json).
function readOffsetCommitValue(value: Uint8Array): OffsetCommitValue {
  const reader = new ByteReader(value, 'a __consumer_offsets record value');
  const version = reader.int16();
  const offset = reader.int64();
  const leaderEpoch = version >= 3 ? reader.int32() : -1;
  const metadata = version >= 4 ? reader.compactString() : reader.string();
  const commitTimestamp = reader.int64();
  return { offset, leaderEpoch, metadata, commitTimestamp };
}

// GroupMetadataValue: currentStateTimestamp from v2, groupInstanceId from v3, rebalanceTimeout from v1.
function readGroupMetadataValue(value: Uint8Array): GroupMetadataValue {
  const reader = new ByteReader(value, 'a __consumer_offsets record value');
  const version = reader.int16();
  if (version >= 4) throw new RangeError(`GroupMetadataValue version ${version} is not supported`);
  const protocolType = reader.string();
  const generation = reader.int32();
  const protocol = reader.nullableString();
  const leader = reader.nullableString();
  const currentStateTimestamp = version >= 2 ? reader.int64() : -1;
  const count = reader.int32();
  const members: ClassicMemberMetadata[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = reader.string();
    const groupInstanceId = version >= 3 ? reader.nullableString() : null;
    const clientId = reader.string();
    const clientHost = reader.string();
    const rebalanceTimeout = version >= 1 ? reader.int32() : null;
    const sessionTimeout = reader.int32();
    // Before v1 the session timeout was also the rebalance timeout.
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeout: rebalanceTimeout ?? sessionTimeout,
      sessionTimeout,
      subscription: reader.bytes(),
      assignment: reader.bytes(),
    });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
