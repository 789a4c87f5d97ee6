/** What a replica chip says to a screen reader and in its tooltip: the same facts the picture shows by fill, border and pattern. */
import type { CutLink } from '../../runtime/browser-cluster';
import type { BrokerBox, ChipBox } from './topology-layout';

export function describeReplica(chip: ChipBox): string {
  const sync = chip.inSync ? 'in sync' : 'out of sync';
  const offline = chip.offline ? ', offline' : '';
  return `${chip.label} replica on broker ${chip.brokerId}, ${chip.role}, epoch ${chip.leaderEpoch}, ${sync}${offline}`;
}

export function describeBroker(broker: BrokerBox): string {
  const rack = broker.rack === null ? '' : `, rack ${broker.rack}`;
  const isolated = broker.isolated ? ', isolated from the network' : '';
  const slow = broker.slowMs > 0 ? `, ${slowWords(broker.slowMs)} on every message` : '';
  return `Broker ${broker.id}${rack}, ${broker.state}${isolated}${slow}, ${broker.replicaCount} replicas, leader of ${broker.leaderCount}`;
}

/** A slow broker's badge: "slow +500 ms", "slow +2 s". */
export function slowWords(extraMs: number): string {
  return `slow +${delayWords(extraMs)}`;
}

/** A delay as people say it: "500 ms", "2 s", "1.5 s". */
export function delayWords(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A cut link in words, with its direction: "broker-2 → broker-1, cut one way" or "broker-1 ✂ broker-3, cut both ways". */
export function describeCut(cut: CutLink): string {
  return cut.oneWay ? `${cut.from} → ${cut.to}, cut one way` : `${cut.from} ✂ ${cut.to}, cut both ways`;
}
