/**
 * Kafka's message schemas for the APIs the wire gateway speaks, transcribed from Apache Kafka's
 * clients/src/main/resources/common/message/*.json (Apache License 2.0) with their comments and
 * `about` texts left out: each field's name, type, versions, nullable and tagged versions and
 * default, exactly as the schema gives them. message-codec.ts reads and writes any version of
 * any of them; nothing here is written by hand but DescribeGroups v6 (KIP-1043, below).
 */
import type { MessageSpec } from './message-spec';

export const ProduceRequest: MessageSpec = {
  name: 'ProduceRequest',
  apiKey: 0,
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: 'null' },
    { name: 'Acks', type: 'int16', versions: '0+' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'TopicData',
      type: '[]TopicProduceData',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'PartitionData',
          type: '[]PartitionProduceData',
          versions: '0+',
          fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const ProduceResponse: MessageSpec = {
  name: 'ProduceResponse',
  apiKey: 0,
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Responses',
      type: '[]TopicProduceResponse',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'PartitionResponses',
          type: '[]PartitionProduceResponse',
          versions: '0+',
          fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'BaseOffset', type: 'int64', versions: '0+' },
            { name: 'LogAppendTimeMs', type: 'int64', versions: '2+', default: '-1', ignorable: true },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: '-1', ignorable: true },
            {
              name: 'RecordErrors',
              type: '[]BatchIndexAndErrorMessage',
              versions: '8+',
              ignorable: true,
              fields: [
                { name: 'BatchIndex', type: 'int32', versions: '8+' },
                { name: 'BatchIndexErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: 'null' },
              ],
            },
            { name: 'ErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: 'null', ignorable: true },
            {
              name: 'CurrentLeader',
              type: 'LeaderIdAndEpoch',
              versions: '10+',
              taggedVersions: '10+',
              tag: 0,
              fields: [
                { name: 'LeaderId', type: 'int32', versions: '10+', default: '-1' },
                { name: 'LeaderEpoch', type: 'int32', versions: '10+', default: '-1' },
              ],
            },
          ],
        },
      ],
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', default: '0', ignorable: true },
    {
      name: 'NodeEndpoints',
      type: '[]NodeEndpoint',
      versions: '10+',
      taggedVersions: '10+',
      tag: 0,
      fields: [
        { name: 'NodeId', type: 'int32', versions: '10+' },
        { name: 'Host', type: 'string', versions: '10+' },
        { name: 'Port', type: 'int32', versions: '10+' },
        { name: 'Rack', type: 'string', versions: '10+', nullableVersions: '10+', default: 'null' },
      ],
    },
  ],
};

export const FetchRequest: MessageSpec = {
  name: 'FetchRequest',
  apiKey: 1,
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    {
      name: 'ClusterId',
      type: 'string',
      versions: '12+',
      nullableVersions: '12+',
      taggedVersions: '12+',
      tag: 0,
      default: 'null',
      ignorable: true,
    },
    { name: 'ReplicaId', type: 'int32', versions: '0-14', default: '-1' },
    {
      name: 'ReplicaState',
      type: 'ReplicaState',
      versions: '15+',
      taggedVersions: '15+',
      tag: 1,
      fields: [
        { name: 'ReplicaId', type: 'int32', versions: '15+', default: '-1' },
        { name: 'ReplicaEpoch', type: 'int64', versions: '15+', default: '-1' },
      ],
    },
    { name: 'MaxWaitMs', type: 'int32', versions: '0+' },
    { name: 'MinBytes', type: 'int32', versions: '0+' },
    { name: 'MaxBytes', type: 'int32', versions: '3+', default: '0x7fffffff', ignorable: true },
    { name: 'IsolationLevel', type: 'int8', versions: '4+', default: '0', ignorable: true },
    { name: 'SessionId', type: 'int32', versions: '7+', default: '0', ignorable: true },
    { name: 'SessionEpoch', type: 'int32', versions: '7+', default: '-1', ignorable: true },
    {
      name: 'Topics',
      type: '[]FetchTopic',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'Partitions',
          type: '[]FetchPartition',
          versions: '0+',
          fields: [
            { name: 'Partition', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '9+', default: '-1', ignorable: true },
            { name: 'FetchOffset', type: 'int64', versions: '0+' },
            { name: 'LastFetchedEpoch', type: 'int32', versions: '12+', default: '-1', ignorable: false },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: '-1', ignorable: true },
            { name: 'PartitionMaxBytes', type: 'int32', versions: '0+' },
            { name: 'ReplicaDirectoryId', type: 'uuid', versions: '17+', taggedVersions: '17+', tag: 0, ignorable: true },
          ],
        },
      ],
    },
    {
      name: 'ForgottenTopicsData',
      type: '[]ForgottenTopic',
      versions: '7+',
      ignorable: false,
      fields: [
        { name: 'Topic', type: 'string', versions: '7-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        { name: 'Partitions', type: '[]int32', versions: '7+' },
      ],
    },
    { name: 'RackId', type: 'string', versions: '11+', default: '', ignorable: true },
  ],
};

