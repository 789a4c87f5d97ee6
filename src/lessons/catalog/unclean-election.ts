import { brokerAddress } from '../../protocol/rpc';
import { isrOf, leaderOf, produce } from '../lesson-checks';
import type { Lesson, LessonContext, LessonMemo } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'risky';
const oldLeader = (memo: LessonMemo) => memo.leader as number;

/** The link between the old leader and this follower is cut both ways (by the lesson's button or the Network form). */
function cutFromLeader(context: LessonContext, memo: LessonMemo, follower: number): boolean {
  const ends = [brokerAddress(follower), brokerAddress(oldLeader(memo))];
  return context.cluster.cutLinks().some((link) => !link.oneWay && ends.includes(link.from) && ends.includes(link.to));
}

export const uncleanElection: Lesson = {
  id: 'unclean-election',
  title: say('Unclean leader election', '언클린 리더 선출'),
  summary: say(
    'With unclean.leader.election.enable, a replica outside the ISR may lead, and acknowledged records are lost.',
    'unclean.leader.election.enable을 켜면 ISR 밖의 레플리카가 리더가 될 수 있고, 확인된 레코드를 잃습니다.',
  ),
  setup: {
    brokers: 3,
    topics: [
      {
        name: TOPIC,
        partitions: 1,
        replicationFactor: 3,
        configs: { 'unclean.leader.election.enable': 'true', 'min.insync.replicas': '1' },
      },
    ],
  },
  steps: [
    {
      kind: 'act',
      id: 'cut-followers',
      text: say(`Cut both followers of ${TOPIC}-0 off from its leader.`, `${TOPIC}-0의 팔로워 둘을 리더와 끊으세요.`),
      onEnter(context, memo) {
        memo.leader = leaderOf(context, TOPIC, 0);
      },
      perform: {
        label: say('Cut both followers off', '팔로워 둘 끊기'),
        async run(context, memo) {
          const partition = context.cluster.describePartition(TOPIC, 0);
          for (const follower of partition.replicas.filter((id) => id !== oldLeader(memo)))
            context.cluster.partition(oldLeader(memo), follower);
        },
      },
      done: (context, memo) =>
        context.cluster
          .describePartition(TOPIC, 0)
          .replicas.filter((id) => id !== oldLeader(memo))
          .every((id) => cutFromLeader(context, memo, id)),
    },
    {
      kind: 'act',
      id: 'write',
      text: say(
        'Send 5 records with acks=all. The leader waits for its cut-off followers until replica.lag.time.max.ms takes them out of the ISR; then, with min.insync.replicas=1, it acknowledges alone.',
        'acks=all로 레코드 5개를 보내세요. 리더는 끊긴 팔로워를 기다리다가 replica.lag.time.max.ms가 지나 ISR에서 빼고 나면, min.insync.replicas=1이라 혼자 확인합니다.',
      ),
      perform: {
        label: say('Send 5 records', '레코드 5개 보내기'),
        async run(context, memo) {
          const messages = [1, 2, 3, 4, 5].map((n) => ({ value: `only on the leader ${n}` }));
          const [metadata] = await produce(context, TOPIC, messages, -1);
          memo.first = Number(metadata!.baseOffset);
          memo.last = Number(metadata!.baseOffset) + messages.length - 1;
        },
      },
      done: (context, memo) => memo.last !== undefined && isrOf(context, TOPIC, 0).length === 1,
    },
    {
      kind: 'predict',
      id: 'survive',
      text: say(
        'Now the leader dies, and unclean.leader.election.enable lets a follower outside the ISR lead. What happens to the 5 acknowledged records?',
        '이제 리더가 죽고, unclean.leader.election.enable 때문에 ISR 밖의 팔로워가 리더가 됩니다. 확인된 레코드 5개는 어떻게 될까요?',
      ),
      choices: [
        { id: 'kept', text: say('They survive: they were acknowledged', '남는다: 확인되었으니까'), correct: false },
        {
          id: 'lost',
          text: say('They are lost: the new leader never had them', '사라진다: 새 리더는 그것을 가진 적이 없다'),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'kill-leader',
      pausesTime: true,
      text: say('Kill the leader and wait for the unclean election.', '리더를 죽이고 언클린 선출을 기다리세요.'),
      perform: { label: say('Kill the leader', '리더 죽이기'), run: (context, memo) => context.cluster.killBroker(oldLeader(memo)) },
      done(context, memo) {
        const partition = context.cluster.describePartition(TOPIC, 0);
        if (partition.leader === -1 || partition.leader === oldLeader(memo) || partition.logEndOffset < 0) return false;
        memo.newLeader = partition.leader;
        memo.newLogEnd = partition.logEndOffset;
        return true;
      },
    },
    {
      kind: 'reveal',
      id: 'lost',
      pausesTime: true,
      prediction: 'survive',
      text: say(
        'An unclean election picks a replica that was not in the ISR: it lacks what only the old leader had, so acknowledged records are gone. Kafka does this only with unclean.leader.election.enable=true (false by default): availability over durability.',
        '언클린 선출은 ISR에 없던 레플리카를 고릅니다. 옛 리더만 가졌던 레코드가 없으므로 확인된 레코드가 사라집니다. Kafka는 unclean.leader.election.enable=true일 때만(기본값 false) 이렇게 합니다: 내구성보다 가용성입니다.',
      ),
      details(_context, memo) {
        const acked = `${memo.first as number}–${memo.last as number}`;
        return say(
          `This run: offsets ${acked} were acknowledged; the new leader ${memo.newLeader as number}'s log ends at ${memo.newLogEnd as number}.`,
          `이번 실행: 오프셋 ${acked}이 확인되었고, 새 리더 ${memo.newLeader as number}의 로그는 ${memo.newLogEnd as number}에서 끝납니다.`,
        );
      },
      evidence: (_context, memo) => ({ brokers: [oldLeader(memo), memo.newLeader as number] }),
    },
    {
      kind: 'predict',
      id: 'return',
      text: say('When the old leader comes back, do the 5 records come back with it?', '옛 리더가 돌아오면 레코드 5개도 함께 돌아올까요?'),
      choices: [
        { id: 'restored', text: say('Yes, its log still has them', '예, 그 로그에 아직 있다'), correct: false },
        {
          id: 'truncated',
          text: say("No: it truncates its log to the new leader's", '아니요: 새 리더의 로그에 맞춰 잘라낸다'),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'restart',
      text: say(
        'Heal the links and restart the old leader; wait until it is back in the ISR.',
        '링크를 복구하고 옛 리더를 다시 시작하세요. ISR에 돌아올 때까지 기다리세요.',
      ),
      perform: {
        label: say('Heal and restart', '복구 후 다시 시작'),
        async run(context, memo) {
          context.cluster.heal();
          await context.cluster.restartBroker(oldLeader(memo));
        },
      },
      done: (context, memo) => isrOf(context, TOPIC, 0).includes(oldLeader(memo)),
    },
    {
      kind: 'reveal',
      id: 'truncated',
      prediction: 'return',
      text: say(
        "The returning broker asked the new leader where their logs part (OffsetsForLeaderEpoch) and cut its own log there before following. Kafka logs the truncation; the records are gone for good. This is why acks=all with min.insync.replicas=2 and unclean election off is Kafka's durable setting.",
        '돌아온 브로커는 새 리더에게 로그가 갈라지는 지점을 묻고(OffsetsForLeaderEpoch) 그 지점에서 자기 로그를 잘라낸 뒤 팔로워가 됩니다. Kafka는 잘라냄을 로그에 남길 뿐, 레코드는 영영 사라집니다. 그래서 acks=all, min.insync.replicas=2, 언클린 선출 끔이 Kafka의 내구성 설정입니다.',
      ),
      evidence: (_context, memo) => ({ brokers: [oldLeader(memo)] }),
    },
  ],
};
