/**
 * Seeded properties of the layout over random clusters: whatever brokers die and whichever topics
 * are filtered, nothing that stays moves, and nothing overlaps.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology, type Box, type TopologyLayout } from '../../src/ui/layout/topology-layout';
import { afterFailover, describeCluster, type TopicShape } from './fixtures';

const SEED = 20261203;
const RUNS = 30;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const where = (boxes: (Box & { key?: string; id?: number })[]) =>
  new Map(boxes.map((b) => [String(b.key ?? b.id), `${b.x},${b.y},${b.width},${b.height}`]));

function noOverlaps(layout: TopologyLayout): void {
  const cards = [...layout.brokers, layout.controller, ...layout.groups];
  for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) expect(overlaps(cards[i], cards[j])).toBe(false);
  for (const broker of layout.brokers) {
    const chips = layout.chips.filter((c) => c.brokerId === broker.id);
    for (let i = 0; i < chips.length; i++) for (let j = i + 1; j < chips.length; j++) expect(overlaps(chips[i], chips[j])).toBe(false);
  }
}

describe('ui > topology layout > seeded properties', () => {
  it(`keeps every remaining broker and chip in place through failovers and filters, without overlaps (seed ${SEED})`, () => {
    console.log(`seed ${SEED}`);
    const random = new SeededRandom(SEED);
    for (let run = 0; run < RUNS; run++) {
      const brokers = 1 + random.nextInt(12);
      const topics: TopicShape[] = Array.from({ length: 1 + random.nextInt(4) }, (_, i) => ({
        name: `topic-${i}`,
        partitions: 1 + random.nextInt(60),
        replicationFactor: 1 + random.nextInt(Math.min(3, brokers)),
      }));
      let cluster = describeCluster(brokers, topics);
      const hues = assignTopicHues(topics.map((t) => t.name));
      const first = layoutTopology({ cluster, hues });
      noOverlaps(first);
      for (let kills = random.nextInt(brokers); kills > 0; kills--) {
        cluster = afterFailover(cluster, 1 + random.nextInt(brokers));
        const next = layoutTopology({ cluster, hues });
        expect(where(next.brokers), `run ${run}`).toEqual(where(first.brokers));
        expect(where(next.chips), `run ${run}`).toEqual(where(first.chips));
      }
      const shown = new Set(topics.filter(() => random.next() < 0.5).map((t) => t.name));
      const filtered = layoutTopology({ cluster, hues, topicFilter: shown });
      expect(where(filtered.chips), `run ${run}`).toEqual(where(first.chips.filter((c) => shown.has(c.topic))));
      noOverlaps(filtered);
    }
  });
});