export const FetchResponse: MessageSpec = {
  name: 'FetchResponse',
  apiKey: 1,
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '7+', ignorable: true },
    { name: 'SessionId', type: 'int32', versions: '7+', default: '0', ignorable: false },
    {
      name: 'Responses',
      type: '[]FetchableTopicResponse',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'Partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'HighWatermark', type: 'int64', versions: '0+' },
            { name: 'LastStableOffset', type: 'int64', versions: '4+', default: '-1', ignorable: true },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: '-1', ignorable: true },
            {
              name: 'DivergingEpoch',
              type: 'EpochEndOffset',
              versions: '12+',
              taggedVersions: '12+',
              tag: 0,
              fields: [
                { name: 'Epoch', type: 'int32', versions: '12+', default: '-1' },
                { name: 'EndOffset', type: 'int64', versions: '12+', default: '-1' },
              ],
            },
            {
              name: 'CurrentLeader',
              type: 'LeaderIdAndEpoch',
              versions: '12+',
              taggedVersions: '12+',
              tag: 1,
              fields: [
                { name: 'LeaderId', type: 'int32', versions: '12+', default: '-1' },
                { name: 'LeaderEpoch', type: 'int32', versions: '12+', default: '-1' },
              ],
            },
            {
              name: 'SnapshotId',
              type: 'SnapshotId',
              versions: '12+',
              taggedVersions: '12+',
              tag: 2,
              fields: [
                { name: 'EndOffset', type: 'int64', versions: '0+', default: '-1' },
                { name: 'Epoch', type: 'int32', versions: '0+', default: '-1' },
              ],
            },
            {
              name: 'AbortedTransactions',
              type: '[]AbortedTransaction',
              versions: '4+',
              nullableVersions: '4+',
              ignorable: true,
              fields: [
                { name: 'ProducerId', type: 'int64', versions: '4+' },
                { name: 'FirstOffset', type: 'int64', versions: '4+' },
              ],
            },
            { name: 'PreferredReadReplica', type: 'int32', versions: '11+', default: '-1', ignorable: false },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'NodeEndpoints',
      type: '[]NodeEndpoint',
      versions: '16+',
      taggedVersions: '16+',
      tag: 0,
      fields: [
        { name: 'NodeId', type: 'int32', versions: '16+' },
        { name: 'Host', type: 'string', versions: '16+' },
        { name: 'Port', type: 'int32', versions: '16+' },
        { name: 'Rack', type: 'string', versions: '16+', nullableVersions: '16+', default: 'null' },
      ],
    },
  ],
};

export const ListOffsetsRequest: MessageSpec = {
  name: 'ListOffsetsRequest',
  apiKey: 2,
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '0+' },
    { name: 'IsolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'Topics',
      type: '[]ListOffsetsTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ListOffsetsPartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '4+', default: '-1', ignorable: true },
            { name: 'Timestamp', type: 'int64', versions: '0+' },
            { name: 'MaxNumOffsets', type: 'int32', versions: '0', default: '1' },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '10+', ignorable: true },
  ],
};

export const ListOffsetsResponse: MessageSpec = {
  name: 'ListOffsetsResponse',
  apiKey: 2,
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Topics',
      type: '[]ListOffsetsTopicResponse',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ListOffsetsPartitionResponse',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'OldStyleOffsets', type: '[]int64', versions: '0', ignorable: false },
            { name: 'Timestamp', type: 'int64', versions: '1+', default: '-1', ignorable: false },
            { name: 'Offset', type: 'int64', versions: '1+', default: '-1', ignorable: false },
            { name: 'LeaderEpoch', type: 'int32', versions: '4+', default: '-1' },
          ],
        },
      ],
    },
  ],
};

export const OffsetForLeaderEpochRequest: MessageSpec = {
  name: 'OffsetForLeaderEpochRequest',
  apiKey: 23,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '3+', default: '-2', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetForLeaderTopic',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OffsetForLeaderPartition',
          versions: '0+',
          fields: [
            { name: 'Partition', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '2+', default: '-1', ignorable: true },
            { name: 'LeaderEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const OffsetForLeaderEpochResponse: MessageSpec = {
  name: 'OffsetForLeaderEpochResponse',
  apiKey: 23,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetForLeaderTopicResult',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]EpochEndOffset',
          versions: '0+',
          fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'Partition', type: 'int32', versions: '0+' },
            { name: 'LeaderEpoch', type: 'int32', versions: '1+', default: '-1', ignorable: true },
            { name: 'EndOffset', type: 'int64', versions: '0+', default: '-1' },
          ],
        },
      ],
    },
  ],
};

