/**
 * RecordBatch v2 ("magic 2"), byte for byte as org.apache.kafka.common.record.DefaultRecordBatch and
 * DefaultRecord write it: a 61-byte big-endian header, then the records with zig-zag varints, CRC-32C over
 * everything from `attributes` to the end. The log stores these bytes and the clients send them, so a batch
 * written here is what a Kafka broker or client would read.
 *
 * Compression: none and gzip (codec 1), read and written, the records section compressed as a whole as
 * DefaultRecordBatch does. gzip is what every Kafka client can send (kafkajs has no other codec built in).
 * It runs synchronously, with fflate's gzipSync/gunzipSync: every path that reads records (the broker's
 * LogValidator, the cleaner, the consumer) is synchronous, so the platform's CompressionStream, which is
 * a stream and only asynchronous, would not fit, and Node's zlib is not in the page. A batch with another
 * codec (snappy, lz4, zstd) still yields its header (the log only needs that), but decodeRecords throws
 * CORRUPT_MESSAGE naming the codec, since Kafka's error table has no entry we use for it.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { crc32c } from './crc32c';
import { KafkaError } from './errors';
import { type Cursor, readVarint, readVarlong, sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from './varint';

export const RECORD_BATCH_OVERHEAD = 61;

// Field offsets in the header (DefaultRecordBatch.*_OFFSET).
const BASE_OFFSET = 0;
const LENGTH = 8;
const PARTITION_LEADER_EPOCH = 12;
const MAGIC = 16;
const CRC = 17;
const ATTRIBUTES = 21;
const LAST_OFFSET_DELTA = 23;
const BASE_TIMESTAMP = 27;
const MAX_TIMESTAMP = 35;
const PRODUCER_ID = 43;
const PRODUCER_EPOCH = 51;
const BASE_SEQUENCE = 53;
const RECORDS_COUNT = 57;
/** baseOffset + batchLength: the bytes not counted by batchLength (Records.LOG_OVERHEAD). */
const LOG_OVERHEAD = 12;

const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;
const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
/** CompressionType ids: the low three bits of the attributes. */
export const CompressionCodec = { none: 0, gzip: 1 } as const;
export type CompressionName = keyof typeof CompressionCodec;
/** RecordBatch.NO_TIMESTAMP, the timestamps of a batch without records. */
const NO_TIMESTAMP = -1;

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface RecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: RecordHeader[];
  timestamp: number;
  /** Defaults to the record's index; compaction passes the original delta so offsets survive cleaning. */
  offsetDelta?: number;
}

export interface BatchInput {
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  isTransactional?: boolean;
  isControl?: boolean;
  /** Defaults to the last record's offsetDelta; compaction keeps the original so the batch still ends where it did. */
  lastOffsetDelta?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  /** compression.type: the records section gzipped as a whole, or not (the default). */
  compression?: CompressionName;
  records: RecordInput[];
}

export interface RecordBatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
  lastOffset: number;
  sizeInBytes: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  isTransactional: boolean;
  isControl: boolean;
  compression: number;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// int64 as two int32 halves: exact for every safe integer, and cheaper than BigInt.
function getInt64(data: DataView, offset: number): number {
  return data.getInt32(offset) * 2 ** 32 + data.getUint32(offset + 4);
}

function setInt64(data: DataView, offset: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`int64 field out of the safe integer range: ${value}`);
  const high = Math.floor(value / 2 ** 32);
  data.setInt32(offset, high);
  data.setUint32(offset + 4, value - high * 2 ** 32);
}

function sizeOfBytes(bytes: Uint8Array | null): number {
  return bytes === null ? sizeOfVarint(-1) : sizeOfVarint(bytes.length) + bytes.length;
}

function writeBytes(target: Uint8Array, offset: number, bytes: Uint8Array | null): number {
  if (bytes === null) return writeVarint(target, offset, -1);
  offset = writeVarint(target, offset, bytes.length);
  target.set(bytes, offset);
  return offset + bytes.length;
}

/** One record laid out for writing: its fields and body size (DefaultRecord.sizeOfBodyInBytes). */
interface PlannedRecord {
  timestampDelta: number;
  offsetDelta: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: { key: Uint8Array; value: Uint8Array | null }[];
  bodySize: number;
}

