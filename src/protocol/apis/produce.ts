/** Produce (api key 0). Field names follow ProduceRequest.json / ProduceResponse.json. */
export interface ProduceRequest {
  transactionalId: string | null;
  /** 0, 1 or -1 (all). */
  acks: number;
  /** How long an acks=all request may wait in purgatory (the producer's request.timeout.ms). */
  timeoutMs: number;
  topicData: ProduceTopicData[];
}

export interface ProduceTopicData {
  name: string;
  partitionData: { index: number; /** Exactly one RecordBatch v2, as Kafka requires of magic v2 producers. */ records: Uint8Array }[];
}

/** A record of the batch that failed validation (ProduceResponse.json's RecordErrors, version 8+). */
export interface ProduceRecordError {
  /** The record's index in its batch. */
  batchIndex: number;
  batchIndexErrorMessage: string | null;
}

export interface ProducePartitionResponse {
  index: number;
  errorCode: number;
  /** Set only for a record-validation failure (ReplicaManager's LogAppendResult.hasCustomErrorMessage). */
  errorMessage: string | null;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  /** The records that failed validation; empty otherwise. */
  recordErrors: ProduceRecordError[];
}

export interface ProduceResponse {
  responses: { name: string; partitionResponses: ProducePartitionResponse[] }[];
  throttleTimeMs: number;
}