export const MetadataRequest: MessageSpec = {
  name: 'MetadataRequest',
  apiKey: 3,
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Topics',
      type: '[]MetadataRequestTopic',
      versions: '0+',
      nullableVersions: '1+',
      fields: [
        { name: 'TopicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '10+' },
      ],
    },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: 'true', ignorable: false },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
};

export const MetadataResponse: MessageSpec = {
  name: 'MetadataResponse',
  apiKey: 3,
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Brokers',
      type: '[]MetadataResponseBroker',
      versions: '0+',
      fields: [
        { name: 'NodeId', type: 'int32', versions: '0+' },
        { name: 'Host', type: 'string', versions: '0+' },
        { name: 'Port', type: 'int32', versions: '0+' },
        { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', default: 'null', ignorable: true },
      ],
    },
    { name: 'ClusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: 'null', ignorable: true },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: '-1', ignorable: true },
    {
      name: 'Topics',
      type: '[]MetadataResponseTopic',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '12+' },
        { name: 'TopicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'IsInternal', type: 'bool', versions: '1+', default: 'false', ignorable: true },
        {
          name: 'Partitions',
          type: '[]MetadataResponsePartition',
          versions: '0+',
          fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LeaderId', type: 'int32', versions: '0+' },
            { name: 'LeaderEpoch', type: 'int32', versions: '7+', default: '-1', ignorable: true },
            { name: 'ReplicaNodes', type: '[]int32', versions: '0+' },
            { name: 'IsrNodes', type: '[]int32', versions: '0+' },
            { name: 'OfflineReplicas', type: '[]int32', versions: '5+', ignorable: true },
          ],
        },
        { name: 'TopicAuthorizedOperations', type: 'int32', versions: '8+', default: '-2147483648' },
      ],
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '8-10', default: '-2147483648' },
  ],
};

export const OffsetCommitRequest: MessageSpec = {
  name: 'OffsetCommitRequest',
  apiKey: 8,
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationIdOrMemberEpoch', type: 'int32', versions: '1+', default: '-1', ignorable: true },
    { name: 'MemberId', type: 'string', versions: '1+', ignorable: true },
    { name: 'GroupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: 'null' },
    { name: 'RetentionTimeMs', type: 'int64', versions: '2-4', default: '-1', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetCommitRequestTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OffsetCommitRequestPartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'CommittedOffset', type: 'int64', versions: '0+' },
            { name: 'CommittedLeaderEpoch', type: 'int32', versions: '6+', default: '-1', ignorable: true },
            { name: 'CommitTimestamp', type: 'int64', versions: '1', default: '-1' },
            { name: 'CommittedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const OffsetCommitResponse: MessageSpec = {
  name: 'OffsetCommitResponse',
  apiKey: 8,
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetCommitResponseTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OffsetCommitResponsePartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const OffsetFetchRequest: MessageSpec = {
  name: 'OffsetFetchRequest',
  apiKey: 9,
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0-7' },
    {
      name: 'Topics',
      type: '[]OffsetFetchRequestTopic',
      versions: '0-7',
      nullableVersions: '2-7',
      fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '0-7' },
      ],
    },
    {
      name: 'Groups',
      type: '[]OffsetFetchRequestGroup',
      versions: '8+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        { name: 'MemberId', type: 'string', versions: '9+', nullableVersions: '9+', default: 'null', ignorable: true },
        { name: 'MemberEpoch', type: 'int32', versions: '9+', default: '-1', ignorable: true },
        {
          name: 'Topics',
          type: '[]OffsetFetchRequestTopics',
          versions: '8+',
          nullableVersions: '8+',
          fields: [
            { name: 'Name', type: 'string', versions: '8+' },
            { name: 'PartitionIndexes', type: '[]int32', versions: '8+' },
          ],
        },
      ],
    },
    { name: 'RequireStable', type: 'bool', versions: '7+', default: 'false' },
  ],
};

