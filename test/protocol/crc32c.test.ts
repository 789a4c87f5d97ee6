import { describe, expect, it } from 'vitest';
import { crc32c } from '../../src/protocol/crc32c';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('protocol > crc32c', () => {
  it('gives the CRC-32C check value for "123456789"', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('matches the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('checksums only the given range', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc32c(bytes, 2, 11)).toBe(0xe3069283);
  });

  it('is 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe('protocol > crc32c, eight bytes at a time', () => {
  /** The definition, one bit at a time: what the sliced tables must agree with. */
  function bitwise(bytes: Uint8Array, start: number, end: number): number {
    let crc = 0xffffffff;
    for (let i = start; i < end; i++) {
      crc ^= bytes[i]!;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  }

  it('agrees with the bit-at-a-time definition for every length and alignment up to 70 bytes (seed 20261205)', () => {
    let state = 20261205;
    const bytes = Uint8Array.from({ length: 96 }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 24;
    });
    for (let start = 0; start < 9; start++) {
      for (let length = 0; length <= 70; length++) {
        expect(crc32c(bytes, start, start + length), `start ${start}, length ${length}`).toBe(bitwise(bytes, start, start + length));
      }
    }
  });
});
