/**
 * Each API's answer when the whole request fails (the controller or the group coordinator cannot
 * be reached, the broker is not the coordinator, the shard is still loading), built in the API's
 * own response shape as Kafka's `AbstractRequest.getErrorResponse` builds it: the error once per
 * topic, partition, resource or group the request named, so a client reads it where it reads a
 * success. The table is a mapped type over ApiKey: a new API does not compile without its entry.
 */
import { ZERO_UUID } from '../core/uuid';
import type { ConsumerGroupDescribedGroup, Coordinator, DescribedGroup, OffsetFetchResponseGroup } from './apis/groups';
import type { ConfigResourceType } from './apis/configs';
import type { KafkaError } from './errors';
import type { ApiKey, RequestOf, ResponseOf } from './rpc';

/** `AbstractRequest.getErrorResponse` for one API. */
export type ErrorResponseBuilder<A extends ApiKey> = (request: RequestOf<A>, error: KafkaError) => ResponseOf<A>;

export type ErrorResponseTable = { readonly [A in ApiKey]: ErrorResponseBuilder<A> };

/** Kafka's sentinels for "no such value" in an error response (INVALID_OFFSET, NO_TIMESTAMP, UNKNOWN_GENERATION_ID ...). */
const UNKNOWN = -1;

/** FindCoordinatorRequest.getErrorResponse, per key: no node to go to. */
export function coordinatorError(key: string, error: KafkaError): Coordinator {
  return { key, nodeId: UNKNOWN, host: '', port: UNKNOWN, errorCode: error.code, errorMessage: error.message };
}

/** DescribeGroupsResponse.groupError: a group that could not be described. */
export function describedGroupError(groupId: string, error: KafkaError): DescribedGroup {
  return { errorCode: error.code, groupId, groupState: '', protocolType: '', protocolData: '', members: [] };
}

/** ConsumerGroupDescribeRequest.getErrorDescribedGroupList, per group. */
export function consumerGroupDescribeError(groupId: string, error: KafkaError): ConsumerGroupDescribedGroup {
  return {
    errorCode: error.code,
    errorMessage: error.message,
    groupId,
    groupState: '',
    groupEpoch: UNKNOWN,
    assignmentEpoch: UNKNOWN,
    assignorName: '',
    members: [],
  };
}

/** OffsetFetchRequest.getErrorResponse, per group (version 8 and later): no offsets, the group's error. */
export function offsetFetchGroupError(groupId: string, error: KafkaError): OffsetFetchResponseGroup {
  return { groupId, topics: [], errorCode: error.code };
}

/** Both AlterConfigs APIs' error responses: the error on every resource. */
function alterConfigsErrors(resources: readonly { resourceType: ConfigResourceType; resourceName: string }[], error: KafkaError) {
  return resources.map(({ resourceType, resourceName }) => ({
    errorCode: error.code,
    errorMessage: error.message,
    resourceType,
    resourceName,
  }));
}

