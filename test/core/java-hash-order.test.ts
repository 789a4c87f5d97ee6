import { describe, expect, it } from 'vitest';
import { compareUuids, javaHashOrder, javaStringHash, javaStringKeyOrder, javaUuidHash } from '../../src/core/java-hash-order';

// Expected values were printed by a JDK 17 java.util.HashMap / HashSet and Kafka's Uuid formulas.
describe('group > assignors > java hash order', () => {
  it('hashes strings as String.hashCode', () => {
    expect(javaStringHash('t-0')).toBe(112919);
    expect(javaStringHash('é日本')).toBe(1058960);
  });

  it('iterates string keys as a HashMap does, across table resizes', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `consumer-${(i * 7919) % 101}-x${i}`);
    expect(javaStringKeyOrder(keys(5))).toEqual(['consumer-0-x0', 'consumer-41-x1', 'consumer-63-x4', 'consumer-22-x3', 'consumer-82-x2']);
    expect(javaStringKeyOrder(keys(13))).toEqual([
      'consumer-88-x12',
      'consumer-44-x6',
      'consumer-66-x9',
      'consumer-3-x5',
      'consumer-47-x11',
      'consumer-0-x0',
      'consumer-41-x1',
      'consumer-63-x4',
      'consumer-22-x3',
      'consumer-25-x8',
      'consumer-85-x7',
      'consumer-6-x10',
      'consumer-82-x2',
    ]);
  });

  it('iterates a HashSet of integers by bucket, colliding ones in insertion order', () => {
    expect(javaHashOrder([40, 3, 17, 1, 33, 16, 0], (x) => x)).toEqual([16, 0, 17, 1, 33, 3, 40]);
  });

  it('hashes and compares Kafka Uuids as Uuid.hashCode and Uuid.compareTo (signed longs)', () => {
    expect(javaUuidHash('AAAAAAAAAAAAAAAAAAAAAQ')).toBe(1);
    expect(javaUuidHash('_____________________w')).toBe(0);
    expect(javaUuidHash('gAAAAAAAAAAAAAAAAAAAAA')).toBe(-2147483648);
    expect(javaUuidHash('3s9yQ2xGQ9m4x_Yb0VqK3A')).toBe(-619426467);
    expect(compareUuids('_____________________w', 'AAAAAAAAAAAAAAAAAAAAAQ')).toBe(-1);
    expect(compareUuids('gAAAAAAAAAAAAAAAAAAAAA', 'f_____________________')).toBe(-1);
    expect(compareUuids('AAAAAAAAAAAAAAAAAAAAAQ', 'AAAAAAAAAAAAAAAAAAAAAQ')).toBe(0);
  });
});
