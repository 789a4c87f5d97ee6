/**
 * Admin requests a broker does not decide itself: in KRaft it forwards them to the active
 * controller and relays the answer (ForwardingManager). When the controller cannot be reached the
 * client gets the request's own error response (AbstractRequest.getErrorResponse), one error per item.
 */
import { KafkaError } from '../../protocol/errors';
import { ZERO_UUID } from '../../core/uuid';
import { CONTROLLER_ADDRESS, type RequestOf, type ResponseOf, type Transport } from '../../protocol/rpc';

export type ForwardedApi =
  | 'CreateTopics'
  | 'DeleteTopics'
  | 'CreatePartitions'
  | 'IncrementalAlterConfigs'
  | 'ElectLeaders'
  | 'AlterPartitionReassignments'
  | 'ListPartitionReassignments';

export const FORWARDED_APIS: readonly ForwardedApi[] = [
  'CreateTopics',
  'DeleteTopics',
  'CreatePartitions',
  'IncrementalAlterConfigs',
  'ElectLeaders',
  'AlterPartitionReassignments',
  'ListPartitionReassignments',
];

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

function errorResponse<K extends ForwardedApi>(api: K, body: RequestOf<K>, error: KafkaError): ResponseOf<K> {
  const errorCode = error.code;
  const errorMessage = error.message;
  switch (api) {
    case 'CreateTopics':
      return {
        topics: (body as RequestOf<'CreateTopics'>).topics.map((topic) => ({
          name: topic.name,
          topicId: ZERO_UUID,
          errorCode,
          errorMessage,
          numPartitions: -1,
          replicationFactor: -1,
        })),
      } satisfies ResponseOf<'CreateTopics'> as ResponseOf<K>;
    case 'DeleteTopics':
      return {
        responses: (body as RequestOf<'DeleteTopics'>).topicNames.map((name) => ({ name, topicId: ZERO_UUID, errorCode, errorMessage })),
      } satisfies ResponseOf<'DeleteTopics'> as ResponseOf<K>;
    case 'CreatePartitions':
      return {
        results: (body as RequestOf<'CreatePartitions'>).topics.map((topic) => ({ name: topic.name, errorCode, errorMessage })),
      } satisfies ResponseOf<'CreatePartitions'> as ResponseOf<K>;
    case 'IncrementalAlterConfigs':
      return {
        responses: (body as RequestOf<'IncrementalAlterConfigs'>).resources.map((resource) => ({
          errorCode,
          errorMessage,
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
        })),
      } satisfies ResponseOf<'IncrementalAlterConfigs'> as ResponseOf<K>;
    case 'AlterPartitionReassignments':
      return {
        errorCode,
        errorMessage,
        responses: (body as RequestOf<'AlterPartitionReassignments'>).topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map(({ partitionIndex }) => ({ partitionIndex, errorCode, errorMessage })),
        })),
      } satisfies ResponseOf<'AlterPartitionReassignments'> as ResponseOf<K>;
    case 'ListPartitionReassignments':
      return { errorCode, errorMessage, topics: [] } satisfies ResponseOf<'ListPartitionReassignments'> as ResponseOf<K>;
    default:
      return {
        errorCode,
        replicaElectionResults: ((body as RequestOf<'ElectLeaders'>).topicPartitions ?? []).map((topic) => ({
          topic: topic.topic,
          partitionResult: topic.partitions.map((partitionId) => ({ partitionId, errorCode, errorMessage })),
        })),
      } satisfies ResponseOf<'ElectLeaders'> as ResponseOf<K>;
  }
}
