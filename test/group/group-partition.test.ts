import { describe, expect, it } from 'vitest';
import { groupPartition } from '../../src/protocol/internal-topics';

describe('group > partition', () => {
  it('maps the reference groups onto 50 partitions as Kafka does', () => {
    expect(groupPartition('my-group', 50)).toBe(12);
    expect(groupPartition('test-consumer-group', 50)).toBe(31);
    expect(groupPartition('console-consumer-12345', 50)).toBe(6);
    expect(groupPartition('', 50)).toBe(0);
  });

  it('takes abs(Integer.MIN_VALUE) as 0', () => {
    expect(groupPartition('polygenelubricants', 7)).toBe(0);
  });
});
