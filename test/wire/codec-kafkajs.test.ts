/**
 * Every (API, version) the gateway advertises that kafkajs 2.2.4 also speaks, checked both ways
 * against kafkajs's own request and response modules, an encoder written independently of ours:
 * a request kafkajs encodes is decoded here and written again byte for byte; a response written
 * here is decoded by kafkajs, which must find every value we wrote.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest, encodeResponse, wireApi } from '../../src/protocol/wire/frames';
import { decodeMessage, type WireObject } from '../../src/protocol/wire/message-codec';
import { inVersions, propertyName, type FieldSpec, type MessageSpec } from '../../src/protocol/wire/message-spec';
import { API_KEYS, WIRE_APIS, type WireApiName } from '../../src/protocol/wire/wire-apis';
import { encodeRecordBatch } from '../../src/protocol/record-batch';
import { ByteReader } from '../../src/protocol/schema-types';

const require = createRequire(import.meta.url);
const kafkajsRequest = require('kafkajs/src/protocol/request') as (options: unknown) => Promise<{ buffer: Buffer }>;

const batch = () => {
  const records = [{ key: new TextEncoder().encode('k'), value: new TextEncoder().encode('v'), timestamp: 1_700_000_000_000 }];
  return Buffer.from(encodeRecordBatch({ records }));
};

/** kafkajs's module folder and the arguments its request builders take (one set serves every version). */
const KAFKAJS: Partial<Record<WireApiName, { folder: string; args: () => unknown }>> = {
  Produce: {
    folder: 'produce',
    args: () => ({
      acks: -1,
      timeout: 30000,
      transactionalId: null,
      topicData: [{ topic: 'orders', partitions: [{ partition: 3, messages: [{ key: 'k', value: 'v', timestamp: 1_700_000_000_000 }] }] }],
    }),
  },
  Fetch: {
    folder: 'fetch',
    args: () => ({
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 52428800,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      rackId: 'rack-a',
      topics: [
        {
          topic: 'orders',
          partitions: [{ partition: 3, currentLeaderEpoch: 4, fetchOffset: '17', logStartOffset: '0', maxBytes: 1048576 }],
        },
      ],
    }),
  },
  ListOffsets: {
    folder: 'listOffsets',
    args: () => ({
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 3, timestamp: -2, currentLeaderEpoch: 4 }] }],
    }),
  },
  Metadata: { folder: 'metadata', args: () => ({ topics: ['orders', 'audit'], allowAutoTopicCreation: false }) },
  OffsetCommit: {
    folder: 'offsetCommit',
    args: () => ({
      groupId: 'billing',
      groupGenerationId: 3,
      memberId: 'member-1',
      retentionTime: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 3, offset: '42', metadata: null }] }],
    }),
  },
  OffsetFetch: {
    folder: 'offsetFetch',
    args: () => ({ groupId: 'billing', topics: [{ topic: 'orders', partitions: [{ partition: 3 }] }] }),
  },
  FindCoordinator: { folder: 'findCoordinator', args: () => ({ groupId: 'billing', coordinatorKey: 'billing', coordinatorType: 0 }) },
  JoinGroup: {
    folder: 'joinGroup',
    args: () => ({
      groupId: 'billing',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      groupProtocols: [{ name: 'range', metadata: Buffer.from([0, 1, 2]) }],
    }),
  },
  Heartbeat: {
    folder: 'heartbeat',
    args: () => ({ groupId: 'billing', groupGenerationId: 3, memberId: 'member-1', groupInstanceId: null }),
  },
  LeaveGroup: {
    folder: 'leaveGroup',
    args: () => ({ groupId: 'billing', memberId: 'member-1', members: [{ memberId: 'member-1', groupInstanceId: null }] }),
  },
  SyncGroup: {
    folder: 'syncGroup',
    args: () => ({
      groupId: 'billing',
      generationId: 3,
      memberId: 'member-1',
      groupInstanceId: null,
      groupAssignment: [{ memberId: 'member-1', memberAssignment: Buffer.from([9, 8]) }],
    }),
  },
  DescribeGroups: { folder: 'describeGroups', args: () => ({ groupIds: ['billing', 'audit-trail'], includeAuthorizedOperations: true }) },
  ListGroups: { folder: 'listGroups', args: () => ({}) },
  ApiVersions: { folder: 'apiVersions', args: () => ({}) },
  CreateTopics: {
    folder: 'createTopics',
    args: () => ({
      timeout: 5000,
      validateOnly: false,
      topics: [
        {
          topic: 'orders',
          numPartitions: 3,
          replicationFactor: 3,
          replicaAssignment: [],
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
    }),
  },
  DeleteTopics: { folder: 'deleteTopics', args: () => ({ topics: ['orders', 'audit'], timeout: 5000 }) },
  DeleteRecords: {
    folder: 'deleteRecords',
    args: () => ({ timeout: 5000, topics: [{ topic: 'orders', partitions: [{ partition: 3, offset: '42' }] }] }),
  },
  AlterConfigs: {
    folder: 'alterConfigs',
    args: () => ({
      validateOnly: false,
      resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '1000' }] }],
    }),
  },
  InitProducerId: { folder: 'initProducerId', args: () => ({ transactionalId: null, transactionTimeout: 60000 }) },
  DescribeConfigs: {
    folder: 'describeConfigs',
    args: () => ({ includeSynonyms: false, resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }] }),
  },
  CreatePartitions: {
    folder: 'createPartitions',
    args: () => ({ validateOnly: false, timeout: 5000, topicPartitions: [{ topic: 'orders', count: 6, assignments: [[1, 2, 3]] }] }),
  },
  DeleteGroups: { folder: 'deleteGroups', args: () => ['billing', 'audit-trail'] },
  AlterPartitionReassignments: {
    folder: 'alterPartitionReassignments',
    args: () => ({ timeout: 5000, topics: [{ topic: 'orders', partitionAssignment: [{ partition: 3, replicas: [1, 2, 3] }] }] }),
  },
  ListPartitionReassignments: {
    folder: 'listPartitionReassignments',
    args: () => ({ timeout: 5000, topics: [{ topic: 'orders', partitions: [3] }] }),
  },
};

