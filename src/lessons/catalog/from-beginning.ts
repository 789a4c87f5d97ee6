import { groupOf, isGroupStable } from '../lesson-checks';
import { demoGroup } from '../lesson-setup';
import type { Lesson, LessonContext } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'events';
const GROUP = 'readers';

async function committed(context: LessonContext): Promise<number> {
  return (await groupOf(context, GROUP))?.offsets.find((o) => o.topic === TOPIC && o.partition === 0)?.committed ?? -1;
}

async function startReaders(context: LessonContext): Promise<void> {
  await context.workloads.startConsumerGroup(demoGroup({ groupId: GROUP, topics: [TOPIC], members: 1, fromBeginning: true }));
}

export const fromBeginning: Lesson = {
  id: 'from-beginning',
  title: say('--from-beginning and auto.offset.reset', '--from-beginning과 auto.offset.reset'),
  summary: say(
    'auto.offset.reset (what --from-beginning sets) applies only to a group with no committed offset.',
    'auto.offset.reset(--from-beginning이 설정하는 값)은 커밋된 오프셋이 없는 그룹에만 적용됩니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3 }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5 }],
  },
  steps: [
    {
      kind: 'act',
      id: 'first-read',
      text: say(
        `Start the group ${GROUP} with --from-beginning (auto.offset.reset=earliest) and wait for its first commit.`,
        `--from-beginning(auto.offset.reset=earliest)으로 ${GROUP} 그룹을 시작하고 첫 커밋을 기다리세요.`,
      ),
      perform: { label: say('Start the group', '그룹 시작'), run: startReaders },
      done: async (context) => (await committed(context)) > 0,
    },
    {
      kind: 'predict',
      id: 'again',
      text: say(
        `Stop ${GROUP} and start it again, still with --from-beginning. Where does it start reading?`,
        `${GROUP}을 멈췄다가 다시 --from-beginning으로 시작합니다. 어디부터 읽을까요?`,
      ),
      choices: [
        { id: 'zero', text: say('At offset 0 again', '다시 오프셋 0부터'), correct: false },
        { id: 'committed', text: say('At its committed offset', '커밋된 오프셋부터'), correct: true },
      ],
    },
    {
      kind: 'act',
      id: 'restart',
      text: say(`Stop ${GROUP} and start it again with --from-beginning.`, `${GROUP}을 멈추고 다시 --from-beginning으로 시작하세요.`),
      perform: {
        label: say('Stop and start again', '멈추고 다시 시작'),
        async run(context, memo) {
          for (const w of context.workloads.list())
            if (w.kind === 'consumer-group' && w.spec.groupId === GROUP) await context.workloads.stop(w.id);
          memo.committedBefore = await committed(context);
          await startReaders(context);
        },
      },
      async done(context, memo) {
        if (memo.committedBefore === undefined || !(await isGroupStable(context, GROUP, 1))) return false;
        const now = await committed(context);
        if (now < 0) return false;
        memo.committedAfter = now;
        return true;
      },
    },
    {
      kind: 'reveal',
      id: 'reset-only-without-commit',
      prediction: 'again',
      text: say(
        'auto.offset.reset is used only when the group has no committed offset for a partition (or it is out of range). A group with commits goes on from them, --from-beginning or not. To read again from the start, reset the group (kafka-consumer-groups.sh --reset-offsets --to-earliest --execute) or use a new group id.',
        'auto.offset.reset은 그룹에 그 파티션의 커밋된 오프셋이 없을 때(또는 범위를 벗어났을 때)만 쓰입니다. 커밋이 있는 그룹은 --from-beginning이든 아니든 거기서 이어 읽습니다. 처음부터 다시 읽으려면 그룹을 리셋하거나(kafka-consumer-groups.sh --reset-offsets --to-earliest --execute) 새 그룹 ID를 쓰세요.',
      ),
      details: (_context, memo) =>
        say(
          `This run: committed ${memo.committedBefore as number} before the restart, ${memo.committedAfter as number} after it.`,
          `이번 실행: 재시작 전 커밋 ${memo.committedBefore as number}, 재시작 후 ${memo.committedAfter as number}.`,
        ),
    },
  ],
};
