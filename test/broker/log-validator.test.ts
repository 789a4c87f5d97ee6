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

  it('rejects a record without a key on a compacted topic with INVALID_RECORD', () => {
    expect(() => validate(records({ key: 'a' }, { key: null }), { cleanupPolicy: ['compact', 'delete'] })).toThrow(
      expect.objectContaining({
        type: 'INVALID_RECORD',
        message: 'Compacted topic cannot accept message without key in topic partition t-0.',
      }),
    );
  });

  it('rejects CreateTime timestamps outside message.timestamp.before/after.max.ms with INVALID_TIMESTAMP', () => {
    const limits = { messageTimestampBeforeMaxMs: 1_000, messageTimestampAfterMaxMs: 500 };
    expect(() => validate(records({ timestamp: NOW - 1_000 }, { timestamp: NOW + 500 }), limits)).not.toThrow();
    expect(() => validate(records({ timestamp: NOW - 1_001 }), limits)).toThrow(
      expect.objectContaining({
        type: 'INVALID_TIMESTAMP',
        message: `Timestamp ${NOW - 1_001} of message with offset 0 is out of range. The timestamp should be within [${NOW - 1_000}, ${NOW + 500}]`,
      }),
    );
    expect(() => validate(records({ timestamp: NOW + 501 }), limits)).toThrow(expect.objectContaining({ type: 'INVALID_TIMESTAMP' }));
  });

  it('does not check record timestamps on a LogAppendTime topic, which overwrites them', () => {
    expect(() =>
      validate(records({ timestamp: 0 }), { messageTimestampType: 'LogAppendTime', messageTimestampBeforeMaxMs: 1 }),
    ).not.toThrow();
  });

  it('rejects a producer batch that claims LogAppendTime', () => {
    const bytes = encodeRecordBatch({ timestampType: 'LogAppendTime', records: [{ key: null, value: null, timestamp: NOW }] });
    expect(() => validate(bytes, { messageTimestampType: 'LogAppendTime' })).toThrow(
      expect.objectContaining({ type: 'INVALID_TIMESTAMP' }),
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
