import { groupOf, isGroupStable } from '../lesson-checks';
import { demoGroup } from '../lesson-setup';
import type { Lesson, LessonContext } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const GROUP = 'app';

async function committed(context: LessonContext): Promise<number> {
  const group = await groupOf(context, GROUP);
  return group?.offsets.find((o) => o.topic === TOPIC && o.partition === 0)?.committed ?? -1;
}

export const offsets: Lesson = {
  id: 'offsets',
  title: say('Committed offsets', '커밋된 오프셋'),
  summary: say(
    'A committed offset is the next record to read; after a crash between auto-commits a group reads some records again, never skips them.',
    '커밋된 오프셋은 다음에 읽을 레코드입니다. 자동 커밋 사이에 멤버가 죽으면 그룹은 일부 레코드를 다시 읽을 뿐, 건너뛰지 않습니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3 }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5 }],
    groups: [{ groupId: GROUP, topics: [TOPIC], members: 1, fromBeginning: true }],
  },
  steps: [
    {
      kind: 'act',
      id: 'first-commit',
      text: say(
        `Wait for ${GROUP} to commit its position in ${TOPIC}-0 (enable.auto.commit, every auto.commit.interval.ms = 5 s).`,
        `${GROUP}이 ${TOPIC}-0의 위치를 커밋할 때까지 기다리세요 (enable.auto.commit, auto.commit.interval.ms = 5초마다).`,
      ),
      async done(context, memo) {
        const offset = await committed(context);
        if (offset <= 0) return false;
        memo.committed = offset;
        return true;
      },
    },
    {
      kind: 'predict',
      id: 'next-record',
      text: say(
        `The group committed offset N for ${TOPIC}-0. If it restarted now, which offset would it read first?`,
        `그룹이 ${TOPIC}-0에 오프셋 N을 커밋했습니다. 지금 다시 시작하면 어떤 오프셋부터 읽을까요?`,
      ),
      choices: [
        {
          id: 'n',
          text: say('N: the committed offset is the next record to read', 'N: 커밋된 오프셋은 다음에 읽을 레코드다'),
          correct: true,
        },
        { id: 'n-plus-one', text: say('N + 1: N is the last record it read', 'N + 1: N은 마지막으로 읽은 레코드다'), correct: false },
      ],
    },
    {
      kind: 'reveal',
      id: 'next',
      prediction: 'next-record',
      text: say(
        'A consumer commits the offset of the next record it will read (the last one processed plus one). kafka-consumer-groups.sh --describe shows it as CURRENT-OFFSET, and LAG is the high watermark minus it.',
        '컨슈머는 다음에 읽을 레코드의 오프셋(마지막으로 처리한 것 + 1)을 커밋합니다. kafka-consumer-groups.sh --describe에서 CURRENT-OFFSET으로 보이고, LAG는 하이 워터마크에서 그 값을 뺀 것입니다.',
      ),
      details: (_context, memo) =>
        say(`This run: committed ${memo.committed as number}.`, `이번 실행: 커밋된 오프셋 ${memo.committed as number}.`),
    },
    {
      kind: 'predict',
      id: 'crash',
      text: say(
        'The member crashes between two auto-commits, after reading records it had not committed yet. A new member takes over the partition. What does it read?',
        '멤버가 두 자동 커밋 사이에, 아직 커밋하지 않은 레코드를 읽은 뒤 죽습니다. 새 멤버가 파티션을 이어받습니다. 무엇을 읽을까요?',
      ),
      choices: [
        { id: 'again', text: say('Some records a second time', '일부 레코드를 한 번 더'), correct: true },
        {
          id: 'gap',
          text: say('It skips the records read after the last commit', '마지막 커밋 뒤에 읽은 레코드를 건너뛴다'),
          correct: false,
        },
        { id: 'exact', text: say('Exactly where the crashed member stopped', '죽은 멤버가 멈춘 바로 그 자리부터'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'crash-and-replace',
      text: say(
        'Crash the member (kill -9: no last commit, no LeaveGroup), start a new one in the same group, and wait until it has taken over.',
        '멤버를 죽이고(kill -9: 마지막 커밋도 LeaveGroup도 없음) 같은 그룹에 새 멤버를 시작한 뒤 이어받을 때까지 기다리세요.',
      ),
      perform: {
        label: say('Crash it and start another', '죽이고 새로 시작'),
        async run(context, memo) {
          const workload = context.workloads.list().find((w) => w.kind === 'consumer-group' && w.spec.groupId === GROUP);
          memo.committedAtCrash = await committed(context);
          if (workload !== undefined) await context.workloads.crashMember(workload.id, 1);
          await context.workloads.startConsumerGroup(demoGroup({ groupId: GROUP, topics: [TOPIC], members: 1, fromBeginning: true }));
        },
      },
      done: (context, memo) => memo.committedAtCrash !== undefined && isGroupStable(context, GROUP, 1),
    },
    {
      kind: 'reveal',
      id: 'at-least-once',
      prediction: 'crash',
      text: say(
        'The new member starts at the last committed offset, so what the crashed member read after its last commit is read again: at-least-once. Nothing is skipped. Commit after processing (or use transactions) to keep duplicates harmless.',
        '새 멤버는 마지막으로 커밋된 오프셋부터 시작하므로, 죽은 멤버가 마지막 커밋 뒤에 읽은 것을 다시 읽습니다: 최소 한 번(at-least-once). 건너뛰는 것은 없습니다. 처리한 뒤 커밋하거나(또는 트랜잭션) 중복이 해롭지 않게 하세요.',
      ),
      details: (_context, memo) =>
        say(
          `This run: the new member began at the committed offset ${memo.committedAtCrash as number}.`,
          `이번 실행: 새 멤버는 커밋된 오프셋 ${memo.committedAtCrash as number}부터 시작했습니다.`,
        ),
    },
  ],
};