export const ERROR_RESPONSES: ErrorResponseTable = {
  /** ProduceRequest.getErrorResponse: every partition fails, with no offset and no timestamp. */
  Produce: (request, error) => ({
    throttleTimeMs: 0,
    responses: request.topicData.map((topic) => ({
      name: topic.name,
      partitionResponses: topic.partitionData.map(({ index }) => ({
        index,
        errorCode: error.code,
        errorMessage: error.message,
        baseOffset: UNKNOWN,
        logAppendTimeMs: UNKNOWN,
        logStartOffset: UNKNOWN,
        recordErrors: [],
      })),
    })),
  }),
  /**
   * FetchRequest.getErrorResponse: this project's Fetch names topics as versions before 13 do, so the
   * error is on the response and on every partition, with no high watermark and no records.
   */
  Fetch: (request, error) => ({
    errorCode: error.code,
    throttleTimeMs: 0,
    responses: request.topics.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitions.map(({ partition }) => ({
        partitionIndex: partition,
        errorCode: error.code,
        highWatermark: UNKNOWN,
        lastStableOffset: UNKNOWN,
        logStartOffset: UNKNOWN,
        divergingEpoch: null,
        currentLeader: null,
        records: [],
      })),
    })),
  }),
  /** DeleteRecordsRequest.getErrorResponse: every partition fails with no low watermark. */
  DeleteRecords: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex }) => ({ partitionIndex, errorCode: error.code, lowWatermark: UNKNOWN })),
    })),
  }),
  /** ListOffsetsRequest.getErrorResponse: every partition fails with no offset, timestamp or epoch. */
  ListOffsets: (request, error) => ({
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex }) => ({
        partitionIndex,
        errorCode: error.code,
        timestamp: UNKNOWN,
        offset: UNKNOWN,
        leaderEpoch: UNKNOWN,
      })),
    })),
  }),
  /** OffsetsForLeaderEpochRequest.getErrorResponse: every partition fails with an undefined epoch and end offset. */
  OffsetForLeaderEpoch: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitions.map(({ partition }) => ({ errorCode: error.code, partition, leaderEpoch: UNKNOWN, endOffset: UNKNOWN })),
    })),
  }),
  /** MetadataRequest.getErrorResponse: each named topic with the error and no partitions; no brokers. */
  Metadata: (request, error) => ({
    brokers: [],
    clusterId: '',
    controllerId: UNKNOWN,
    topics: (request.topics ?? []).map((name) => ({
      errorCode: error.code,
      name,
      topicId: ZERO_UUID,
      isInternal: false,
      partitions: [],
    })),
  }),
  /** CreateTopicsRequest.getErrorResponse: each topic fails, with no id, partitions or replication factor. */
  CreateTopics: (request, error) => ({
    topics: request.topics.map((topic) => ({
      name: topic.name,
      topicId: ZERO_UUID,
      errorCode: error.code,
      errorMessage: error.message,
      numPartitions: UNKNOWN,
      replicationFactor: UNKNOWN,
    })),
  }),
  /** DeleteTopicsRequest.getErrorResponse, per topic. */
  DeleteTopics: (request, error) => ({
    responses: request.topicNames.map((name) => ({ name, topicId: ZERO_UUID, errorCode: error.code, errorMessage: error.message })),
  }),
  /** CreatePartitionsRequest.getErrorResponse, per topic. */
  CreatePartitions: (request, error) => ({
    results: request.topics.map((topic) => ({ name: topic.name, errorCode: error.code, errorMessage: error.message })),
  }),
  /** DescribeConfigsRequest.getErrorResponse, per resource, with no configs. */
  DescribeConfigs: (request, error) => ({
    results: request.resources.map(({ resourceType, resourceName }) => ({
      errorCode: error.code,
      errorMessage: error.message,
      resourceType,
      resourceName,
      configs: [],
    })),
  }),
  /** AlterConfigsRequest.getErrorResponse, per resource. */
  AlterConfigs: (request, error) => ({ responses: alterConfigsErrors(request.resources, error) }),
  /** IncrementalAlterConfigsRequest.getErrorResponse, per resource. */
  IncrementalAlterConfigs: (request, error) => ({ responses: alterConfigsErrors(request.resources, error) }),
  /** ElectLeadersRequest.getErrorResponse: the error on the response and on each named partition. */
  ElectLeaders: (request, error) => ({
    errorCode: error.code,
    replicaElectionResults: (request.topicPartitions ?? []).map((topic) => ({
      topic: topic.topic,
      partitionResult: topic.partitions.map((partitionId) => ({ partitionId, errorCode: error.code, errorMessage: error.message })),
    })),
  }),
  /** AlterPartitionReassignmentsRequest.getErrorResponse: the error on the response and on each partition. */
  AlterPartitionReassignments: (request, error) => ({
    errorCode: error.code,
    errorMessage: error.message,
    responses: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex }) => ({
        partitionIndex,
        errorCode: error.code,
        errorMessage: error.message,
      })),
    })),
  }),
  /** ListPartitionReassignmentsRequest.getErrorResponse: the error and no topics. */
  ListPartitionReassignments: (_request, error) => ({ errorCode: error.code, errorMessage: error.message, topics: [] }),
  /** InitProducerIdRequest.getErrorResponse: no producer id, no epoch. */
  InitProducerId: (_request, error) => ({ errorCode: error.code, producerId: UNKNOWN, producerEpoch: UNKNOWN }),
  /** AllocateProducerIdsRequest.getErrorResponse: an empty block. */
  AllocateProducerIds: (_request, error) => ({ errorCode: error.code, producerIdStart: UNKNOWN, producerIdLen: 0 }),
  /** BrokerRegistrationRequest.getErrorResponse: no broker epoch. */
  BrokerRegistration: (_request, error) => ({ errorCode: error.code, errorMessage: error.message, brokerEpoch: UNKNOWN }),
  /** BrokerHeartbeatRequest.getErrorResponse: the schema's defaults, so the broker stays fenced. */
  BrokerHeartbeat: (_request, error) => ({ errorCode: error.code, isCaughtUp: false, isFenced: true, shouldShutDown: false }),
  /** AlterPartitionRequest.getErrorResponse: the error and no topics. */
  AlterPartition: (_request, error) => ({ errorCode: error.code, topics: [] }),
  /** The metadata log fetch fails as FetchRequest.getErrorResponse does: no high watermark, no records. */
  MetadataFetch: (_request, error) => ({ errorCode: error.code, highWatermark: UNKNOWN, records: [] }),
  /** FindCoordinatorRequest.getErrorResponse (version 4 and later): the error for each key. */
  FindCoordinator: (request, error) => ({
    throttleTimeMs: 0,
    coordinators: request.coordinatorKeys.map((key) => coordinatorError(key, error)),
  }),
  /**
   * JoinGroupRequest.getErrorResponse: no generation, leader, protocol or members. The member id is the
   * one the member sent, so a member that already has one keeps it.
   */
  JoinGroup: (request, error) => ({
    throttleTimeMs: 0,
    errorCode: error.code,
    generationId: UNKNOWN,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId: request.memberId,
    members: [],
  }),
  /** SyncGroupRequest.getErrorResponse: no assignment. */
  SyncGroup: (_request, error) => ({
    throttleTimeMs: 0,
    errorCode: error.code,
    protocolType: null,
    protocolName: null,
    assignment: new Uint8Array(),
  }),
  /** HeartbeatRequest.getErrorResponse. */
  Heartbeat: (_request, error) => ({ throttleTimeMs: 0, errorCode: error.code }),
  /** LeaveGroupRequest.getErrorResponse: the error for the request, no member results. */
  LeaveGroup: (_request, error) => ({ throttleTimeMs: 0, errorCode: error.code, members: [] }),
  /** OffsetCommitRequest.getErrorResponse: the error on every partition the request commits. */
  OffsetCommit: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex }) => ({ partitionIndex, errorCode: error.code })),
    })),
  }),
  /** OffsetFetchRequest.getErrorResponse (version 8 and later): the error for each group. */
  OffsetFetch: (request, error) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((group) => offsetFetchGroupError(group.groupId, error)),
  }),
  /** DescribeGroupsRequest.getErrorResponse: DescribeGroupsResponse.groupError for each group. */
  DescribeGroups: (request, error) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => describedGroupError(groupId, error)),
  }),
  /** ListGroupsRequest.getErrorResponse: the error and no groups. */
  ListGroups: (_request, error) => ({ throttleTimeMs: 0, errorCode: error.code, groups: [] }),
  /** DeleteGroupsRequest.getErrorResponse: the error for each group. */
  DeleteGroups: (request, error) => ({
    throttleTimeMs: 0,
    results: request.groupsNames.map((groupId) => ({ groupId, errorCode: error.code })),
  }),
  /** OffsetDeleteRequest.getErrorResponse: the error for the request, no partition results. */
  OffsetDelete: (_request, error) => ({ throttleTimeMs: 0, errorCode: error.code, topics: [] }),
  /** ConsumerGroupHeartbeatRequest.getErrorResponse: the error and its message; no member, epoch or assignment. */
  ConsumerGroupHeartbeat: (_request, error) => ({
    throttleTimeMs: 0,
    errorCode: error.code,
    errorMessage: error.message,
    memberId: null,
    memberEpoch: UNKNOWN,
    heartbeatIntervalMs: 0,
    assignment: null,
  }),
  /** ConsumerGroupDescribeRequest.getErrorResponse: the error for each group. */
  ConsumerGroupDescribe: (request, error) => ({
    throttleTimeMs: 0,
    groups: request.groupIds.map((groupId) => consumerGroupDescribeError(groupId, error)),
  }),
};

/** The API's answer to a request that failed as a whole (AbstractRequest.getErrorResponse). */
export function errorResponse<A extends ApiKey>(api: A, request: RequestOf<A>, error: KafkaError): ResponseOf<A> {
  return ERROR_RESPONSES[api](request, error);
}
