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
 * codec (snappy, lz4, zstd) still yields its header (the log only needs that), but reading its records
 * throws CORRUPT_MESSAGE naming the codec, since Kafka's error table has no entry we use for it.
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

/** The bytes of a record's fields after its length varint (DefaultRecord.sizeOfBodyInBytes); header keys as UTF-8. */
function sizeOfBody(record: RecordInput, offsetDelta: number, timestampDelta: number, headerKeys: readonly Uint8Array[]): number {
  let bodySize = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta) + sizeOfBytes(record.key) + sizeOfBytes(record.value);
  bodySize += sizeOfVarint(headerKeys.length);
  for (let i = 0; i < headerKeys.length; i++) bodySize += sizeOfBytes(headerKeys[i]) + sizeOfBytes(record.headers![i].value);
  return bodySize;
}

const NO_HEADER_KEYS: readonly Uint8Array[] = [];

function headerKeysOf(record: RecordInput): readonly Uint8Array[] {
  const headers = record.headers;
  return headers === undefined || headers.length === 0 ? NO_HEADER_KEYS : headers.map((header) => utf8Encoder.encode(header.key));
}

/** DefaultRecord.sizeInBytes: the exact bytes a record takes inside a batch. */
export function recordSizeInBytes(record: RecordInput, offsetDelta: number, baseTimestamp: number): number {
  const bodySize = sizeOfBody(record, offsetDelta, record.timestamp - baseTimestamp, headerKeysOf(record));
  return sizeOfVarint(bodySize) + bodySize;
}

/** The header fields of a batch a builder writes when it is built. */
export type BatchHeaderInput = Omit<BatchInput, 'records'>;

/**
 * Kafka's MemoryRecordsBuilder: each record is written into the batch's buffer as it is appended,
 * so the caller's key and value need not be kept, and the header (offsets, producer state, CRC) is
 * written when the batch is built, and can be written again (reopenAndRewriteProducerState) for a
 * new producer epoch. The buffer grows as records come, as ByteBufferOutputStream does.
 */
