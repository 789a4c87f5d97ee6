/**
 * The classic assignors by the names partition.assignment.strategy and the JoinGroup protocols use, and
 * the rebalance protocol a list of them runs (ConsumerCoordinator's constructor).
 */
import { KafkaError } from '../../../protocol/errors';
import type { ConsumerPartitionAssignor, RebalanceProtocol } from './assignor';
import { CooperativeStickyAssignor } from './cooperative-sticky';
import { RangeAssignor } from './range';
import { RoundRobinAssignor } from './round-robin';
import { StickyAssignor } from './sticky';

export { CooperativeStickyAssignor, RangeAssignor, RoundRobinAssignor, StickyAssignor };

/** Factories, since the sticky assignors remember this member's last assignment (one instance per consumer). */
export const CLASSIC_ASSIGNORS: Readonly<Record<string, () => ConsumerPartitionAssignor>> = {
  range: () => new RangeAssignor(),
  roundrobin: () => new RoundRobinAssignor(),
  sticky: () => new StickyAssignor(),
  'cooperative-sticky': () => new CooperativeStickyAssignor(),
};

export function createAssignor(name: string): ConsumerPartitionAssignor {
  const factory = Object.hasOwn(CLASSIC_ASSIGNORS, name) ? CLASSIC_ASSIGNORS[name] : undefined;
  if (!factory) {
    throw new KafkaError(
      'INVALID_CONFIG',
      `Invalid value ${name} for configuration partition.assignment.strategy: unknown assignor; expected one of ${Object.keys(CLASSIC_ASSIGNORS).join(', ')}`,
    );
  }
  return factory();
}

const PROTOCOL_ORDER: readonly RebalanceProtocol[] = ['EAGER', 'COOPERATIVE'];

/**
 * The highest rebalance protocol every assignor supports: [range, cooperative-sticky] runs EAGER, only
 * cooperative assignors run COOPERATIVE (KIP-429). None in common is a configuration error, as in Kafka.
 */
export function rebalanceProtocolOf(assignors: readonly ConsumerPartitionAssignor[]): RebalanceProtocol {
  const common = PROTOCOL_ORDER.filter((p) => assignors.length > 0 && assignors.every((a) => a.supportedProtocols.includes(p)));
  const highest = common.at(-1);
  if (highest === undefined) {
    throw new KafkaError(
      'INVALID_CONFIG',
      `Specified assignors ${JSON.stringify(assignors.map((a) => a.name))} do not have commonly supported rebalance protocol`,
    );
  }
  return highest;
}
