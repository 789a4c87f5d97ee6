/**
 * The new layout with last redraw's objects kept wherever nothing visible changed. Svelte compares
 * an {#each} item by identity, so a kept chip is not updated at all: under load a poll then redraws
 * the replicas whose picture moved, not all of them (600 at 12 brokers x 200 partitions, where
 * redrawing every chip twice a second cost the page its 60 fps).
 */
import type { TopologyLayout } from './topology-layout';

/**
 * LEO and HW bars are drawn as fractions of a chip's bar, under 100 px wide: a follower a few
 * records behind its leader at 10,000 records/s moves its fraction by less than a pixel.
 */
const FRACTION_TOLERANCE = 1 / 256;

export function keepUnchanged(previous: TopologyLayout | null, next: TopologyLayout): TopologyLayout {
  if (previous === null) return next;
  const kept: TopologyLayout = {
    ...next,
    controller: samePicture(previous.controller, next.controller) ? previous.controller : next.controller,
    brokers: keepItems(previous.brokers, next.brokers, (broker) => broker.id),
    chips: keepItems(previous.chips, next.chips, (chip) => chip.key),
    groups: keepItems(previous.groups, next.groups, (group) => group.groupId),
    links: keepItems(previous.links, next.links, (link) => link.key),
    producers: keepItems(previous.producers, next.producers, (producer) => producer.id),
    producerLinks: keepItems(previous.producerLinks, next.producerLinks, (link) => link.key),
    cuts: keepItems(previous.cuts, next.cuts, (cut) => cut.key),
  };
  return samePicture(previous, kept) ? previous : kept;
}

/** `next`, with each item that looks as it did replaced by its previous object; `previous` itself if every item does. */
function keepItems<T extends object, K>(previous: readonly T[], next: T[], keyOf: (item: T) => K): T[] {
  const before = new Map(previous.map((item) => [keyOf(item), item]));
  let allKept = previous.length === next.length;
  const items = next.map((item, index) => {
    const old = before.get(keyOf(item));
    if (old !== undefined && samePicture(old, item)) {
      if (previous[index] !== old) allKept = false;
      return old;
    }
    allKept = false;
    return item;
  });
  return allKept ? (previous as T[]) : items;
}

/** Plain data compared field by field, the bars' fractions within FRACTION_TOLERANCE. */
function samePicture(a: unknown, b: unknown, field = ''): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return field.endsWith('Fraction') && Math.abs(a - b) < FRACTION_TOLERANCE;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => samePicture((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], key));
}
