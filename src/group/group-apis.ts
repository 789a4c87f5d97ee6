/**
 * What brokers and the group coordinator share about the group APIs a broker forwards: which APIs
 * they are, the groups a request names, and the client context a forwarded request carries. Each
 * API's answer when the whole request fails is its entry in ERROR_RESPONSES
 * (src/protocol/error-responses.ts), as for every other API.
 */
import type { RequestOf } from '../protocol/rpc';

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

/** The group ids a request names, in order ([] for ListGroups, which names none); one entry per group API. */
export const REQUEST_GROUP_IDS: { readonly [A in GroupApi]: (request: RequestOf<A>) => string[] } = {
  JoinGroup: (request) => [request.groupId],
  SyncGroup: (request) => [request.groupId],
  Heartbeat: (request) => [request.groupId],
  LeaveGroup: (request) => [request.groupId],
  OffsetCommit: (request) => [request.groupId],
  OffsetFetch: (request) => request.groups.map((group) => group.groupId),
  DescribeGroups: (request) => request.groups,
  ListGroups: () => [],
  DeleteGroups: (request) => request.groupsNames,
  OffsetDelete: (request) => [request.groupId],
  ConsumerGroupHeartbeat: (request) => [request.groupId],
  ConsumerGroupDescribe: (request) => request.groupIds,
};

export function requestGroupIds<A extends GroupApi>(api: A, request: RequestOf<A>): string[] {
  return REQUEST_GROUP_IDS[api](request);
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
