/**
 * FindCoordinator (api key 10), answered by any broker from its metadata image: a group's
 * coordinator is the leader of its __consumer_offsets partition, a transactional id's the leader of
 * its __transaction_state partition (src/broker/transactions). The first request finds no such
 * topic; the broker asks the controller to create it (AutoTopicCreationManager, with the offsets.topic.*
 * settings) and answers COORDINATOR_NOT_AVAILABLE, so the client asks again shortly. The replication
 * factor is offsets.topic.replication.factor as it is, never capped at the brokers there are: on a
 * cluster with fewer registered brokers the controller refuses the topic (INVALID_REPLICATION_FACTOR),
 * so FindCoordinator keeps answering COORDINATOR_NOT_AVAILABLE and no group forms until the cluster
 * is big enough, as the config's own documentation says.
 */
import type { CreatableTopic } from '../../protocol/apis/topics';
import {
  COORDINATOR_KEY_TYPE_GROUP,
  COORDINATOR_KEY_TYPE_TRANSACTION,
  type Coordinator,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
} from '../../protocol/apis/groups';
import type { BrokerConfig } from '../../protocol/configs';
import { coordinatorError } from '../../protocol/error-responses';
import { KafkaError, type ErrorName } from '../../protocol/errors';
import type { MetadataImage } from '../../protocol/metadata-image';
import { GROUP_METADATA_TOPIC_NAME, groupPartition, TRANSACTION_STATE_TOPIC_NAME } from '../../protocol/internal-topics';

export interface FindCoordinatorContext {
  image: MetadataImage;
  config: BrokerConfig;
  /** Fire-and-forget CreateTopics for an internal topic. */
  autoCreateTopic(topic: CreatableTopic): void;
}

/** __consumer_offsets as AutoTopicCreationManager.creatableTopic asks for it: the offsets.topic.* settings. */
export function offsetsTopic(config: BrokerConfig): CreatableTopic {
  return {
    name: GROUP_METADATA_TOPIC_NAME,
    numPartitions: config.int('offsets.topic.num.partitions'),
    replicationFactor: config.int('offsets.topic.replication.factor'),
    assignments: [],
    configs: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.bytes', value: String(config.int('offsets.topic.segment.bytes')) },
      { name: 'compression.type', value: 'producer' },
    ],
  };
}

/** __transaction_state as AutoTopicCreationManager.creatableTopic asks for it: the transaction.state.log.* settings. */
export function transactionStateTopic(config: BrokerConfig): CreatableTopic {
  return {
    name: TRANSACTION_STATE_TOPIC_NAME,
    numPartitions: config.int('transaction.state.log.num.partitions'),
    replicationFactor: config.int('transaction.state.log.replication.factor'),
    assignments: [],
    configs: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'min.insync.replicas', value: String(config.int('transaction.state.log.min.isr')) },
      { name: 'segment.bytes', value: String(config.int('transaction.state.log.segment.bytes')) },
      { name: 'unclean.leader.election.enable', value: 'false' },
      { name: 'compression.type', value: 'uncompressed' },
    ],
  };
}

export function handleFindCoordinator(request: FindCoordinatorRequest, context: FindCoordinatorContext): FindCoordinatorResponse {
  const { image, config } = context;
  const failed = (key: string, error: ErrorName, message?: string): Coordinator => coordinatorError(key, new KafkaError(error, message));
  const internal =
    request.keyType === COORDINATOR_KEY_TYPE_GROUP
      ? offsetsTopic(config)
      : request.keyType === COORDINATOR_KEY_TYPE_TRANSACTION
        ? transactionStateTopic(config)
        : null;
  const topic = internal === null ? undefined : image.topicsByName.get(internal.name);
  if (internal !== null && topic === undefined) context.autoCreateTopic(internal);
  const coordinators = request.coordinatorKeys.map((key) => {
    if (internal === null) return failed(key, 'INVALID_REQUEST', `Unknown coordinator type ${request.keyType} in FindCoordinator request`);
    if (topic === undefined) return failed(key, 'COORDINATOR_NOT_AVAILABLE');
    const leaderId = topic.partitions.get(groupPartition(key, topic.partitions.size))?.leader ?? -1;
    const leader = image.brokers.get(leaderId);
    if (leader === undefined || leader.fenced) return failed(key, 'COORDINATOR_NOT_AVAILABLE');
    const listener = leader.listeners[0];
    return { key, nodeId: leaderId, host: listener?.host ?? '', port: listener?.port ?? -1, errorCode: 0, errorMessage: null };
  });
  return { throttleTimeMs: 0, coordinators };
}
