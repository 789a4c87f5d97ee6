import { DEMO_PRESET } from '../../cluster/timing-presets';
import { isDown, isrOf, leaderOf } from '../lesson-checks';
import type { Lesson, LessonContext, LessonMemo } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const SESSION_TIMEOUT_MS = DEMO_PRESET.broker['broker.session.timeout.ms']!;

const killed = (memo: LessonMemo) => memo.leader as number;

function partitionOf(context: LessonContext) {
  return context.cluster.describePartition(TOPIC, 0);
}

export const failover: Lesson = {
  id: 'failover',
  title: say('Failover: kill the leader', '장애 조치: 리더 브로커 죽이기'),
  summary: say(
    'The controller fences a silent broker after broker.session.timeout.ms and elects a new leader from the ISR.',
    '컨트롤러는 응답 없는 브로커를 broker.session.timeout.ms 후 펜싱하고, ISR에서 새 리더를 뽑습니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 3, replicationFactor: 3 }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5, keys: 'user-20' }],
    groups: [{ groupId: 'orders-app', topics: [TOPIC], members: 2, fromBeginning: true }],
  },
  steps: [
    {
      kind: 'explain',
      id: 'roles',
      text: say(
        `A producer writes to ${TOPIC} and a consumer group reads it. Each partition has one leader; the followers in its ISR (in-sync replicas) copy every record. Every broker sends the controller a heartbeat every broker.heartbeat.interval.ms.`,
        `프로듀서가 ${TOPIC}에 쓰고 컨슈머 그룹이 읽습니다. 파티션마다 리더가 하나 있고, ISR(동기화된 레플리카)의 팔로워들이 모든 레코드를 복사합니다. 브로커는 broker.heartbeat.interval.ms마다 컨트롤러에 하트비트를 보냅니다.`,
      ),
      onEnter(context, memo) {
        memo.leader = leaderOf(context, TOPIC, 0);
        memo.leaderEpoch = partitionOf(context).leaderEpoch;
        memo.isr = isrOf(context, TOPIC, 0);
      },
      evidence: (_context, memo) => ({ brokers: [killed(memo)], partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'predict',
      id: 'after-kill',
      text: say(
        `You will kill the leader of ${TOPIC}-0 without warning, as a power cut would. What happens to ${TOPIC}-0?`,
        `${TOPIC}-0의 리더를 정전처럼 예고 없이 죽입니다. ${TOPIC}-0은 어떻게 될까요?`,
      ),
      choices: [
        {
          id: 'isr-after-session',
          text: say(
            'After broker.session.timeout.ms the controller fences the broker and a follower from the ISR becomes leader',
            'broker.session.timeout.ms가 지나면 컨트롤러가 브로커를 펜싱하고 ISR의 팔로워가 리더가 된다',
          ),
          correct: true,
        },
        {
          id: 'at-once',
          text: say('A follower takes over at once', '팔로워가 즉시 리더를 이어받는다'),
          correct: false,
        },
        {
          id: 'offline',
          text: say('The partition is offline until the broker comes back', '브로커가 돌아올 때까지 파티션은 오프라인이다'),
          correct: false,
        },
      ],
    },
    {
      kind: 'act',
      id: 'kill',
      text: say(
        `Kill the leader of ${TOPIC}-0: select its broker and press Kill, or use the lesson's button.`,
        `${TOPIC}-0의 리더 브로커를 선택해 죽이기를 누르거나 레슨의 버튼을 누르세요.`,
      ),
      perform: {
        label: say('Kill the leader', '리더 죽이기'),
        run: (context, memo) => context.cluster.killBroker(killed(memo)),
      },
      done: (context, memo) => isDown(context, killed(memo)),
      evidence: (_context, memo) => ({ brokers: [killed(memo)] }),
    },
    {
      kind: 'act',
      id: 'wait-for-election',
      pausesTime: true,
      text: say(
        `Watch the killed broker's card count down to its fencing (broker.session.timeout.ms = ${SESSION_TIMEOUT_MS} ms from its last heartbeat in this lesson's timings; Kafka's default is 9000 ms).`,
        `죽은 브로커 카드의 카운트다운을 지켜보세요 (이 레슨의 broker.session.timeout.ms = 마지막 하트비트부터 ${SESSION_TIMEOUT_MS} ms, Kafka 기본값은 9000 ms).`,
      ),
      done(context, memo) {
        const leader = leaderOf(context, TOPIC, 0);
        if (leader === -1 || leader === killed(memo)) return false;
        memo.newLeader = leader;
        memo.newLeaderEpoch = partitionOf(context).leaderEpoch;
        memo.newIsr = isrOf(context, TOPIC, 0);
        return true;
      },
      evidence: (_context, memo) => ({ brokers: [killed(memo)], partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'reveal',
      id: 'elected',
      pausesTime: true,
      prediction: 'after-kill',
      text: say(
        'Nothing changed until the controller stopped hearing heartbeats for broker.session.timeout.ms: only then did it fence the broker and elect a new leader from the ISR, with a new leader epoch. The producer retried its batches on the new leader; nothing acknowledged was lost.',
        '컨트롤러가 broker.session.timeout.ms 동안 하트비트를 받지 못하기 전까지는 아무것도 바뀌지 않았습니다. 그때서야 브로커를 펜싱하고 ISR에서 새 리더를 뽑았으며, 리더 에포크가 올라갔습니다. 프로듀서는 새 리더에게 배치를 다시 보냈고, 확인(ack)된 레코드는 하나도 잃지 않았습니다.',
      ),
      details(_context, memo) {
        const before = `${killed(memo)} (epoch ${memo.leaderEpoch as number})`;
        const after = `${memo.newLeader as number} (epoch ${memo.newLeaderEpoch as number})`;
        const isr = `[${(memo.isr as number[]).join(', ')}]`;
        return say(
          `This run: leader ${before} → ${after}, chosen from the ISR ${isr}.`,
          `이번 실행: 리더 ${before} → ${after}, ISR ${isr}에서 선출.`,
        );
      },
      evidence: (_context, memo) => ({
        brokers: [killed(memo), memo.newLeader as number],
        partitions: [{ topic: TOPIC, partition: 0 }],
      }),
    },
    {
      kind: 'task',
      id: 'rejoin',
      text: say(
        `Restart the killed broker and wait until it is back in the ISR of ${TOPIC}-0. It comes back as a follower: leadership does not move back by itself until the preferred leader election runs.`,
        `죽인 브로커를 다시 시작하고 ${TOPIC}-0의 ISR에 돌아올 때까지 기다리세요. 팔로워로 돌아오며, 선호 리더 선출이 실행되기 전에는 리더가 저절로 돌아가지 않습니다.`,
      ),
      check: (context, memo) => isrOf(context, TOPIC, 0).includes(killed(memo)),
      evidence: (_context, memo) => ({ brokers: [killed(memo)] }),
    },
  ],
  notModelled: say(
    'In Kafka the controllers are themselves a Raft quorum on several nodes; here one controller runs on the page and does not fail.',
    'Kafka에서는 컨트롤러 자체도 여러 노드의 Raft 쿼럼입니다. 여기서는 컨트롤러 하나가 페이지에서 돌고 장애가 나지 않습니다.',
  ),
};
