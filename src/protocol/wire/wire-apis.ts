/**
 * The APIs the wire gateway speaks: for each, Kafka's api key, the versions it advertises in
 * ApiVersions (computed from this table, never written by hand), its schemas, and how a decoded
 * request becomes the engine's request (src/protocol/apis/*) and the engine's response becomes the
 * wire response of the version asked for. The engine's types follow the same schemas at their
 * latest versions, so most APIs map field for field; the others are told here.
 *
 * The lowest versions are Kafka 4.0's (KIP-896 removed older ones: Produce below 3 and Fetch below
 * 4 imply message formats v0 and v1, which 4.0 dropped with KIP-724); the highest are the latest the
 * schemas here carry, except Fetch, capped at 12: from 13 Fetch names topics by id.
 */
import type { ApiKey, RequestOf, ResponseOf } from '../rpc';
import type { ConfigSource } from '../apis/configs';
import type { WireObject } from './message-codec';
import type { MessageSpec } from './message-spec';
import * as schemas from './schemas';

/** Kafka's ApiKeys ids of the APIs here. */
export const API_KEYS = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  CreatePartitions: 37,
  DeleteGroups: 42,
  ElectLeaders: 43,
  IncrementalAlterConfigs: 44,
  AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46,
  OffsetDelete: 47,
  DescribeCluster: 60,
  ConsumerGroupHeartbeat: 68,
  ConsumerGroupDescribe: 69,
} as const;

export type WireApiName = keyof typeof API_KEYS;

/** Where a broker's endpoint is, as the listener the request came in on advertises it. */
export type EndpointOf = (brokerId: number) => { host: string; port: number } | undefined;

export interface MappingContext {
  version: number;
  endpointOf: EndpointOf;
}

/** An API the engine answers: the wire request becomes the engine's, the engine's response the wire's. */
export interface EngineApi<A extends ApiKey = ApiKey> {
  readonly engine: A;
  toEngine(request: WireObject, ctx: MappingContext): RequestOf<A>;
  fromEngine(response: ResponseOf<A>, ctx: MappingContext, request: RequestOf<A>): WireObject;
}

export interface WireApi {
  readonly name: WireApiName;
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
  /**
   * How the engine answers it; null for the APIs the gateway answers itself (ApiVersions, from this
   * table) or through another engine API (DescribeCluster, from Metadata).
   */
  readonly engine: EngineApi | null;
}

const same = <T>(value: unknown): T => value as T;

function api<A extends ApiKey>(
  engine: A,
  toEngine: EngineApi<A>['toEngine'] = same,
  fromEngine: EngineApi<A>['fromEngine'] = same,
): EngineApi {
  return { engine, toEngine, fromEngine } as unknown as EngineApi;
}

/** DescribeConfigsResponse.ConfigSource ids. */
const CONFIG_SOURCE_IDS: Record<ConfigSource, number> = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
};

const withEndpoint = <T extends { host: string; port: number }>(node: T, id: number, ctx: MappingContext): T => {
  const endpoint = ctx.endpointOf(id);
  return endpoint === undefined ? node : { ...node, host: endpoint.host, port: endpoint.port };
};

