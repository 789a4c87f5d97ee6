import { describe, expect, it } from 'vitest';
import { ConfigResourceType, AlterConfigOp } from '../../src/protocol/apis/configs';
import { ElectionType } from '../../src/protocol/apis/elect-leaders';
import { ERROR_RESPONSES, errorResponse, type ErrorResponseTable } from '../../src/protocol/error-responses';
import { KafkaError } from '../../src/protocol/errors';
import type { ApiKey, RequestOf } from '../../src/protocol/rpc';

/**
 * One request of every API, naming topics `orders` (partitions 3 and 7) and `audit` (partition 5),
 * groups `billing` and `audit-trail`: values no default of an error response uses, so finding one
 * in a response means it was echoed from the request.
 */
const REQUESTS: { [A in ApiKey]: RequestOf<A> } = {
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

/**
 * Where each API's error response carries the error: how many error codes (one per item the
 * request named, plus one on the response where the API has a top-level code), and which of the
 * request's names and partitions come back beside them.
 */
const EXPECTED: { [A in ApiKey]: { errors: number; echoes: (string | number)[] } } = {
  Produce: { errors: 3, echoes: ['orders', 3, 7, 'audit', 5] },
  Fetch: { errors: 3, echoes: ['orders', 3, 7] },
  ListOffsets: { errors: 2, echoes: ['orders', 3, 7] },
  Metadata: { errors: 2, echoes: ['orders', 'audit'] },
  CreateTopics: { errors: 2, echoes: ['orders', 'audit'] },
  DeleteTopics: { errors: 2, echoes: ['orders', 'audit'] },
  CreatePartitions: { errors: 2, echoes: ['orders', 'audit'] },
  DescribeConfigs: { errors: 2, echoes: ['orders', '3', ConfigResourceType.TOPIC, ConfigResourceType.BROKER] },
  IncrementalAlterConfigs: { errors: 2, echoes: ['orders', 'audit'] },
  ElectLeaders: { errors: 4, echoes: ['orders', 3, 7, 'audit', 5] },
  AlterPartitionReassignments: { errors: 3, echoes: ['orders', 3, 7] },
  ListPartitionReassignments: { errors: 1, echoes: [] },
  InitProducerId: { errors: 1, echoes: [] },
  AllocateProducerIds: { errors: 1, echoes: [] },
  BrokerRegistration: { errors: 1, echoes: [] },
  BrokerHeartbeat: { errors: 1, echoes: [] },
  AlterPartition: { errors: 1, echoes: [] },
  MetadataFetch: { errors: 1, echoes: [] },
  FindCoordinator: { errors: 2, echoes: ['billing', 'audit-trail'] },
  JoinGroup: { errors: 1, echoes: ['member-a'] },
  SyncGroup: { errors: 1, echoes: [] },
  Heartbeat: { errors: 1, echoes: [] },
  LeaveGroup: { errors: 1, echoes: [] },
  OffsetCommit: { errors: 3, echoes: ['orders', 3, 7, 'audit', 5] },
  OffsetFetch: { errors: 2, echoes: ['billing', 'audit-trail'] },
  DescribeGroups: { errors: 2, echoes: ['billing', 'audit-trail'] },
  ListGroups: { errors: 1, echoes: [] },
  DeleteGroups: { errors: 2, echoes: ['billing', 'audit-trail'] },
  OffsetDelete: { errors: 1, echoes: [] },
  ConsumerGroupHeartbeat: { errors: 1, echoes: [] },
  ConsumerGroupDescribe: { errors: 2, echoes: ['billing', 'audit-trail'] },
};

/** Every value under a key of that name, at any depth. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesOf(item, key));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  return Object.entries(value).flatMap(([name, inner]) => [...(name === key ? [inner] : []), ...valuesOf(inner, key)]);
}

/** Every string and number in a response, at any depth. */
function leavesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.values(value).flatMap(leavesOf);
  return [value];
}

const API_KEYS = Object.keys(REQUESTS) as ApiKey[];
const failure = new KafkaError('COORDINATOR_NOT_AVAILABLE', 'The coordinator went away.');

describe('protocol > error responses', () => {
  it.each(API_KEYS)('answers a failed %s with the error once per item the request named', (api) => {
    const response = errorResponse(api, REQUESTS[api], failure);
    const codes = valuesOf(response, 'errorCode');
    expect(codes).toHaveLength(EXPECTED[api].errors);
    expect(new Set(codes)).toEqual(new Set([failure.code]));
  });

  it.each(API_KEYS)("echoes the request's own topics, partitions and groups in a failed %s", (api) => {
    const leaves = leavesOf(errorResponse(api, REQUESTS[api], failure));
    for (const echoed of EXPECTED[api].echoes) expect(leaves).toContain(echoed);
  });

  it.each(API_KEYS)('carries the error message wherever a failed %s has a place for one', (api) => {
    for (const message of valuesOf(errorResponse(api, REQUESTS[api], failure), 'errorMessage')) {
      expect(message).toBe('The coordinator went away.');
    }
  });

  it('fails a Produce on every partition with no offset, as ProduceRequest.getErrorResponse does', () => {
    const failed = { errorCode: failure.code, errorMessage: failure.message, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
    expect(errorResponse('Produce', REQUESTS.Produce, failure)).toEqual({
      throttleTimeMs: 0,
      responses: [
        {
          name: 'orders',
          partitionResponses: [
            { index: 3, ...failed },
            { index: 7, ...failed },
          ],
        },
        { name: 'audit', partitionResponses: [{ index: 5, ...failed }] },
      ],
    });
  });

  it('fails an OffsetCommit on every partition it commits, as OffsetCommitRequest.getErrorResponse does', () => {
    const errorCode = failure.code;
    expect(errorResponse('OffsetCommit', REQUESTS.OffsetCommit, failure)).toEqual({
      throttleTimeMs: 0,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 3, errorCode },
            { partitionIndex: 7, errorCode },
          ],
        },
        { name: 'audit', partitions: [{ partitionIndex: 5, errorCode }] },
      ],
    });
  });

  it('fails an ElectLeaders for every partition with none named as an error and no results', () => {
    const response = errorResponse('ElectLeaders', { ...REQUESTS.ElectLeaders, topicPartitions: null }, failure);
    expect(response).toEqual({ errorCode: failure.code, replicaElectionResults: [] });
  });

  it('leaves a broker fenced by a failed heartbeat, as the schema defaults do', () => {
    expect(errorResponse('BrokerHeartbeat', REQUESTS.BrokerHeartbeat, failure)).toMatchObject({ isFenced: true, shouldShutDown: false });
  });

  it('does not compile without an error response for every API', () => {
    const { Produce: _produce, ...withoutProduce } = ERROR_RESPONSES;
    // @ts-expect-error Produce has no error response in this table.
    const incomplete: ErrorResponseTable = withoutProduce;
    expect(Object.keys(incomplete)).not.toContain('Produce');
    expect(Object.keys(ERROR_RESPONSES).sort()).toEqual([...API_KEYS].sort());
  });
});
