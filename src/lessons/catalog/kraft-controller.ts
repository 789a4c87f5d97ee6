import { isDown, leaderOf } from '../lesson-checks';
import type { Lesson, LessonMemo } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const victim = (memo: LessonMemo) => memo.victim as number;

export const kraftController: Lesson = {
  id: 'kraft-controller',
  title: say('The KRaft controller', 'KRaft 컨트롤러'),
  summary: say(
    'The active controller keeps the cluster metadata as a log; it fences brokers and elects leaders, where ZooKeeper once did.',
    '활성 컨트롤러는 클러스터 메타데이터를 로그로 관리하고, 브로커를 펜싱하며 리더를 뽑습니다. 예전에는 ZooKeeper가 하던 일입니다.',
  ),
  setup: { brokers: 3, topics: [{ name: TOPIC, partitions: 3, replicationFactor: 3 }] },
  steps: [
    {
      kind: 'predict',
      id: 'who',
      text: say(
        'A broker dies. Who decides which replica now leads its partitions?',
        '브로커 하나가 죽습니다. 그 파티션의 새 리더는 누가 정할까요?',
      ),
      choices: [
        { id: 'brokers-vote', text: say('The other brokers vote', '남은 브로커들이 투표한다'), correct: false },
        { id: 'zookeeper', text: say('ZooKeeper', 'ZooKeeper(주키퍼)'), correct: false },
        {
          id: 'controller',
          text: say('The active controller, from the ISR, in its metadata log', '활성 컨트롤러가 ISR에서 골라 메타데이터 로그에 쓴다'),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'kill',
      pausesTime: true,
      text: say(`Kill the leader of ${TOPIC}-0 and wait for the new leader.`, `${TOPIC}-0의 리더를 죽이고 새 리더를 기다리세요.`),
      onEnter(context, memo) {
        memo.victim = leaderOf(context, TOPIC, 0);
      },
      perform: { label: say('Kill the leader', '리더 죽이기'), run: (context, memo) => context.cluster.killBroker(victim(memo)) },
      done(context, memo) {
        const leader = leaderOf(context, TOPIC, 0);
        return isDown(context, victim(memo)) && leader !== -1 && leader !== victim(memo);
      },
      evidence: (_context, memo) => ({ brokers: [victim(memo)] }),
    },
    {
      kind: 'reveal',
      id: 'metadata-log',
      pausesTime: true,
      prediction: 'who',
      text: say(
        "The controller saw the broker's heartbeats stop, wrote a record fencing it to the metadata log (__cluster_metadata), then a PartitionChangeRecord with each new leader from the ISR; every broker applies the log and acts on it. The Timeline shows those records in words.",
        '컨트롤러는 브로커의 하트비트가 끊긴 것을 보고 메타데이터 로그(__cluster_metadata)에 펜싱 레코드를 쓰고, ISR에서 고른 새 리더를 PartitionChangeRecord로 씁니다. 모든 브로커가 이 로그를 적용해 따릅니다. 타임라인이 그 레코드를 글로 보여 줍니다.',
      ),
    },
    {
      kind: 'explain',
      id: 'zookeeper',
      text: say(
        'Older notes say ZooKeeper stores the metadata and one broker is the controller. Since KRaft (KIP-500) the controllers keep it themselves in a Raft log, and Kafka 4.0 removed ZooKeeper: kafka-topics.sh takes --bootstrap-server, not --zookeeper.',
        '예전 자료에는 ZooKeeper가 메타데이터를 저장하고 브로커 하나가 컨트롤러라고 나옵니다. KRaft(KIP-500)부터는 컨트롤러가 직접 Raft 로그에 보관하며, Kafka 4.0에서 ZooKeeper가 제거되었습니다. kafka-topics.sh는 --zookeeper가 아니라 --bootstrap-server를 받습니다.',
      ),
    },
  ],
  notModelled: say(
    'Kafka runs three or five controllers in a Raft quorum that elect an active one among themselves; here one controller runs on the page and does not fail.',
    'Kafka는 컨트롤러 3개나 5개를 Raft 쿼럼으로 돌려 그중 활성 컨트롤러를 뽑습니다. 여기서는 컨트롤러 하나가 페이지에서 돌고 장애가 나지 않습니다.',
  ),
};
