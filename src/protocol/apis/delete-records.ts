/** DeleteRecords (api key 21): move each partition's log start offset up to the given offset. */

/** DeleteRecordsRequest.HIGH_WATERMARK: delete everything below the partition's high watermark. */
export const DELETE_RECORDS_HIGH_WATERMARK = -1;
/** DeleteRecordsResponse.INVALID_LOW_WATERMARK. */
export const INVALID_LOW_WATERMARK = -1;

export interface DeleteRecordsRequest {
  topics: { name: string; partitions: { partitionIndex: number; offset: number }[] }[];
  timeoutMs: number;
}

export interface DeleteRecordsPartitionResult {
  partitionIndex: number;
  /** The smallest log start offset of the partition's live replicas once the wait ended. */
  lowWatermark: number;
  errorCode: number;
}

export interface DeleteRecordsResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: DeleteRecordsPartitionResult[] }[];
}