function planRecord(record: RecordInput, index: number, baseTimestamp: number): PlannedRecord {
  const timestampDelta = record.timestamp - baseTimestamp;
  const offsetDelta = record.offsetDelta ?? index;
  const headers = (record.headers ?? []).map((header) => ({ key: utf8Encoder.encode(header.key), value: header.value }));
  let bodySize = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta) + sizeOfBytes(record.key) + sizeOfBytes(record.value);
  bodySize += sizeOfVarint(headers.length);
  for (const header of headers) bodySize += sizeOfBytes(header.key) + sizeOfBytes(header.value);
  return { timestampDelta, offsetDelta, key: record.key, value: record.value, headers, bodySize };
}

export function encodeRecordBatch(batch: BatchInput): Uint8Array {
  const { records } = batch;
  const baseTimestamp = records.length > 0 ? records[0].timestamp : (batch.maxTimestamp ?? NO_TIMESTAMP);
  const maxTimestamp = batch.maxTimestamp ?? records.reduce((max, record) => Math.max(max, record.timestamp), NO_TIMESTAMP);
  const planned = records.map((record, index) => planRecord(record, index, baseTimestamp));
  const lastOffsetDelta = batch.lastOffsetDelta ?? (planned.length > 0 ? planned[planned.length - 1].offsetDelta : 0);
  const codec = CompressionCodec[batch.compression ?? 'none'];
  const plain = writeRecords(planned);
  const section = codec === CompressionCodec.gzip ? gzipSync(plain) : plain;
  const size = RECORD_BATCH_OVERHEAD + section.length;

  const bytes = new Uint8Array(size);
  const data = view(bytes);
  setInt64(data, BASE_OFFSET, batch.baseOffset ?? 0);
  data.setInt32(LENGTH, size - LOG_OVERHEAD);
  data.setInt32(PARTITION_LEADER_EPOCH, batch.partitionLeaderEpoch ?? -1);
  data.setInt8(MAGIC, 2);
  const attributes =
    codec |
    (batch.timestampType === 'LogAppendTime' ? TIMESTAMP_TYPE_MASK : 0) |
    (batch.isTransactional ? TRANSACTIONAL_MASK : 0) |
    (batch.isControl ? CONTROL_MASK : 0);
  data.setInt16(ATTRIBUTES, attributes);
  data.setInt32(LAST_OFFSET_DELTA, lastOffsetDelta);
  setInt64(data, BASE_TIMESTAMP, baseTimestamp);
  setInt64(data, MAX_TIMESTAMP, maxTimestamp);
  setInt64(data, PRODUCER_ID, batch.producerId ?? -1);
  data.setInt16(PRODUCER_EPOCH, batch.producerEpoch ?? -1);
  data.setInt32(BASE_SEQUENCE, batch.baseSequence ?? -1);
  data.setInt32(RECORDS_COUNT, records.length);
  bytes.set(section, RECORD_BATCH_OVERHEAD);
  data.setUint32(CRC, crc32c(bytes, ATTRIBUTES, size));
  return bytes;
}

/** The records section of a batch, uncompressed (DefaultRecord.writeTo for each). */
function writeRecords(planned: readonly PlannedRecord[]): Uint8Array {
  const size = planned.reduce((total, record) => total + sizeOfVarint(record.bodySize) + record.bodySize, 0);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const record of planned) {
    offset = writeVarint(bytes, offset, record.bodySize);
    bytes[offset++] = 0; // record attributes: unused by Kafka
    offset = writeVarlong(bytes, offset, record.timestampDelta);
    offset = writeVarint(bytes, offset, record.offsetDelta);
    offset = writeBytes(bytes, offset, record.key);
    offset = writeBytes(bytes, offset, record.value);
    offset = writeVarint(bytes, offset, record.headers.length);
    for (const header of record.headers) {
      offset = writeBytes(bytes, offset, header.key);
      offset = writeBytes(bytes, offset, header.value);
    }
  }
  return bytes;
}

function corrupt(message: string): never {
  throw new KafkaError('CORRUPT_MESSAGE', message);
}

