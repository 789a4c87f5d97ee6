import { describe, expect, it } from 'vitest';
import { keepUnchanged } from '../../src/ui/layout/keep-unchanged';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology, type LayoutInput, type ReplicaOffsets, type TopologyLayout } from '../../src/ui/layout/topology-layout';
import { afterFailover, describeCluster } from './fixtures';

const ORDERS = [{ name: 'orders', partitions: 3, replicationFactor: 3 }];

function layout(input: Omit<LayoutInput, 'hues'>): TopologyLayout {
  return layoutTopology({ ...input, hues: assignTopicHues(input.cluster.topics.map((t) => t.name)) });
}

/** Every replica's log ends at 10,000 except broker 3's, `behind` records behind; the high watermark is at 4,000. */
const offsetsWith =
  (behind: number) =>
  (_topic: string, _partition: number, brokerId: number): ReplicaOffsets => ({
    logEndOffset: brokerId === 3 ? 10_000 - behind : 10_000,
    highWatermark: 4_000,
  });

describe('ui > keeping unchanged boxes between redraws', () => {
  it('keeps the whole previous layout when a redraw changes nothing', () => {
    const first = layout({ cluster: describeCluster(3, ORDERS) });
    const second = layout({ cluster: describeCluster(3, ORDERS) });
    expect(second).not.toBe(first);
    expect(keepUnchanged(first, second)).toBe(first);
  });

  it('gives new objects only to the chips and brokers whose picture changed', () => {
    const before = layout({ cluster: describeCluster(3, ORDERS) });
    const after = keepUnchanged(before, layout({ cluster: afterFailover(describeCluster(3, ORDERS), 1) }));
    const changed = after.chips.filter((chip) => !before.chips.includes(chip)).map((chip) => chip.key);
    // Broker 1 led orders-0 and died: its chips go offline and broker 2 now leads orders-0; broker 3's card looks as it did.
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((key) => key.endsWith('@1') || key.startsWith('orders-0@'))).toBe(true);
    expect(after.brokers.find((b) => b.id === 3)).toBe(before.brokers.find((b) => b.id === 3));
    expect(after.brokers.find((b) => b.id === 1)).not.toBe(before.brokers.find((b) => b.id === 1));
  });

  it('keeps a chip whose log end bar moved by less than a pixel, and redraws one that moved more', () => {
    // 12 replicas a broker: the medium tier, where chips draw bars (the large tier draws cells).
    const cluster = describeCluster(3, [{ name: 'orders', partitions: 12, replicationFactor: 3 }]);
    const before = layout({ cluster, replicaOffsets: offsetsWith(5) });
    expect(before.tier).toBe('medium');
    const slightly = keepUnchanged(before, layout({ cluster, replicaOffsets: offsetsWith(7) }));
    expect(slightly).toBe(before);
    const far = keepUnchanged(before, layout({ cluster, replicaOffsets: offsetsWith(5_000) }));
    const redrawn = far.chips.filter((chip) => !before.chips.includes(chip));
    expect(redrawn.map((chip) => [chip.brokerId, chip.logEndFraction])).toEqual(Array.from({ length: 12 }, () => [3, 0.5]));
  });

  it('redraws a large chip for each offset its log grows by: its cells show every one', () => {
    const cluster = describeCluster(3, ORDERS);
    const before = layout({ cluster, replicaOffsets: offsetsWith(5) });
    expect(before.tier).toBe('large');
    const after = keepUnchanged(before, layout({ cluster, replicaOffsets: offsetsWith(4) }));
    expect(after.chips.filter((chip) => !before.chips.includes(chip)).map((chip) => chip.brokerId)).toEqual([3, 3, 3]);
  });

  it('keeps the order of the new layout when chips are added', () => {
    const before = layout({ cluster: describeCluster(3, ORDERS) });
    const after = keepUnchanged(
      before,
      layout({ cluster: describeCluster(3, [...ORDERS, { name: 'payments', partitions: 1, replicationFactor: 3 }]) }),
    );
    expect(after.chips).not.toBe(before.chips);
    expect(after.chips.map((chip) => chip.key)).toEqual(
      layout({ cluster: describeCluster(3, [...ORDERS, { name: 'payments', partitions: 1, replicationFactor: 3 }]) }).chips.map(
        (chip) => chip.key,
      ),
    );
  });
});
