/**
 * AlterPartitionReassignments (45) and ListPartitionReassignments (46), KIP-455: sent to a broker,
 * forwarded to the controller, which moves the replicas (ReplicationControlManager).
 */
export interface ReassignablePartition {
  partitionIndex: number;
  /** The target replicas, preferred leader first; null cancels the partition's reassignment. */
  replicas: number[] | null;
}

export interface AlterPartitionReassignmentsRequest {
  timeoutMs: number;
  topics: { name: string; partitions: ReassignablePartition[] }[];
}

export interface ReassignablePartitionResponse {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface AlterPartitionReassignmentsResponse {
  errorCode: number;
  errorMessage: string | null;
  responses: { name: string; partitions: ReassignablePartitionResponse[] }[];
}

export interface ListPartitionReassignmentsRequest {
  timeoutMs: number;
  /** null lists every reassignment in progress. */
  topics: { name: string; partitionIndexes: number[] }[] | null;
}

export interface OngoingPartitionReassignment {
  partitionIndex: number;
  /** Target and current replicas together while the reassignment runs. */
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

export interface ListPartitionReassignmentsResponse {
  errorCode: number;
  errorMessage: string | null;
  /** Only topics with a partition being reassigned. */
  topics: { name: string; partitions: OngoingPartitionReassignment[] }[];
}
