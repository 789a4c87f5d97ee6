import { AlterConfigOp, ConfigResourceType } from '../../src/protocol/apis/configs';
import { ElectionType } from '../../src/protocol/apis/elect-leaders';
import type { ApiKey, RequestOf } from '../../src/protocol/rpc';

/**
 * One request of every API, naming topics `orders` (partitions 3 and 7) and `audit` (partition 5),
 * groups `billing` and `audit-trail`: values no default of an error response uses, so finding one
 * in a response means it was echoed from the request.
 */
export const REQUESTS: { [A in ApiKey]: RequestOf<A> } = {
  Produce: {
    transactionalId: null,
    acks: -1,
    timeoutMs: 30_000,
    topicData: [
      {
        name: 'orders',
        partitionData: [
          { index: 3, records: new Uint8Array() },
          { index: 7, records: new Uint8Array() },
        ],
      },
      { name: 'audit', partitionData: [{ index: 5, records: new Uint8Array() }] },
    ],
  },
  Fetch: {
    replicaId: -1,
    replicaEpoch: -1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 1024,
    isolationLevel: 0,
    topics: [3, 7].map((partition) => ({
      topic: 'orders',
      partitions: [
        { partition, currentLeaderEpoch: 1, fetchOffset: 10, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1024 },
      ],
    })),
  },
  OffsetForLeaderEpoch: {
    replicaId: -1,
    topics: [
      {
        topic: 'orders',
        partitions: [
          { partition: 3, currentLeaderEpoch: 2, leaderEpoch: 1 },
          { partition: 7, currentLeaderEpoch: 2, leaderEpoch: 1 },
        ],
      },
    ],
  },
  ListOffsets: {
    replicaId: -1,
    isolationLevel: 0,
    topics: [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 3, currentLeaderEpoch: 1, timestamp: -1 },
          { partitionIndex: 7, currentLeaderEpoch: 1, timestamp: -2 },
        ],
      },
    ],
  },
  Metadata: { topics: ['orders', 'audit'], allowAutoTopicCreation: false },
  CreateTopics: {
    topics: ['orders', 'audit'].map((name) => ({ name, numPartitions: 8, replicationFactor: 3, assignments: [], configs: [] })),
    timeoutMs: 30_000,
    validateOnly: false,
  },
  DeleteTopics: { topicNames: ['orders', 'audit'], timeoutMs: 30_000 },
  CreatePartitions: {
    topics: [
      { name: 'orders', count: 8, assignments: null },
      { name: 'audit', count: 6, assignments: null },
    ],
    timeoutMs: 30_000,
    validateOnly: false,
  },
  DescribeConfigs: {
    resources: [
      { resourceType: ConfigResourceType.TOPIC, resourceName: 'orders', configurationKeys: null },
      { resourceType: ConfigResourceType.BROKER, resourceName: '3', configurationKeys: ['log.retention.ms'] },
    ],
  },
  AlterConfigs: {
    resources: [
      { resourceType: ConfigResourceType.TOPIC, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '1000' }] },
      { resourceType: ConfigResourceType.TOPIC, resourceName: 'audit', configs: [] },
    ],
    validateOnly: false,
  },
  DeleteRecords: {
    topics: [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 3, offset: 10 },
          { partitionIndex: 7, offset: -1 },
        ],
      },
    ],
    timeoutMs: 30_000,
  },
  IncrementalAlterConfigs: {
    resources: [
      {
        resourceType: ConfigResourceType.TOPIC,
        resourceName: 'orders',
        configs: [{ name: 'retention.ms', configOperation: AlterConfigOp.SET, value: '1000' }],
      },
      { resourceType: ConfigResourceType.TOPIC, resourceName: 'audit', configs: [] },
    ],
    validateOnly: false,
  },
  ElectLeaders: {
    electionType: ElectionType.PREFERRED,
    topicPartitions: [
      { topic: 'orders', partitions: [3, 7] },
      { topic: 'audit', partitions: [5] },
    ],
    timeoutMs: 30_000,
  },
  AlterPartitionReassignments: {
    timeoutMs: 30_000,
    topics: [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 3, replicas: [1, 2] },
          { partitionIndex: 7, replicas: null },
        ],
      },
    ],
  },
  ListPartitionReassignments: { timeoutMs: 30_000, topics: [{ name: 'orders', partitionIndexes: [3, 7] }] },
  InitProducerId: { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 },
  AllocateProducerIds: { brokerId: 2, brokerEpoch: 40 },
  BrokerRegistration: {
    brokerId: 2,
    clusterId: 'cluster',
    incarnationId: 'incarnation',
    listeners: [],
    rack: null,
    previousBrokerEpoch: -1,
  },
  BrokerHeartbeat: { brokerId: 2, brokerEpoch: 40, currentMetadataOffset: 90, wantFence: false, wantShutDown: false },
  AlterPartition: {
    brokerId: 2,
    brokerEpoch: 40,
    topics: [
      {
        topicName: 'orders',
        partitions: [{ partitionIndex: 3, leaderEpoch: 4, newIsrWithEpochs: [], leaderRecoveryState: 0, partitionEpoch: 9 }],
      },
    ],
  },
  MetadataFetch: { brokerId: 2, fetchOffset: 90, maxWaitMs: 500 },
  FindCoordinator: { keyType: 0, coordinatorKeys: ['billing', 'audit-trail'] },
  JoinGroup: {
    groupId: 'billing',
    sessionTimeoutMs: 45_000,
    rebalanceTimeoutMs: 300_000,
    memberId: 'member-a',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [],
    reason: null,
  },
  SyncGroup: {
    groupId: 'billing',
    generationId: 4,
    memberId: 'member-a',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [],
  },
  Heartbeat: { groupId: 'billing', generationId: 4, memberId: 'member-a', groupInstanceId: null },
  LeaveGroup: { groupId: 'billing', members: [{ memberId: 'member-a', groupInstanceId: null, reason: null }] },
  OffsetCommit: {
    groupId: 'billing',
    generationIdOrMemberEpoch: 4,
    memberId: 'member-a',
    groupInstanceId: null,
    topics: [
      {
        name: 'orders',
        partitions: [3, 7].map((partitionIndex) => ({
          partitionIndex,
          committedOffset: 100,
          committedLeaderEpoch: -1,
          committedMetadata: null,
        })),
      },
      { name: 'audit', partitions: [{ partitionIndex: 5, committedOffset: 100, committedLeaderEpoch: -1, committedMetadata: null }] },
    ],
  },
  OffsetFetch: {
    groups: ['billing', 'audit-trail'].map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null })),
    requireStable: false,
  },
  DescribeGroups: { groups: ['billing', 'audit-trail'], includeAuthorizedOperations: false },
  ListGroups: { statesFilter: [], typesFilter: [] },
  DeleteGroups: { groupsNames: ['billing', 'audit-trail'] },
  OffsetDelete: { groupId: 'billing', topics: [{ name: 'orders', partitions: [{ partitionIndex: 3 }] }] },
  ConsumerGroupHeartbeat: {
    groupId: 'billing',
    memberId: 'member-a',
    memberEpoch: 4,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    serverAssignor: null,
    topicPartitions: null,
  },
  ConsumerGroupDescribe: { groupIds: ['billing', 'audit-trail'], includeAuthorizedOperations: false },
};
