/** What a replica chip says to a screen reader and in its tooltip: the same facts the picture shows by fill, border and pattern. */
import type { CutLink } from '../../cluster/cluster-description';
import type { BrokerBox, ChipBox } from './topology-layout';

export function describeReplica(chip: ChipBox): string {
  const sync = chip.inSync ? 'in sync' : 'out of sync';
  const elr = chip.elr ? ', eligible leader (ELR)' : '';
  const offline = chip.offline ? ', offline' : '';
  const leaving = chip.leavesIsrInMs === undefined ? '' : `, ${leavesIsrWords(chip.leavesIsrInMs)}`;
  return `${chip.label} replica on broker ${chip.brokerId}, ${chip.role}, epoch ${chip.leaderEpoch}, ${sync}${elr}${leaving}${offline}`;
}

/** A follower behind its leader, in words with the config that sets the wait. */
export function leavesIsrWords(leavesIsrInMs: number, short = false): string {
  const left = `${(leavesIsrInMs / 1000).toFixed(1)} s`;
  return short ? `out of ISR in ${left}` : `leaves the ISR in ${left} unless it catches up (replica.lag.time.max.ms)`;
}

export function describeBroker(broker: BrokerBox): string {
  const rack = broker.rack === null ? '' : `, rack ${broker.rack}`;
  const isolated = broker.isolated ? ', isolated from the network' : '';
  const slow = broker.slowMs > 0 ? `, ${slowWords(broker.slowMs)} on every message` : '';
  const slowDisk = broker.slowDiskMs > 0 ? `, ${slowDiskWords(broker.slowDiskMs)} on every write` : '';
  const waiting = waitingWords(broker);
  return `Broker ${broker.id}${rack}, ${broker.state}${waiting === null ? '' : `, ${waiting}`}${isolated}${slow}${slowDisk}, ${broker.replicaCount} replicas, leader of ${broker.leaderCount}`;
}

/**
 * What a broker waits for, in words, with the time left and the config that sets it: a killed or
 * silent broker until the controller fences it, a restarted one until its old session ends or the
 * controller registers it. Null when it waits for nothing.
 */
export function waitingWords(broker: Pick<BrokerBox, 'state' | 'waitingFor' | 'sessionEndsInMs'>, short = false): string | null {
  const left = broker.sessionEndsInMs === undefined ? null : `${(broker.sessionEndsInMs / 1000).toFixed(1)} s`;
  const config = short ? '' : ' (broker.session.timeout.ms)';
  if (broker.state === 'starting' && broker.waitingFor === 'old-session-to-expire') {
    return left === null ? 'waiting for its old session to end' : `old session ends in ${left}${config}`;
  }
  if (broker.state === 'starting') return short ? 'registering' : 'waiting for the controller to register and unfence it';
  if (left !== null) return `fenced in ${left}${config}`;
  return null;
}

/** A tag on a broker card's top edge: its words, where it starts and how wide it is. */
export interface CardTag {
  kind: 'slow' | 'slow-disk';
  text: string;
  x: number;
  width: number;
  /** Where its words start, inside its padding. */
  textX: number;
}

/** Roughly how wide one character of the tags' 11px bold text is, and the tags' padding and gap. */
const TAG_CHAR_WIDTH = 6.2;
const TAG_PADDING = 6;
const TAG_GAP = 4;

/** A broker card's tags in words, side by side from its left edge: "slow +2 s", "slow disk +2 s". */
export function cardTags(broker: BrokerBox): CardTag[] {
  const tags: CardTag[] = [];
  let x = 10;
  const add = (kind: CardTag['kind'], text: string) => {
    const width = text.length * TAG_CHAR_WIDTH + 2 * TAG_PADDING;
    tags.push({ kind, text, x, width, textX: x + TAG_PADDING });
    x += width + TAG_GAP;
  };
  if (broker.slowMs > 0) add('slow', slowWords(broker.slowMs));
  if (broker.slowDiskMs > 0) add('slow-disk', slowDiskWords(broker.slowDiskMs));
  return tags;
}

/** A slow broker's badge: "slow +500 ms", "slow +2 s". */
export function slowWords(extraMs: number): string {
  return `slow +${delayWords(extraMs)}`;
}

/** A broker with a slow disk: "slow disk +2 s". */
export function slowDiskWords(extraMs: number): string {
  return `slow disk +${delayWords(extraMs)}`;
}

/** A delay as people say it: "500 ms", "2 s", "1.5 s". */
export function delayWords(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A cut link in words, with its direction: "broker-2 → broker-1, cut one way" or "broker-1 ✂ broker-3, cut both ways". */
export function describeCut(cut: CutLink): string {
  return cut.oneWay ? `${cut.from} → ${cut.to}, cut one way` : `${cut.from} ✂ ${cut.to}, cut both ways`;
}