const ENGINE_APIS: { readonly [N in WireApiName]: EngineApi | null } = {
  // Each partition carries one RecordBatch v2; a null records field is an empty (invalid) one.
  Produce: api('Produce', (request) => {
    const topicData = (request.topicData as { name: string; partitionData: { index: number; records: Uint8Array | null }[] }[]).map(
      (t) => ({
        name: t.name,
        partitionData: t.partitionData.map((p) => ({ index: p.index, records: p.records ?? new Uint8Array() })),
      }),
    );
    return { ...(request as unknown as RequestOf<'Produce'>), topicData };
  }),
  // Every wire client is a consumer: a follower never fetches through the gateway. No fetch
  // sessions (KIP-227): sessionId 0 in the answer tells the client to send full requests.
  Fetch: api(
    'Fetch',
    (request) => ({ ...(request as unknown as RequestOf<'Fetch'>), replicaId: -1, replicaEpoch: -1 }),
    (response) => ({
      ...response,
      sessionId: 0,
      responses: response.responses.map((topic) => ({
        topic: topic.topic,
        partitions: topic.partitions.map((p) => ({
          ...p,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: concat(p.records),
        })),
      })),
    }),
  ),
  ListOffsets: api('ListOffsets'),
  // Version 0 asks for every topic with an empty list; later versions with null.
  Metadata: api(
    'Metadata',
    (request, ctx) => {
      const topics = request.topics as { name: string | null }[] | null;
      const names = topics === null || (ctx.version === 0 && topics.length === 0) ? null : topics.map((t) => t.name ?? '');
      return { topics: names, allowAutoTopicCreation: request.allowAutoTopicCreation as boolean };
    },
    (response, ctx) => ({
      ...response,
      throttleTimeMs: 0,
      brokers: response.brokers.map((broker) => withEndpoint(broker, broker.nodeId, ctx)),
    }),
  ),
  OffsetCommit: api('OffsetCommit'),
  // Before version 8 a request names one group; its error was copied to each partition before version 2.
  OffsetFetch: api(
    'OffsetFetch',
    (request, ctx) =>
      ctx.version >= 8
        ? same(request)
        : {
            groups: [{ groupId: request.groupId as string, memberId: null, memberEpoch: -1, topics: same(request.topics) }],
            requireStable: request.requireStable as boolean,
          },
    (response, ctx) => {
      if (ctx.version >= 8) return same(response);
      const group = response.groups[0];
      const copyError = ctx.version < 2 && group.errorCode !== 0;
      const topics = group.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => (copyError ? { ...p, errorCode: group.errorCode } : p)),
      }));
      return { throttleTimeMs: response.throttleTimeMs, topics, errorCode: group.errorCode };
    },
  ),
  // Before version 4 a request names one key and the response one coordinator.
  FindCoordinator: api(
    'FindCoordinator',
    (request, ctx) => (ctx.version >= 4 ? same(request) : { keyType: request.keyType as number, coordinatorKeys: [request.key as string] }),
    (response, ctx) => {
      const coordinators = response.coordinators.map((c) => (c.nodeId < 0 ? c : withEndpoint(c, c.nodeId, ctx)));
      if (ctx.version >= 4) return { ...response, coordinators };
      const [coordinator] = coordinators;
      return { throttleTimeMs: response.throttleTimeMs, ...coordinator };
    },
  ),
  // Version 0 has no rebalance timeout: the session timeout serves as both (JoinGroupRequest).
  JoinGroup: api('JoinGroup', (request, ctx) =>
    ctx.version >= 1 ? same(request) : { ...same<RequestOf<'JoinGroup'>>(request), rebalanceTimeoutMs: request.sessionTimeoutMs as number },
  ),
  Heartbeat: api('Heartbeat'),
  // Before version 3 a member leaves by its id alone, and a member's error is the response's.
  LeaveGroup: api(
    'LeaveGroup',
    (request, ctx) =>
      ctx.version >= 3
        ? same(request)
        : { groupId: request.groupId as string, members: [{ memberId: request.memberId as string, groupInstanceId: null, reason: null }] },
    (response, ctx) => {
      if (ctx.version >= 3) return same(response);
      const memberError = response.members.find((m) => m.errorCode !== 0)?.errorCode ?? 0;
      return { throttleTimeMs: response.throttleTimeMs, errorCode: response.errorCode !== 0 ? response.errorCode : memberError };
    },
  ),
  SyncGroup: api('SyncGroup'),
  DescribeGroups: api('DescribeGroups'),
  ListGroups: api('ListGroups'),
  ApiVersions: null,
  CreateTopics: api('CreateTopics'),
  // Version 6 may name a topic by id alone; the engine deletes by name.
  DeleteTopics: api('DeleteTopics', (request, ctx) =>
    ctx.version >= 6
      ? { topicNames: (request.topics as { name: string | null }[]).map((t) => t.name ?? ''), timeoutMs: request.timeoutMs as number }
      : same(request),
  ),
  DeleteRecords: api('DeleteRecords'),
  InitProducerId: api('InitProducerId'),
  // Every wire client is a consumer (as for Fetch): its positions are checked against the leader's log (KIP-320).
  OffsetForLeaderEpoch: api('OffsetForLeaderEpoch', (request) => ({
    ...(request as unknown as RequestOf<'OffsetForLeaderEpoch'>),
    replicaId: -1,
  })),
  // Config sources travel as DescribeConfigsResponse.ConfigSource ids; version 0 has isDefault instead.
  DescribeConfigs: api('DescribeConfigs', same, (response) => ({
    throttleTimeMs: 0,
    results: response.results.map((result) => ({
      ...result,
      configs: result.configs.map((config) => ({
        ...config,
        configSource: CONFIG_SOURCE_IDS[config.configSource] ?? -1,
        isDefault: config.configSource === 'DEFAULT_CONFIG',
        synonyms: [],
      })),
    })),
  })),
  // The legacy AlterConfigs: every dynamic config the request leaves out is removed.
  AlterConfigs: api('AlterConfigs'),
  CreatePartitions: api('CreatePartitions', (request) => ({
    ...same<RequestOf<'CreatePartitions'>>(request),
    topics: (request.topics as { name: string; count: number; assignments: { brokerIds: number[] }[] | null }[]).map((t) => ({
      name: t.name,
      count: t.count,
      assignments: t.assignments === null ? null : t.assignments.map((a) => a.brokerIds),
    })),
  })),
  DeleteGroups: api('DeleteGroups'),
  ElectLeaders: api('ElectLeaders'),
  IncrementalAlterConfigs: api('IncrementalAlterConfigs'),
  AlterPartitionReassignments: api('AlterPartitionReassignments'),
  ListPartitionReassignments: api('ListPartitionReassignments'),
  OffsetDelete: api('OffsetDelete'),
  DescribeCluster: null,
  ConsumerGroupHeartbeat: api('ConsumerGroupHeartbeat'),
  ConsumerGroupDescribe: api('ConsumerGroupDescribe'),
};

