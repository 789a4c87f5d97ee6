import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import {
  decodeRecords,
  encodeRecordBatch,
  forEachRecord,
  isCrcValid,
  MemoryRecordsBuilder,
  readBatchHeader,
  RECORD_BATCH_OVERHEAD,
  setBaseOffset,
  setMaxTimestampLogAppendTime,
  setPartitionLeaderEpoch,
  splitBatches,
} from '../../src/protocol/record-batch';

const require = createRequire(import.meta.url);
// kafkajs's RecordBatch v2 codec: an independent implementation to check ours against.
const kafkajsRecordBatch = require('kafkajs/src/protocol/recordBatch/v0').RecordBatch;
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const kafkajsDecodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const KafkajsDecoder = require('kafkajs/src/protocol/decoder');
const KafkajsLong = require('kafkajs/src/utils/long');

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));

function expectCorrupt(action: () => unknown, message: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaError);
    expect((error as KafkaError).type).toBe('CORRUPT_MESSAGE');
    expect((error as KafkaError).message).toMatch(message);
    return;
  }
  throw new Error('expected CORRUPT_MESSAGE');
}

describe('protocol > record batch', () => {
  it('writes the 61-byte header with Kafka defaults for a client batch', () => {
    const bytes = encodeRecordBatch({ records: [{ key: null, value: utf8('v'), timestamp: 1_700_000_000_000 }] });
    const header = readBatchHeader(bytes);
    expect(header).toEqual({
      baseOffset: 0,
      batchLength: bytes.length - 12,
      partitionLeaderEpoch: -1,
      magic: 2,
      crc: header.crc,
      attributes: 0,
      lastOffsetDelta: 0,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_000,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      recordsCount: 1,
      lastOffset: 0,
      sizeInBytes: bytes.length,
      timestampType: 'CreateTime',
      isTransactional: false,
      isControl: false,
      compression: 0,
    });
    expect(isCrcValid(bytes)).toBe(true);
  });

  it('round-trips null keys, null values, headers and timestamps', () => {
    const records = [
      { key: null, value: utf8('no key'), timestamp: 1000 },
      { key: utf8('tombstone'), value: null, timestamp: 1005 },
      {
        key: new Uint8Array(0),
        value: new Uint8Array(0),
        timestamp: 998,
        headers: [
          { key: 'trace-id', value: utf8('abc') },
          { key: 'ünïcode', value: null },
          { key: 'trace-id', value: utf8('again') },
        ],
      },
    ];
    const bytes = encodeRecordBatch({
      baseOffset: 42,
      partitionLeaderEpoch: 3,
      producerId: 7000,
      producerEpoch: 2,
      baseSequence: 17,
      records,
    });
    const header = readBatchHeader(bytes);
    expect(header).toMatchObject({
      baseOffset: 42,
      lastOffset: 44,
      partitionLeaderEpoch: 3,
      producerId: 7000,
      producerEpoch: 2,
      baseSequence: 17,
      maxTimestamp: 1005,
      baseTimestamp: 1000,
    });
    expect(decodeRecords(bytes)).toEqual([
      { offset: 42, timestamp: 1000, key: null, value: utf8('no key'), headers: [] },
      { offset: 43, timestamp: 1005, key: utf8('tombstone'), value: null, headers: [] },
      { offset: 44, timestamp: 998, key: new Uint8Array(0), value: new Uint8Array(0), headers: records[2].headers },
    ]);
  });

  it('round-trips many records and large values', () => {
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) & 0xff);
    const records = Array.from({ length: 1000 }, (_, i) => ({
      key: utf8(`key-${i}`),
      value: i === 500 ? big : utf8(`value-${i}`),
      timestamp: 5_000 + i,
    }));
    const bytes = encodeRecordBatch({ baseOffset: 1_000_000, records });
    const decoded = decodeRecords(bytes);
    expect(decoded).toHaveLength(1000);
    expect(decoded[999]).toEqual({ offset: 1_000_999, timestamp: 5_999, key: utf8('key-999'), value: utf8('value-999'), headers: [] });
    expect(Buffer.compare(decoded[500].value!, big)).toBe(0);
    expect(readBatchHeader(bytes).lastOffsetDelta).toBe(999);
  });

  it('keeps the original offset deltas and lastOffsetDelta of a compacted batch', () => {
    const bytes = encodeRecordBatch({
      baseOffset: 10,
      lastOffsetDelta: 9,
      records: [
        { key: utf8('a'), value: utf8('1'), timestamp: 1, offsetDelta: 2 },
        { key: utf8('b'), value: utf8('2'), timestamp: 2, offsetDelta: 7 },
      ],
    });
    expect(decodeRecords(bytes).map((record) => record.offset)).toEqual([12, 17]);
    expect(readBatchHeader(bytes)).toMatchObject({ lastOffset: 19, recordsCount: 2 });
  });

  it('encodes an empty batch, as compaction leaves to keep producer state', () => {
    const bytes = encodeRecordBatch({ baseOffset: 5, lastOffsetDelta: 3, producerId: 1, maxTimestamp: 77, records: [] });
    expect(bytes.length).toBe(RECORD_BATCH_OVERHEAD);
    expect(readBatchHeader(bytes)).toMatchObject({ recordsCount: 0, lastOffset: 8, maxTimestamp: 77 });
    expect(decodeRecords(bytes)).toEqual([]);
  });

  it('sets the transactional, control and LogAppendTime attribute bits', () => {
    const bytes = encodeRecordBatch({
      isTransactional: true,
      isControl: true,
      timestampType: 'LogAppendTime',
      maxTimestamp: 9,
      records: [{ key: null, value: null, timestamp: 3 }],
    });
    expect(readBatchHeader(bytes)).toMatchObject({
      attributes: 0x38,
      isTransactional: true,
      isControl: true,
      timestampType: 'LogAppendTime',
    });
    // Under LogAppendTime every record reads as the batch's maxTimestamp.
    expect(decodeRecords(bytes)[0].timestamp).toBe(9);
  });

  it('changes baseOffset and partitionLeaderEpoch in place without breaking the CRC', () => {
    const bytes = encodeRecordBatch({
      records: [
        { key: null, value: utf8('x'), timestamp: 1 },
        { key: null, value: utf8('y'), timestamp: 2 },
      ],
    });
    setBaseOffset(bytes, 2 ** 40 + 3);
    setPartitionLeaderEpoch(bytes, 12);
    expect(readBatchHeader(bytes)).toMatchObject({ baseOffset: 2 ** 40 + 3, lastOffset: 2 ** 40 + 4, partitionLeaderEpoch: 12 });
    expect(isCrcValid(bytes)).toBe(true);
    expect(decodeRecords(bytes).map((record) => record.offset)).toEqual([2 ** 40 + 3, 2 ** 40 + 4]);
  });

  it('stamps LogAppendTime and recomputes the CRC', () => {
    const bytes = encodeRecordBatch({
      records: [
        { key: null, value: utf8('x'), timestamp: 1 },
        { key: null, value: utf8('y'), timestamp: 2 },
      ],
    });
    setMaxTimestampLogAppendTime(bytes, 1_700_000_000_555);
    expect(readBatchHeader(bytes)).toMatchObject({ timestampType: 'LogAppendTime', maxTimestamp: 1_700_000_000_555 });
    expect(isCrcValid(bytes)).toBe(true);
    expect(decodeRecords(bytes).map((record) => record.timestamp)).toEqual([1_700_000_000_555, 1_700_000_000_555]);
  });

  it('detects a flipped bit anywhere the CRC covers', () => {
    const bytes = encodeRecordBatch({ records: [{ key: utf8('k'), value: utf8('value'), timestamp: 1 }] });
    for (const position of [21, 30, RECORD_BATCH_OVERHEAD + 3, bytes.length - 1]) {
      const copy = bytes.slice();
      copy[position] ^= 0x10;
      expect(isCrcValid(copy)).toBe(false);
    }
  });

  it('rejects short, wrong-magic and over-long input as CORRUPT_MESSAGE', () => {
    const bytes = encodeRecordBatch({ records: [{ key: utf8('k'), value: utf8('value'), timestamp: 1 }] });
    expectCorrupt(() => readBatchHeader(bytes.subarray(0, 60)), /shorter than its 61-byte header/);
    expectCorrupt(() => readBatchHeader(bytes.subarray(0, bytes.length - 1)), /declares \d+ bytes but only/);
    const oldMagic = bytes.slice();
    oldMagic[16] = 1;
    expectCorrupt(() => readBatchHeader(oldMagic), /magic 1/);
    const badRecordLength = bytes.slice();
    badRecordLength[RECORD_BATCH_OVERHEAD] = 0x7e; // the first record claims 63 bytes
    expectCorrupt(() => decodeRecords(badRecordLength), /past the end of the batch/);
    expect(isCrcValid(bytes.subarray(0, 10))).toBe(false);
  });

  it('reads the header of a batch in a codec it does not speak (snappy) but refuses to decode its records', () => {
    const bytes = encodeRecordBatch({ records: [{ key: null, value: utf8('x'), timestamp: 1 }] });
    bytes[22] |= 2; // snappy
    expect(readBatchHeader(bytes).compression).toBe(2);
    expectCorrupt(() => decodeRecords(bytes), /compression codec snappy/);
  });

  it('refuses a gzip batch whose records section is not gzip', () => {
    const bytes = encodeRecordBatch({ records: [{ key: null, value: utf8('x'), timestamp: 1 }] });
    bytes[22] |= 1; // gzip, over uncompressed records
    expectCorrupt(() => decodeRecords(bytes), /not valid gzip/);
  });

  it('writes a gzip batch smaller than the plain one, with a valid CRC, that reads back the same records', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      key: utf8(`user-${i % 5}`),
      value: utf8(`{"page":"/checkout","n":${i}}`),
      timestamp: 1_700_000_000_000 + i,
      headers: [{ key: 'source', value: utf8('web') }],
    }));
    const plain = encodeRecordBatch({ baseOffset: 10, records });
    const gzipped = encodeRecordBatch({ baseOffset: 10, records, compression: 'gzip' });
    expect(gzipped.length).toBeLessThan(plain.length / 3);
    expect(isCrcValid(gzipped)).toBe(true);
    expect(readBatchHeader(gzipped)).toMatchObject({ compression: 1, recordsCount: 50, lastOffset: 59 });
    expect(decodeRecords(gzipped)).toEqual(decodeRecords(plain));
  });
  it('splits a concatenation into views of whole batches and drops a partial tail', () => {
    const first = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: utf8('a'), timestamp: 1 }] });
    const second = encodeRecordBatch({
      baseOffset: 1,
      records: [
        { key: null, value: utf8('bb'), timestamp: 2 },
        { key: null, value: utf8('c'), timestamp: 3 },
      ],
    });
    const all = new Uint8Array(first.length + second.length + 20);
    all.set(first, 0);
    all.set(second, first.length);
    all.set(second.subarray(0, 20), first.length + second.length);
    const batches = splitBatches(all);
    expect(batches).toEqual([first, second]);
    setBaseOffset(batches[1], 100);
    expect(readBatchHeader(all.subarray(first.length)).baseOffset).toBe(100);
    expect(splitBatches(new Uint8Array(0))).toEqual([]);
  });

  it('decodes a batch that kafkajs encoded, field by field', async () => {
    const records = [
      kafkajsRecord({
        offsetDelta: 0,
        timestampDelta: KafkajsLong.fromNumber(0),
        key: Buffer.from('user-1'),
        value: Buffer.from('{"n":1}'),
        headers: { source: Buffer.from('web'), trace: [Buffer.from('t1'), Buffer.from('t2')] },
      }),
      kafkajsRecord({ offsetDelta: 1, timestampDelta: KafkajsLong.fromNumber(250), key: null, value: Buffer.from('second') }),
      kafkajsRecord({ offsetDelta: 2, timestampDelta: KafkajsLong.fromNumber(-5), key: Buffer.from('user-3'), value: null }),
    ];
    const encoder = await kafkajsRecordBatch({
      firstOffset: KafkajsLong.fromNumber(81),
      firstTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_250,
      partitionLeaderEpoch: 4,
      lastOffsetDelta: 2,
      transactional: true,
      producerId: KafkajsLong.fromNumber(123456),
      producerEpoch: 3,
      firstSequence: 30,
      records,
    });
    const bytes = new Uint8Array(encoder.buffer);
    expect(isCrcValid(bytes)).toBe(true);
    expect(readBatchHeader(bytes)).toMatchObject({
      baseOffset: 81,
      batchLength: bytes.length - 12,
      partitionLeaderEpoch: 4,
      magic: 2,
      lastOffsetDelta: 2,
      lastOffset: 83,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_250,
      producerId: 123456,
      producerEpoch: 3,
      baseSequence: 30,
      recordsCount: 3,
      isTransactional: true,
      isControl: false,
      timestampType: 'CreateTime',
      compression: 0,
    });
    expect(decodeRecords(bytes)).toEqual([
      {
        offset: 81,
        timestamp: 1_700_000_000_000,
        key: utf8('user-1'),
        value: utf8('{"n":1}'),
        headers: [
          { key: 'source', value: utf8('web') },
          { key: 'trace', value: utf8('t1') },
          { key: 'trace', value: utf8('t2') },
        ],
      },
      { offset: 82, timestamp: 1_700_000_000_250, key: null, value: utf8('second'), headers: [] },
      { offset: 83, timestamp: 1_699_999_999_995, key: utf8('user-3'), value: null, headers: [] },
    ]);
  });

  it('reads a gzip batch kafkajs wrote (with Node zlib), and kafkajs reads ours', async () => {
    const theirs = await kafkajsRecordBatch({
      compression: 1,
      firstOffset: KafkajsLong.fromNumber(0),
      firstTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_001,
      lastOffsetDelta: 1,
      records: [
        kafkajsRecord({ offsetDelta: 0, timestampDelta: KafkajsLong.fromNumber(0), key: Buffer.from('k'), value: Buffer.from('first') }),
        kafkajsRecord({ offsetDelta: 1, timestampDelta: KafkajsLong.fromNumber(1), key: null, value: Buffer.from('second') }),
      ],
    });
    const bytes = new Uint8Array(theirs.buffer);
    expect(readBatchHeader(bytes).compression).toBe(1);
    expect(decodeRecords(bytes).map((r) => [r.offset, r.key && text(r.key), text(r.value!)])).toEqual([
      [0, 'k', 'first'],
      [1, null, 'second'],
    ]);

    const ours = encodeRecordBatch({
      compression: 'gzip',
      records: [
        { key: utf8('k'), value: utf8('first'), timestamp: 1_700_000_000_000 },
        { key: null, value: utf8('second'), timestamp: 1_700_000_000_001 },
      ],
    });
    const decoded = await kafkajsDecodeBatch(new KafkajsDecoder(Buffer.from(ours)));
    expect(decoded.records.map((r: { value: Buffer }) => r.value.toString())).toEqual(['first', 'second']);
  });

  it('encodes a batch byte for byte as kafkajs does, and kafkajs decodes ours', async () => {
    const ours = encodeRecordBatch({
      baseOffset: 7,
      partitionLeaderEpoch: 1,
      producerId: 99,
      producerEpoch: 0,
      baseSequence: 5,
      records: [
        { key: utf8('k1'), value: utf8('v1'), timestamp: 1_700_000_000_010, headers: [{ key: 'h', value: utf8('x') }] },
        { key: null, value: utf8('v2'), timestamp: 1_700_000_000_020 },
      ],
    });
    const theirs = await kafkajsRecordBatch({
      firstOffset: KafkajsLong.fromNumber(7),
      firstTimestamp: 1_700_000_000_010,
      maxTimestamp: 1_700_000_000_020,
      partitionLeaderEpoch: 1,
      lastOffsetDelta: 1,
      producerId: KafkajsLong.fromNumber(99),
      producerEpoch: 0,
      firstSequence: 5,
      records: [
        kafkajsRecord({
          offsetDelta: 0,
          timestampDelta: KafkajsLong.fromNumber(0),
          key: Buffer.from('k1'),
          value: Buffer.from('v1'),
          headers: { h: Buffer.from('x') },
        }),
        kafkajsRecord({ offsetDelta: 1, timestampDelta: KafkajsLong.fromNumber(10), key: null, value: Buffer.from('v2') }),
      ],
    });
    expect([...ours]).toEqual([...theirs.buffer]);

    const decoded = await kafkajsDecodeBatch(new KafkajsDecoder(Buffer.from(ours)));
    expect(decoded).toMatchObject({
      firstOffset: '7',
      partitionLeaderEpoch: 1,
      lastOffsetDelta: 1,
      producerId: '99',
      firstSequence: 5,
      maxTimestamp: '1700000000020',
    });
    expect(
      decoded.records.map(
        (record: { offset: string; timestamp: string; key: Buffer | null; value: Buffer; headers: Record<string, Buffer> }) => ({
          offset: record.offset,
          timestamp: record.timestamp,
          key: text(record.key),
          value: text(record.value),
          headers: Object.fromEntries(Object.entries(record.headers).map(([key, value]) => [key, text(value)])),
        }),
      ),
    ).toEqual([
      { offset: '7', timestamp: '1700000000010', key: 'k1', value: 'v1', headers: { h: 'x' } },
      { offset: '8', timestamp: '1700000000020', key: null, value: 'v2', headers: {} },
    ]);
  });

  it('builds, record by record in a buffer that grows, the bytes encodeRecordBatch writes, and rewrites the producer state in place (MemoryRecordsBuilder)', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      key: i % 3 === 0 ? null : utf8(`key-${i}`),
      value: utf8('v'.repeat(i)),
      headers: i % 5 === 0 ? [{ key: 'trace', value: utf8(String(i)) }] : [],
      timestamp: 1_700_000_000_000 + i * 7,
    }));
    const builder = new MemoryRecordsBuilder(64);
    for (const record of records) builder.append(record);
    const producerState = { producerId: 4000, producerEpoch: 1, baseSequence: 120 };
    expect(builder.build(producerState)).toEqual(encodeRecordBatch({ ...producerState, records }));

    const rewritten = builder.build({ producerId: 4000, producerEpoch: 2, baseSequence: 0 });
    expect(isCrcValid(rewritten)).toBe(true);
    expect(readBatchHeader(rewritten)).toMatchObject({ producerEpoch: 2, baseSequence: 0, recordsCount: 40, lastOffsetDelta: 39 });
    expect(decodeRecords(rewritten).map((record) => text(record.value))).toEqual(records.map((record) => text(record.value)));
  });

  it('walks the records in place: each one where its key and value lie, null as -1, without copying them', () => {
    const bytes = encodeRecordBatch({
      baseOffset: 100,
      records: [
        { key: utf8('k'), value: utf8('first'), timestamp: 1_700_000_000_000 },
        { key: null, value: null, headers: [{ key: 'h', value: utf8('x') }], timestamp: 1_700_000_000_005 },
      ],
    });
    const seen: string[] = [];
    forEachRecord(bytes, (record) => {
      const key = record.keyLength < 0 ? null : text(bytes.subarray(record.keyStart, record.keyStart + record.keyLength));
      const value = record.valueLength < 0 ? null : text(bytes.subarray(record.valueStart, record.valueStart + record.valueLength));
      seen.push(`${record.index} ${record.offset} ${record.timestamp} ${key} ${value} ${record.headerCount}`);
    });
    expect(seen).toEqual(['0 100 1700000000000 k first 0', '1 101 1700000000005 null null 1']);
  });
});
