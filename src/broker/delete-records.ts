/**
 * DeleteRecords on the leader, after Kafka's ReplicaManager.deleteRecords and
 * deleteRecordsOnLocalLog: each partition's leader moves its log start offset up
 * (Partition.deleteRecordsOnLeader, UnifiedLog.maybeIncrementLogStartOffset); then, unless every
 * partition failed, the request waits in the DeleteRecords purgatory (DelayedDeleteRecords) until
 * each partition's low watermark, the smallest log start offset of its live replicas, reached the
 * requested offset, or `timeoutMs` passed (REQUEST_TIMED_OUT). Followers move their own log start
 * offset when a fetch response carries the leader's; the segments wholly below it go at the next
 * retention check (UnifiedLog.deleteLogStartOffsetBreachedSegments).
 */
import {
  INVALID_LOW_WATERMARK,
  type DeleteRecordsPartitionResult,
  type DeleteRecordsRequest,
  type DeleteRecordsResponse,
} from '../protocol/apis/delete-records';
import { KafkaError } from '../protocol/errors';
import { isInternalTopic } from '../protocol/internal-topics';
import type { DelayedPartitionPurgatory, DelayedPartitionStatus } from './delayed-partition-operation';
import type { HostedPartitions } from './hosted-partitions';
import { topicPartitionKey } from '../protocol/topic-partition';

export interface DeleteRecordsContext {
  partitions: HostedPartitions;
  delayedDeleteRecords: DelayedPartitionPurgatory;
}

export async function deleteRecords(context: DeleteRecordsContext, request: DeleteRecordsRequest): Promise<DeleteRecordsResponse> {
  const statuses: DelayedPartitionStatus[] = [];
  let anySucceeded = false;
  const topics = await Promise.all(
    request.topics.map(async (topic) => ({
      name: topic.name,
      partitions: await Promise.all(
        topic.partitions.map(async ({ partitionIndex, offset }) => {
          const response: DeleteRecordsPartitionResult = { partitionIndex, lowWatermark: INVALID_LOW_WATERMARK, errorCode: 0 };
          try {
            if (isInternalTopic(topic.name)) {
              throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Cannot delete records of internal topic ${topic.name}`);
            }
            const partition = context.partitions.getPartitionOrException(topic.name, partitionIndex);
            const { requestedOffset, lowWatermark } = await partition.deleteRecordsOnLeader(offset);
            anySucceeded = true;
            response.lowWatermark = lowWatermark;
            // DeleteRecordsPartitionStatus: a partition whose low watermark is short of the offset waits.
            if (requestedOffset > lowWatermark) statuses.push(waitForLowWatermark(context, topic.name, requestedOffset, response));
          } catch (error) {
            if (!(error instanceof KafkaError)) throw error;
            response.errorCode = error.code;
          }
          return response;
        }),
      ),
    })),
  );
  if (anySucceeded && statuses.length > 0) await context.delayedDeleteRecords.tryCompleteElseWatch(statuses, request.timeoutMs);
  return { throttleTimeMs: 0, topics };
}

/** DelayedDeleteRecords.tryComplete for one partition: done once the low watermark reached the offset or it is no longer led here. */
function waitForLowWatermark(
  context: DeleteRecordsContext,
  topic: string,
  requiredOffset: number,
  response: DeleteRecordsPartitionResult,
): DelayedPartitionStatus {
  return {
    key: topicPartitionKey(topic, response.partitionIndex),
    response,
    check: () => {
      try {
        const lowWatermark = context.partitions.getPartitionOrException(topic, response.partitionIndex).lowWatermarkIfLeader();
        if (lowWatermark < requiredOffset) return { reached: false, error: 'NONE' };
        response.lowWatermark = lowWatermark;
        return { reached: true, error: 'NONE' };
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        response.lowWatermark = INVALID_LOW_WATERMARK;
        return { reached: true, error: error.type };
      }
    },
  };
}
