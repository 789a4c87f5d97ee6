import { produce } from '../lesson-checks';
import type { Lesson, LessonContext } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'payments';
const KEY = 'user-42';

async function sendKeyed(context: LessonContext, count: number): Promise<number[]> {
  const partitions: number[] = [];
  for (let i = 0; i < count; i++) {
    const [metadata] = await produce(context, TOPIC, [{ key: KEY, value: `payment ${i + 1}` }]);
    partitions.push(metadata!.partition);
  }
  return partitions;
}

export const keysAndPartitions: Lesson = {
  id: 'keys-and-partitions',
  title: say('Keys choose partitions', '키가 파티션을 정한다'),
  summary: say(
    'Records with the same key go to the same partition (murmur2 of the key), so they stay in order; adding partitions moves keys.',
    '같은 키의 레코드는 같은 파티션으로 가서(키의 murmur2) 순서가 유지됩니다. 파티션을 늘리면 키가 옮겨갑니다.',
  ),
  setup: { brokers: 3, topics: [{ name: TOPIC, partitions: 3, replicationFactor: 3 }] },
  steps: [
    {
      kind: 'predict',
      id: 'same-key',
      text: say(
        `You will send 3 records with the key ${KEY}, one after another. Where do they land?`,
        `키가 ${KEY}인 레코드 3개를 차례로 보냅니다. 어디에 저장될까요?`,
      ),
      choices: [
        { id: 'same', text: say('All in one partition, in the order sent', '모두 한 파티션에, 보낸 순서대로'), correct: true },
        { id: 'spread', text: say('Spread over the partitions, one each', '파티션마다 하나씩 나뉘어'), correct: false },
        { id: 'least-loaded', text: say('On the least busy leader', '가장 한가한 리더에'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'send-three',
      text: say(`Send 3 records with the key ${KEY}.`, `키 ${KEY}로 레코드 3개를 보내세요.`),
      perform: {
        label: say(`Send 3 records keyed ${KEY}`, `${KEY} 키로 3개 보내기`),
        async run(context, memo) {
          memo.before = await sendKeyed(context, 3);
        },
      },
      done: (_context, memo) => memo.before !== undefined,
    },
    {
      kind: 'reveal',
      id: 'murmur2',
      prediction: 'same-key',
      text: say(
        "The producer's partitioner hashes the key with murmur2 and takes it modulo the number of partitions: the same key always gives the same partition, and a partition keeps its records in order. That is how Kafka keeps one user's events in order.",
        '프로듀서의 파티셔너는 키를 murmur2로 해시하고 파티션 수로 나눈 나머지를 씁니다. 같은 키는 언제나 같은 파티션으로 가고, 파티션은 레코드 순서를 지킵니다. Kafka가 한 사용자의 이벤트 순서를 지키는 방법입니다.',
      ),
      details: (_context, memo) => {
        const partitions = (memo.before as number[]).map((p) => `${TOPIC}-${p}`).join(', ');
        return say(`This run: ${partitions}.`, `이번 실행: ${partitions}.`);
      },
      evidence: (_context, memo) => ({ partitions: [{ topic: TOPIC, partition: (memo.before as number[])[0]! }] }),
    },
    {
      kind: 'predict',
      id: 'more-partitions',
      text: say(
        `Now the topic grows from 3 to 4 partitions. Where does the next record keyed ${KEY} go?`,
        `이제 토픽의 파티션을 3개에서 4개로 늘립니다. ${KEY} 키의 다음 레코드는 어디로 갈까요?`,
      ),
      choices: [
        { id: 'same-as-before', text: say('Always the same partition as before', '언제나 전과 같은 파티션'), correct: false },
        {
          id: 'maybe-moves',
          text: say('murmur2 modulo 4 now: possibly another partition', '이제 murmur2를 4로 나눈 나머지: 다른 파티션일 수도 있다'),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'grow',
      text: say(
        'Add a partition (kafka-topics.sh --alter --partitions 4), then send one more keyed record.',
        '파티션을 하나 추가하고(kafka-topics.sh --alter --partitions 4) 키가 있는 레코드를 하나 더 보내세요.',
      ),
      perform: {
        label: say('Add a partition and send', '파티션 추가 후 보내기'),
        async run(context, memo) {
          const admin = context.kafka.admin();
          await admin.connect();
          await admin.createPartitions({ topicPartitions: [{ topic: TOPIC, count: 4 }] });
          await admin.disconnect();
          memo.after = (await sendKeyed(context, 1))[0];
        },
      },
      done: (_context, memo) => memo.after !== undefined,
    },
    {
      kind: 'reveal',
      id: 'moved',
      prediction: 'more-partitions',
      text: say(
        'With 4 partitions the same hash is taken modulo 4, so a key may land elsewhere, and its old records stay where they were: order per key holds only while the partition count stays. Choose the count up front for keyed topics.',
        '파티션이 4개면 같은 해시를 4로 나누므로 키가 다른 곳으로 갈 수 있고, 예전 레코드는 그대로 남습니다. 키별 순서는 파티션 수가 그대로일 때만 지켜집니다. 키를 쓰는 토픽은 파티션 수를 처음에 정하세요.',
      ),
      details: (_context, memo) => {
        const before = (memo.before as number[])[0]!;
        const after = memo.after as number;
        return say(
          `This run: ${KEY} went to ${TOPIC}-${before} with 3 partitions, ${TOPIC}-${after} with 4.`,
          `이번 실행: ${KEY}는 파티션 3개일 때 ${TOPIC}-${before}, 4개일 때 ${TOPIC}-${after}로 갔습니다.`,
        );
      },
    },
  ],
};
