import { describe, expect, it } from 'vitest';
import { validateProducerBatch } from '../../src/broker/log-validator';
import type { LogConfig } from '../../src/protocol/configs';
import { encodeRecordBatch, readBatchHeader } from '../../src/protocol/record-batch';
import { batch, config, type RecordSpec } from './log-fixtures';

const NOW = 1_700_000_000_000;

function validate(bytes: Uint8Array, overrides: Partial<LogConfig> = {}): void {
  validateProducerBatch(bytes, readBatchHeader(bytes), { topicPartition: 't-0', config: config(overrides), nowMs: NOW });
}

const records = (...specs: RecordSpec[]) => batch(specs, NOW);

describe('broker > log validator', () => {
  it('accepts an ordinary batch', () => {
    expect(() => validate(records({ key: 'a' }, { key: null }))).not.toThrow();
  });

  it('rejects a batch larger than max.message.bytes with MESSAGE_TOO_LARGE', () => {
    const bytes = records({ value: 'x'.repeat(100) });
    const size = readBatchHeader(bytes).sizeInBytes;
    expect(() => validate(bytes, { maxMessageBytes: size - 1 })).toThrow(
      expect.objectContaining({
        type: 'MESSAGE_TOO_LARGE',
        message: `The record batch size in the append to t-0 is ${size} bytes which exceeds the maximum configured value of ${size - 1}.`,
      }),
    );
    expect(() => validate(bytes, { maxMessageBytes: size })).not.toThrow();
  });

  it('rejects a batch larger than segment.bytes with RECORD_LIST_TOO_LARGE', () => {
    const bytes = records({ value: 'x'.repeat(100) });
    expect(() => validate(bytes, { segmentBytes: 100 })).toThrow(expect.objectContaining({ type: 'RECORD_LIST_TOO_LARGE' }));
  });

  it('rejects a batch whose CRC does not match with CORRUPT_MESSAGE', () => {
    const bytes = records({ value: 'hello' });
    bytes[bytes.length - 2] ^= 0xff;
    expect(() => validate(bytes)).toThrow(expect.objectContaining({ type: 'CORRUPT_MESSAGE' }));
  });

  // LogValidator.validateRecord checks every record and processRecordErrors throws one
  // RecordValidationException for the batch: its message, and each failed record's RecordError.
  it('rejects a record without a key on a compacted topic with INVALID_RECORD, naming every failed record', () => {
    const keyless = 'Compacted topic cannot accept message without key in topic partition t-0';
    expect(() => validate(records({ key: 'a' }, { key: null }), { cleanupPolicy: ['compact', 'delete'] })).toThrow(
      expect.objectContaining({
        type: 'INVALID_RECORD',
        message:
          'One or more records have been rejected due to 1 record errors in total, and only showing the first three errors at most: ' +
          `[RecordError(batchIndex=1, message='${keyless}')]`,
        recordErrors: [{ batchIndex: 1, message: keyless }],
      }),
    );
    const five = records({ key: null }, { key: 'a' }, { key: null }, { key: null }, { key: null }, { key: null });
    expect(() => validate(five, { cleanupPolicy: ['compact'] })).toThrow(
      expect.objectContaining({
        message:
          'One or more records have been rejected due to 5 record errors in total, and only showing the first three errors at most: ' +
          `[RecordError(batchIndex=0, message='${keyless}'), RecordError(batchIndex=2, message='${keyless}'), ` +
          `RecordError(batchIndex=3, message='${keyless}')]`,
        recordErrors: [0, 2, 3, 4, 5].map((batchIndex) => ({ batchIndex, message: keyless })),
      }),
    );
  });

  it('rejects CreateTime timestamps outside message.timestamp.before/after.max.ms with INVALID_TIMESTAMP', () => {
    const limits = { messageTimestampBeforeMaxMs: 1_000, messageTimestampAfterMaxMs: 500 };
    expect(() => validate(records({ timestamp: NOW - 1_000 }, { timestamp: NOW + 500 }), limits)).not.toThrow();
    expect(() => validate(records({ timestamp: NOW - 1_001 }), limits)).toThrow(
      expect.objectContaining({
        type: 'INVALID_TIMESTAMP',
        message: 'One or more records have been rejected due to invalid timestamp',
        recordErrors: [
          {
            batchIndex: 0,
            message: `Timestamp ${NOW - 1_001} of message with offset 0 is out of range. The timestamp should be within [${NOW - 1_000}, ${NOW + 500}]`,
          },
        ],
      }),
    );
    expect(() => validate(records({ timestamp: NOW + 501 }), limits)).toThrow(expect.objectContaining({ type: 'INVALID_TIMESTAMP' }));
  });

  it('answers INVALID_TIMESTAMP when any record has a bad timestamp, even beside a keyless one', () => {
    const bytes = records({ key: null }, { key: 'a', timestamp: NOW + 10_000 });
    expect(() => validate(bytes, { cleanupPolicy: ['compact'], messageTimestampAfterMaxMs: 500 })).toThrow(
      expect.objectContaining({
        type: 'INVALID_TIMESTAMP',
        message: 'One or more records have been rejected due to invalid timestamp',
        recordErrors: [expect.objectContaining({ batchIndex: 0 }), expect.objectContaining({ batchIndex: 1 })],
      }),
    );
  });

  it('does not check record timestamps on a LogAppendTime topic, which overwrites them', () => {
    expect(() =>
      validate(records({ timestamp: 0 }), { messageTimestampType: 'LogAppendTime', messageTimestampBeforeMaxMs: 1 }),
    ).not.toThrow();
  });

  it('rejects a producer batch that claims LogAppendTime, naming the record as DefaultRecord prints itself', () => {
    const bytes = encodeRecordBatch({
      timestampType: 'LogAppendTime',
      records: [{ key: new Uint8Array(2), value: new Uint8Array(5), timestamp: NOW }],
    });
    expect(() => validate(bytes, { messageTimestampType: 'LogAppendTime' })).toThrow(
      expect.objectContaining({
        type: 'INVALID_TIMESTAMP',
        recordErrors: [
          {
            batchIndex: 0,
            message: `Invalid timestamp type in message DefaultRecord(offset=0, timestamp=${NOW}, key=2 bytes, value=5 bytes). Producer should not set timestamp type to LogAppendTime.`,
          },
        ],
      }),
    );
  });

  it('rejects control batches and idempotent batches without a sequence from clients', () => {
    const control = encodeRecordBatch({ isControl: true, records: [{ key: null, value: null, timestamp: NOW }] });
    expect(() => validate(control)).toThrow(expect.objectContaining({ type: 'INVALID_RECORD' }));
    const noSequence = encodeRecordBatch({
      producerId: 5,
      producerEpoch: 0,
      baseSequence: -1,
      records: [{ key: null, value: null, timestamp: NOW }],
    });
    expect(() => validate(noSequence)).toThrow(
      expect.objectContaining({
        type: 'INVALID_RECORD',
        message: 'Invalid sequence number -1 in record batch with producerId 5 in topic partition t-0',
      }),
    );
  });

  it('rejects a batch whose offset range does not match its record count', () => {
    const bytes = encodeRecordBatch({ lastOffsetDelta: 3, records: [{ key: null, value: null, timestamp: NOW }] });
    expect(() => validate(bytes)).toThrow(
      expect.objectContaining({
        type: 'INVALID_RECORD',
        message: 'Inconsistent batch offset range [0, 3] and count of records 1 in topic partition t-0',
      }),
    );
  });
});
