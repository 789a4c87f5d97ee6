import { describe, expect, it } from 'vitest';
import { highlightOf, isChipHighlighted } from '../../src/ui/state/selection';

describe('ui > timeline highlight', () => {
  it('lights the partitions an event names, and a whole topic when it names none', () => {
    const leaderChange = highlightOf({ brokers: [2, 3], topic: 'orders', partitions: [0] });
    expect([...leaderChange.brokers]).toEqual([2, 3]);
    expect(isChipHighlighted(leaderChange, { label: 'orders-0', topic: 'orders' })).toBe(true);
    expect(isChipHighlighted(leaderChange, { label: 'orders-1', topic: 'orders' })).toBe(false);
    const created = highlightOf({ topic: 'orders' });
    expect(isChipHighlighted(created, { label: 'orders-1', topic: 'orders' })).toBe(true);
    expect([...highlightOf({ group: 'billing' }).groups]).toEqual(['billing']);
  });
});