/** The header fields of the batch at the start of `bytes`, without touching the records. */
export function readBatchHeader(bytes: Uint8Array): RecordBatchHeader {
  if (bytes.length < RECORD_BATCH_OVERHEAD)
    corrupt(`Record batch is ${bytes.length} bytes, shorter than its ${RECORD_BATCH_OVERHEAD}-byte header`);
  const data = view(bytes);
  const magic = data.getInt8(MAGIC);
  if (magic !== 2) corrupt(`Record batch has magic ${magic}; only magic 2 is supported`);
  const batchLength = data.getInt32(LENGTH);
  const sizeInBytes = batchLength + LOG_OVERHEAD;
  if (sizeInBytes < RECORD_BATCH_OVERHEAD)
    corrupt(`Record batch size ${sizeInBytes} is less than the record batch overhead (${RECORD_BATCH_OVERHEAD})`);
  if (sizeInBytes > bytes.length) corrupt(`Record batch declares ${sizeInBytes} bytes but only ${bytes.length} are present`);
  const baseOffset = getInt64(data, BASE_OFFSET);
  const attributes = data.getInt16(ATTRIBUTES);
  const lastOffsetDelta = data.getInt32(LAST_OFFSET_DELTA);
  return {
    baseOffset,
    batchLength,
    partitionLeaderEpoch: data.getInt32(PARTITION_LEADER_EPOCH),
    magic,
    crc: data.getUint32(CRC),
    attributes,
    lastOffsetDelta,
    baseTimestamp: getInt64(data, BASE_TIMESTAMP),
    maxTimestamp: getInt64(data, MAX_TIMESTAMP),
    producerId: getInt64(data, PRODUCER_ID),
    producerEpoch: data.getInt16(PRODUCER_EPOCH),
    baseSequence: data.getInt32(BASE_SEQUENCE),
    recordsCount: data.getInt32(RECORDS_COUNT),
    lastOffset: baseOffset + lastOffsetDelta,
    sizeInBytes,
    timestampType: attributes & TIMESTAMP_TYPE_MASK ? 'LogAppendTime' : 'CreateTime',
    isTransactional: (attributes & TRANSACTIONAL_MASK) !== 0,
    isControl: (attributes & CONTROL_MASK) !== 0,
    compression: attributes & COMPRESSION_MASK,
  };
}

function readBytes(bytes: Uint8Array, cursor: Cursor, end: number, what: string): Uint8Array | null {
  const length = readVarint(bytes, cursor);
  if (length < 0) return null;
  if (cursor.pos + length > end) corrupt(`${what} of ${length} bytes runs past the end of its record`);
  const result = bytes.slice(cursor.pos, cursor.pos + length);
  cursor.pos += length;
  return result;
}

/**
 * The records of the batch at the start of `bytes`, with absolute offsets and timestamps. Key, value and
 * header values are copies. Under LogAppendTime every record carries the batch's maxTimestamp, as
 * DefaultRecordBatch reports it. The CRC is not checked here; see isCrcValid.
 */
export function decodeRecords(batch: Uint8Array): DecodedRecord[] {
  const header = readBatchHeader(batch);
  const { section: bytes, start, end } = recordsSection(batch, header);
  const cursor: Cursor = { pos: start };
  const records: DecodedRecord[] = [];
  for (let i = 0; i < header.recordsCount; i++) {
    const bodySize = readVarint(bytes, cursor);
    const bodyStart = cursor.pos;
    const bodyEnd = bodyStart + bodySize;
    if (bodySize < 1 || bodyEnd > end)
      corrupt(`Record ${i} of the batch at offset ${header.baseOffset} declares ${bodySize} bytes, past the end of the batch`);
    cursor.pos++; // record attributes: unused by Kafka
    const timestampDelta = readVarlong(bytes, cursor);
    const offsetDelta = readVarint(bytes, cursor);
    const key = readBytes(bytes, cursor, bodyEnd, 'Key');
    const value = readBytes(bytes, cursor, bodyEnd, 'Value');
    const headerCount = readVarint(bytes, cursor);
    if (headerCount < 0) corrupt(`Found invalid number of record headers ${headerCount}`);
    const headers: RecordHeader[] = [];
    for (let h = 0; h < headerCount; h++) {
      const headerKey = readBytes(bytes, cursor, bodyEnd, 'Header key');
      if (headerKey === null) corrupt('Invalid negative header key size');
      headers.push({ key: utf8Decoder.decode(headerKey), value: readBytes(bytes, cursor, bodyEnd, 'Header value') });
    }
    // DefaultRecord.readFrom's check that the body was consumed exactly.
    if (cursor.pos !== bodyEnd)
      corrupt(`Invalid record size: expected to read ${bodySize} bytes in record payload, but instead read ${cursor.pos - bodyStart}`);
    records.push({
      offset: header.baseOffset + offsetDelta,
      timestamp: header.timestampType === 'LogAppendTime' ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
      key,
      value,
      headers,
    });
  }
  if (cursor.pos !== end)
    corrupt(`Record batch at offset ${header.baseOffset} has ${end - cursor.pos} bytes after its ${header.recordsCount} records`);
  return records;
}