export const OffsetFetchResponse: MessageSpec = {
  name: 'OffsetFetchResponse',
  apiKey: 9,
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetFetchResponseTopic',
      versions: '0-7',
      fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        {
          name: 'Partitions',
          type: '[]OffsetFetchResponsePartition',
          versions: '0-7',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0-7' },
            { name: 'CommittedOffset', type: 'int64', versions: '0-7' },
            { name: 'CommittedLeaderEpoch', type: 'int32', versions: '5-7', default: '-1', ignorable: true },
            { name: 'Metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
            { name: 'ErrorCode', type: 'int16', versions: '0-7' },
          ],
        },
      ],
    },
    { name: 'ErrorCode', type: 'int16', versions: '2-7', default: '0', ignorable: true },
    {
      name: 'Groups',
      type: '[]OffsetFetchResponseGroup',
      versions: '8+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        {
          name: 'Topics',
          type: '[]OffsetFetchResponseTopics',
          versions: '8+',
          fields: [
            { name: 'Name', type: 'string', versions: '8+' },
            {
              name: 'Partitions',
              type: '[]OffsetFetchResponsePartitions',
              versions: '8+',
              fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '8+' },
                { name: 'CommittedOffset', type: 'int64', versions: '8+' },
                { name: 'CommittedLeaderEpoch', type: 'int32', versions: '8+', default: '-1', ignorable: true },
                { name: 'Metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
                { name: 'ErrorCode', type: 'int16', versions: '8+' },
              ],
            },
          ],
        },
        { name: 'ErrorCode', type: 'int16', versions: '8+', default: '0' },
      ],
    },
  ],
};

export const FindCoordinatorRequest: MessageSpec = {
  name: 'FindCoordinatorRequest',
  apiKey: 10,
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'Key', type: 'string', versions: '0-3' },
    { name: 'KeyType', type: 'int8', versions: '1+', default: '0', ignorable: false },
    { name: 'CoordinatorKeys', type: '[]string', versions: '4+' },
  ],
};

export const FindCoordinatorResponse: MessageSpec = {
  name: 'FindCoordinatorResponse',
  apiKey: 10,
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0-3' },
    { name: 'ErrorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3', ignorable: true },
    { name: 'NodeId', type: 'int32', versions: '0-3' },
    { name: 'Host', type: 'string', versions: '0-3' },
    { name: 'Port', type: 'int32', versions: '0-3' },
    {
      name: 'Coordinators',
      type: '[]Coordinator',
      versions: '4+',
      fields: [
        { name: 'Key', type: 'string', versions: '4+' },
        { name: 'NodeId', type: 'int32', versions: '4+' },
        { name: 'Host', type: 'string', versions: '4+' },
        { name: 'Port', type: 'int32', versions: '4+' },
        { name: 'ErrorCode', type: 'int16', versions: '4+' },
        { name: 'ErrorMessage', type: 'string', versions: '4+', nullableVersions: '4+', ignorable: true },
      ],
    },
  ],
};

export const JoinGroupRequest: MessageSpec = {
  name: 'JoinGroupRequest',
  apiKey: 11,
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'SessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'RebalanceTimeoutMs', type: 'int32', versions: '1+', default: '-1', ignorable: true },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null' },
    { name: 'ProtocolType', type: 'string', versions: '0+' },
    {
      name: 'Protocols',
      type: '[]JoinGroupRequestProtocol',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Metadata', type: 'bytes', versions: '0+' },
      ],
    },
    { name: 'Reason', type: 'string', versions: '8+', nullableVersions: '8+', default: 'null', ignorable: true },
  ],
};

