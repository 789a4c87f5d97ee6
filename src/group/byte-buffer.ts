/**
 * The primitive types of Kafka's message schemas (org.apache.kafka.common.protocol.types), big-endian:
 * fixed-width integers, STRING / NULLABLE_STRING / BYTES with int16/int32 lengths for non-flexible
 * versions, and the COMPACT_* forms with unsigned-varint length + 1 plus a tagged-field section
 * for flexible versions. The coordinator's __consumer_offsets records are written with these.
 */
import { uuidToString, type Uuid } from '../core/uuid';

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
  private chunks: number[] = [];

  int8(value: number): this {
    this.chunks.push(value & 0xff);
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

  unsignedVarint(value: number): this {
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.chunks.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    this.chunks.push(rest);
    return this;
  }

  raw(bytes: Uint8Array): this {
    for (const byte of bytes) this.chunks.push(byte);
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
    return Uint8Array.from(this.chunks);
  }
}

export class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
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

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.view.getUint8(this.advance(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new RangeError('Varint is too long');
  }

  raw(length: number): Uint8Array {
    const at = this.advance(length);
    return this.data.slice(at, at + length);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new RangeError('Non-nullable string is null');
    return value;
  }

  nullableString(): string | null {
    const length = this.int16();
    return length < 0 ? null : utf8Decoder.decode(this.raw(length));
  }

  bytes(): Uint8Array {
    return this.raw(this.int32());
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new RangeError('Non-nullable compact string is null');
    return value;
  }

  compactNullableString(): string | null {
    const length = this.unsignedVarint() - 1;
    return length < 0 ? null : utf8Decoder.decode(this.raw(length));
  }

  compactArray<T>(readItem: (reader: this) => T): T[] {
    const length = this.unsignedVarint() - 1;
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

  private advance(length: number): number {
    const at = this.pos;
    if (at + length > this.data.length) throw new RangeError(`Read past the end of a ${this.data.length}-byte buffer`);
    this.pos += length;
    return at;
  }
}