export class MemoryRecordsBuilder {
  private buffer: Uint8Array;
  private position = RECORD_BATCH_OVERHEAD;
  private count = 0;
  private baseTimestamp = NO_TIMESTAMP;
  private maxTimestamp = NO_TIMESTAMP;
  private lastOffsetDelta = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Uint8Array(Math.max(initialCapacity, RECORD_BATCH_OVERHEAD));
  }

  /** The batch's size so far, header included. */
  get sizeInBytes(): number {
    return this.position;
  }

  get recordCount(): number {
    return this.count;
  }

  /** The first record's timestamp, which the others are written relative to; null while empty. */
  get firstTimestamp(): number | null {
    return this.count === 0 ? null : this.baseTimestamp;
  }

  append(record: RecordInput): void {
    const offsetDelta = record.offsetDelta ?? this.count;
    if (this.count === 0) this.baseTimestamp = record.timestamp;
    const timestampDelta = record.timestamp - this.baseTimestamp;
    const headerKeys = headerKeysOf(record);
    const bodySize = sizeOfBody(record, offsetDelta, timestampDelta, headerKeys);
    this.ensureRoom(sizeOfVarint(bodySize) + bodySize);
    const bytes = this.buffer;
    let offset = writeVarint(bytes, this.position, bodySize);
    bytes[offset++] = 0; // record attributes: unused by Kafka
    offset = writeVarlong(bytes, offset, timestampDelta);
    offset = writeVarint(bytes, offset, offsetDelta);
    offset = writeBytes(bytes, offset, record.key);
    offset = writeBytes(bytes, offset, record.value);
    offset = writeVarint(bytes, offset, headerKeys.length);
    for (let i = 0; i < headerKeys.length; i++) {
      offset = writeBytes(bytes, offset, headerKeys[i]);
      offset = writeBytes(bytes, offset, record.headers![i].value);
    }
    this.position = offset;
    this.count++;
    this.maxTimestamp = Math.max(this.maxTimestamp, record.timestamp);
    this.lastOffsetDelta = offsetDelta;
  }

  /**
   * Writes the header over the records so far and returns the batch. Uncompressed, the bytes are the
   * builder's own (a view when the buffer is larger), so building again with another producer state
   * rewrites them in place; compressed, the records section is gzipped into new bytes each time.
   */
  build(batch: BatchHeaderInput = {}): Uint8Array {
    const codec = CompressionCodec[batch.compression ?? 'none'];
    let bytes: Uint8Array;
    if (codec === CompressionCodec.gzip) {
      const section = gzipSync(this.buffer.subarray(RECORD_BATCH_OVERHEAD, this.position));
      bytes = new Uint8Array(RECORD_BATCH_OVERHEAD + section.length);
      bytes.set(section, RECORD_BATCH_OVERHEAD);
    } else {
      // A buffer mostly empty is trimmed, so a small batch does not carry its spare room around.
      if (this.buffer.length > 2 * this.position) this.buffer = this.buffer.slice(0, this.position);
      bytes = this.buffer.length === this.position ? this.buffer : this.buffer.subarray(0, this.position);
    }
    const size = bytes.length;
    const data = view(bytes);
    const baseTimestamp = this.count > 0 ? this.baseTimestamp : (batch.maxTimestamp ?? NO_TIMESTAMP);
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
    data.setInt32(LAST_OFFSET_DELTA, batch.lastOffsetDelta ?? this.lastOffsetDelta);
    setInt64(data, BASE_TIMESTAMP, baseTimestamp);
    setInt64(data, MAX_TIMESTAMP, batch.maxTimestamp ?? this.maxTimestamp);
    setInt64(data, PRODUCER_ID, batch.producerId ?? -1);
    data.setInt16(PRODUCER_EPOCH, batch.producerEpoch ?? -1);
    data.setInt32(BASE_SEQUENCE, batch.baseSequence ?? -1);
    data.setInt32(RECORDS_COUNT, this.count);
    data.setUint32(CRC, crc32c(bytes, ATTRIBUTES, size));
    return bytes;
  }

  private ensureRoom(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
  }
}

export function encodeRecordBatch(batch: BatchInput): Uint8Array {
  const { records } = batch;
  const baseTimestamp = records.length > 0 ? records[0].timestamp : 0;
  let size = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < records.length; i++) size += recordSizeInBytes(records[i], records[i].offsetDelta ?? i, baseTimestamp);
  const builder = new MemoryRecordsBuilder(size);
  for (const record of records) builder.append(record);
  return builder.build(batch);
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

/**
 * A record as forEachRecord reads it, in place: where its key and value lie in the batch's bytes,
 * nothing copied. One object is reused for every record of a batch, so a pass over a batch (the
 * leader's validation) allocates nothing per record; take what you need before the next one.
 */
export interface RecordInPlace {
  /** The bytes its key, value and headers lie in: the batch itself, or its records section decompressed. */
  source: Uint8Array;
  /** Its position in the batch, from 0. */
  index: number;
  offset: number;
  timestamp: number;
  /** -1 for a null key or value. */
  keyLength: number;
  keyStart: number;
  valueLength: number;
  valueStart: number;
  headerCount: number;
  /** Where its headers start: key length, key, value length, value, for each. */
  headersStart: number;
}

/** Skips a length-prefixed field (a key, value or header part); returns its length, -1 when null. */
function skipBytes(bytes: Uint8Array, cursor: Cursor, end: number, what: string): number {
  const length = readVarint(bytes, cursor);
  if (length < 0) return -1;
  if (cursor.pos + length > end) corrupt(`${what} of ${length} bytes runs past the end of its record`);
  cursor.pos += length;
  return length;
}

/**
 * Walks the records of the batch at the start of `bytes` with absolute offsets and timestamps,
 * checking each one's framing as DefaultRecord.readFrom does. Under LogAppendTime every record
 * carries the batch's maxTimestamp, as DefaultRecordBatch reports it. The CRC is not checked here;
 * see isCrcValid.
 */