/** Advertised versions where they differ from the schemas' validVersions. */
const VERSION_RANGES: Partial<Record<WireApiName, [number, number]>> = {
  Produce: [3, 11],
  Fetch: [4, 12],
  ListOffsets: [1, 10],
  OffsetCommit: [2, 9],
  OffsetFetch: [1, 9],
  CreateTopics: [2, 7],
  DeleteTopics: [1, 6],
  DescribeConfigs: [1, 4],
  // KIP-896 (Kafka 4.0) removed versions 0 and 1, which carry no current leader epoch.
  OffsetForLeaderEpoch: [2, 4],
  // Version 1 adds regular-expression subscriptions (KIP-848's SubscribedTopicRegex), not modelled.
  ConsumerGroupHeartbeat: [0, 0],
};

function schemaOf(name: string): MessageSpec {
  const spec = (schemas as Record<string, MessageSpec>)[name];
  if (spec === undefined) throw new Error(`No schema ${name}`);
  return spec;
}

function buildTable(): Map<number, WireApi> {
  const table = new Map<number, WireApi>();
  for (const name of Object.keys(API_KEYS) as WireApiName[]) {
    const request = schemaOf(`${name}Request`);
    const response = schemaOf(`${name}Response`);
    const [min, max] = VERSION_RANGES[name] ?? validRange(request.validVersions);
    table.set(API_KEYS[name], {
      name,
      apiKey: API_KEYS[name],
      minVersion: min,
      maxVersion: max,
      request,
      response,
      engine: ENGINE_APIS[name],
    });
  }
  return table;
}

function validRange(range: string): [number, number] {
  const [min, max] = range.split('-').map(Number);
  return [min, max ?? min];
}

/** Every API the gateway speaks, by api key. */
export const WIRE_APIS: ReadonlyMap<number, WireApi> = buildTable();

/** ApiVersionsResponse's ApiKeys: one entry per API here, computed from the table. */
export function apiVersionsKeys(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return [...WIRE_APIS.values()]
    .sort((a, b) => a.apiKey - b.apiKey)
    .map((entry) => ({ apiKey: entry.apiKey, minVersion: entry.minVersion, maxVersion: entry.maxVersion }));
}

function concat(batches: readonly Uint8Array[]): Uint8Array {
  if (batches.length === 1) return batches[0];
  const total = batches.reduce((sum, b) => sum + b.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const batch of batches) {
    out.set(batch, at);
    at += batch.length;
  }
  return out;
}
