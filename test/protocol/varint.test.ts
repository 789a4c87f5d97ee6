import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readVarint, readVarlong, sizeOfVarlong, writeVarint, writeVarlong } from '../../src/protocol/varint';
import { KafkaError } from '../../src/protocol/errors';

const require = createRequire(import.meta.url);
// kafkajs's Encoder is an independent implementation of the same wire format.
const KafkajsEncoder = require('kafkajs/src/protocol/encoder');
const KafkajsLong = require('kafkajs/src/utils/long');

function varint(value: number): number[] {
  const bytes = new Uint8Array(10);
  return [...bytes.subarray(0, writeVarint(bytes, 0, value))];
}

function varlong(value: number): number[] {
  const bytes = new Uint8Array(10);
  return [...bytes.subarray(0, writeVarlong(bytes, 0, value))];
}

describe('protocol > varint', () => {
  it('zig-zags small values so the sign costs one bit', () => {
    expect(varint(0)).toEqual([0x00]);
    expect(varint(-1)).toEqual([0x01]);
    expect(varint(1)).toEqual([0x02]);
    expect(varint(63)).toEqual([0x7e]);
    expect(varint(-64)).toEqual([0x7f]);
    expect(varint(64)).toEqual([0x80, 0x01]);
    expect(varint(-65)).toEqual([0x81, 0x01]);
  });

  it('writes the int32 extremes in five bytes', () => {
    expect(varint(2147483647)).toEqual([0xfe, 0xff, 0xff, 0xff, 0x0f]);
    expect(varint(-2147483648)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('rejects a varint outside int32', () => {
    expect(() => varint(2147483648)).toThrow(RangeError);
  });

  it('reads back every edge value it writes', () => {
    for (const value of [0, 1, -1, 63, -64, 64, -65, 8191, 8192, -8193, 2147483647, -2147483648]) {
      const bytes = Uint8Array.from(varint(value));
      const cursor = { pos: 0 };
      expect(readVarint(bytes, cursor)).toBe(value);
      expect(cursor.pos).toBe(bytes.length);
    }
    for (const value of [
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 32,
      1700000000000,
      -1700000000000,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ]) {
      const bytes = Uint8Array.from(varlong(value));
      expect(sizeOfVarlong(value)).toBe(bytes.length);
      expect(readVarlong(bytes, { pos: 0 })).toBe(value);
    }
  });

  it('writes the same bytes as kafkajs for varints and varlongs', () => {
    for (const value of [0, -1, 300, -300, 2147483647, -2147483648]) {
      const theirs = new KafkajsEncoder().writeVarInt(value).buffer;
      expect(varint(value)).toEqual([...theirs]);
    }
    for (const value of [0, -1, 1700000000123, -1700000000123, 2 ** 40 + 7]) {
      const theirs = new KafkajsEncoder().writeVarLong(KafkajsLong.fromNumber(value)).buffer;
      expect(varlong(value)).toEqual([...theirs]);
    }
  });

  it('reports a truncated or overlong varint as CORRUPT_MESSAGE', () => {
    expect(() => readVarint(Uint8Array.from([0x80, 0x80]), { pos: 0 })).toThrow(KafkaError);
    expect(() => readVarint(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), { pos: 0 })).toThrow(
      /most significant bit in the 5th byte is set/,
    );
    try {
      readVarint(Uint8Array.from([0x80]), { pos: 0 });
    } catch (error) {
      expect((error as KafkaError).type).toBe('CORRUPT_MESSAGE');
    }
  });
});