/** The versions both sides speak: ours advertised, and a folder vN in kafkajs. */
function cases(): { name: WireApiName; folder: string; version: number }[] {
  const out: { name: WireApiName; folder: string; version: number }[] = [];
  for (const [name, entry] of Object.entries(KAFKAJS) as [WireApiName, { folder: string }][]) {
    const api = wireApi(API_KEYS[name])!;
    for (let version = api.minVersion; version <= api.maxVersion; version++) {
      try {
        require.resolve(`kafkajs/src/protocol/requests/${entry.folder}/v${version}/request`);
        out.push({ name, folder: entry.folder, version });
      } catch {
        // kafkajs does not speak this version
      }
    }
  }
  return out;
}

const CASES = cases();

/** A value for every field of the version, different from its default, as the schema allows. */
function sample(spec: MessageSpec, version: number): WireObject {
  let counter = 1;
  const structs = new Map((spec.commonStructs ?? []).map((s) => [s.name, s.fields]));
  const fill = (fields: readonly FieldSpec[]): WireObject => {
    const out: WireObject = {};
    for (const field of fields) {
      if (!inVersions(field.versions, version) || inVersions(field.taggedVersions, version)) continue;
      // kafkajs reads the reassignment APIs' error messages and drops them: null leaves nothing to look for.
      if (field.name === 'ErrorMessage' && inVersions(field.nullableVersions, version)) {
        out.errorMessage = null;
        continue;
      }
      out[propertyName(field.name)] = value(
        field,
        field.type.startsWith('[]') ? field.type.slice(2) : field.type,
        field.type.startsWith('[]'),
      );
    }
    return out;
  };
  const value = (field: FieldSpec, type: string, array: boolean): unknown => {
    if (array) return [value(field, type, false)];
    const n = counter++;
    switch (type) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'uint16':
        return field.name.endsWith('ErrorCode') ? 0 : field.name === 'ResourceType' ? 2 : field.name === 'ConfigSource' ? 1 : n;
      case 'int64':
        return 1000 + n;
      case 'float64':
        return n + 0.5;
      case 'bool':
        return true;
      case 'string':
        return `s${n}`;
      case 'uuid':
        return 'AAAAAAAAAAAAAAAAAAAAAg';
      case 'records':
        return new Uint8Array(batch());
      case 'bytes':
        return new Uint8Array([n & 0xff, 0, 0, 0, 0, 0]);
      default:
        return fill(field.fields ?? structs.get(type)!);
    }
  };
  return fill(spec.fields);
}

