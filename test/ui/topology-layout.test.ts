import { describe, expect, it } from 'vitest';
import { assignTopicHues, textOn } from '../../src/ui/layout/topic-hues';
import { layoutTopology, type Box, type LayoutInput, type TopologyLayout } from '../../src/ui/layout/topology-layout';
import { afterFailover, describeCluster } from './fixtures';

const ORDERS = [{ name: 'orders', partitions: 3, replicationFactor: 3 }];

function layout(input: Omit<LayoutInput, 'hues'>): TopologyLayout {
  return layoutTopology({ ...input, hues: assignTopicHues(input.cluster.topics.map((t) => t.name)) });
}

const positions = (boxes: (Box & { key?: string; id?: number })[]) =>
  new Map(boxes.map((b) => [String(b.key ?? b.id), { x: b.x, y: b.y, width: b.width, height: b.height }]));

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

describe('ui > topology layout', () => {
  it('puts one chip per replica inside its broker, ordered by topic then partition', () => {
    const cluster = describeCluster(3, [{ name: 'payments', partitions: 2, replicationFactor: 3 }, ...ORDERS]);
    const { brokers, chips } = layout({ cluster });
    expect(chips).toHaveLength(15);
    const onBroker1 = chips
      .filter((c) => c.brokerId === 1)
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map((c) => c.label);
    expect(onBroker1).toEqual(['orders-0', 'orders-1', 'orders-2', 'payments-0', 'payments-1']);
    for (const chip of chips)
      expect(
        inside(
          chip,
          brokers.find((b) => b.id === chip.brokerId)!,
        ),
      ).toBe(true);
  });

  it('marks the leader, the followers and who is in sync', () => {
    const cluster = describeCluster(3, ORDERS);
    cluster.topics[0].partitions[0].isr = [1, 2];
    const chips = layout({ cluster }).chips.filter((c) => c.label === 'orders-0');
    expect(chips.map((c) => [c.brokerId, c.role, c.inSync])).toEqual([
      [1, 'leader', true],
      [2, 'follower', true],
      [3, 'follower', false],
    ]);
  });

  it('keeps every broker and every chip in place when a broker dies and its leaderships move', () => {
    const cluster = describeCluster(5, [...ORDERS, { name: 'payments', partitions: 7, replicationFactor: 3 }]);
    const before = layout({ cluster });
    const after = layout({ cluster: afterFailover(cluster, 2) });
    expect(positions(after.brokers)).toEqual(positions(before.brokers));
    expect(positions(after.chips)).toEqual(positions(before.chips));
    expect(after.chips.filter((c) => c.brokerId === 2).every((c) => c.offline && c.role === 'follower')).toBe(true);
    expect(after.brokers.find((b) => b.id === 2)!.state).toBe('killed');
  });

  it('keeps the other brokers in place when one is collapsed', () => {
    const cluster = describeCluster(6, ORDERS);
    const before = layout({ cluster });
    const after = layout({ cluster, collapsed: new Set([1]) });
    expect(after.chips.some((c) => c.brokerId === 1)).toBe(false);
    expect(after.brokers.find((b) => b.id === 1)!.height).toBeLessThan(before.brokers.find((b) => b.id === 1)!.height);
    const others = (l: TopologyLayout) => positions(l.brokers.filter((b) => b.id !== 1));
    expect(others(after)).toEqual(others(before));
    expect(positions(after.chips)).toEqual(positions(before.chips.filter((c) => c.brokerId !== 1)));
  });

  it('places a new broker in a new cell without moving the existing ones', () => {
    const before = layout({ cluster: describeCluster(4, []) });
    const after = layout({ cluster: describeCluster(5, []) });
    expect(positions(after.brokers.slice(0, 4))).toEqual(positions(before.brokers));
  });

  it('lays out 12 brokers and 200 partitions with no two chips or cards overlapping, in smaller chips', () => {
    const cluster = describeCluster(12, [
      { name: 'orders', partitions: 120, replicationFactor: 3 },
      { name: 'payments', partitions: 50, replicationFactor: 3 },
      { name: 'audit', partitions: 30, replicationFactor: 2 },
    ]);
    const result = layout({ cluster });
    expect(result.chips).toHaveLength(120 * 3 + 50 * 3 + 30 * 2);
    expect(result.tier).not.toBe('large');
    for (let i = 0; i < result.brokers.length; i++) {
      for (let j = i + 1; j < result.brokers.length; j++) expect(overlaps(result.brokers[i], result.brokers[j])).toBe(false);
    }
    for (const broker of result.brokers) {
      const own = result.chips.filter((c) => c.brokerId === broker.id);
      for (const chip of own) expect(inside(chip, broker)).toBe(true);
      for (let i = 0; i < own.length; i++) {
        for (let j = i + 1; j < own.length; j++) expect(overlaps(own[i], own[j]), `${own[i].key} and ${own[j].key}`).toBe(false);
      }
    }
    expect(result.width).toBeGreaterThanOrEqual(Math.max(...result.brokers.map((b) => b.x + b.width)));
    expect(result.height).toBeGreaterThanOrEqual(Math.max(...result.brokers.map((b) => b.y + b.height)));
  });

  it('filtering by topic hides the other topics and leaves every remaining chip where it was', () => {
    const cluster = describeCluster(4, [...ORDERS, { name: 'payments', partitions: 5, replicationFactor: 2 }]);
    const all = layout({ cluster });
    const filtered = layout({ cluster, topicFilter: new Set(['payments']) });
    expect(new Set(filtered.chips.map((c) => c.topic))).toEqual(new Set(['payments']));
    expect(positions(filtered.chips)).toEqual(positions(all.chips.filter((c) => c.topic === 'payments')));
    expect(positions(filtered.brokers)).toEqual(positions(all.brokers));
  });

  it('joins each consumer to the leader of every partition it owns, and follows the leader when it moves', () => {
    const cluster = describeCluster(3, ORDERS);
    const groups = [
      {
        groupId: 'billing',
        state: 'Stable',
        members: [
          {
            memberId: 'm1',
            clientId: 'c1',
            assignment: [
              { topic: 'orders', partition: 0, lag: 2 },
              { topic: 'orders', partition: 1, lag: 3 },
            ],
          },
          { memberId: 'm2', clientId: 'c2', assignment: [{ topic: 'orders', partition: 2 }] },
        ],
      },
    ];
    const before = layout({ cluster, groups });
    const leaderChip = (l: TopologyLayout, partition: number) => l.chips.find((c) => c.partition === partition && c.role === 'leader')!;
    expect(before.links.map((l) => [l.memberKey, l.partition])).toEqual([
      ['billing/m1', 0],
      ['billing/m1', 1],
      ['billing/m2', 2],
    ]);
    expect(before.groups[0].members[0].lag).toBe(5);
    const link0 = before.links[0];
    expect([link0.x2, link0.y2]).toEqual([
      leaderChip(before, 0).x + leaderChip(before, 0).width,
      leaderChip(before, 0).y + leaderChip(before, 0).height / 2,
    ]);
    for (const member of before.groups[0].members) for (const broker of before.brokers) expect(overlaps(member, broker)).toBe(false);

    const after = layout({ cluster: afterFailover(cluster, 1), groups });
    expect(leaderChip(after, 0).brokerId).not.toBe(1);
    expect(after.links[0].y2).toBe(leaderChip(after, 0).y + leaderChip(after, 0).height / 2);
    expect(positions(after.groups.flatMap((g) => g.members))).toEqual(positions(before.groups.flatMap((g) => g.members)));
  });

  it("draws the LEO and HW bar from the leader's offsets, and leaves a follower's empty when its offsets are unknown", () => {
    const cluster = describeCluster(3, ORDERS);
    const chips = layout({ cluster }).chips.filter((c) => c.label === 'orders-0');
    expect(chips[0]).toMatchObject({ role: 'leader', logEndFraction: 1, highWatermarkFraction: 10 / 12 });
    expect(chips[1]).toMatchObject({ role: 'follower', logEndFraction: null, highWatermarkFraction: null });
    const reported = layout({
      cluster,
      replicaOffsets: (_t, _p, id) => (id === 3 ? { logEndOffset: 6, highWatermark: 6 } : undefined),
    }).chips.find((c) => c.key === 'orders-0@3')!;
    expect(reported.logEndFraction).toBe(0.5);
  });
});

