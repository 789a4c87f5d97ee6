/** Every lesson, in the order of the introductions the page grew from (topics first, the controller last). */
import { acksMinIsr } from './catalog/acks-min-isr';
import { consumerGroups } from './catalog/consumer-groups';
import { failover } from './catalog/failover';
import { fromBeginning } from './catalog/from-beginning';
import { fullDisk } from './catalog/full-disk';
import { highWatermark } from './catalog/high-watermark';
import { idempotence } from './catalog/idempotence';
import { keysAndPartitions } from './catalog/keys-and-partitions';
import { kraftController } from './catalog/kraft-controller';
import { offsets } from './catalog/offsets';
import { rebalance } from './catalog/rebalance';
import { retention } from './catalog/retention';
import { topicsPartitionsOffsets } from './catalog/topics-partitions-offsets';
import { uncleanElection } from './catalog/unclean-election';
import type { Lesson } from './lesson-types';

export const LESSONS: readonly Lesson[] = [
  topicsPartitionsOffsets,
  keysAndPartitions,
  consumerGroups,
  offsets,
  fromBeginning,
  rebalance,
  acksMinIsr,
  highWatermark,
  failover,
  fullDisk,
  uncleanElection,
  idempotence,
  retention,
  kraftController,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}
