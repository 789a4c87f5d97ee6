/**
 * A timeline event in the page's language. The engine writes each event in English
 * (src/controller/metadata-events.ts, src/cluster/timeline.ts), which is what the Node API and the
 * tests read; the page in Korean re-says the common kinds from the event's kind and the values its
 * sentence carries. A kind not covered here, or a sentence whose shape is not the one expected, is
 * shown in English: a stale translation is worse than none.
 */
import type { TimelineEvent } from '../../controller/metadata-events';
import type { Language } from '../i18n/language';

type Sayer = (match: RegExpMatchArray) => string;

const leaderName = (leader: string) => (leader === 'none' ? '없음' : leader);
/** "offset 5" or "offsets 3–7" in Korean. */
const offsetRange = (range: string) => range.replace(/^offsets? /, '오프셋 ');

/** Per kind, the English sentence's shape and its Korean rendering. */
const KOREAN: Partial<Record<TimelineEvent['kind'], readonly (readonly [RegExp, Sayer])[]>> = {
  'broker-registered': [
    [/^broker (\d+) registered(?: \(rack (.+)\))?$/, (m) => `브로커 ${m[1]} 등록됨${m[2] === undefined ? '' : ` (랙 ${m[2]})`}`],
  ],
  'broker-unregistered': [[/^broker (\d+) unregistered$/, (m) => `브로커 ${m[1]} 등록 해제됨`]],
  'broker-fenced': [[/^broker (\d+) fenced$/, (m) => `브로커 ${m[1]} 펜싱됨`]],
  'broker-unfenced': [[/^broker (\d+) unfenced$/, (m) => `브로커 ${m[1]} 펜싱 해제됨`]],
  'broker-controlled-shutdown': [[/^broker (\d+) began a controlled shutdown$/, (m) => `브로커 ${m[1]} 제어된 종료 시작`]],
  'broker-restarted': [
    [
      /^broker (\d+) restarted inside its old session: .* in ([\d.]+) s \(broker\.session\.timeout\.ms (\d+)\) and registers the new one$/,
      (m) =>
        `브로커 ${m[1]}: 이전 세션이 끝나기 전에 다시 시작됨. 컨트롤러가 ${m[2]} s 뒤 이전 인스턴스를 펜싱하고` +
        ` (broker.session.timeout.ms ${m[3]}) 새 인스턴스를 등록할 때까지 아무것도 처리하지 않음`,
    ],
  ],
  'broker-log-dir-failed': [
    [
      /^broker (\d+)'s log directory failed \((.*)\): with no log directory left it halts, and the controller fences it when its heartbeats stop$/,
      (m) =>
        `브로커 ${m[1]}의 로그 디렉터리 실패 (${m[2]}): 남은 로그 디렉터리가 없어 브로커가 멈추고, 하트비트가 끊기면 컨트롤러가 펜싱함`,
    ],
  ],
  'topic-created': [
    [
      /^topic (\S+) created \((\d+) partitions?, RF (\d+)(.*)\)$/,
      (m) => `토픽 ${m[1]} 생성됨 (파티션 ${m[2]}개, 복제 팩터 ${m[3]}${m[4]})`,
    ],
  ],
  'topic-deleted': [[/^topic (\S+) deleted$/, (m) => `토픽 ${m[1]} 삭제됨`]],
  'partition-created': [
    [/^(\S+) created, leader (\S+), replicas (\[[\d,]*\])$/, (m) => `${m[1]} 생성됨, 리더 ${leaderName(m[2])}, 레플리카 ${m[3]}`],
  ],
  'leader-changed': [
    [
      /^(\S+) leader (\S+) → (\d+), epoch (\d+)( \(unclean election\)| \(from the ELR\))?$/,
      (m) =>
        `${m[1]} 리더 ${leaderName(m[2])} → ${m[3]}, 리더 에포크 ${m[4]}` +
        (m[5] === undefined ? '' : m[5].includes('unclean') ? ' (언클린 리더 선출)' : ' (ELR에서)'),
    ],
  ],
  'partition-offline': [[/^(\S+) offline$/, (m) => `${m[1]} 오프라인`]],
  'isr-shrank': [[/^ISR of (\S+) shrank to (\[[\d,]*\])$/, (m) => `${m[1]}의 ISR 축소 → ${m[2]}`]],
  'isr-expanded': [[/^ISR of (\S+) expanded to (\[[\d,]*\])$/, (m) => `${m[1]}의 ISR 확장 → ${m[2]}`]],
  'isr-changed': [[/^ISR of (\S+) changed to (\[[\d,]*\])$/, (m) => `${m[1]}의 ISR 변경 → ${m[2]}`]],
  'replicas-changed': [[/^replicas of (\S+) changed to (\[[\d,]*\])$/, (m) => `${m[1]}의 레플리카 변경 → ${m[2]}`]],
  'config-changed': [
    [
      /^(\S+) of (topic \S+|the cluster default|broker \S+) (?:deleted|set to (.*))$/,
      (m) => {
        const target = m[2] === 'the cluster default' ? '클러스터 기본값' : m[2].replace(/^topic /, '토픽 ').replace(/^broker /, '브로커 ');
        return m[3] === undefined ? `${target}의 ${m[1]} 설정 삭제됨` : `${target}의 ${m[1]} 설정 → ${m[3]}`;
      },
    ],
  ],
  'group-rebalanced': [
    [
      /^group (.+) rebalanced, (generation|epoch) (\d+)$/,
      (m) => `컨슈머 그룹 ${m[1]} 리밸런스, ${m[2] === 'generation' ? '세대' : '그룹 에포크'} ${m[3]}`,
    ],
  ],
  'committed-offsets-lost': [
    [
      /^unclean election: broker (\d+) leads (\S+) without committed (offsets? \S+) \(simulator diagnostic; .*\)$/,
      (m) =>
        `언클린 리더 선출: 브로커 ${m[1]}이(가) 커밋된 ${offsetRange(m[3])} 없이 ${m[2]}의 리더가 됨` +
        ' (시뮬레이터 진단. Kafka는 이전 리더가 로그를 잘라낼 때에만 알림)',
    ],
    [
      /^broker (\d+) gave up committed (offsets? \S+) of (\S+) \(unclean election\)$/,
      (m) => `브로커 ${m[1]}이(가) ${m[3]}의 커밋된 ${offsetRange(m[2])}을(를) 버림 (언클린 리더 선출)`,
    ],
  ],
};

/** The event's sentence in `language`; English is the engine's own sentence. */
export function timelineWords(event: Pick<TimelineEvent, 'kind' | 'text'>, language: Language): string {
  if (language === 'en') return event.text;
  for (const [shape, say] of KOREAN[event.kind] ?? []) {
    const match = event.text.match(shape);
    if (match !== null) return say(match);
  }
  return event.text;
}
