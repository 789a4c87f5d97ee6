/**
 * A chaos run's verdict as the Chaos panel words it: valid, or each anomaly under the name the
 * checkers give it (Jepsen's and Maelstrom's) with its shortest history, the counts, and the
 * command that replays the run from a terminal. Plain text only: the panel renders it as text.
 * The checkers' messages and the fault history stay as the checker prints them (English, as
 * `npm run chaos` does in a terminal); the panel's own words follow the page's language.
 */
import type { Language } from '../i18n/language';
import type { LiveChaosResult } from '../../chaos/live-chaos';
import { replayCommand } from '../../chaos/replay-command';
import type { AnomalyType } from '../../chaos/checkers/anomaly';
import { formatEvent } from '../../chaos/chaos-history';
import { isValid } from '../../chaos/chaos-verdict';

export const ANOMALY_NAMES: Record<Language, Record<AnomalyType, string>> = {
  en: {
    'lost-write': 'lost acknowledged write',
    duplicate: 'duplicate',
    reordering: 'reordering',
    'skipped-offset': 'skipped offset',
    'committed-offset-backwards': 'committed offset moving backwards',
  },
  ko: {
    'lost-write': '확인 응답한 쓰기 손실',
    duplicate: '중복',
    reordering: '순서 뒤바뀜',
    'skipped-offset': '건너뛴 오프셋',
    'committed-offset-backwards': '뒤로 간 커밋 오프셋',
  },
};

export interface AnomalyView {
  /** The checkers' type, the same in every language. */
  type: AnomalyType;
  name: string;
  message: string;
  /** The events that lead to it, one line each. */
  history: string[];
}

export interface VerdictView {
  valid: boolean;
  headline: string;
  counts: string;
  /** Partitions never healed and faults that never finished. */
  unhealed: string[];
  anomalies: AnomalyView[];
  replay: string;
}

export function verdictView(result: LiveChaosResult, language: Language = 'en'): VerdictView {
  const { options, anomalies, unhealed } = result;
  const valid = isValid(result);
  const base = {
    valid,
    unhealed,
    anomalies: anomalies.map(({ anomaly, history }) => ({
      type: anomaly.type,
      name: ANOMALY_NAMES[language][anomaly.type],
      message: anomaly.message,
      history: history.map(formatEvent),
    })),
    replay: replayCommand(options),
  };
  if (language === 'ko') {
    const headline = valid
      ? '유효: 이상 없음'
      : anomalies.length === 0
        ? '무효: 끝까지 복구되지 않은 파티션'
        : `무효: 이상 ${anomalies.length}건`;
    const counts = [
      `브로커 ${result.brokers}개에 ${(result.virtualMs / 1000).toFixed(0)} s 동안 결함 ${result.history.length}개${result.stoppedEarly ? ' (일찍 멈춤)' : ''}`,
      `보낸 레코드 ${result.sent}개`,
      `확인 응답 ${result.report.ackedCount}개`,
      `Kafka가 허용하는 중복 ${result.allowedDuplicates}개`,
    ].join(', ');
    return { ...base, headline, counts };
  }
  const headline = valid
    ? 'valid: no anomaly'
    : anomalies.length === 0
      ? 'invalid: partitions never healed'
      : `invalid: ${count(anomalies.length, 'anomaly', 'anomalies')}`;
  const counts = [
    `${count(result.history.length, 'fault', 'faults')} on ${result.brokers} brokers over ${(result.virtualMs / 1000).toFixed(0)} s${result.stoppedEarly ? ' (stopped early)' : ''}`,
    `${count(result.sent, 'record', 'records')} sent`,
    `${result.report.ackedCount} acknowledged`,
    `${count(result.allowedDuplicates, 'duplicate', 'duplicates')} Kafka allows`,
  ].join(', ');
  return { ...base, headline, counts };
}

/** The run's stages as the chaos run names them (src/chaos/chaos-run.ts), in Korean. */
const STAGES_KO: readonly (readonly [RegExp, (m: RegExpMatchArray) => string])[] = [
  [/^creating topic (\S+)$/, (m) => `토픽 ${m[1]} 만드는 중`],
  [/^starting the producers and the consumer group$/, () => '프로듀서와 컨슈머 그룹 시작 중'],
  [/^injecting faults$/, () => '결함 주입 중'],
  [
    /^healing every cut and slow broker, restarting every broker the run stopped$/,
    () => '끊긴 링크와 느린 브로커를 모두 복구하고, 멈춘 브로커를 다시 시작하는 중',
  ],
  [/^waiting for every replica to rejoin its ISR$/, () => '모든 레플리카가 ISR에 다시 들어오기를 기다리는 중'],
  [/^waiting for the sends in flight to be acknowledged or to fail$/, () => '전송 중인 레코드가 확인 응답되거나 실패하기를 기다리는 중'],
  [/^waiting for the consumers to join$/, () => '컨슈머가 참여하기를 기다리는 중'],
  [/^reading the committed offsets one last time$/, () => '커밋된 오프셋을 마지막으로 읽는 중'],
  [/^reading (\S+) back$/, (m) => `${m[1]} 다시 읽는 중`],
  [/^judging$/, () => '판정 중'],
];

/** A stage of a running chaos run in the page's language; a stage not known here stays as the run names it. */
export function chaosStageWords(stage: string, language: Language): string {
  if (language === 'en') return stage;
  for (const [shape, say] of STAGES_KO) {
    const match = stage.match(shape);
    if (match !== null) return say(match);
  }
  return stage;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