export const JoinGroupResponse: MessageSpec = {
  name: 'JoinGroupResponse',
  apiKey: 11,
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+', default: '-1' },
    { name: 'ProtocolType', type: 'string', versions: '7+', nullableVersions: '7+', default: 'null', ignorable: true },
    { name: 'ProtocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'Leader', type: 'string', versions: '0+' },
    { name: 'SkipAssignment', type: 'bool', versions: '9+', default: 'false' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    {
      name: 'Members',
      type: '[]JoinGroupResponseMember',
      versions: '0+',
      fields: [
        { name: 'MemberId', type: 'string', versions: '0+' },
        { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
        { name: 'Metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
};

export const HeartbeatRequest: MessageSpec = {
  name: 'HeartbeatRequest',
  apiKey: 12,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: 'null' },
  ],
};

export const HeartbeatResponse: MessageSpec = {
  name: 'HeartbeatResponse',
  apiKey: 12,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
};

export const LeaveGroupRequest: MessageSpec = {
  name: 'LeaveGroupRequest',
  apiKey: 13,
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0-2' },
    {
      name: 'Members',
      type: '[]MemberIdentity',
      versions: '3+',
      fields: [
        { name: 'MemberId', type: 'string', versions: '3+' },
        { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: 'null' },
        { name: 'Reason', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
      ],
    },
  ],
};

export const LeaveGroupResponse: MessageSpec = {
  name: 'LeaveGroupResponse',
  apiKey: 13,
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'Members',
      type: '[]MemberResponse',
      versions: '3+',
      fields: [
        { name: 'MemberId', type: 'string', versions: '3+' },
        { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
        { name: 'ErrorCode', type: 'int16', versions: '3+' },
      ],
    },
  ],
};

export const SyncGroupRequest: MessageSpec = {
  name: 'SyncGroupRequest',
  apiKey: 14,
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: 'null' },
    { name: 'ProtocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
    { name: 'ProtocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
    {
      name: 'Assignments',
      type: '[]SyncGroupRequestAssignment',
      versions: '0+',
      fields: [
        { name: 'MemberId', type: 'string', versions: '0+' },
        { name: 'Assignment', type: 'bytes', versions: '0+' },
      ],
    },
  ],
};

export const SyncGroupResponse: MessageSpec = {
  name: 'SyncGroupResponse',
  apiKey: 14,
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProtocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
    { name: 'ProtocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
    { name: 'Assignment', type: 'bytes', versions: '0+' },
  ],
};

// Version 6 (KIP-1043, Kafka 4.0) is version 5 with an ErrorMessage per group, added here by hand.
export const DescribeGroupsRequest: MessageSpec = {
  name: 'DescribeGroupsRequest',
  apiKey: 15,
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'Groups', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
};

export const DescribeGroupsResponse: MessageSpec = {
  name: 'DescribeGroupsResponse',
  apiKey: 15,
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Groups',
      type: '[]DescribedGroup',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '6+', nullableVersions: '6+', default: 'null', ignorable: true },
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
        { name: 'ProtocolData', type: 'string', versions: '0+' },
        {
          name: 'Members',
          type: '[]DescribedGroupMember',
          versions: '0+',
          fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'GroupInstanceId', type: 'string', versions: '4+', nullableVersions: '4+', default: 'null', ignorable: true },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'MemberMetadata', type: 'bytes', versions: '0+' },
            { name: 'MemberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '3+', default: '-2147483648' },
      ],
    },
  ],
};

export const ListGroupsRequest: MessageSpec = {
  name: 'ListGroupsRequest',
  apiKey: 16,
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'StatesFilter', type: '[]string', versions: '4+' },
    { name: 'TypesFilter', type: '[]string', versions: '5+' },
  ],
};

export const ListGroupsResponse: MessageSpec = {
  name: 'ListGroupsResponse',
  apiKey: 16,
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'Groups',
      type: '[]ListedGroup',
      versions: '0+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '4+', ignorable: true },
        { name: 'GroupType', type: 'string', versions: '5+', ignorable: true },
      ],
    },
  ],
};

export const ApiVersionsRequest: MessageSpec = {
  name: 'ApiVersionsRequest',
  apiKey: 18,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ClientSoftwareName', type: 'string', versions: '3+', ignorable: true },
    { name: 'ClientSoftwareVersion', type: 'string', versions: '3+', ignorable: true },
  ],
};

export const ApiVersionsResponse: MessageSpec = {
  name: 'ApiVersionsResponse',
  apiKey: 18,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'ApiKeys',
      type: '[]ApiVersion',
      versions: '0+',
      fields: [
        { name: 'ApiKey', type: 'int16', versions: '0+' },
        { name: 'MinVersion', type: 'int16', versions: '0+' },
        { name: 'MaxVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'SupportedFeatures',
      type: '[]SupportedFeatureKey',
      versions: '3+',
      taggedVersions: '3+',
      tag: 0,
      ignorable: true,
      fields: [
        { name: 'Name', type: 'string', versions: '3+' },
        { name: 'MinVersion', type: 'int16', versions: '3+' },
        { name: 'MaxVersion', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'FinalizedFeaturesEpoch', type: 'int64', versions: '3+', taggedVersions: '3+', tag: 1, default: '-1', ignorable: true },
    {
      name: 'FinalizedFeatures',
      type: '[]FinalizedFeatureKey',
      versions: '3+',
      taggedVersions: '3+',
      tag: 2,
      ignorable: true,
      fields: [
        { name: 'Name', type: 'string', versions: '3+' },
        { name: 'MaxVersionLevel', type: 'int16', versions: '3+' },
        { name: 'MinVersionLevel', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'ZkMigrationReady', type: 'bool', versions: '3+', taggedVersions: '3+', tag: 3, default: 'false', ignorable: true },
  ],
};

export const CreateTopicsRequest: MessageSpec = {
  name: 'CreateTopicsRequest',
  apiKey: 19,
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    {
      name: 'Topics',
      type: '[]CreatableTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'NumPartitions', type: 'int32', versions: '0+' },
        { name: 'ReplicationFactor', type: 'int16', versions: '0+' },
        {
          name: 'Assignments',
          type: '[]CreatableReplicaAssignment',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'BrokerIds', type: '[]int32', versions: '0+' },
          ],
        },
        {
          name: 'Configs',
          type: '[]CreatableTopicConfig',
          versions: '0+',
          fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: '60000' },
    { name: 'validateOnly', type: 'bool', versions: '1+', default: 'false', ignorable: false },
  ],
};

export const CreateTopicsResponse: MessageSpec = {
  name: 'CreateTopicsResponse',
  apiKey: 19,
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Topics',
      type: '[]CreatableTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'TopicId', type: 'uuid', versions: '7+', ignorable: true },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '1+', nullableVersions: '0+', ignorable: true },
        { name: 'TopicConfigErrorCode', type: 'int16', versions: '5+', taggedVersions: '5+', tag: 0, ignorable: true },
        { name: 'NumPartitions', type: 'int32', versions: '5+', default: '-1', ignorable: true },
        { name: 'ReplicationFactor', type: 'int16', versions: '5+', default: '-1', ignorable: true },
        {
          name: 'Configs',
          type: '[]CreatableTopicConfigs',
          versions: '5+',
          nullableVersions: '5+',
          ignorable: true,
          fields: [
            { name: 'Name', type: 'string', versions: '5+' },
            { name: 'Value', type: 'string', versions: '5+', nullableVersions: '5+' },
            { name: 'ReadOnly', type: 'bool', versions: '5+' },
            { name: 'ConfigSource', type: 'int8', versions: '5+', default: '-1', ignorable: true },
            { name: 'IsSensitive', type: 'bool', versions: '5+' },
          ],
        },
      ],
    },
  ],
};

