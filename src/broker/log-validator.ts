import type { LogConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import { NO_TIMESTAMP } from './log-segments';
import { decodeRecords, isCrcValid, type RecordBatchHeader } from '../protocol/record-batch';

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

/** LogValidator.validateKey and validateTimestamp, record by record. */
function validateRecords(bytes: Uint8Array, header: RecordBatchHeader, context: ValidationContext): void {
  const { topicPartition, config, nowMs } = context;
  const compacted = config.cleanupPolicy.includes('compact');
  const checkCreateTime = config.messageTimestampType === 'CreateTime';
  for (const record of decodeRecords(bytes)) {
    if (compacted && record.key === null) {
      throw new KafkaError('INVALID_RECORD', `Compacted topic cannot accept message without key in topic partition ${topicPartition}.`);
    }
    if (checkCreateTime && record.timestamp !== NO_TIMESTAMP) {
      const earliestMs = nowMs - config.messageTimestampBeforeMaxMs;
      const latestMs = nowMs + config.messageTimestampAfterMaxMs;
      if (record.timestamp < earliestMs || record.timestamp > latestMs) {
        throw new KafkaError(
          'INVALID_TIMESTAMP',
          `Timestamp ${record.timestamp} of message with offset ${record.offset} is out of range. ` +
            `The timestamp should be within [${earliestMs}, ${latestMs}]`,
        );
      }
    } else if (header.timestampType === 'LogAppendTime') {
      throw new KafkaError(
        'INVALID_TIMESTAMP',
        `Invalid timestamp type in message with offset ${record.offset}. Producer should not set timestamp type to LogAppendTime.`,
      );
    }
  }
}
