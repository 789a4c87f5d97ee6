/** What a replica chip says to a screen reader and in its tooltip: the same facts the picture shows by fill, border and pattern. */
import type { BrokerBox, ChipBox } from './topology-layout';

export function describeReplica(chip: ChipBox): string {
  const sync = chip.inSync ? 'in sync' : 'out of sync';
  const offline = chip.offline ? ', offline' : '';
  return `${chip.label} replica on broker ${chip.brokerId}, ${chip.role}, epoch ${chip.leaderEpoch}, ${sync}${offline}`;
}

export function describeBroker(broker: BrokerBox): string {
  const rack = broker.rack === null ? '' : `, rack ${broker.rack}`;
  const isolated = broker.isolated ? ', isolated from the network' : '';
  return `Broker ${broker.id}${rack}, ${broker.state}${isolated}, ${broker.replicaCount} replicas, leader of ${broker.leaderCount}`;
}