export const DeleteTopicsRequest: MessageSpec = {
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Topics',
      type: '[]DeleteTopicState',
      versions: '6+',
      fields: [
        { name: 'Name', type: 'string', versions: '6+', nullableVersions: '6+', default: 'null' },
        { name: 'TopicId', type: 'uuid', versions: '6+' },
      ],
    },
    { name: 'TopicNames', type: '[]string', versions: '0-5', ignorable: true },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const DeleteTopicsResponse: MessageSpec = {
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Responses',
      type: '[]DeletableTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '6+' },
        { name: 'TopicId', type: 'uuid', versions: '6+', ignorable: true },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: 'null', ignorable: true },
      ],
    },
  ],
};

export const DeleteRecordsRequest: MessageSpec = {
  name: 'DeleteRecordsRequest',
  apiKey: 21,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics',
      type: '[]DeleteRecordsTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]DeleteRecordsPartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Offset', type: 'int64', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const DeleteRecordsResponse: MessageSpec = {
  name: 'DeleteRecordsResponse',
  apiKey: 21,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Topics',
      type: '[]DeleteRecordsTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]DeleteRecordsPartitionResult',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LowWatermark', type: 'int64', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const InitProducerIdRequest: MessageSpec = {
  name: 'InitProducerIdRequest',
  apiKey: 22,
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'TransactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '3+', default: '-1' },
    { name: 'ProducerEpoch', type: 'int16', versions: '3+', default: '-1' },
  ],
};

export const InitProducerIdResponse: MessageSpec = {
  name: 'InitProducerIdResponse',
  apiKey: 22,
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
  ],
};

export const DescribeConfigsRequest: MessageSpec = {
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Resources',
      type: '[]DescribeConfigsResource',
      versions: '0+',
      fields: [
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        { name: 'ConfigurationKeys', type: '[]string', versions: '0+', nullableVersions: '0+' },
      ],
    },
    { name: 'IncludeSynonyms', type: 'bool', versions: '1+', default: 'false', ignorable: false },
    { name: 'IncludeDocumentation', type: 'bool', versions: '3+', default: 'false', ignorable: false },
  ],
};

export const DescribeConfigsResponse: MessageSpec = {
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results',
      type: '[]DescribeConfigsResult',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        {
          name: 'Configs',
          type: '[]DescribeConfigsResourceResult',
          versions: '0+',
          fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
            { name: 'ReadOnly', type: 'bool', versions: '0+' },
            { name: 'IsDefault', type: 'bool', versions: '0' },
            { name: 'ConfigSource', type: 'int8', versions: '1+', default: '-1', ignorable: true },
            { name: 'IsSensitive', type: 'bool', versions: '0+' },
            {
              name: 'Synonyms',
              type: '[]DescribeConfigsSynonym',
              versions: '1+',
              ignorable: true,
              fields: [
                { name: 'Name', type: 'string', versions: '1+' },
                { name: 'Value', type: 'string', versions: '1+', nullableVersions: '0+' },
                { name: 'Source', type: 'int8', versions: '1+' },
              ],
            },
            { name: 'ConfigType', type: 'int8', versions: '3+', default: '0', ignorable: true },
            { name: 'Documentation', type: 'string', versions: '3+', nullableVersions: '0+', ignorable: true },
          ],
        },
      ],
    },
  ],
};