export function forEachRecord(batch: Uint8Array, visit: (record: RecordInPlace) => void): void {
  const header = readBatchHeader(batch);
  const { section: bytes, start, end } = recordsSection(batch, header);
  const cursor: Cursor = { pos: start };
  const record: RecordInPlace = {
    source: bytes,
    index: 0,
    offset: 0,
    timestamp: 0,
    keyLength: -1,
    keyStart: 0,
    valueLength: -1,
    valueStart: 0,
    headerCount: 0,
    headersStart: 0,
  };
  for (let i = 0; i < header.recordsCount; i++) {
    const bodySize = readVarint(bytes, cursor);
    const bodyStart = cursor.pos;
    const bodyEnd = bodyStart + bodySize;
    if (bodySize < 1 || bodyEnd > end)
      corrupt(`Record ${i} of the batch at offset ${header.baseOffset} declares ${bodySize} bytes, past the end of the batch`);
    cursor.pos++; // record attributes: unused by Kafka
    const timestampDelta = readVarlong(bytes, cursor);
    const offsetDelta = readVarint(bytes, cursor);
    record.keyLength = skipBytes(bytes, cursor, bodyEnd, 'Key');
    record.keyStart = cursor.pos - Math.max(0, record.keyLength);
    record.valueLength = skipBytes(bytes, cursor, bodyEnd, 'Value');
    record.valueStart = cursor.pos - Math.max(0, record.valueLength);
    const headerCount = readVarint(bytes, cursor);
    if (headerCount < 0) corrupt(`Found invalid number of record headers ${headerCount}`);
    record.headersStart = cursor.pos;
    for (let h = 0; h < headerCount; h++) {
      if (skipBytes(bytes, cursor, bodyEnd, 'Header key') < 0) corrupt('Invalid negative header key size');
      skipBytes(bytes, cursor, bodyEnd, 'Header value');
    }
    // DefaultRecord.readFrom's check that the body was consumed exactly.
    if (cursor.pos !== bodyEnd)
      corrupt(`Invalid record size: expected to read ${bodySize} bytes in record payload, but instead read ${cursor.pos - bodyStart}`);
    record.index = i;
    record.offset = header.baseOffset + offsetDelta;
    record.timestamp = header.timestampType === 'LogAppendTime' ? header.maxTimestamp : header.baseTimestamp + timestampDelta;
    record.headerCount = headerCount;
    visit(record);
  }
  if (cursor.pos !== end)
    corrupt(`Record batch at offset ${header.baseOffset} has ${end - cursor.pos} bytes after its ${header.recordsCount} records`);
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

/** A copy of `length` bytes at `start`, or null for length -1. */
function copyOf(bytes: Uint8Array, start: number, length: number): Uint8Array | null {
  return length < 0 ? null : bytes.slice(start, start + length);
}

/** The headers of a record forEachRecord has checked. */
function readHeaders(record: RecordInPlace): RecordHeader[] {
  const bytes = record.source;
  const headers: RecordHeader[] = [];
  const cursor: Cursor = { pos: record.headersStart };
  for (let h = 0; h < record.headerCount; h++) {
    const keyLength = readVarint(bytes, cursor);
    const key = utf8Decoder.decode(bytes.subarray(cursor.pos, cursor.pos + keyLength));
    cursor.pos += keyLength;
    const valueLength = readVarint(bytes, cursor);
    headers.push({ key, value: copyOf(bytes, cursor.pos, valueLength) });
    cursor.pos += Math.max(0, valueLength);
  }
  return headers;
}

/** The records of the batch at the start of `bytes` (see forEachRecord). Key, value and header values are copies. */
export function decodeRecords(bytes: Uint8Array): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  forEachRecord(bytes, (record) => {
    records.push({
      offset: record.offset,
      timestamp: record.timestamp,
      key: copyOf(record.source, record.keyStart, record.keyLength),
      value: copyOf(record.source, record.valueStart, record.valueLength),
      headers: record.headerCount === 0 ? [] : readHeaders(record),
    });
  });
  return records;
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
