/** CreateTopics (19), DeleteTopics (20), CreatePartitions (37): sent to a broker, forwarded to the controller. */
export interface CreatableTopic {
  name: string;
  /** -1 uses the broker's num.partitions. */
  numPartitions: number;
  /** -1 uses the broker's default.replication.factor. */
  replicationFactor: number;
  /** Manual assignment: when non-empty, numPartitions and replicationFactor must be -1. */
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export interface CreateTopicsRequest {
  topics: CreatableTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatableTopicResult {
  name: string;
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
  numPartitions: number;
  replicationFactor: number;
}

export interface CreateTopicsResponse {
  topics: CreatableTopicResult[];
}

export interface DeleteTopicsRequest {
  topicNames: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponse {
  responses: { name: string; topicId: string; errorCode: number; errorMessage: string | null }[];
}

export interface CreatePartitionsRequest {
  topics: { name: string; /** The new total partition count. */ count: number; assignments: number[][] | null }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsResponse {
  results: { name: string; errorCode: number; errorMessage: string | null }[];
}