export const AlterConfigsRequest: MessageSpec = {
  name: 'AlterConfigsRequest',
  apiKey: 33,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Resources',
      type: '[]AlterConfigsResource',
      versions: '0+',
      fields: [
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        {
          name: 'Configs',
          type: '[]AlterableConfig',
          versions: '0+',
          fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'ValidateOnly', type: 'bool', versions: '0+' },
  ],
};

export const AlterConfigsResponse: MessageSpec = {
  name: 'AlterConfigsResponse',
  apiKey: 33,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Responses',
      type: '[]AlterConfigsResourceResponse',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
      ],
    },
  ],
};

export const CreatePartitionsRequest: MessageSpec = {
  name: 'CreatePartitionsRequest',
  apiKey: 37,
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics',
      type: '[]CreatePartitionsTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Count', type: 'int32', versions: '0+' },
        {
          name: 'Assignments',
          type: '[]CreatePartitionsAssignment',
          versions: '0+',
          nullableVersions: '0+',
          fields: [{ name: 'BrokerIds', type: '[]int32', versions: '0+' }],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    { name: 'ValidateOnly', type: 'bool', versions: '0+' },
  ],
};

export const CreatePartitionsResponse: MessageSpec = {
  name: 'CreatePartitionsResponse',
  apiKey: 37,
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results',
      type: '[]CreatePartitionsTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
      ],
    },
  ],
};

export const DeleteGroupsRequest: MessageSpec = {
  name: 'DeleteGroupsRequest',
  apiKey: 42,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'GroupsNames', type: '[]string', versions: '0+' }],
};

export const DeleteGroupsResponse: MessageSpec = {
  name: 'DeleteGroupsResponse',
  apiKey: 42,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results',
      type: '[]DeletableGroupResult',
      versions: '0+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
      ],
    },
  ],
};

export const ElectLeadersRequest: MessageSpec = {
  name: 'ElectLeadersRequest',
  apiKey: 43,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ElectionType', type: 'int8', versions: '1+' },
    {
      name: 'TopicPartitions',
      type: '[]TopicPartitions',
      versions: '0+',
      nullableVersions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: '60000' },
  ],
};

export const ElectLeadersResponse: MessageSpec = {
  name: 'ElectLeadersResponse',
  apiKey: 43,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '1+', ignorable: false },
    {
      name: 'ReplicaElectionResults',
      type: '[]ReplicaElectionResult',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        {
          name: 'PartitionResult',
          type: '[]PartitionResult',
          versions: '0+',
          fields: [
            { name: 'PartitionId', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const IncrementalAlterConfigsRequest: MessageSpec = {
  name: 'IncrementalAlterConfigsRequest',
  apiKey: 44,
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'Resources',
      type: '[]AlterConfigsResource',
      versions: '0+',
      fields: [
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        {
          name: 'Configs',
          type: '[]AlterableConfig',
          versions: '0+',
          fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'ConfigOperation', type: 'int8', versions: '0+' },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'ValidateOnly', type: 'bool', versions: '0+' },
  ],
};

export const IncrementalAlterConfigsResponse: MessageSpec = {
  name: 'IncrementalAlterConfigsResponse',
  apiKey: 44,
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Responses',
      type: '[]AlterConfigsResourceResponse',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
      ],
    },
  ],
};

export const AlterPartitionReassignmentsRequest: MessageSpec = {
  name: 'AlterPartitionReassignmentsRequest',
  apiKey: 45,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: '60000' },
    {
      name: 'Topics',
      type: '[]ReassignableTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ReassignablePartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Replicas', type: '[]int32', versions: '0+', nullableVersions: '0+', default: 'null' },
          ],
        },
      ],
    },
  ],
};

export const AlterPartitionReassignmentsResponse: MessageSpec = {
  name: 'AlterPartitionReassignmentsResponse',
  apiKey: 45,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Responses',
      type: '[]ReassignableTopicResponse',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ReassignablePartitionResponse',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const ListPartitionReassignmentsRequest: MessageSpec = {
  name: 'ListPartitionReassignmentsRequest',
  apiKey: 46,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: '60000' },
    {
      name: 'Topics',
      type: '[]ListPartitionReassignmentsTopics',
      versions: '0+',
      nullableVersions: '0+',
      default: 'null',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '0+' },
      ],
    },
  ],
};

