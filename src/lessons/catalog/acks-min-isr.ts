import { isDown, isrOf, leaderOf, produce } from '../lesson-checks';
import type { Lesson, LessonContext, LessonMemo } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'ledger';

/** A broker holding a replica of ledger-0 that does not lead it and is still up. */
function aRunningFollower(context: LessonContext): number {
  const partition = context.cluster.describePartition(TOPIC, 0);
  return partition.replicas.find((id) => id !== partition.leader && !isDown(context, id))!;
}

/**
 * An acks=all send with retries=0, so a refusal comes back at once: by default the producer retries
 * a retriable error such as NOT_ENOUGH_REPLICAS until delivery.timeout.ms (2 minutes).
 */
async function sendAcksAll(context: LessonContext, memo: LessonMemo, key: string): Promise<void> {
  try {
    await produce(context, TOPIC, [{ key: 'k', value: `entry ${key}` }], -1, { idempotent: false, retries: 0 });
    memo[key] = 'acknowledged';
  } catch (error) {
    memo[key] = (error as { type?: string }).type ?? (error as Error).message;
  }
}

export const acksMinIsr: Lesson = {
  id: 'acks-min-isr',
  title: say('acks=all and min.insync.replicas', 'acks=all과 min.insync.replicas'),
  summary: say(
    'acks=all waits for every replica in the ISR, and min.insync.replicas says how small the ISR may get before writes are refused.',
    'acks=all은 ISR의 모든 레플리카를 기다리고, min.insync.replicas는 쓰기를 거절하기 전까지 ISR이 얼마나 작아질 수 있는지 정합니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }],
  },
  steps: [
    {
      kind: 'explain',
      id: 'setting',
      text: say(
        `${TOPIC} has 3 replicas (replication factor 3) and 최소 동기화 레플리카 수 min.insync.replicas = 2.`,
        `${TOPIC}은 레플리카가 3개(복제 팩터 3)이고 최소 동기화 레플리카 수 min.insync.replicas = 2입니다.`,
      ),
      evidence: () => ({ partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'predict',
      id: 'one-down',
      text: say(
        'One follower dies and leaves the ISR. Does a write with acks=all succeed?',
        '팔로워 하나가 죽어 ISR에서 빠집니다. acks=all 쓰기는 성공할까요?',
      ),
      choices: [
        {
          id: 'yes',
          text: say('Yes: the 2 replicas left in the ISR are enough', '성공: ISR에 남은 레플리카 2개면 충분하다'),
          correct: true,
        },
        { id: 'no', text: say('No: acks=all waits for all 3 replicas', '실패: acks=all은 레플리카 3개 모두를 기다린다'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'kill-one',
      text: say(
        'Kill a follower of ledger-0 and wait until it leaves the ISR.',
        'ledger-0의 팔로워 하나를 죽이고 ISR에서 빠질 때까지 기다리세요.',
      ),
      perform: { label: say('Kill a follower', '팔로워 죽이기'), run: (context) => context.cluster.killBroker(aRunningFollower(context)) },
      done: (context) => isrOf(context, TOPIC, 0).length === 2,
    },
    {
      kind: 'act',
      id: 'write-two',
      text: say('Send a record with acks=all.', 'acks=all로 레코드를 보내세요.'),
      perform: { label: say('Send with acks=all', 'acks=all로 보내기'), run: (context, memo) => sendAcksAll(context, memo, 'withTwo') },
      done: (_context, memo) => memo.withTwo !== undefined,
    },
    {
      kind: 'reveal',
      id: 'isr-not-replicas',
      prediction: 'one-down',
      text: say(
        'acks=all waits for the replicas in the ISR right now, not for every replica of the topic. With 2 in the ISR and min.insync.replicas=2, the write is acknowledged.',
        'acks=all은 토픽의 모든 레플리카가 아니라 지금 ISR에 있는 레플리카를 기다립니다. ISR이 2개이고 min.insync.replicas=2이므로 쓰기가 확인됩니다.',
      ),
      details: (_context, memo) => say(`This run: ${memo.withTwo as string}.`, `이번 실행: ${memo.withTwo as string}.`),
    },
    {
      kind: 'predict',
      id: 'two-down',
      text: say('A second follower dies. Does acks=all still succeed?', '두 번째 팔로워도 죽습니다. acks=all은 여전히 성공할까요?'),
      choices: [
        {
          id: 'refused',
          text: say('No: the leader refuses it with NOT_ENOUGH_REPLICAS', '실패: 리더가 NOT_ENOUGH_REPLICAS로 거절한다'),
          correct: true,
        },
        { id: 'leader-alone', text: say('Yes: the leader alone is the whole ISR', '성공: 리더 혼자가 ISR 전체다'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'kill-two',
      text: say(
        'Kill the other follower and wait until the ISR is the leader alone.',
        '다른 팔로워도 죽이고 ISR에 리더만 남을 때까지 기다리세요.',
      ),
      perform: {
        label: say('Kill the other follower', '다른 팔로워 죽이기'),
        run: (context) => context.cluster.killBroker(aRunningFollower(context)),
      },
      done: (context) => isrOf(context, TOPIC, 0).length === 1,
    },
    {
      kind: 'act',
      id: 'write-one',
      text: say(
        'Send a record with acks=all again (retries=0 here, so a refusal shows at once instead of after delivery.timeout.ms).',
        '다시 acks=all로 레코드를 보내세요 (여기서는 retries=0이라 거절이 delivery.timeout.ms를 기다리지 않고 바로 보입니다).',
      ),
      perform: { label: say('Send with acks=all', 'acks=all로 보내기'), run: (context, memo) => sendAcksAll(context, memo, 'withOne') },
      done: (_context, memo) => memo.withOne !== undefined,
    },
    {
      kind: 'reveal',
      id: 'not-enough',
      prediction: 'two-down',
      text: say(
        'With the ISR below min.insync.replicas the leader refuses acks=all writes (NOT_ENOUGH_REPLICAS, error 19) rather than keep data on one disk only. acks=1 writes would still be accepted.',
        'ISR이 min.insync.replicas보다 작으면 리더는 데이터를 디스크 하나에만 두지 않으려고 acks=all 쓰기를 거절합니다(NOT_ENOUGH_REPLICAS, 오류 19). acks=1 쓰기는 여전히 받습니다.',
      ),
      details: (_context, memo) => say(`This run: ${memo.withOne as string}.`, `이번 실행: ${memo.withOne as string}.`),
      evidence: (context) => ({ brokers: [leaderOf(context, TOPIC, 0)] }),
    },
    {
      kind: 'task',
      id: 'get-through',
      text: say(
        'Get an acks=all write through with one broker still down: restart one of the brokers you killed and wait for it to rejoin the ISR.',
        '브로커 하나는 죽은 채로 acks=all 쓰기가 통과하게 하세요: 죽인 브로커 하나를 다시 시작하고 ISR에 돌아올 때까지 기다리세요.',
      ),
      check: (context) => isrOf(context, TOPIC, 0).length >= 2,
    },
  ],
};
