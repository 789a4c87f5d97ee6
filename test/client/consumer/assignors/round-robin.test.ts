import { describe, expect, it } from 'vitest';
import { RoundRobinAssignor } from '../../../../src/client/consumer/assignors/round-robin';
import type { MemberSubscription } from '../../../../src/client/consumer/assignors/assignor';
import { byName, member, topics } from './fixtures';

const both = ['t0', 't1'];
const orders = ['orders'];

describe('client > assignors > roundrobin', () => {
  it.each<[string, Record<string, number>, MemberSubscription[], Record<string, string[]>]>([
    [
      'deals partitions of all topics around the members',
      { t0: 3, t1: 3 },
      [member('C0', both), member('C1', both)],
      { C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'] },
    ],
    [
      'splits 7 partitions over 3 members as [0,3,6], [1,4], [2,5]',
      { orders: 7 },
      [member('c3', orders), member('c1', orders), member('c2', orders)],
      { c3: ['orders-2', 'orders-5'], c1: ['orders-0', 'orders-3', 'orders-6'], c2: ['orders-1', 'orders-4'] },
    ],
    [
      'skips members not subscribed to the topic and goes on from the one after the taker',
      { t0: 1, t1: 3 },
      [member('A', ['t0']), member('B', ['t1']), member('C', ['t0', 't1'])],
      { A: ['t0-0'], B: ['t1-0', 't1-2'], C: ['t1-1'] },
    ],
  ])('%s', (_, partitions, members, expected) => {
    expect(byName(new RoundRobinAssignor().assign(topics(partitions), members))).toEqual(expected);
  });
});
