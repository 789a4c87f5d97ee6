import { isDown, isrOf, leaderOf } from '../lesson-checks';
import type { Lesson, LessonContext, LessonMemo } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'payments';

const filled = (memo: LessonMemo) => memo.leader as number;

function partitionOf(context: LessonContext) {
  return context.cluster.describePartition(TOPIC, 0);
}

/**
 * A full disk is a log-directory failure (issue 17): the broker's next write is refused, its only
 * log directory goes offline (LogDirFailureChannel) and it halts (ReplicaManager.handleLogDirFailure),
 * after which the failover is the one the failover lesson shows.
 */
export const fullDisk: Lesson = {
  id: 'full-disk',
  title: say('A full disk: the log directory fails', '가득 찬 디스크: 로그 디렉터리 실패'),
  summary: say(
    'A broker whose only log directory fails on a write halts, and the controller moves its leaderships: a full disk costs a broker, not the records it acknowledged.',
    '하나뿐인 로그 디렉터리가 쓰기에 실패한 브로커는 멈추고, 컨트롤러가 리더를 옮깁니다. 디스크가 가득 차면 브로커 하나를 잃지만 확인(ack)한 레코드는 잃지 않습니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5, keys: 'user-20' }],
  },
  steps: [
    {
      kind: 'explain',
      id: 'log-dir',
      text: say(
        `A producer writes to ${TOPIC} with acks=all. Each broker keeps its logs in a log directory (log.dirs; here, the browser's IndexedDB), and acknowledges a write only once it is stored.`,
        `프로듀서가 acks=all로 ${TOPIC}에 씁니다. 브로커는 로그를 로그 디렉터리(log.dirs, 여기서는 브라우저의 IndexedDB)에 두고, 저장된 뒤에야 쓰기를 확인(ack)합니다.`,
      ),
      onEnter(context, memo) {
        memo.leader = leaderOf(context, TOPIC, 0);
        memo.leaderEpoch = partitionOf(context).leaderEpoch;
        memo.isr = isrOf(context, TOPIC, 0);
      },
      evidence: (_context, memo) => ({ brokers: [filled(memo)], partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'predict',
      id: 'after-fill',
      text: say(
        `The disk of ${TOPIC}-0's leader fills up. What does that broker do?`,
        `${TOPIC}-0 리더의 디스크가 가득 찹니다. 그 브로커는 어떻게 될까요?`,
      ),
      choices: [
        {
          id: 'halts',
          text: say(
            'Its next write fails its log directory and it halts; a follower from the ISR becomes leader',
            '다음 쓰기에서 로그 디렉터리가 실패해 브로커가 멈추고, ISR의 팔로워가 리더가 된다',
          ),
          correct: true,
        },
        {
          id: 'read-only',
          text: say(
            'It keeps serving reads and refuses writes until space is freed',
            '공간이 비워질 때까지 읽기만 처리하고 쓰기는 거부한다',
          ),
          correct: false,
        },
        {
          id: 'drops-old',
          text: say('It deletes its oldest records to make room', '공간을 만들려고 가장 오래된 레코드를 지운다'),
          correct: false,
        },
      ],
    },
    {
      kind: 'act',
      id: 'fill',
      text: say(
        `Fill the disk of ${TOPIC}-0's leader: select its broker and press Fill disk, or use the lesson's button.`,
        `${TOPIC}-0의 리더 브로커를 선택해 디스크 채우기를 누르거나 레슨의 버튼을 누르세요.`,
      ),
      perform: {
        label: say("Fill the leader's disk", '리더의 디스크 채우기'),
        run: (context, memo) => context.cluster.fillDisk(filled(memo)),
      },
      done: (context, memo) => isDown(context, filled(memo)),
      evidence: (_context, memo) => ({ brokers: [filled(memo)] }),
    },
    {
      kind: 'act',
      id: 'wait-for-election',
      pausesTime: true,
      text: say(
        'The broker halted at its next write. Its heartbeats stopped with it: watch the controller fence it after broker.session.timeout.ms and elect a new leader.',
        '브로커는 다음 쓰기에서 멈췄습니다. 하트비트도 함께 멈췄으니, 컨트롤러가 broker.session.timeout.ms 뒤 펜싱하고 새 리더를 뽑는 것을 지켜보세요.',
      ),
      done(context, memo) {
        const leader = leaderOf(context, TOPIC, 0);
        if (leader === -1 || leader === filled(memo)) return false;
        memo.newLeader = leader;
        memo.newLeaderEpoch = partitionOf(context).leaderEpoch;
        return true;
      },
      evidence: (_context, memo) => ({ brokers: [filled(memo)], partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'reveal',
      id: 'halted',
      pausesTime: true,
      prediction: 'after-fill',
      text: say(
        'Kafka cannot keep a log it cannot write: the write that failed took the log directory offline (KAFKA_STORAGE_ERROR for that request, nothing of it acknowledged), and a KRaft broker with no live log directory halts. The controller then treats it as any dead broker. Retention never deletes records to make room: it runs on its own schedule, by time and size.',
        'Kafka는 쓸 수 없는 로그를 유지하지 않습니다. 실패한 쓰기가 로그 디렉터리를 오프라인으로 만들었고(그 요청은 KAFKA_STORAGE_ERROR, 확인된 것은 없음), 살아 있는 로그 디렉터리가 없는 KRaft 브로커는 멈춥니다. 그다음 컨트롤러는 다른 죽은 브로커처럼 다룹니다. 보존(retention)은 공간을 만들려고 레코드를 지우지 않고, 시간과 크기에 따라 자기 일정대로 돕니다.',
      ),
      details(_context, memo) {
        const before = `${filled(memo)} (epoch ${memo.leaderEpoch as number})`;
        const after = `${memo.newLeader as number} (epoch ${memo.newLeaderEpoch as number})`;
        return say(
          `This run: leader ${before} → ${after}, from the ISR [${(memo.isr as number[]).join(', ')}].`,
          `이번 실행: 리더 ${before} → ${after}, ISR [${(memo.isr as number[]).join(', ')}]에서 선출.`,
        );
      },
      evidence: (_context, memo) => ({ brokers: [filled(memo), memo.newLeader as number], partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'task',
      id: 'free-space',
      text: say(
        `Free the space: restart the broker (a restart here comes with an empty disk quota) and wait until it is back in the ISR of ${TOPIC}-0.`,
        `공간을 비우세요: 브로커를 다시 시작하고(여기서는 다시 시작하면 디스크 할당량이 비워집니다) ${TOPIC}-0의 ISR에 돌아올 때까지 기다리세요.`,
      ),
      check: (context, memo) => isrOf(context, TOPIC, 0).includes(filled(memo)),
      evidence: (_context, memo) => ({ brokers: [filled(memo)] }),
    },
  ],
  notModelled: say(
    'Kafka can give a broker several log directories (JBOD, KIP-858): then only the partitions on the failed one go offline and the broker stays up. Here each broker has one.',
    'Kafka는 브로커에 로그 디렉터리를 여러 개(JBOD) 줄 수 있습니다(KIP-858). 그러면 실패한 디렉터리의 파티션만 오프라인이 되고 브로커는 살아 있습니다. 여기서는 브로커마다 하나입니다.',
  ),
};
