import { describe, expect, it } from 'vitest';
import type { AssignmentMemberSpec } from '../../../src/group/assignors/server-assignor';
import { UniformAssignor } from '../../../src/group/assignors/uniform';
import { T0, T1, readable, spec, topicsOf } from './fixtures';

// Member ids M0, M1, M2 and A, B land in Java HashMap buckets in that order, so that is Kafka's member order.
describe('group > assignors > uniform', () => {
  const assignor = new UniformAssignor();

  it.each<[string, Record<string, number>, AssignmentMemberSpec[], Record<string, Record<string, number[]>>]>([
    [
      'keeps members at their quota and hands the surplus to a joining member',
      { [T0]: 3, [T1]: 3 },
      [spec('M0', [T0, T1], { [T0]: [0, 1, 2] }), spec('M1', [T0, T1], { [T1]: [0, 1, 2] }), spec('M2', [T0, T1])],
      { M0: { t0: [0, 1] }, M1: { t1: [0, 1] }, M2: { t0: [2], t1: [2] } },
    ],
    [
      "gives a departed member's partitions to the members below quota, keeping the rest",
      { [T0]: 3, [T1]: 3 },
      [spec('M0', [T0, T1], { [T0]: [0, 1] }), spec('M1', [T0, T1], { [T0]: [2], [T1]: [0] })],
      { M0: { t0: [0, 1], t1: [1] }, M1: { t0: [2], t1: [0, 2] } },
    ],
    [
      'drops unsubscribed topics and gives the extra partition to the first member in Kafka order',
      { [T0]: 3, [T1]: 3 },
      [spec('M1', [T0], { [T0]: [1, 2] }), spec('M0', [T0], { [T0]: [0], [T1]: [0, 1] })],
      { M0: { t0: [0, 2] }, M1: { t0: [1] } },
    ],
    [
      'balances unequal subscriptions topic by topic, least loaded subscriber first',
      { [T0]: 2, [T1]: 4 },
      [spec('A', [T0, T1]), spec('B', [T1])],
      { A: { t0: [0, 1], t1: [3] }, B: { t1: [0, 1, 2] } },
    ],
    [
      'moves partitions from the most to the least loaded subscriber of a topic',
      { [T0]: 3, [T1]: 3 },
      [spec('M1', [T0, T1], { [T0]: [0, 1, 2], [T1]: [0, 1, 2] }), spec('M0', [T0, T1]), spec('M2', [T0])],
      { M0: { t1: [0, 1, 2] }, M1: { t0: [0, 1] }, M2: { t0: [2] } },
    ],
    ['gives members of an empty subscription nothing', { [T0]: 2 }, [spec('M0', []), spec('M1', [])], { M0: {}, M1: {} }],
  ])('%s', (_, counts, members, expected) => {
    expect(readable(assignor.assign(members, topicsOf(counts)))).toEqual(expected);
  });

  it('ignores a subscribed topic the metadata does not know yet', () => {
    const result = assignor.assign([spec('M0', [T0, T1]), spec('M1', [T0, T1])], topicsOf({ [T0]: 2 }));
    expect(readable(result)).toEqual({ M0: { t0: [0] }, M1: { t0: [1] } });
  });
});
