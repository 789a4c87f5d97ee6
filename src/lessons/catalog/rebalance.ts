import { groupOf, isGroupStable } from '../lesson-checks';
import { demoGroup } from '../lesson-setup';
import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const GROUP = 'app';

export const rebalance: Lesson = {
  id: 'rebalance',
  title: say('Rebalancing a group', '컨슈머 그룹 리밸런스'),
  summary: say(
    'When a member joins or leaves, the group reassigns partitions; with the classic eager assignors every member stops reading meanwhile.',
    '멤버가 들어오거나 나가면 그룹은 파티션을 다시 나눕니다. 클래식 eager 할당자에서는 그동안 모든 멤버가 읽기를 멈춥니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 6, replicationFactor: 3 }],
    producers: [{ topic: TOPIC, recordsPerSecond: 5, keys: 'user-20' }],
    groups: [{ groupId: GROUP, topics: [TOPIC], members: 2 }],
  },
  steps: [
    {
      kind: 'act',
      id: 'stable',
      text: say(`Wait until ${GROUP} is Stable with its 2 members.`, `${GROUP}이 멤버 2개로 Stable이 될 때까지 기다리세요.`),
      async done(context, memo) {
        if (!(await isGroupStable(context, GROUP, 2))) return false;
        memo.generation = (await groupOf(context, GROUP))!.generation;
        return true;
      },
    },
    {
      kind: 'predict',
      id: 'join',
      text: say(
        `A third member joins ${GROUP}. It uses the classic protocol with Kafka's default assignors (range first). What do the two members do while the group rebalances?`,
        `${GROUP}에 세 번째 멤버가 들어옵니다. 클래식 프로토콜과 Kafka의 기본 할당자(range가 먼저)를 씁니다. 리밸런스 동안 기존 두 멤버는 어떻게 할까요?`,
      ),
      choices: [
        {
          id: 'stop-all',
          text: say('Both give up all their partitions and wait for the new assignment', '둘 다 모든 파티션을 내려놓고 새 할당을 기다린다'),
          correct: true,
        },
        {
          id: 'move-some',
          text: say('They keep reading, and only the partitions that move pause', '계속 읽고, 옮겨지는 파티션만 멈춘다'),
          correct: false,
        },
      ],
    },
    {
      kind: 'act',
      id: 'third',
      text: say(
        'Start a third member and wait until the group is Stable again.',
        '세 번째 멤버를 시작하고 그룹이 다시 Stable이 될 때까지 기다리세요.',
      ),
      perform: {
        label: say('Add a member', '멤버 추가'),
        run: async (context) =>
          void (await context.workloads.startConsumerGroup(demoGroup({ groupId: GROUP, topics: [TOPIC], members: 1 }))),
      },
      async done(context, memo) {
        if (!(await isGroupStable(context, GROUP, 3))) return false;
        memo.generationAfter = (await groupOf(context, GROUP))!.generation;
        return true;
      },
    },
    {
      kind: 'reveal',
      id: 'eager',
      prediction: 'join',
      text: say(
        'With an eager assignor (range, roundrobin) every member revokes all of its partitions when a rebalance starts and reads nothing until the new generation is assigned: stop the world. cooperative-sticky (KIP-429) and the consumer protocol (KIP-848, group.protocol=consumer) revoke only the partitions that move.',
        'eager 할당자(range, roundrobin)에서는 리밸런스가 시작되면 모든 멤버가 파티션을 전부 반납하고 새 세대가 할당될 때까지 아무것도 읽지 않습니다(stop the world). cooperative-sticky(KIP-429)와 컨슈머 프로토콜(KIP-848, group.protocol=consumer)은 옮겨지는 파티션만 반납합니다.',
      ),
      details: (_context, memo) =>
        say(
          `This run: generation ${memo.generation as number} → ${memo.generationAfter as number}.`,
          `이번 실행: 세대 ${memo.generation as number} → ${memo.generationAfter as number}.`,
        ),
    },
    {
      kind: 'explain',
      id: 'avoiding',
      text: say(
        'Rebalances also come from members that stop heartbeating (session.timeout.ms) or stop calling poll() (max.poll.interval.ms, 5 minutes by default). Static membership (group.instance.id) lets a member restart within its session without any rebalance.',
        '리밸런스는 하트비트가 끊긴 멤버(session.timeout.ms)나 poll() 호출이 멈춘 멤버(max.poll.interval.ms, 기본 5분) 때문에도 일어납니다. 정적 멤버십(group.instance.id)을 쓰면 멤버가 세션 안에 재시작해도 리밸런스가 일어나지 않습니다.',
      ),
    },
  ],
  notModelled: say(
    "The page's consumer controls do not set group.instance.id, so static membership is not shown here; the clients and the group coordinator support it (createCluster in Node).",
    '이 페이지의 컨슈머 컨트롤은 group.instance.id를 설정하지 않아 정적 멤버십을 보여 주지 않습니다. 클라이언트와 그룹 코디네이터는 지원합니다(Node의 createCluster).',
  ),
};