describe('ui > topic hues', () => {
  it('gives each topic its own Okabe-Ito hue and keeps it when other topics come and go', () => {
    const first = assignTopicHues(['a', 'b', 'c']);
    expect(new Set(first.values()).size).toBe(3);
    const second = assignTopicHues(['a', 'c', 'd'], first);
    expect(second.get('a')).toBe(first.get('a'));
    expect(second.get('c')).toBe(first.get('c'));
    expect(second.get('d')).toBe(first.get('b'));
  });
});

describe('ui > text on a topic hue', () => {
  it('writes black on the light hues and white on the dark ones', () => {
    expect(textOn('#F0E442')).toBe('#000000');
    expect(textOn('#0072B2')).toBe('#ffffff');
  });
});

describe('ui > topology layout > network', () => {
  it('draws a cut link between the two brokers, and between a broker and the controller above it, and none to the group coordinator', () => {
    const cuts = [
      { from: 'broker-1', to: 'broker-3', oneWay: false },
      { from: 'controller', to: 'broker-2', oneWay: false },
      { from: 'broker-1', to: 'group-coordinator', oneWay: false },
    ];
    const result = layout({ cluster: describeCluster(3, ORDERS), cuts });
    const [b1, b2, b3] = result.brokers;
    expect(result.cuts.map((c) => c.key)).toEqual(['broker-1|broker-3', 'controller|broker-2']);
    expect(result.cuts[0]).toMatchObject({ x1: b1.x + b1.width / 2, x2: b3.x + b3.width / 2, oneWay: false, arrow: null });
    expect(result.cuts[1]).toMatchObject({
      x1: b2.x + b2.width / 2,
      x2: b2.x + b2.width / 2,
      y1: result.controller.y + result.controller.height / 2,
    });
  });

  it('draws a one-way cut from the node whose messages are dropped, with an arrowhead pointing at the node they no longer reach', () => {
    const cluster = describeCluster(3, ORDERS);
    const rightwards = layout({ cluster, cuts: [{ from: 'broker-1', to: 'broker-3', oneWay: true }] }).cuts[0];
    const leftwards = layout({ cluster, cuts: [{ from: 'broker-3', to: 'broker-1', oneWay: true }] }).cuts[0];
    expect(rightwards).toMatchObject({ key: 'broker-1->broker-3', from: 'broker-1', to: 'broker-3', oneWay: true });
    expect(rightwards.x1).toBeLessThan(rightwards.x2);
    // Past the middle of the curve, towards broker 3 on the right: pointing right and down the bow.
    expect(rightwards.arrow!.x).toBeGreaterThan(rightwards.cx);
    expect(Math.abs(rightwards.arrow!.angle)).toBeLessThan(90);
    expect(leftwards.arrow!.x).toBeLessThan(leftwards.cx);
    expect(Math.abs(leftwards.arrow!.angle)).toBeGreaterThan(90);
  });

  it('marks a slow broker with its extra delay without moving anything', () => {
    const cluster = describeCluster(3, ORDERS);
    const slowed = layout({ cluster, slow: new Map([[3, 500]]) });
    expect(slowed.brokers.map((b) => b.slowMs)).toEqual([0, 0, 500]);
    expect(positions(slowed.chips)).toEqual(positions(layout({ cluster }).chips));
  });

  it('marks a broker with a slow disk with its extra delay per write without moving anything', () => {
    const cluster = describeCluster(3, ORDERS);
    const slowed = layout({ cluster, slowDisk: new Map([[2, 2000]]) });
    expect(slowed.brokers.map((b) => b.slowDiskMs)).toEqual([0, 2000, 0]);
    expect(slowed.brokers.map((b) => b.slowMs)).toEqual([0, 0, 0]);
    expect(positions(slowed.chips)).toEqual(positions(layout({ cluster }).chips));
  });

  it('marks an isolated broker without moving anything', () => {
    const cluster = describeCluster(3, ORDERS);
    const isolated = layout({ cluster, isolated: new Set([2]) });
    expect(isolated.brokers.map((b) => b.isolated)).toEqual([false, true, false]);
    expect(positions(isolated.chips)).toEqual(positions(layout({ cluster }).chips));
  });
});
