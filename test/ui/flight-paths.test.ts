import { describe, expect, it } from 'vitest';
import type { Flight } from '../../src/cluster/traffic';
import { BUSY_TOKENS, describeToken, flightTokens, flowWidth, linkKey, linkRates, tokensFor } from '../../src/ui/layout/flight-paths';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology, type ProducerInput } from '../../src/ui/layout/topology-layout';
import { describeCluster } from './fixtures';

const PRODUCER: ProducerInput = {
  id: 'producer-1',
  address: 'client-w1-producer-1',
  topic: 'orders',
  recordsPerSecond: 10,
  acks: -1,
  idempotent: true,
  producerId: 7,
  producerEpoch: 0,
  bufferedRecords: 2,
  oldestBatch: null,
};

function picture() {
  const cluster = describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]);
  return layoutTopology({
    cluster,
    hues: assignTopicHues(['orders']),
    producers: [PRODUCER],
    groups: [
      {
        groupId: 'billing',
        state: 'Stable',
        members: [{ memberId: 'm-1', clientId: 'client-w1-consumer-1', assignment: [{ topic: 'orders', partition: 0 }] }],
      },
    ],
  });
}

function flight(overrides: Partial<Flight>): Flight {
  return {
    origin: 'incarnation-1',
    seq: 1,
    timeMs: 1_000,
    api: 'Produce',
    from: 'client-w1-producer-1',
    to: 'broker-1',
    topic: 'orders',
    partition: 0,
    firstOffset: 12,
    lastOffset: 14,
    records: 3,
    bytes: 300,
    leaderEpoch: 0,
    ...overrides,
  };
}

describe('ui > flight paths', () => {
  it('draws a producer left of the brokers, joined to the leader of each partition of its topic', () => {
    const layout = picture();
    const [producer] = layout.producers;
    expect(producer).toMatchObject({ id: 'producer-1', producerId: 7, bufferedRecords: 2 });
    expect(producer.x + producer.width).toBeLessThan(Math.min(...layout.brokers.map((b) => b.x)));
    const leaderChip = layout.chips.find((c) => c.key === 'orders-0@1')!;
    expect(layout.producerLinks).toEqual([
      expect.objectContaining({
        producerId: 'producer-1',
        topic: 'orders',
        partition: 0,
        x2: leaderChip.x,
        y2: leaderChip.y + leaderChip.height / 2,
      }),
    ]);
  });

  it('sends a produce from its producer to the leader, a follower fetch from the leader to the follower, and a consumer fetch from the leader to the member', () => {
    const layout = picture();
    const chip = (key: string) => layout.chips.find((c) => c.key === key)!;
    const producer = layout.producers[0];
    const member = layout.groups[0].members[0];
    const tokens = flightTokens(
      [
        flight({ seq: 1 }),
        flight({ seq: 2, api: 'Fetch', from: 'broker-2', timeMs: 1_010 }),
        flight({ seq: 3, api: 'Fetch', from: 'client-w1-consumer-1', timeMs: 1_040 }),
        flight({ seq: 4, from: 'client-w9-producer-9' }),
      ],
      layout,
    );
    expect(tokens.map((t) => [t.kind, t.delayMs])).toEqual([
      ['produce', 0],
      ['replication', 10],
      ['consume', 40],
    ]);
    expect(tokens[0]).toMatchObject({ x1: producer.x + producer.width, x2: chip('orders-0@1').x });
    expect(tokens[1]).toMatchObject({
      x1: chip('orders-0@1').x + chip('orders-0@1').width / 2,
      x2: chip('orders-0@2').x + chip('orders-0@2').width / 2,
    });
    expect(tokens[2]).toMatchObject({ x2: member.x, y2: member.y + member.height / 2 });
    expect(tokens.map((token) => describeToken(token))).toEqual([
      'Produce orders-0 offsets 12–14',
      'Fetch (follower) orders-0 offsets 12–14',
      'Fetch (consumer) orders-0 offsets 12–14',
    ]);
  });

  it('samples a busy batch evenly over its time, fewer tokens the busier it is: past the budget the flow shows in the lines', () => {
    const flights = Array.from({ length: 100 }, (_, i) => flight({ seq: i + 1, timeMs: 1_000 + i }));
    const tokens = flightTokens(flights, picture(), 40);
    expect(tokens).toHaveLength(16);
    expect(tokens.map((token) => token.key).slice(0, 3)).toEqual(['incarnation-1:1', 'incarnation-1:7', 'incarnation-1:13']);
    expect(tokens.at(-1)!.delayMs).toBe(93);
    expect(flightTokens(flights.slice(0, 40), picture(), 40)).toHaveLength(40);
    expect(tokensFor(1_000)).toBe(BUSY_TOKENS);
  });

  it('measures each link in records per second between two readings of the totals, and draws busier links thicker', () => {
    const link = { api: 'Produce' as const, from: 'client-w1-producer-1', to: 'broker-1', topic: 'orders', partition: 0 };
    const rates = linkRates([{ ...link, records: 100, bytes: 0 }], [{ ...link, records: 600, bytes: 0 }], 500);
    expect(rates.get(linkKey(link))).toBe(1_000);
    expect(flowWidth(0)).toBe(1.5);
    expect(flowWidth(10)).toBeLessThan(flowWidth(1_000));
    expect(flowWidth(20_000)).toBeCloseTo(8);
    expect(flowWidth(1_000_000)).toBe(8);
  });

  it('keeps a line as it was while its rate wobbles by a few percent, so the picture is not repainted for it', () => {
    expect(flowWidth(95)).toBe(flowWidth(105));
    expect(flowWidth(950)).toBe(flowWidth(1_050));
    expect(flowWidth(100)).toBeLessThan(flowWidth(1_000));
  });
});
