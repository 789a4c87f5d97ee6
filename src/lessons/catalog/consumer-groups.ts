import { groupOf } from '../lesson-checks';
import { demoGroup } from '../lesson-setup';
import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const GROUP = 'crowd';

export const consumerGroups: Lesson = {
  id: 'consumer-groups',
  title: say('Consumer groups', '컨슈머 그룹'),
  summary: say(
    'A group shares out its topics\u2019 partitions: each partition to one member, so members beyond the partition count wait idle.',
    '컨슈머 그룹은 토픽의 파티션을 나눠 가집니다. 파티션 하나는 멤버 하나에게만 가므로, 파티션 수보다 많은 멤버는 놀게 됩니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 3, replicationFactor: 3 }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5, keys: 'user-20' }],
  },
  steps: [
    {
      kind: 'predict',
      id: 'four-members',
      text: say(
        `A group of 4 consumers reads ${TOPIC}, which has 3 partitions. How many of them receive records?`,
        `파티션이 3개인 ${TOPIC}을 컨슈머 4개짜리 그룹이 읽습니다. 몇 개가 레코드를 받을까요?`,
      ),
      choices: [
        { id: 'four', text: say('All 4, sharing the partitions', '4개 모두, 파티션을 함께 읽는다'), correct: false },
        { id: 'three', text: say('3: one partition each, one member idle', '3개: 파티션 하나씩, 멤버 하나는 논다'), correct: true },
        { id: 'one', text: say('Only the first member', '첫 멤버만'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'start',
      text: say(
        `Start the group ${GROUP} with 4 members and wait until it is Stable.`,
        `멤버 4개로 ${GROUP} 그룹을 시작하고 Stable이 될 때까지 기다리세요.`,
      ),
      perform: {
        label: say('Start 4 consumers', '컨슈머 4개 시작'),
        run: async (context) =>
          void (await context.workloads.startConsumerGroup(demoGroup({ groupId: GROUP, topics: [TOPIC], members: 4 }))),
      },
      async done(context, memo) {
        const group = await groupOf(context, GROUP);
        if (group?.state !== 'Stable' || group.members.length !== 4) return false;
        memo.owned = group.members.map((m) => m.assignment.length);
        return true;
      },
    },
    {
      kind: 'reveal',
      id: 'one-reader',
      prediction: 'four-members',
      text: say(
        'In a group, each partition is read by exactly one member: that keeps each partition in order and lets the group divide the work. A member beyond the partition count gets nothing and waits, ready to take over if another leaves. Different groups each read everything.',
        '한 그룹 안에서 파티션은 정확히 한 멤버만 읽습니다. 그래서 파티션 순서가 지켜지고 그룹이 일을 나눌 수 있습니다. 파티션 수를 넘는 멤버는 아무것도 받지 않고, 다른 멤버가 떠나면 이어받으려고 기다립니다. 서로 다른 그룹은 각자 전부를 읽습니다.',
      ),
      details(_context, memo) {
        const owned = (memo.owned as number[]).join(', ');
        return say(`This run: partitions per member ${owned}.`, `이번 실행: 멤버별 파티션 수 ${owned}.`);
      },
    },
    {
      kind: 'task',
      id: 'two-members',
      text: say(
        `Now stop ${GROUP} and start a group of 2 members on ${TOPIC} (Consumers, in the side bar): make it Stable, with one member reading two partitions.`,
        `이제 ${GROUP}을 멈추고 ${TOPIC}에 멤버 2개짜리 그룹을 시작하세요(사이드바의 컨슈머). 한 멤버가 파티션 두 개를 읽는 Stable 상태로 만드세요.`,
      ),
      async check(context) {
        const groups = await context.cluster.describeGroups();
        return groups.some(
          (g) =>
            g.state === 'Stable' &&
            g.members.length === 2 &&
            g.members.some((m) => m.assignment.filter((a) => a.topic === TOPIC).length === 2),
        );
      },
    },
  ],
};
