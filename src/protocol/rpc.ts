/**
 * The request/response contract between nodes. The engine speaks only through a `Transport`;
 * the in-process runtime implements it with a simulated network on virtual time, the browser
 * runtime with MessagePorts. Failures reach the caller as KafkaErrors: NETWORK_EXCEPTION when the
 * peer is gone or the connection drops, REQUEST_TIMED_OUT when no answer came in time.
 */
import type { ProduceRequest, ProduceResponse } from './apis/produce';
import type { FetchRequest, FetchResponse } from './apis/fetch';
import type { ListOffsetsRequest, ListOffsetsResponse } from './apis/list-offsets';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from './apis/delete-records';
import type { MetadataRequest, MetadataResponse } from './apis/metadata';
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from './apis/offset-for-leader-epoch';
import type {
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
} from './apis/topics';
import type {
  AlterConfigsRequest,
  AlterConfigsResponse,
  DescribeConfigsRequest,
  DescribeConfigsResponse,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from './apis/configs';
import type { ElectLeadersRequest, ElectLeadersResponse } from './apis/elect-leaders';
import type {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from './apis/reassignments';
import type {
  AllocateProducerIdsRequest,
  AllocateProducerIdsResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
} from './apis/producer-id';
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  MetadataFetchRequest,
  MetadataFetchResponse,
} from './apis/kraft';
import type {
  ConsumerGroupDescribeRequest,
  ConsumerGroupDescribeResponse,
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
  DeleteGroupsRequest,
  DeleteGroupsResponse,
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteRequest,
  OffsetDeleteResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from './apis/groups';

interface Api<Req, Res> {
  request: Req;
  response: Res;
}

export interface ApiMap {
  Produce: Api<ProduceRequest, ProduceResponse>;
  Fetch: Api<FetchRequest, FetchResponse>;
  ListOffsets: Api<ListOffsetsRequest, ListOffsetsResponse>;
  Metadata: Api<MetadataRequest, MetadataResponse>;
  OffsetForLeaderEpoch: Api<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>;
  DeleteRecords: Api<DeleteRecordsRequest, DeleteRecordsResponse>;
  CreateTopics: Api<CreateTopicsRequest, CreateTopicsResponse>;
  DeleteTopics: Api<DeleteTopicsRequest, DeleteTopicsResponse>;
  CreatePartitions: Api<CreatePartitionsRequest, CreatePartitionsResponse>;
  DescribeConfigs: Api<DescribeConfigsRequest, DescribeConfigsResponse>;
  AlterConfigs: Api<AlterConfigsRequest, AlterConfigsResponse>;
  IncrementalAlterConfigs: Api<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>;
  ElectLeaders: Api<ElectLeadersRequest, ElectLeadersResponse>;
  AlterPartitionReassignments: Api<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse>;
  ListPartitionReassignments: Api<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse>;
  InitProducerId: Api<InitProducerIdRequest, InitProducerIdResponse>;
  AllocateProducerIds: Api<AllocateProducerIdsRequest, AllocateProducerIdsResponse>;
  BrokerRegistration: Api<BrokerRegistrationRequest, BrokerRegistrationResponse>;
  BrokerHeartbeat: Api<BrokerHeartbeatRequest, BrokerHeartbeatResponse>;
  AlterPartition: Api<AlterPartitionRequest, AlterPartitionResponse>;
  MetadataFetch: Api<MetadataFetchRequest, MetadataFetchResponse>;
  FindCoordinator: Api<FindCoordinatorRequest, FindCoordinatorResponse>;
  JoinGroup: Api<JoinGroupRequest, JoinGroupResponse>;
  SyncGroup: Api<SyncGroupRequest, SyncGroupResponse>;
  Heartbeat: Api<HeartbeatRequest, HeartbeatResponse>;
  LeaveGroup: Api<LeaveGroupRequest, LeaveGroupResponse>;
  OffsetCommit: Api<OffsetCommitRequest, OffsetCommitResponse>;
  OffsetFetch: Api<OffsetFetchRequest, OffsetFetchResponse>;
  DescribeGroups: Api<DescribeGroupsRequest, DescribeGroupsResponse>;
  ListGroups: Api<ListGroupsRequest, ListGroupsResponse>;
  DeleteGroups: Api<DeleteGroupsRequest, DeleteGroupsResponse>;
  OffsetDelete: Api<OffsetDeleteRequest, OffsetDeleteResponse>;
  ConsumerGroupHeartbeat: Api<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>;
  ConsumerGroupDescribe: Api<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>;
}

export type ApiKey = keyof ApiMap;

/**
 * The admin APIs a KRaft broker does not decide itself: it forwards them to the active controller
 * (ForwardingManager), which serves them beside the KRaft APIs brokers send it.
 */
export type ForwardedApi =
  | 'CreateTopics'
  | 'DeleteTopics'
  | 'CreatePartitions'
  | 'AlterConfigs'
  | 'IncrementalAlterConfigs'
  | 'ElectLeaders'
  | 'AlterPartitionReassignments'
  | 'ListPartitionReassignments';
export type RequestOf<K extends ApiKey> = ApiMap[K]['request'];
export type ResponseOf<K extends ApiKey> = ApiMap[K]['response'];

/** A node's network address: `controller`, `broker-1`, `client-3`. */
export type NodeAddress = string;

export const CONTROLLER_ADDRESS: NodeAddress = 'controller';
/** The group coordinator runs beside the controller; brokers forward group requests to it. */
export const GROUP_COORDINATOR_ADDRESS: NodeAddress = 'group-coordinator';
export const brokerAddress = (brokerId: number): NodeAddress => `broker-${brokerId}`;

/** The broker id of a broker's address, or null for any other node (the controller, a client). */
export function brokerIdOf(address: NodeAddress): number | null {
  const match = /^broker-(\d+)$/.exec(address);
  return match === null ? null : Number(match[1]);
}

/** Kafka names nodes by id with the address after it: "2 (broker-2)". */
export function nodeLabel(address: NodeAddress): string {
  const brokerId = brokerIdOf(address);
  return brokerId === null ? address : `${brokerId} (${address})`;
}

/**
 * What Kafka's RequestContext tells a broker about a request that came over a client connection:
 * the header's client id, the peer's address, the listener it arrived on and the version it was
 * sent in. Member ids are built from the client id (ClassicGroup: `<clientId>-<uuid>`), and some
 * answers depend on the version. Requests between the project's own nodes carry none.
 */
export interface RequestContext {
  clientId: string | null;
  /** As Kafka prints an InetAddress: "/127.0.0.1". */
  clientHost: string;
  listenerName: string;
  apiVersion: number;
}

export interface Transport {
  /** The address this transport sends from. */
  readonly address: NodeAddress;
  request<K extends ApiKey>(
    to: NodeAddress,
    api: K,
    body: RequestOf<K>,
    timeoutMs: number,
    context?: RequestContext,
  ): Promise<ResponseOf<K>>;
}

/**
 * What a node serves. A handler that throws a KafkaError makes the caller's request reject with it
 * (a request-level error); anything else thrown becomes UNKNOWN_SERVER_ERROR. Per-partition errors
 * travel inside the response as error codes, as in Kafka.
 */
export type RequestHandler = <K extends ApiKey>(
  api: K,
  body: RequestOf<K>,
  from: NodeAddress,
  context?: RequestContext,
) => Promise<ResponseOf<K>>;
