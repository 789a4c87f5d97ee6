/**
 * The produce path of Kafka's ReplicaManager (appendRecords, appendToLocalLog): each partition's
 * batch is appended on its leader, in parallel; acks 0 and 1 are answered after the local append,
 * acks=-1 waits in the produce purgatory (DelayedProduce) until the high watermark covers every
 * appended batch. A new batch wakes followers' fetches parked on the partition's log end.
 */
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse } from '../protocol/apis/produce';
import { KafkaError } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import type { BrokerMetrics } from './broker-metrics';
import { RecordValidationError } from './log-validator';
import type { DelayedFetchPurgatory } from './delayed-fetch';
import type { DelayedPartitionPurgatory, DelayedPartitionStatus } from './delayed-partition-operation';
import type { HostedPartitions } from './hosted-partitions';

/** What the produce path reads and wakes on the ReplicaManager. */
export interface AppendContext {
  image: MetadataImage;
  metrics: BrokerMetrics;
  partitions: HostedPartitions;
  delayedProduce: DelayedPartitionPurgatory;
  delayedFetch: DelayedFetchPurgatory;
}

/** ReplicaManager.appendRecords: every partition's result, after the HW wait for acks=-1. */
export async function appendRecords(context: AppendContext, request: ProduceRequest): Promise<ProduceResponse> {
  const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
  const statuses: DelayedPartitionStatus[] = [];
  const appends: Promise<void>[] = [];
  const responses = request.topicData.map((topicData) => ({
    name: topicData.name,
    partitionResponses: topicData.partitionData.map((data) => {
      const response: ProducePartitionResponse = {
        index: data.index,
        errorCode: 0,
        errorMessage: null,
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
        recordErrors: [],
      };
      context.metrics.mark('TotalProduceRequestsPerSec');
      appends.push(appendToPartition(context, topicData.name, data.index, data.records, request.acks, validAcks, response, statuses));
      return response;
    }),
  }));
  await Promise.all(appends);
  if (request.acks === -1 && statuses.length > 0) {
    await context.delayedProduce.tryCompleteElseWatch(statuses, request.timeoutMs);
  }
  return { responses, throttleTimeMs: 0 };
}

/** One partition of ReplicaManager.appendToLocalLog: the result fills `response`, an acks=-1 append joins `statuses`. */
async function appendToPartition(
  context: AppendContext,
  topic: string,
  partitionIndex: number,
  batch: Uint8Array,
  acks: number,
  validAcks: boolean,
  response: ProducePartitionResponse,
  statuses: DelayedPartitionStatus[],
): Promise<void> {
  const { metrics } = context;
  try {
    if (context.image.partition(topic, partitionIndex) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION');
    if (!validAcks) throw new KafkaError('INVALID_REQUIRED_ACKS');
    const partition = context.partitions.getPartitionOrException(topic, partitionIndex);
    const info = await partition.appendRecordsToLeader(batch, acks);
    response.baseOffset = info.firstOffset;
    response.logAppendTimeMs = info.logAppendTimeMs;
    response.logStartOffset = info.logStartOffset;
    if (!info.duplicate) {
      metrics.mark('MessagesInPerSec', info.recordCount);
      metrics.mark('BytesInPerSec', batch.byteLength);
      context.delayedFetch.checkAndComplete(partition.key, 'log-end');
    }
    if (acks === -1) {
      const requiredOffset = info.lastOffset + 1;
      statuses.push({ key: partition.key, check: () => partition.checkEnoughReplicasReachOffset(requiredOffset), response });
    }
  } catch (error) {
    if (!(error instanceof KafkaError)) throw error;
    metrics.mark('FailedProduceRequestsPerSec');
    response.errorCode = error.code;
    // Only a record-validation failure sends its message and the records that failed
    // (LogAppendResult.hasCustomErrorMessage); any other error's detail stays in the broker's log,
    // and the client shows the Errors enum's own message.
    if (error instanceof RecordValidationError) {
      response.errorMessage = error.message;
      response.recordErrors = error.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message }));
    }
  }
}