/** Where a batch's records are: in place when uncompressed, else in the decompressed section (DefaultRecordBatch.compressedIterator). */
function recordsSection(bytes: Uint8Array, header: RecordBatchHeader): { section: Uint8Array; start: number; end: number } {
  if (header.compression === CompressionCodec.none) return { section: bytes, start: RECORD_BATCH_OVERHEAD, end: header.sizeInBytes };
  if (header.compression !== CompressionCodec.gzip) {
    const codec = COMPRESSION_NAMES[header.compression] ?? `unknown (${header.compression})`;
    corrupt(`Record batch at offset ${header.baseOffset} uses compression codec ${codec}; this engine reads only none and gzip`);
  }
  let section: Uint8Array;
  try {
    section = gunzipSync(bytes.subarray(RECORD_BATCH_OVERHEAD, header.sizeInBytes));
  } catch (error) {
    corrupt(`Record batch at offset ${header.baseOffset} is not valid gzip: ${(error as Error).message}`);
  }
  return { section, start: 0, end: section.length };
}

/** Whether the stored CRC matches the bytes from attributes to the end (DefaultRecordBatch.isValid). */
export function isCrcValid(bytes: Uint8Array): boolean {
  let header: RecordBatchHeader;
  try {
    header = readBatchHeader(bytes);
  } catch {
    return false;
  }
  return header.crc === crc32c(bytes, ATTRIBUTES, header.sizeInBytes);
}

/** The leader assigns offsets in place; baseOffset lies outside the CRC, so the checksum stays valid. */
export function setBaseOffset(bytes: Uint8Array, baseOffset: number): void {
  setInt64(view(bytes), BASE_OFFSET, baseOffset);
}

/** The leader stamps its epoch in place; also outside the CRC. */
export function setPartitionLeaderEpoch(bytes: Uint8Array, epoch: number): void {
  view(bytes).setInt32(PARTITION_LEADER_EPOCH, epoch);
}

/**
 * For a LogAppendTime topic the leader overwrites the batch's timestamp with its own clock
 * (LogValidator, DefaultRecordBatch.setMaxTimestamp): sets the timestamp-type bit and maxTimestamp, then
 * recomputes the CRC because both lie inside it.
 */
export function setMaxTimestampLogAppendTime(bytes: Uint8Array, timestamp: number): void {
  const header = readBatchHeader(bytes);
  const data = view(bytes);
  data.setInt16(ATTRIBUTES, header.attributes | TIMESTAMP_TYPE_MASK);
  setInt64(data, MAX_TIMESTAMP, timestamp);
  data.setUint32(CRC, crc32c(bytes, ATTRIBUTES, header.sizeInBytes));
}

/**
 * The batches of a concatenation (a produce request's records, a fetch response, a segment), as views into
 * it: writing to one writes to `concatenated`. Like Kafka's ByteBufferLogInputStream, a partial batch at the
 * end (a fetch cut off by its size limit) is dropped, and a size below the batch overhead is corrupt.
 */
export function splitBatches(concatenated: Uint8Array): Uint8Array[] {
  const data = view(concatenated);
  const batches: Uint8Array[] = [];
  let offset = 0;
  while (concatenated.length - offset >= LOG_OVERHEAD) {
    const sizeInBytes = data.getInt32(offset + LENGTH) + LOG_OVERHEAD;
    if (sizeInBytes < RECORD_BATCH_OVERHEAD)
      corrupt(`Record batch size ${sizeInBytes} at byte ${offset} is less than the record batch overhead (${RECORD_BATCH_OVERHEAD})`);
    if (offset + sizeInBytes > concatenated.length) break;
    batches.push(concatenated.subarray(offset, offset + sizeInBytes));
    offset += sizeInBytes;
  }
  return batches;
}
