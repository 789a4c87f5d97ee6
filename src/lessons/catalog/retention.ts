import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'logs';
const RETENTION_MS = 10_000;
const SEGMENT_MS = 4_000;

export const retention: Lesson = {
  id: 'retention',
  title: say('Retention deletes segments', '보존 기간과 세그먼트 삭제'),
  summary: say(
    'Kafka deletes whole closed segments past retention.ms, never single records and never the active segment.',
    'Kafka는 retention.ms가 지난 닫힌 세그먼트를 통째로 지웁니다. 레코드 하나씩 지우지 않고, 활성 세그먼트는 지우지 않습니다.',
  ),
  setup: {
    brokers: 3,
    config: { 'log.retention.check.interval.ms': 2000, 'log.initial.task.delay.ms': 2000 },
    topics: [
      {
        name: TOPIC,
        partitions: 1,
        replicationFactor: 3,
        configs: { 'retention.ms': String(RETENTION_MS), 'segment.ms': String(SEGMENT_MS) },
      },
    ],
    producers: [{ topic: TOPIC, recordsPerSecond: 5 }],
  },
  steps: [
    {
      kind: 'predict',
      id: 'how',
      text: say(
        `${TOPIC} keeps records for retention.ms = ${RETENTION_MS / 1000} s, and rolls a new segment every segment.ms = ${SEGMENT_MS / 1000} s. How does Kafka delete old records?`,
        `${TOPIC}은 retention.ms = ${RETENTION_MS / 1000}초 동안 레코드를 보관하고, segment.ms = ${SEGMENT_MS / 1000}초마다 새 세그먼트를 만듭니다. Kafka는 오래된 레코드를 어떻게 지울까요?`,
      ),
      choices: [
        { id: 'one-by-one', text: say('Each record as it turns 10 s old', '레코드마다 10초가 되는 순간'), correct: false },
        {
          id: 'segments',
          text: say(
            'Whole segments, once the newest record of a closed segment is older than retention.ms',
            '닫힌 세그먼트의 가장 새 레코드가 retention.ms보다 오래되면 세그먼트 통째로',
          ),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'wait',
      text: say(
        `Watch ${TOPIC}-0's log start offset (in the inspector) until it moves.`,
        `${TOPIC}-0의 로그 시작 오프셋(인스펙터)이 움직일 때까지 지켜보세요.`,
      ),
      done(context, memo) {
        const partition = context.cluster.describePartition(TOPIC, 0);
        if (partition.logStartOffset <= 0) return false;
        memo.logStart = partition.logStartOffset;
        memo.logEnd = partition.logEndOffset;
        return true;
      },
      evidence: () => ({ partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'reveal',
      id: 'segments',
      prediction: 'how',
      text: say(
        "A partition's log is a series of segment files; only the newest, the active segment, takes writes. Every log.retention.check.interval.ms the broker deletes the closed segments whose newest record is past retention.ms, so the log start offset jumps by a whole segment. A consumer behind it gets OFFSET_OUT_OF_RANGE and applies auto.offset.reset. With cleanup.policy=compact Kafka instead keeps the last record of each key.",
        '파티션의 로그는 세그먼트 파일들로 이루어지고, 가장 새 것인 활성 세그먼트만 쓰기를 받습니다. 브로커는 log.retention.check.interval.ms마다 가장 새 레코드가 retention.ms를 넘긴 닫힌 세그먼트를 지우므로, 로그 시작 오프셋이 세그먼트 단위로 뜁니다. 그보다 뒤처진 컨슈머는 OFFSET_OUT_OF_RANGE를 받고 auto.offset.reset을 적용합니다. cleanup.policy=compact이면 Kafka는 키마다 마지막 레코드를 남깁니다.',
      ),
      details: (_context, memo) =>
        say(
          `This run: the log start offset jumped from 0 to ${memo.logStart as number} (log end ${memo.logEnd as number}).`,
          `이번 실행: 로그 시작 오프셋이 0에서 ${memo.logStart as number}로 뛰었습니다 (로그 끝 ${memo.logEnd as number}).`,
        ),
    },
  ],
};
