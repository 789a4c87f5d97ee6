/**
 * Zig-zag variable-length integers, as Kafka's ByteUtils.writeVarint / writeVarlong write them in
 * RecordBatch v2 records: the sign moves to the low bit, then 7 bits per byte, low group first, high bit
 * set on every byte but the last. Values are JS numbers, so a varlong must be a safe integer (|n| < 2^53);
 * offsets and timestamps always are.
 */
import { KafkaError } from './errors';

/** A read position that the read functions advance. */
export interface Cursor {
  pos: number;
}

// Below 2^52 the zig-zag value stays below 2^53, where doubles are exact; beyond that BigInt takes over.
const EXACT_LIMIT = 2 ** 52;

function zigZag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function zigZagBig(value: number): bigint {
  const big = BigInt(value);
  return big >= 0n ? big << 1n : (-big << 1n) - 1n;
}

function unZigZag(encoded: number): number {
  return encoded % 2 === 0 ? encoded / 2 : -(encoded + 1) / 2;
}

export function sizeOfVarlong(value: number): number {
  if (Math.abs(value) >= EXACT_LIMIT) return Math.ceil(zigZagBig(value).toString(2).length / 7);
  let encoded = zigZag(value);
  let size = 1;
  while (encoded >= 0x80) {
    encoded = Math.floor(encoded / 0x80);
    size++;
  }
  return size;
}

/** Writes `value` at `offset` and returns the offset after it. */
export function writeVarlong(target: Uint8Array, offset: number, value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`varlong out of range: ${value}`);
  if (Math.abs(value) >= EXACT_LIMIT) {
    let encoded = zigZagBig(value);
    while (encoded >= 0x80n) {
      target[offset++] = Number(encoded & 0x7fn) | 0x80;
      encoded >>= 7n;
    }
    target[offset++] = Number(encoded);
    return offset;
  }
  let encoded = zigZag(value);
  // Division, not bit operations: the zig-zag value of a timestamp exceeds 32 bits.
  while (encoded >= 0x80) {
    target[offset++] = (encoded % 0x80) | 0x80;
    encoded = Math.floor(encoded / 0x80);
  }
  target[offset++] = encoded;
  return offset;
}

/** Writes an int32 as a varint; the bytes are the same as a varlong of the same value. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  if ((value | 0) !== value) throw new RangeError(`varint out of range: ${value}`);
  return writeVarlong(target, offset, value);
}

export const sizeOfVarint = sizeOfVarlong;

// Up to 7 bytes (49 bits) add up exactly as doubles; longer encodings, rare since they need |value| >= 2^48,
// go through BigInt so that the odd zig-zag values above 2^53 are not rounded.
const EXACT_BYTES = 7;

function readZigZag(source: Uint8Array, cursor: Cursor, maxBytes: number, kind: string): number {
  const start = cursor.pos;
  let result = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes; i++) {
    if (cursor.pos >= source.length) throw new KafkaError('CORRUPT_MESSAGE', `Truncated ${kind} at byte ${cursor.pos}`);
    const byte = source[cursor.pos++];
    result += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return i < EXACT_BYTES ? unZigZag(result) : readLong(source, start, cursor.pos, kind);
    scale *= 0x80;
  }
  // ByteUtils.illegalVarintException's wording.
  throw new KafkaError('CORRUPT_MESSAGE', `${kind} is too long, most significant bit in the ${maxBytes}th byte is set`);
}

function readLong(source: Uint8Array, start: number, end: number, kind: string): number {
  let encoded = 0n;
  for (let i = end - 1; i >= start; i--) encoded = (encoded << 7n) | BigInt(source[i] & 0x7f);
  const value = (encoded >> 1n) ^ -(encoded & 1n);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new KafkaError('CORRUPT_MESSAGE', `${kind} ${value} is outside the safe integer range`);
  }
  return Number(value);
}

export function readVarint(source: Uint8Array, cursor: Cursor): number {
  const value = readZigZag(source, cursor, 5, 'Varint');
  if ((value | 0) !== value) throw new KafkaError('CORRUPT_MESSAGE', `Varint ${value} does not fit in 32 bits`);
  return value;
}

export function readVarlong(source: Uint8Array, cursor: Cursor): number {
  return readZigZag(source, cursor, 10, 'Varlong');
}
