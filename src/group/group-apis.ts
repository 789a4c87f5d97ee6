/**
 * What brokers and the group coordinator share about the group APIs a broker forwards: which APIs
 * they are, the groups a request names, each API's answer when the whole request fails
 * (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS ...) in its own response
 * shape as AbstractRequest.getErrorResponse builds it (one error per group, topic or partition), and
 * the client context a forwarded request carries.
 */
import type { KafkaError } from '../protocol/errors';
import type { RequestOf, ResponseOf } from '../protocol/rpc';

/** The group APIs a broker forwards to the group coordinator (all but FindCoordinator). */
export type GroupApi =
  | 'JoinGroup'
  | 'SyncGroup'
  | 'Heartbeat'
  | 'LeaveGroup'
  | 'OffsetCommit'
  | 'OffsetFetch'
  | 'DescribeGroups'
  | 'ListGroups'
  | 'DeleteGroups'
  | 'OffsetDelete'
  | 'ConsumerGroupHeartbeat'
  | 'ConsumerGroupDescribe';

export const GROUP_APIS: readonly GroupApi[] = [
  'JoinGroup',
  'SyncGroup',
  'Heartbeat',
  'LeaveGroup',
  'OffsetCommit',
  'OffsetFetch',
  'DescribeGroups',
  'ListGroups',
  'DeleteGroups',
  'OffsetDelete',
  'ConsumerGroupHeartbeat',
  'ConsumerGroupDescribe',
];

export function isGroupApi(api: string): api is GroupApi {
  return (GROUP_APIS as readonly string[]).includes(api);
}

/** The group ids a request names, in order ([] for ListGroups, which names none). */
export function requestGroupIds<K extends GroupApi>(api: K, body: RequestOf<K>): string[] {
  switch (api) {
    case 'OffsetFetch':
      return (body as RequestOf<'OffsetFetch'>).groups.map((group) => group.groupId);
    case 'DescribeGroups':
      return (body as RequestOf<'DescribeGroups'>).groups;
    case 'DeleteGroups':
      return (body as RequestOf<'DeleteGroups'>).groupsNames;
    case 'ConsumerGroupDescribe':
      return (body as RequestOf<'ConsumerGroupDescribe'>).groupIds;
    case 'ListGroups':
      return [];
    default:
      return [(body as { groupId: string }).groupId];
  }
}

export function groupErrorResponse<K extends GroupApi>(api: K, body: RequestOf<K>, error: KafkaError): ResponseOf<K> {
  const errorCode = error.code;
  const base = { throttleTimeMs: 0 };
  let response: unknown;
  switch (api) {
    case 'JoinGroup': {
      const request = body as RequestOf<'JoinGroup'>;
      response = {
        ...base,
        errorCode,
        generationId: -1,
        protocolType: null,
        protocolName: null,
        leader: '',
        skipAssignment: false,
        memberId: request.memberId,
        members: [],
      } satisfies ResponseOf<'JoinGroup'>;
      break;
    }
    case 'SyncGroup':
      response = {
        ...base,
        errorCode,
        protocolType: null,
        protocolName: null,
        assignment: new Uint8Array(),
      } satisfies ResponseOf<'SyncGroup'>;
      break;
    case 'Heartbeat':
      response = { ...base, errorCode } satisfies ResponseOf<'Heartbeat'>;
      break;
    case 'LeaveGroup':
      response = { ...base, errorCode, members: [] } satisfies ResponseOf<'LeaveGroup'>;
      break;
    case 'OffsetCommit':
      response = {
        ...base,
        topics: (body as RequestOf<'OffsetCommit'>).topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
        })),
      } satisfies ResponseOf<'OffsetCommit'>;
      break;
    case 'OffsetFetch':
      response = {
        ...base,
        groups: (body as RequestOf<'OffsetFetch'>).groups.map((group) => ({ groupId: group.groupId, topics: [], errorCode })),
      } satisfies ResponseOf<'OffsetFetch'>;
      break;
    case 'DescribeGroups':
      response = {
        ...base,
        groups: (body as RequestOf<'DescribeGroups'>).groups.map((groupId) => ({
          errorCode,
          groupId,
          groupState: '',
          protocolType: '',
          protocolData: '',
          members: [],
        })),
      } satisfies ResponseOf<'DescribeGroups'>;
      break;
    case 'ListGroups':
      response = { ...base, errorCode, groups: [] } satisfies ResponseOf<'ListGroups'>;
      break;
    case 'DeleteGroups':
      response = {
        ...base,
        results: (body as RequestOf<'DeleteGroups'>).groupsNames.map((groupId) => ({ groupId, errorCode })),
      } satisfies ResponseOf<'DeleteGroups'>;
      break;
    case 'OffsetDelete':
      response = { ...base, errorCode, topics: [] } satisfies ResponseOf<'OffsetDelete'>;
      break;
    case 'ConsumerGroupHeartbeat':
      response = {
        ...base,
        errorCode,
        errorMessage: error.message,
        memberId: null,
        memberEpoch: -1,
        heartbeatIntervalMs: 0,
        assignment: null,
      } satisfies ResponseOf<'ConsumerGroupHeartbeat'>;
      break;
    case 'ConsumerGroupDescribe':
      response = {
        ...base,
        groups: (body as RequestOf<'ConsumerGroupDescribe'>).groupIds.map((groupId) => ({
          errorCode,
          errorMessage: error.message,
          groupId,
          groupState: '',
          groupEpoch: -1,
          assignmentEpoch: -1,
          assignorName: '',
          members: [],
        })),
      } satisfies ResponseOf<'ConsumerGroupDescribe'>;
      break;
  }
  return response as ResponseOf<K>;
}

/**
 * Who sent a forwarded request. Kafka's coordinator reads the client id and host from the request
 * header and socket (RequestContext); the forwarding broker attaches them to the body here.
 */
export interface ClientContext {
  clientId: string;
  clientHost: string;
}

export function withClientContext<T extends object>(body: T, client: ClientContext): T & ClientContext {
  return { ...body, ...client };
}

/** The sender of a request that did not come through a broker is its own client. */
export function clientContextOf(body: object, from: string): ClientContext {
  const forwarded = body as Partial<ClientContext>;
  return { clientId: forwarded.clientId ?? from, clientHost: forwarded.clientHost ?? `/${from}` };
}
