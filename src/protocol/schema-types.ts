/**
 * The primitive types of Kafka's message schemas (org.apache.kafka.common.protocol.types), big-endian:
 * fixed-width integers, STRING / NULLABLE_STRING / BYTES / NULLABLE_BYTES and ARRAY with int16/int32
 * lengths for non-flexible versions, and the COMPACT_* forms with unsigned-varint length + 1 plus a
 * tagged-field section for flexible versions. The consumer protocol's subscription and assignment, the
 * sticky assignors' userData and the coordinator's __consumer_offsets records are all written with these.
 */
import { uuidToString, type Uuid } from '../core/uuid';
import { KafkaError } from './errors';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const UUID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 16 bytes of a Kafka Uuid string (the inverse of uuidToString). */
function uuidBytes(uuid: Uuid): Uint8Array {
  const bits: number[] = [];
  for (const char of uuid) {
    const value = UUID_ALPHABET.indexOf(char);
    if (value < 0) throw new RangeError(`Not a Kafka Uuid: ${uuid}`);
    for (let bit = 5; bit >= 0; bit--) bits.push((value >> bit) & 1);
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 128; i++) bytes[i >> 3] |= bits[i] << (7 - (i & 7));
  return bytes;
}

export class ByteWriter {
  // One growing buffer rather than an array of numbers: a Produce or Fetch frame carries megabytes of batches.
  private buffer = new Uint8Array(64);
  private length = 0;

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  int8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }

  int16(value: number): this {
    return this.int8(value >> 8).int8(value);
  }

  int32(value: number): this {
    return this.int16(value >> 16).int16(value);
  }

  int64(value: number): this {
    const high = Math.floor(value / 2 ** 32);
    return this.int32(high).int32(value - high * 2 ** 32);
  }

  float64(value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value);
    return this.raw(bytes);
  }

  unsignedVarint(value: number): this {
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.int8((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    return this.int8(rest);
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  string(value: string): this {
    const bytes = utf8Encoder.encode(value);
    return this.int16(bytes.length).raw(bytes);
  }

  nullableString(value: string | null): this {
    return value === null ? this.int16(-1) : this.string(value);
  }

  bytes(value: Uint8Array): this {
    return this.int32(value.length).raw(value);
  }

  nullableBytes(value: Uint8Array | null): this {
    return value === null ? this.int32(-1) : this.bytes(value);
  }

  array<T>(items: readonly T[], writeItem: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(item);
    return this;
  }

  compactString(value: string): this {
    const bytes = utf8Encoder.encode(value);
    return this.unsignedVarint(bytes.length + 1).raw(bytes);
  }

  compactNullableString(value: string | null): this {
    return value === null ? this.unsignedVarint(0) : this.compactString(value);
  }

  compactArray<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.unsignedVarint(items.length + 1);
    for (const item of items) writeItem(this, item);
    return this;
  }

  uuid(value: Uuid): this {
    return this.raw(uuidBytes(value));
  }

  /** An empty tagged-field section: this project writes no tagged fields. */
  noTaggedFields(): this {
    return this.unsignedVarint(0);
  }

  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/**
 * Reads the schema types. Short or malformed input fails with INVALID_REQUEST naming `what` was being
 * read, where Kafka throws a SchemaException or BufferUnderflowException.
 */
export class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  /** `what` names the structure in error messages ("consumer protocol's subscription"). */
  constructor(
    private readonly data: Uint8Array,
    private readonly what = 'buffer',
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  int8(): number {
    return this.view.getInt8(this.advance(1));
  }

  int16(): number {
    return this.view.getInt16(this.advance(2));
  }

  int32(): number {
    return this.view.getInt32(this.advance(4));
  }

  int64(): number {
    const at = this.advance(8);
    return this.view.getInt32(at) * 2 ** 32 + this.view.getUint32(at + 4);
  }

  uint16(): number {
    return this.view.getUint16(this.advance(2));
  }

  float64(): number {
    return this.view.getFloat64(this.advance(8));
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.data.length - this.pos;
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.view.getUint8(this.advance(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    this.fail('varint is too long');
  }

  raw(length: number): Uint8Array {
    const at = this.advance(length);
    return this.data.slice(at, at + length);
  }

  string(): string {
    return this.nonNull(this.nullableString(), 'string');
  }

  nullableString(): string | null {
    const length = this.int16();
    return length < 0 ? null : this.utf8(this.raw(length));
  }

  bytes(): Uint8Array {
    return this.nonNull(this.nullableBytes(), 'bytes');
  }

  nullableBytes(): Uint8Array | null {
    const length = this.int32();
    return length < 0 ? null : this.raw(length);
  }

  array<T>(readItem: () => T): T[] {
    const count = this.int32();
    if (count < 0) this.fail('non-nullable array was null');
    // Each element takes at least one byte, so a count beyond the bytes left is corrupt, not a huge allocation.
    if (count > this.data.length - this.pos) this.fail(`array of ${count} elements is longer than the buffer`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem());
    return items;
  }

  compactString(): string {
    return this.nonNull(this.compactNullableString(), 'compact string');
  }

  compactNullableString(): string | null {
    const length = this.unsignedVarint() - 1;
    return length < 0 ? null : this.utf8(this.raw(length));
  }

  compactArray<T>(readItem: (reader: this) => T): T[] {
    const length = this.unsignedVarint() - 1;
    if (length > this.data.length - this.pos) this.fail(`array of ${length} elements is longer than the buffer`);
    const items: T[] = [];
    for (let i = 0; i < length; i++) items.push(readItem(this));
    return items;
  }

  uuid(): Uuid {
    return uuidToString(this.raw(16));
  }

  /** Skips a tagged-field section: fields this reader does not know are ignored, as Kafka's readers do. */
  taggedFields(): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.unsignedVarint();
      this.raw(this.unsignedVarint());
    }
  }

  private utf8(bytes: Uint8Array): string {
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      this.fail('invalid UTF-8 string');
    }
  }

  private nonNull<T>(value: T | null, type: string): T {
    if (value === null) this.fail(`non-nullable ${type} was null`);
    return value;
  }

  private advance(length: number): number {
    const at = this.pos;
    if (at + length > this.data.length) this.fail(`buffer underflow: ${length} bytes wanted at ${at} of ${this.data.length}`);
    this.pos += length;
    return at;
  }

  private fail(problem: string): never {
    throw new KafkaError('INVALID_REQUEST', `Error reading ${this.what}: ${problem}`);
  }
}
