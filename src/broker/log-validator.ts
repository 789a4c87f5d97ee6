import type { LogConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import { NO_TIMESTAMP } from './log-segments';
import { forEachRecord, isCrcValid, type RecordBatchHeader } from '../protocol/record-batch';

/**
 * The checks a leader makes on a producer's batch before it assigns offsets, after
 * UnifiedLog.analyzeAndValidateRecords and LogValidator (uncompressed, magic v2, in-place
 * assignment). Any failure rejects the whole batch; nothing is written.
 */
export interface ValidationContext {
  /** "topic-partition", as Kafka's TopicPartition prints itself in messages. */
  topicPartition: string;
  config: LogConfig;
  nowMs: number;
}

export function validateProducerBatch(bytes: Uint8Array, header: RecordBatchHeader, context: ValidationContext): void {
  const { topicPartition, config } = context;
  if (header.sizeInBytes > config.maxMessageBytes) {
    throw new KafkaError(
      'MESSAGE_TOO_LARGE',
      `The record batch size in the append to ${topicPartition} is ${header.sizeInBytes} bytes ` +
        `which exceeds the maximum configured value of ${config.maxMessageBytes}.`,
    );
  }
  if (!isCrcValid(bytes)) {
    throw new KafkaError('CORRUPT_MESSAGE', `Record is corrupt in topic partition ${topicPartition}`);
  }
  if (header.sizeInBytes > config.segmentBytes) {
    throw new KafkaError(
      'RECORD_LIST_TOO_LARGE',
      `Message batch size is ${header.sizeInBytes} bytes in append to partition ${topicPartition}, ` +
        `which exceeds the maximum configured segment size of ${config.segmentBytes}.`,
    );
  }
  validateBatchShape(header, topicPartition);
  validateRecords(bytes, header, context);
}

/** LogValidator.validateBatch for a client's batch. */
function validateBatchShape(header: RecordBatchHeader, topicPartition: string): void {
  const { baseOffset, lastOffset, recordsCount } = header;
  if (recordsCount <= 0) {
    throw new KafkaError('INVALID_RECORD', `Invalid reported count for record batch: ${recordsCount} in topic partition ${topicPartition}`);
  }
  if (lastOffset - baseOffset + 1 !== recordsCount) {
    throw new KafkaError(
      'INVALID_RECORD',
      `Inconsistent batch offset range [${baseOffset}, ${lastOffset}] and count of records ${recordsCount} ` +
        `in topic partition ${topicPartition}`,
    );
  }
  if (header.isControl) {
    throw new KafkaError('INVALID_RECORD', `Clients are not allowed to write control records in topic partition ${topicPartition}`);
  }
  if (header.producerId >= 0 && header.baseSequence < 0) {
    throw new KafkaError(
      'INVALID_RECORD',
      `Invalid sequence number ${header.baseSequence} in record batch with producerId ${header.producerId} ` +
        `in topic partition ${topicPartition}`,
    );
  }
}

/** A record that failed validation: its index in the batch and why (ProduceResponse.RecordError). */
export interface RecordError {
  batchIndex: number;
  message: string;
}

/**
 * Kafka's RecordValidationException: the batch failed because some of its records did, each named
 * in `recordErrors`. The only append failure whose message the broker sends to the producer
 * (ReplicaManager's LogAppendResult.hasCustomErrorMessage).
 */
export class RecordValidationError extends KafkaError {
  constructor(
    type: 'INVALID_RECORD' | 'INVALID_TIMESTAMP',
    message: string,
    readonly recordErrors: readonly RecordError[],
  ) {
    super(type, message);
  }
}

/**
 * LogValidator.validateRecord on every record (validateKey, then validateTimestamp), then
 * processRecordErrors: one failed record fails the batch, with every failed record named.
 */
function validateRecords(bytes: Uint8Array, header: RecordBatchHeader, context: ValidationContext): void {
  const { topicPartition, config, nowMs } = context;
  const compacted = config.cleanupPolicy.includes('compact');
  const checkCreateTime = config.messageTimestampType === 'CreateTime';
  const errors: { type: 'INVALID_RECORD' | 'INVALID_TIMESTAMP'; error: RecordError }[] = [];
  const failed = (type: 'INVALID_RECORD' | 'INVALID_TIMESTAMP', batchIndex: number, message: string) =>
    errors.push({ type, error: { batchIndex, message } });
  // Read in place: a leader validates every record it appends, so nothing is copied or allocated per record.
  forEachRecord(bytes, (record) => {
    if (compacted && record.keyLength < 0) {
      failed('INVALID_RECORD', record.index, `Compacted topic cannot accept message without key in topic partition ${topicPartition}`);
    } else if (checkCreateTime && record.timestamp !== NO_TIMESTAMP) {
      const earliestMs = nowMs - config.messageTimestampBeforeMaxMs;
      const latestMs = nowMs + config.messageTimestampAfterMaxMs;
      if (record.timestamp < earliestMs || record.timestamp > latestMs) {
        failed(
          'INVALID_TIMESTAMP',
          record.index,
          `Timestamp ${record.timestamp} of message with offset ${record.offset} is out of range. ` +
            `The timestamp should be within [${earliestMs}, ${latestMs}]`,
        );
      }
    } else if (header.timestampType === 'LogAppendTime') {
      // DefaultRecord.toString, as Kafka prints the record in this message.
      const shown = `DefaultRecord(offset=${record.offset}, timestamp=${record.timestamp}, key=${Math.max(0, record.keyLength)} bytes, value=${Math.max(0, record.valueLength)} bytes)`;
      failed(
        'INVALID_TIMESTAMP',
        record.index,
        `Invalid timestamp type in message ${shown}. Producer should not set timestamp type to LogAppendTime.`,
      );
    }
  });
  if (errors.length === 0) return;
  const recordErrors = errors.map((e) => e.error);
  if (errors.some((e) => e.type === 'INVALID_TIMESTAMP')) {
    throw new RecordValidationError('INVALID_TIMESTAMP', 'One or more records have been rejected due to invalid timestamp', recordErrors);
  }
  // Java's List.toString of RecordError.toString.
  const shown = recordErrors.slice(0, 3).map((e) => `RecordError(batchIndex=${e.batchIndex}, message='${e.message}')`);
  throw new RecordValidationError(
    'INVALID_RECORD',
    `One or more records have been rejected due to ${recordErrors.length} record errors in total, ` +
      `and only showing the first three errors at most: [${shown.join(', ')}]`,
    recordErrors,
  );
}
