/**
 * OffsetForLeaderEpoch (api key 23): where a leader epoch ends in the leader's log. A consumer asks
 * it to validate its position after a leader change or on resuming from a committed offset
 * (KIP-320); followers here learn their divergence from Fetch's DivergingEpoch instead (KIP-279).
 */

/** OffsetsForLeaderEpochRequest.CONSUMER_REPLICA_ID. */
export const CONSUMER_REPLICA_ID = -1;

export interface OffsetForLeaderEpochRequest {
  replicaId: number;
  topics: {
    topic: string;
    partitions: { partition: number; currentLeaderEpoch: number; leaderEpoch: number }[];
  }[];
}

/** Kafka's EpochEndOffset: the largest epoch at or below the one asked for, and where it ends; -1 and -1 if unknown. */
export interface OffsetForLeaderPartitionResponse {
  errorCode: number;
  partition: number;
  leaderEpoch: number;
  endOffset: number;
}

export interface OffsetForLeaderEpochResponse {
  throttleTimeMs: number;
  topics: { topic: string; partitions: OffsetForLeaderPartitionResponse[] }[];
}
