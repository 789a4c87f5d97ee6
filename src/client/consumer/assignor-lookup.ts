// TEMPORARY until src/client/consumer/assignors/index.ts lands (helper G1); then consumer.ts imports from there.
import type { ConsumerPartitionAssignor, RebalanceProtocol } from './assignors/assignor';
import { CooperativeStickyAssignor } from './assignors/cooperative-sticky';
import { RangeAssignor } from './assignors/range';
import { RoundRobinAssignor } from './assignors/round-robin';
import { StickyAssignor } from './assignors/sticky';

export function createAssignor(name: string): ConsumerPartitionAssignor {
  switch (name) {
    case 'range': return new RangeAssignor();
    case 'roundrobin': return new RoundRobinAssignor();
    case 'sticky': return new StickyAssignor();
    case 'cooperative-sticky': return new CooperativeStickyAssignor();
    default: throw new Error(`unknown assignor ${name}`);
  }
}

export function rebalanceProtocolOf(assignors: ConsumerPartitionAssignor[]): RebalanceProtocol {
  return assignors.every((a) => a.supportedProtocols.includes('COOPERATIVE')) ? 'COOPERATIVE' : 'EAGER';
}