export const ListPartitionReassignmentsResponse: MessageSpec = {
  name: 'ListPartitionReassignmentsResponse',
  apiKey: 46,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Topics',
      type: '[]OngoingTopicReassignment',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OngoingPartitionReassignment',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Replicas', type: '[]int32', versions: '0+' },
            { name: 'AddingReplicas', type: '[]int32', versions: '0+' },
            { name: 'RemovingReplicas', type: '[]int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const OffsetDeleteRequest: MessageSpec = {
  name: 'OffsetDeleteRequest',
  apiKey: 47,
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    {
      name: 'Topics',
      type: '[]OffsetDeleteRequestTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OffsetDeleteRequestPartition',
          versions: '0+',
          fields: [{ name: 'PartitionIndex', type: 'int32', versions: '0+' }],
        },
      ],
    },
  ],
};

export const OffsetDeleteResponse: MessageSpec = {
  name: 'OffsetDeleteResponse',
  apiKey: 47,
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    {
      name: 'Topics',
      type: '[]OffsetDeleteResponseTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]OffsetDeleteResponsePartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const DescribeClusterRequest: MessageSpec = {
  name: 'DescribeClusterRequest',
  apiKey: 60,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '0+' },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: '1' },
  ],
};

export const DescribeClusterResponse: MessageSpec = {
  name: 'DescribeClusterResponse',
  apiKey: 60,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: '1' },
    { name: 'ClusterId', type: 'string', versions: '0+' },
    { name: 'ControllerId', type: 'int32', versions: '0+', default: '-1' },
    {
      name: 'Brokers',
      type: '[]DescribeClusterBroker',
      versions: '0+',
      fields: [
        { name: 'BrokerId', type: 'int32', versions: '0+' },
        { name: 'Host', type: 'string', versions: '0+' },
        { name: 'Port', type: 'int32', versions: '0+' },
        { name: 'Rack', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
      ],
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '0+', default: '-2147483648' },
  ],
};

export const ConsumerGroupHeartbeatRequest: MessageSpec = {
  name: 'ConsumerGroupHeartbeatRequest',
  apiKey: 68,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'MemberEpoch', type: 'int32', versions: '0+' },
    { name: 'InstanceId', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'RebalanceTimeoutMs', type: 'int32', versions: '0+', default: -1 },
    { name: 'SubscribedTopicNames', type: '[]string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'SubscribedTopicRegex', type: 'string', versions: '1+', nullableVersions: '1+', default: 'null' },
    { name: 'ServerAssignor', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    {
      name: 'TopicPartitions',
      type: '[]TopicPartitions',
      versions: '0+',
      nullableVersions: '0+',
      default: 'null',
      fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
  ],
};

export const ConsumerGroupHeartbeatResponse: MessageSpec = {
  name: 'ConsumerGroupHeartbeatResponse',
  apiKey: 68,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'MemberId', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
    { name: 'MemberEpoch', type: 'int32', versions: '0+' },
    { name: 'HeartbeatIntervalMs', type: 'int32', versions: '0+' },
    {
      name: 'Assignment',
      type: 'Assignment',
      versions: '0+',
      nullableVersions: '0+',
      default: 'null',
      fields: [{ name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+' }],
    },
  ],
  commonStructs: [
    {
      name: 'TopicPartitions',
      versions: '0+',
      fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
  ],
};

export const ConsumerGroupDescribeRequest: MessageSpec = {
  name: 'ConsumerGroupDescribeRequest',
  apiKey: 69,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupIds', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '0+' },
  ],
};

export const ConsumerGroupDescribeResponse: MessageSpec = {
  name: 'ConsumerGroupDescribeResponse',
  apiKey: 69,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Groups',
      type: '[]DescribedGroup',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'GroupEpoch', type: 'int32', versions: '0+' },
        { name: 'AssignmentEpoch', type: 'int32', versions: '0+' },
        { name: 'AssignorName', type: 'string', versions: '0+' },
        {
          name: 'Members',
          type: '[]Member',
          versions: '0+',
          fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'InstanceId', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
            { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
            { name: 'MemberEpoch', type: 'int32', versions: '0+' },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'SubscribedTopicNames', type: '[]string', versions: '0+' },
            { name: 'SubscribedTopicRegex', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
            { name: 'Assignment', type: 'Assignment', versions: '0+' },
            { name: 'TargetAssignment', type: 'Assignment', versions: '0+' },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '0+', default: '-2147483648' },
      ],
    },
  ],
  commonStructs: [
    {
      name: 'TopicPartitions',
      versions: '0+',
      fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'TopicName', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'Assignment', versions: '0+', fields: [{ name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+' }] },
  ],
};
