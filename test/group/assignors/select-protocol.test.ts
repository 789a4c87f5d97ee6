import { describe, expect, it } from 'vitest';
import { selectProtocol } from '../../../src/group/assignors/select-protocol';

describe('group > assignors > select protocol', () => {
  it.each<[string, string[][], string | null]>([
    ['picks the protocol most members prefer', [['range', 'roundrobin'], ['roundrobin', 'range'], ['roundrobin']], 'roundrobin'],
    ['skips a preference that not every member supports', [['cooperative-sticky', 'range'], ['range']], 'range'],
    // Java's HashMap puts 'range' before 'cooperative-sticky' and 'sticky' before 'roundrobin'.
    [
      'breaks a tie by Java HashMap order, whatever the join order',
      [
        ['cooperative-sticky', 'range'],
        ['range', 'cooperative-sticky'],
      ],
      'range',
    ],
    [
      'breaks another tie the same way',
      [
        ['roundrobin', 'sticky'],
        ['sticky', 'roundrobin'],
      ],
      'sticky',
    ],
    ['returns null without a common protocol', [['range'], ['roundrobin']], null],
    ['returns null for an empty group', [], null],
  ])('%s', (_, members, expected) => {
    expect(selectProtocol(members)).toBe(expected);
  });
});
