import { describe, expect, it } from 'vitest';
import { recordHolders } from '../../src/ui/inspector/record-holders';

describe('which replicas hold a record', () => {
  it('counts a replica whose log end offset is past the record, and names the ones behind or silent', () => {
    const replicas = [
      { brokerId: 1, logEndOffset: 13 },
      { brokerId: 2, logEndOffset: 12 },
      { brokerId: 3, logEndOffset: undefined },
    ];
    expect(recordHolders(12, replicas)).toEqual({ holding: [1], missing: [2], unknown: [3] });
    expect(recordHolders(11, replicas)).toEqual({ holding: [1, 2], missing: [], unknown: [3] });
  });
});
