import { describe, expect, it } from 'vitest';
import { ConfigResourceType } from '../../src/protocol/apis/configs';
import { ERROR_RESPONSES, errorResponse, type ErrorResponseTable } from '../../src/protocol/error-responses';
import { KafkaError } from '../../src/protocol/errors';
import type { ApiKey } from '../../src/protocol/rpc';
import { REQUESTS } from './sample-requests';

/**
 * Where each API's error response carries the error: how many error codes (one per item the
 * request named, plus one on the response where the API has a top-level code), and which of the
 * request's names and partitions come back beside them.
 */
const EXPECTED: { [A in ApiKey]: { errors: number; echoes: (string | number)[] } } = {
  Produce: { errors: 3, echoes: ['orders', 3, 7, 'audit', 5] },
  Fetch: { errors: 3, echoes: ['orders', 3, 7] },
  ListOffsets: { errors: 2, echoes: ['orders', 3, 7] },
  OffsetForLeaderEpoch: { errors: 2, echoes: ['orders', 3, 7] },
  DeleteRecords: { errors: 2, echoes: ['orders', 3, 7] },
  Metadata: { errors: 2, echoes: ['orders', 'audit'] },
  CreateTopics: { errors: 2, echoes: ['orders', 'audit'] },
  DeleteTopics: { errors: 2, echoes: ['orders', 'audit'] },
  CreatePartitions: { errors: 2, echoes: ['orders', 'audit'] },
  DescribeConfigs: { errors: 2, echoes: ['orders', '3', ConfigResourceType.TOPIC, ConfigResourceType.BROKER] },
  AlterConfigs: { errors: 2, echoes: ['orders', 'audit'] },
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
    const failed = {
      errorCode: failure.code,
      errorMessage: failure.message,
      baseOffset: -1,
      logAppendTimeMs: -1,
      logStartOffset: -1,
      recordErrors: [],
    };
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
