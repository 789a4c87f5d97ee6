/**
 * Metadata (api key 3), answered from the broker's metadata image (KRaftMetadataCache). An unknown
 * topic is auto-created when both the request and auto.create.topics.enable allow it: the broker
 * sends CreateTopics to the controller without waiting and answers LEADER_NOT_AVAILABLE
 * (AutoTopicCreationManager), so the client asks again shortly.
 */
import type { Random } from '../../core/random';
import type { BrokerConfig } from '../../protocol/configs';
import { errorCode } from '../../protocol/errors';
import { NO_LEADER, type MetadataImage, type TopicImage } from '../../protocol/metadata-image';
import type { MetadataBroker, MetadataRequest, MetadataResponse, MetadataTopic } from '../../protocol/apis/metadata';
import { ZERO_UUID } from '../../core/uuid';
import { isInternalTopic } from '../../protocol/internal-topics';

/** Topic.validate: legal characters and length. */
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export interface MetadataContext {
  image: MetadataImage;
  config: BrokerConfig;
  clusterId: string;
  random: Random;
  /** Fire-and-forget CreateTopics for auto-creation. */
  autoCreateTopic(name: string): void;
}

export function handleMetadata(request: MetadataRequest, context: MetadataContext): MetadataResponse {
  const { image } = context;
  const brokers: MetadataBroker[] = [...image.brokers.values()]
    .filter((broker) => !broker.fenced)
    .sort((a, b) => a.brokerId - b.brokerId)
    .map((broker) => ({
      nodeId: broker.brokerId,
      host: broker.listeners[0]?.host ?? '',
      port: broker.listeners[0]?.port ?? -1,
      rack: broker.rack,
    }));
  const names = request.topics ?? [...image.topicsByName.keys()].sort();
  const topics = names.map((name) => {
    const topic = image.topicsByName.get(name);
    return topic === undefined ? unknownTopic(name, request, context) : describeTopic(topic, image);
  });
  // A KRaft broker names a random live broker as "controller": clients cannot reach the controllers.
  const controllerId = brokers.length === 0 ? -1 : brokers[context.random.nextInt(brokers.length)].nodeId;
  return { brokers, clusterId: context.clusterId, controllerId, topics };
}

function unknownTopic(name: string, request: MetadataRequest, context: MetadataContext): MetadataTopic {
  const base = { name, topicId: ZERO_UUID, isInternal: false, partitions: [] };
  if (!request.allowAutoTopicCreation || !context.config.bool('auto.create.topics.enable') || isInternalTopic(name)) {
    return { ...base, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION') };
  }
  if (!LEGAL_TOPIC_NAME.test(name) || name === '.' || name === '..') {
    return { ...base, errorCode: errorCode('INVALID_TOPIC_EXCEPTION') };
  }
  context.autoCreateTopic(name);
  return { ...base, errorCode: errorCode('LEADER_NOT_AVAILABLE') };
}

function describeTopic(topic: TopicImage, image: MetadataImage): MetadataTopic {
  const partitions = [...topic.partitions.values()]
    .sort((a, b) => a.partition - b.partition)
    .map((registration) => {
      const leader = image.brokers.get(registration.leader);
      const hasLeader = registration.leader !== NO_LEADER && leader !== undefined && !leader.fenced;
      return {
        errorCode: errorCode(hasLeader ? 'NONE' : 'LEADER_NOT_AVAILABLE'),
        partitionIndex: registration.partition,
        leaderId: hasLeader ? registration.leader : NO_LEADER,
        leaderEpoch: registration.leaderEpoch,
        replicaNodes: [...registration.replicas],
        isrNodes: [...registration.isr],
        offlineReplicas: registration.replicas.filter((id) => {
          const broker = image.brokers.get(id);
          return broker === undefined || broker.fenced;
        }),
      };
    });
  return { errorCode: 0, name: topic.name, topicId: topic.topicId, isInternal: isInternalTopic(topic.name), partitions };
}
