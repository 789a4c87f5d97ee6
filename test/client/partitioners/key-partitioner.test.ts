import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../src/client/partitioners/key-partitioner';

const utf8 = new TextEncoder();

describe('client > partitioners > key', () => {
  // murmur2('foobar') = -790332482 (Kafka UtilsTest); toPositive masks the sign bit: 1357151166.
  it('maps a key to toPositive(murmur2(key)) mod the partition count, not Math.abs', () => {
    expect(partitionForKey(utf8.encode('foobar'), 7)).toBe(1357151166 % 7);
    expect(partitionForKey(utf8.encode('foobar'), 7)).not.toBe(790332482 % 7);
  });
});