/** Every number and string in a decoded object, as strings: kafkajs reads int64 as strings (or bigints). */
function leaves(value: unknown, into: string[] = []): string[] {
  // DeleteRecords' decoder leaves its low watermark a bigint.
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) leaves(item, into);
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array))
    for (const item of Object.values(value)) leaves(item, into);
  return into;
}

describe('wire > codecs against kafkajs', () => {
  it('covers every API kafkajs speaks, at each version both sides support', () => {
    expect(CASES.length).toBeGreaterThan(60);
  });

  it.each(CASES)(
    '$name v$version: a request kafkajs writes reads here and writes back byte for byte',
    async ({ name, folder, version }) => {
      const build = require(`kafkajs/src/protocol/requests/${folder}/v${version}/request`) as (args: unknown) => unknown;
      const { buffer } = await kafkajsRequest({ correlationId: 7, clientId: 'kafkajs-test', request: build(KAFKAJS[name]!.args()) });
      const frame = new Uint8Array(buffer.subarray(4));
      const api = wireApi(API_KEYS[name])!;
      const { header, body } = decodeRequest(api, frame);
      expect(header).toEqual({ apiKey: api.apiKey, apiVersion: version, correlationId: 7, clientId: 'kafkajs-test' });
      expect(Buffer.from(encodeRequest(api.request, header, body))).toEqual(buffer);
    },
  );

  it.each(CASES)('$name v$version: a response written here is read by kafkajs with every value', async ({ name, folder, version }) => {
    const api = wireApi(API_KEYS[name])!;
    const written = sample(api.response, version);
    const frame = encodeResponse(api.response, version, 7, written);
    type ResponseModule = { decode(buffer: Buffer): Promise<unknown> };
    // DeleteRecords' module is a factory of the request's topics (its parse names the offsets asked for).
    const module = require(`kafkajs/src/protocol/requests/${folder}/v${version}/response`) as
      ResponseModule | ((args: unknown) => ResponseModule);
    const { decode } = typeof module === 'function' ? module(KAFKAJS[name]!.args()) : module;
    // kafkajs gets what follows the correlation id (Connection.processData).
    const decoded = await decode(Buffer.from(frame.subarray(8)));
    // Every value the version carries must be in kafkajs's reading, and ours must read back what it wrote.
    const theirs = new Set(leaves(decoded));
    const missing = leaves(written).filter((leaf) => !theirs.has(leaf));
    expect(missing).toEqual([]);
    const flexible = api.apiKey !== API_KEYS.ApiVersions && version >= flexibleFrom(api.response);
    const ours = decodeMessage(api.response, version, new ByteReader(frame.subarray(flexible ? 9 : 8)));
    expect(leaves(ours)).toEqual(expect.arrayContaining(leaves(written)));
  });
});

function flexibleFrom(spec: MessageSpec): number {
  const match = /^(\d+)\+$/.exec(spec.flexibleVersions);
  return match === null ? Infinity : Number(match[1]);
}

describe('wire > the API table', () => {
  it('advertises Kafka 4.0 minimums and never beyond the schemas', () => {
    for (const api of WIRE_APIS.values()) {
      const [, max] = api.request.validVersions.split('-').map(Number);
      expect(api.maxVersion).toBeLessThanOrEqual(max ?? Number(api.request.validVersions));
      expect(api.minVersion).toBeLessThanOrEqual(api.maxVersion);
    }
    expect(wireApi(API_KEYS.Produce)).toMatchObject({ minVersion: 3, maxVersion: 11 });
    expect(wireApi(API_KEYS.Fetch)).toMatchObject({ minVersion: 4, maxVersion: 12 });
    expect(wireApi(API_KEYS.ApiVersions)).toMatchObject({ minVersion: 0, maxVersion: 4 });
  });
});
