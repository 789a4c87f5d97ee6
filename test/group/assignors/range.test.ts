import { describe, expect, it } from 'vitest';
import { RangeAssignor } from '../../../src/group/assignors/range';
import type { AssignmentMemberSpec } from '../../../src/group/assignors/server-assignor';
import { T0, T1, readable, spec, topicsOf } from './fixtures';

describe('group > assignors > range', () => {
  it.each<[string, Record<string, number>, AssignmentMemberSpec[], Record<string, Record<string, number[]>>]>([
    [
      'co-partitions topics with equal partition counts',
      { [T0]: 3, [T1]: 3 },
      [spec('M1', [T0, T1]), spec('M0', [T0, T1])],
      { M0: { t0: [0, 1], t1: [0, 1] }, M1: { t0: [2], t1: [2] } },
    ],
    [
      'sorts static members first, by instance id',
      { [T0]: 3 },
      // Member ids sort the other way round from the instance ids, so only the instance ids give this order.
      [spec('a-dynamic', [T0]), spec('y-static', [T0], {}, 'instance-b'), spec('z-static', [T0], {}, 'instance-a')],
      { 'a-dynamic': { t0: [2] }, 'z-static': { t0: [0] }, 'y-static': { t0: [1] } },
    ],
    [
      'ranges each topic over its own subscribers when subscriptions differ',
      { [T0]: 3, [T1]: 2 },
      [spec('A', [T0]), spec('B', [T0, T1])],
      { A: { t0: [0, 1] }, B: { t0: [2], t1: [0, 1] } },
    ],
    [
      'leaves the last members empty when they outnumber the partitions',
      { [T0]: 2 },
      [spec('M0', [T0]), spec('M1', [T0]), spec('M2', [T0])],
      { M0: { t0: [0] }, M1: { t0: [1] }, M2: {} },
    ],
    [
      'ignores the current assignment (not sticky since 4.0)',
      { [T0]: 2 },
      [spec('M0', [T0], { [T0]: [1] }), spec('M1', [T0], { [T0]: [0] })],
      { M0: { t0: [0] }, M1: { t0: [1] } },
    ],
  ])('%s', (_, counts, members, expected) => {
    expect(readable(new RangeAssignor().assign(members, topicsOf(counts)))).toEqual(expected);
  });
});
