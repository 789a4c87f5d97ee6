/** ElectLeaders (43): forwarded to the controller. */
export const enum ElectionType {
  PREFERRED = 0,
  UNCLEAN = 1,
}

export interface ElectLeadersRequest {
  electionType: ElectionType;
  /** null means every partition. */
  topicPartitions: { topic: string; partitions: number[] }[] | null;
  timeoutMs: number;
}

export interface ElectLeadersResponse {
  errorCode: number;
  replicaElectionResults: {
    topic: string;
    partitionResult: { partitionId: number; errorCode: number; errorMessage: string | null }[];
  }[];
}
