/**
 * The group APIs other than FindCoordinator: a broker serves them only for groups whose
 * __consumer_offsets partition it leads (NOT_COORDINATOR otherwise, so the client looks the
 * coordinator up again) and forwards them to the group coordinator, which runs beside the
 * controller in this project rather than inside the broker. A coordinator that cannot be reached
 * gives COORDINATOR_NOT_AVAILABLE in the API's own error response.
 */
import type { BrokerConfig } from '../../protocol/configs';
import { errorResponse } from '../../protocol/error-responses';
import { KafkaError } from '../../protocol/errors';
import type { ApiHandler, HandlerTable } from '../../protocol/handler-table';
import type { MetadataImage } from '../../protocol/metadata-image';
import {
  GROUP_COORDINATOR_ADDRESS,
  type NodeAddress,
  type RequestContext,
  type RequestOf,
  type ResponseOf,
  type Transport,
} from '../../protocol/rpc';
import type { DescribeGroupsResponse } from '../../protocol/apis/groups';
import { errorCode } from '../../protocol/errors';
import { requestGroupIds, withClientContext, type GroupApi } from '../../group/group-apis';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../protocol/internal-topics';

export interface GroupForwardContext {
  brokerId: number;
  image: MetadataImage;
  config: BrokerConfig;
  transport: Transport;
  requestTimeoutMs: number;
}

/** Requests that name several groups are checked group by group at the coordinator. */
const MULTI_GROUP_APIS: ReadonlySet<GroupApi> = new Set([
  'OffsetFetch',
  'DescribeGroups',
  'DeleteGroups',
  'ConsumerGroupDescribe',
  'ListGroups',
]);

function leadsGroupPartition(groupId: string, context: GroupForwardContext): boolean {
  const topic = context.image.topicsByName.get(GROUP_METADATA_TOPIC_NAME);
  if (topic === undefined) return false;
  return topic.partitions.get(groupPartition(groupId, topic.partitions.size))?.leader === context.brokerId;
}

async function forwardToGroupCoordinator<K extends GroupApi>(
  api: K,
  body: RequestOf<K>,
  from: NodeAddress,
  context: GroupForwardContext,
  timeoutMs: number,
  request: RequestContext | undefined,
): Promise<ResponseOf<K>> {
  if (!MULTI_GROUP_APIS.has(api) && !leadsGroupPartition(requestGroupIds(api, body)[0], context)) {
    return errorResponse(api, body, new KafkaError('NOT_COORDINATOR'));
  }
  try {
    // The coordinator builds member ids from the client id of the request header (RequestContext);
    // the project's own clients, which send no header, are known by their network address.
    const client =
      request === undefined
        ? { clientId: from, clientHost: `/${from}` }
        : { clientId: request.clientId ?? '', clientHost: request.clientHost };
    const forwarded = withClientContext(body, client);
    const response = await context.transport.request(GROUP_COORDINATOR_ADDRESS, api, forwarded, timeoutMs);
    if (api === 'DescribeGroups' && request !== undefined && request.apiVersion < 6)
      return describeGroupsBeforeV6(response as DescribeGroupsResponse) as ResponseOf<K>;
    return response;
  } catch (error) {
    if (!(error instanceof KafkaError)) throw error;
    return errorResponse(api, body, new KafkaError('COORDINATOR_NOT_AVAILABLE'));
  }
}

/**
 * The broker's handlers for the forwarded group APIs (KafkaApis.handleJoinGroupRequest and the
 * rest). JoinGroup and SyncGroup wait for the whole rebalance, up to the rebalance timeout, before
 * they are answered; the others are answered within the request timeout.
 */
export function groupForwardingHandlers(context: GroupForwardContext): HandlerTable<GroupApi> {
  const { config, requestTimeoutMs } = context;
  const rebalanceWaitMs = (rebalanceTimeoutMs: number) =>
    rebalanceTimeoutMs + config.int('group.initial.rebalance.delay.ms') + requestTimeoutMs;
  const forward =
    <A extends GroupApi>(api: A, timeoutMs: (request: RequestOf<A>) => number = () => requestTimeoutMs): ApiHandler<A> =>
    (request, from, requestContext) =>
      forwardToGroupCoordinator(api, request, from, context, timeoutMs(request), requestContext);
  return {
    JoinGroup: forward('JoinGroup', (request) => rebalanceWaitMs(request.rebalanceTimeoutMs)),
    SyncGroup: forward('SyncGroup', () => rebalanceWaitMs(config.int('group.max.session.timeout.ms'))),
    Heartbeat: forward('Heartbeat'),
    LeaveGroup: forward('LeaveGroup'),
    OffsetCommit: forward('OffsetCommit'),
    OffsetFetch: forward('OffsetFetch'),
    DescribeGroups: forward('DescribeGroups'),
    ListGroups: forward('ListGroups'),
    DeleteGroups: forward('DeleteGroups'),
    OffsetDelete: forward('OffsetDelete'),
    ConsumerGroupHeartbeat: forward('ConsumerGroupHeartbeat'),
    ConsumerGroupDescribe: forward('ConsumerGroupDescribe'),
  };
}

/**
 * Before DescribeGroups v6 (KIP-1043) an unknown group is not an error: it is described as Dead with
 * no error, as KafkaApis.handleDescribeGroupsRequest answers older versions.
 */
function describeGroupsBeforeV6(response: DescribeGroupsResponse): DescribeGroupsResponse {
  const notFound = errorCode('GROUP_ID_NOT_FOUND');
  return {
    ...response,
    groups: response.groups.map((group) => (group.errorCode === notFound ? { ...group, errorCode: 0, groupState: 'Dead' } : group)),
  };
}
