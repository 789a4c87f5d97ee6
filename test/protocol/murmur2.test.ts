import { describe, expect, it } from 'vitest';
import { murmur2, toPositive } from '../../src/protocol/murmur2';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('protocol > murmur2', () => {
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as Kafka UtilsTest.testMurmur2 expects', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected);
  });

  it.each([
    ['0', 971027396],
    ['1', -1993445489],
    ['128', -326012175],
    ['2187', -1508407203],
    ['16384', -325739742],
    ['78125', -1654490814],
    ['279936', 1462227128],
    ['823543', -2014198330],
    ['2097152', 607668903],
    ['4782969', -1182699775],
    ['10000000', -1830336757],
    ['19487171', -1603849305],
    ['35831808', -857013643],
    ['62748517', -1167431028],
    ['105413504', -381294639],
    ['170859375', -1658323481],
    ['100:48069', 1009543857],
  ])('hashes %s as the Java-generated kafkajs vectors expect', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected);
  });

  it('makes a hash positive by clearing the sign bit, not by Math.abs', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-790332482)).toBe(1357151166);
    expect(toPositive(479470107)).toBe(479470107);
  });
});
