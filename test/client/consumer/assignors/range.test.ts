import { describe, expect, it } from 'vitest';
import { RangeAssignor } from '../../../../src/client/consumer/assignors/range';
import type { MemberSubscription } from '../../../../src/client/consumer/assignors/assignor';
import { byName, member, topics } from './fixtures';

const both = ['t0', 't1'];
const orders = ['orders'];

describe('client > assignors > range', () => {
  it.each<[string, Record<string, number>, MemberSubscription[], Record<string, string[]>]>([
    [
      'gives the first members the larger ranges of each topic',
      { t0: 3, t1: 3 },
      [member('C1', both), member('C0', both)],
      { C1: ['t0-2', 't1-2'], C0: ['t0-0', 't0-1', 't1-0', 't1-1'] },
    ],
    [
      'splits 7 partitions over 3 consumers as 3, 2, 2',
      { orders: 7 },
      [member('consumer-1', orders), member('consumer-2', orders), member('consumer-3', orders)],
      {
        'consumer-1': ['orders-0', 'orders-1', 'orders-2'],
        'consumer-2': ['orders-3', 'orders-4'],
        'consumer-3': ['orders-5', 'orders-6'],
      },
    ],
    [
      'leaves the last member empty when members outnumber partitions',
      { t0: 3 },
      [member('a', ['t0']), member('b', ['t0']), member('c', ['t0']), member('d', ['t0'])],
      { a: ['t0-0'], b: ['t0-1'], c: ['t0-2'], d: [] },
    ],
    [
      'sorts a static member first whatever its member id',
      { t0: 3 },
      [member('m-zzz', ['t0']), member('m-aaa', ['t0'], { groupInstanceId: 'instance-1' })],
      { 'm-zzz': ['t0-2'], 'm-aaa': ['t0-0', 't0-1'] },
    ],
    [
      'orders static members by instance id, not member id',
      { t0: 2 },
      [member('m-1', ['t0'], { groupInstanceId: 'zeta' }), member('m-2', ['t0'], { groupInstanceId: 'alpha' })],
      { 'm-1': ['t0-1'], 'm-2': ['t0-0'] },
    ],
    [
      'ranges each topic over its own subscribers only',
      { t0: 2, t1: 2 },
      [member('A', ['t0']), member('B', ['t0', 't1'])],
      { A: ['t0-0'], B: ['t0-1', 't1-0', 't1-1'] },
    ],
  ])('%s', (_, partitions, members, expected) => {
    expect(byName(new RangeAssignor().assign(topics(partitions), members))).toEqual(expected);
  });
});
