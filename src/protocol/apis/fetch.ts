/** Fetch (api key 1), used by consumers (replicaId -1) and by follower replicas (replicaId = broker id). */
export interface FetchRequest {
  /** -1 for a consumer; the follower's broker id for replication. */
  replicaId: number;
  /** The follower's broker epoch (KIP-903), -1 for consumers. */
  replicaEpoch: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED. */
  isolationLevel: number;
  topics: FetchTopic[];
}

export interface FetchTopic {
  topic: string;
  partitions: FetchPartition[];
}

export interface FetchPartition {
  partition: number;
  /** The leader epoch the fetcher believes current; -1 skips the check. */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** The epoch of the last batch the follower has (for DivergingEpoch detection), -1 if none. */
  lastFetchedEpoch: number;
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

export interface FetchPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Set when the follower's log diverged from the leader's: truncate, then fetch again. */
  divergingEpoch: EpochEndOffset | null;
  /** Set with NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH when the broker knows a newer leader (KIP-951). */
  currentLeader: { leaderId: number; leaderEpoch: number } | null;
  /** Whole RecordBatch v2 byte arrays, in offset order, as stored. */
  records: Uint8Array[];
}

export interface FetchResponse {
  errorCode: number;
  throttleTimeMs: number;
  responses: { topic: string; partitions: FetchPartitionResponse[] }[];
}
