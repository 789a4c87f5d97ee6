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
import { GROUP_COORDINATOR_ADDRESS, type NodeAddress, type RequestOf, type ResponseOf, type Transport } from '../../protocol/rpc';
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
): Promise<ResponseOf<K>> {
  if (!MULTI_GROUP_APIS.has(api) && !leadsGroupPartition(requestGroupIds(api, body)[0], context)) {
    return errorResponse(api, body, new KafkaError('NOT_COORDINATOR'));
  }
  try {
    const forwarded = withClientContext(body, { clientId: from, clientHost: `/${from}` });
    return await context.transport.request(GROUP_COORDINATOR_ADDRESS, api, forwarded, timeoutMs);
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
    (request, from) =>
      forwardToGroupCoordinator(api, request, from, context, timeoutMs(request));
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
