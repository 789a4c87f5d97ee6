/**
 * Admin requests a broker does not decide itself: in KRaft it forwards them to the active
 * controller and relays the answer (ForwardingManager). When the controller cannot be reached the
 * client gets the request's own error response (AbstractRequest.getErrorResponse), one error per item.
 */
import { errorResponse } from '../../protocol/error-responses';
import { KafkaError } from '../../protocol/errors';
import type { ApiHandler, HandlerTable } from '../../protocol/handler-table';
import { CONTROLLER_ADDRESS, type ForwardedApi, type RequestOf, type ResponseOf, type Transport } from '../../protocol/rpc';

export async function forwardToController<K extends ForwardedApi>(
  transport: Transport,
  api: K,
  body: RequestOf<K>,
  requestTimeoutMs: number,
): Promise<ResponseOf<K>> {
  try {
    return await transport.request(CONTROLLER_ADDRESS, api, body, requestTimeoutMs);
  } catch (error) {
    const failure = error instanceof KafkaError ? error : new KafkaError('UNKNOWN_SERVER_ERROR');
    return errorResponse(api, body, failure);
  }
}

/** The broker's handlers for the forwarded APIs (KafkaApis.handleCreateTopicsRequest and the rest). */
export function controllerForwardingHandlers(transport: Transport, requestTimeoutMs: number): HandlerTable<ForwardedApi> {
  const forward =
    <A extends ForwardedApi>(api: A): ApiHandler<A> =>
    (request) =>
      forwardToController(transport, api, request, requestTimeoutMs);
  return {
    CreateTopics: forward('CreateTopics'),
    DeleteTopics: forward('DeleteTopics'),
    CreatePartitions: forward('CreatePartitions'),
    AlterConfigs: forward('AlterConfigs'),
    IncrementalAlterConfigs: forward('IncrementalAlterConfigs'),
    ElectLeaders: forward('ElectLeaders'),
    AlterPartitionReassignments: forward('AlterPartitionReassignments'),
    ListPartitionReassignments: forward('ListPartitionReassignments'),
  };
}
