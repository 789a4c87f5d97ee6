/**
 * What a replica chip and a broker card say to a screen reader and in their tooltips, in the page's
 * language: the same facts the picture shows by fill, border and pattern. Config keys stay Kafka's,
 * in brackets, in both languages.
 */
import type { BrokerState, CutLink } from '../../cluster/cluster-description';
import type { Language } from '../i18n/language';
import type { BrokerBox, ChipBox } from './topology-layout';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const KOREAN_STATE: Readonly<Record<BrokerState, string>> = {
  starting: '시작 중',
  running: '실행 중',
  fenced: '펜싱됨',
  shutdown: '종료됨',
  killed: '죽음',
};

export function describeReplica(chip: ChipBox, language: Language = 'en'): string {
  const leaving = chip.leavesIsrInMs === undefined ? '' : `, ${leavesIsrWords(chip.leavesIsrInMs, false, language)}`;
  if (language === 'ko') {
    const role = chip.role === 'leader' ? '리더' : '팔로워';
    const sync = chip.inSync ? '동기화됨' : '동기화 안 됨';
    const elr = chip.elr ? ', 리더 자격 있음 (ELR)' : '';
    const offline = chip.offline ? ', 오프라인' : '';
    return `브로커 ${chip.brokerId}의 ${chip.label} 레플리카, ${role}, 리더 에포크 ${chip.leaderEpoch}, ${sync}${elr}${leaving}${offline}`;
  }
  const sync = chip.inSync ? 'in sync' : 'out of sync';
  const elr = chip.elr ? ', eligible leader (ELR)' : '';
  const offline = chip.offline ? ', offline' : '';
  return `${chip.label} replica on broker ${chip.brokerId}, ${chip.role}, epoch ${chip.leaderEpoch}, ${sync}${elr}${leaving}${offline}`;
}

/** A follower behind its leader, in words with the config that sets the wait. */
export function leavesIsrWords(leavesIsrInMs: number, short = false, language: Language = 'en'): string {
  const left = seconds(leavesIsrInMs);
  if (language === 'ko') return short ? `${left} 후 ISR에서 빠짐` : `따라잡지 못하면 ${left} 후 ISR에서 빠짐 (replica.lag.time.max.ms)`;
  return short ? `out of ISR in ${left}` : `leaves the ISR in ${left} unless it catches up (replica.lag.time.max.ms)`;
}

export function describeBroker(broker: BrokerBox, language: Language = 'en'): string {
  const waiting = waitingWords(broker, false, language);
  const also = waiting === null ? '' : `, ${waiting}`;
  if (language === 'ko') {
    const rack = broker.rack === null ? '' : `, 랙 ${broker.rack}`;
    const isolated = broker.isolated ? ', 네트워크에서 격리됨' : '';
    const slow = broker.slowMs > 0 ? `, 메시지마다 ${slowWords(broker.slowMs, language)}` : '';
    const slowDisk = broker.slowDiskMs > 0 ? `, 쓰기마다 ${slowDiskWords(broker.slowDiskMs, language)}` : '';
    const counts = `레플리카 ${broker.replicaCount}개, 리더 ${broker.leaderCount}개`;
    return `브로커 ${broker.id}${rack}, ${KOREAN_STATE[broker.state]}${also}${isolated}${slow}${slowDisk}, ${counts}`;
  }
  const rack = broker.rack === null ? '' : `, rack ${broker.rack}`;
  const isolated = broker.isolated ? ', isolated from the network' : '';
  const slow = broker.slowMs > 0 ? `, ${slowWords(broker.slowMs)} on every message` : '';
  const slowDisk = broker.slowDiskMs > 0 ? `, ${slowDiskWords(broker.slowDiskMs)} on every write` : '';
  return `Broker ${broker.id}${rack}, ${broker.state}${also}${isolated}${slow}${slowDisk}, ${broker.replicaCount} replicas, leader of ${broker.leaderCount}`;
}

/**
 * What a broker waits for, in words, with the time left and the config that sets it: a killed or
 * silent broker until the controller fences it, a restarted one until its old session ends or the
 * controller registers it. Null when it waits for nothing.
 */
export function waitingWords(
  broker: Pick<BrokerBox, 'state' | 'waitingFor' | 'sessionEndsInMs'>,
  short = false,
  language: Language = 'en',
): string | null {
  const left = broker.sessionEndsInMs === undefined ? null : seconds(broker.sessionEndsInMs);
  const config = short ? '' : ' (broker.session.timeout.ms)';
  const ko = language === 'ko';
  if (broker.state === 'starting' && broker.waitingFor === 'old-session-to-expire') {
    if (left === null) return ko ? '이전 세션이 끝나기를 기다리는 중' : 'waiting for its old session to end';
    return ko ? `이전 세션이 ${left} 후 끝남${config}` : `old session ends in ${left}${config}`;
  }
  if (broker.state === 'starting') {
    if (ko) return short ? '등록 중' : '컨트롤러가 등록하고 펜싱을 풀기를 기다리는 중';
    return short ? 'registering' : 'waiting for the controller to register and unfence it';
  }
  if (left !== null) return ko ? `${left} 후 펜싱됨${config}` : `fenced in ${left}${config}`;
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

/** Roughly how wide one character of the tags' 11px bold text is (a Hangul syllable is a full em), and the tags' padding and gap. */
const TAG_CHAR_WIDTH = 6.2;
const TAG_HANGUL_WIDTH = 11;
const TAG_PADDING = 6;
const TAG_GAP = 4;

const tagTextWidth = (text: string) =>
  [...text].reduce(
    (width, char) => width + (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(char) ? TAG_HANGUL_WIDTH : TAG_CHAR_WIDTH),
    0,
  );

/** A broker card's tags in words, side by side from its left edge: "slow +2 s", "slow disk +2 s". */
export function cardTags(broker: BrokerBox, language: Language = 'en'): CardTag[] {
  const tags: CardTag[] = [];
  let x = 10;
  const add = (kind: CardTag['kind'], text: string) => {
    const width = tagTextWidth(text) + 2 * TAG_PADDING;
    tags.push({ kind, text, x, width, textX: x + TAG_PADDING });
    x += width + TAG_GAP;
  };
  if (broker.slowMs > 0) add('slow', slowWords(broker.slowMs, language));
  if (broker.slowDiskMs > 0) add('slow-disk', slowDiskWords(broker.slowDiskMs, language));
  return tags;
}

/** A slow broker's badge: "slow +500 ms", "slow +2 s". */
export function slowWords(extraMs: number, language: Language = 'en'): string {
  return `${language === 'ko' ? '느림' : 'slow'} +${delayWords(extraMs)}`;
}

/** A broker with a slow disk: "slow disk +2 s". */
export function slowDiskWords(extraMs: number, language: Language = 'en'): string {
  return `${language === 'ko' ? '느린 디스크' : 'slow disk'} +${delayWords(extraMs)}`;
}

/** A delay as people say it: "500 ms", "2 s", "1.5 s". */
export function delayWords(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A cut link in words, with its direction: "broker-2 → broker-1, cut one way" or "broker-1 ✂ broker-3, cut both ways". */
export function describeCut(cut: CutLink, language: Language = 'en'): string {
  if (language === 'ko') return cut.oneWay ? `${cut.from} → ${cut.to}, 한 방향 끊김` : `${cut.from} ✂ ${cut.to}, 양방향 끊김`;
  return cut.oneWay ? `${cut.from} → ${cut.to}, cut one way` : `${cut.from} ✂ ${cut.to}, cut both ways`;
}
