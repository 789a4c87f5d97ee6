import { produce } from '../lesson-checks';
import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'orders';
const KEYS = ['apple', 'banana', 'cherry', 'durian', 'elderberry', 'fig'];

export const topicsPartitionsOffsets: Lesson = {
  id: 'topics-partitions-offsets',
  title: say('Topics, partitions and offsets', '토픽, 파티션, 오프셋'),
  summary: say(
    'A topic is split into partitions, and each partition numbers its records on its own.',
    '토픽은 여러 파티션으로 나뉘고, 각 파티션은 자기 레코드에 따로 번호를 매깁니다.',
  ),
  setup: { brokers: 3, topics: [{ name: TOPIC, partitions: 3, replicationFactor: 3 }] },
  steps: [
    {
      kind: 'explain',
      id: 'topic',
      text: say(
        `The topic ${TOPIC} has 3 partitions. Each partition is an ordered log kept by a leader broker (the filled chip) and copied by followers. A record's offset is its position in its partition's log.`,
        `토픽 ${TOPIC}에는 파티션이 3개 있습니다. 각 파티션은 순서가 있는 로그이고, 리더 브로커(채워진 칩)가 보관하며 팔로워가 복사합니다. 레코드의 오프셋은 그 파티션 로그 안에서의 위치입니다.`,
      ),
      evidence: () => ({ partitions: [0, 1, 2].map((partition) => ({ topic: TOPIC, partition })) }),
    },
    {
      kind: 'predict',
      id: 'offsets',
      text: say(
        `You will send 6 records with 6 different keys to ${TOPIC}. Which offsets will they get?`,
        `${TOPIC}에 키가 서로 다른 레코드 6개를 보냅니다. 어떤 오프셋을 받을까요?`,
      ),
      choices: [
        { id: 'topic-wide', text: say('0 to 5: the topic counts its records', '0부터 5까지: 토픽이 레코드 수를 센다'), correct: false },
        {
          id: 'per-partition',
          text: say('Each partition counts from 0 on its own', '파티션마다 0부터 따로 센다'),
          correct: true,
        },
        { id: 'random', text: say('Unique random numbers', '겹치지 않는 임의의 번호'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'send',
      text: say('Send the 6 records.', '레코드 6개를 보내세요.'),
      perform: {
        label: say('Send 6 keyed records', '키가 있는 레코드 6개 보내기'),
        async run(context, memo) {
          const placed: { key: string; partition: number; offset: number }[] = [];
          for (const key of KEYS) {
            const [metadata] = await produce(context, TOPIC, [{ key, value: `${key} order` }]);
            placed.push({ key, partition: metadata!.partition, offset: Number(metadata!.baseOffset) });
          }
          memo.placed = placed;
        },
      },
      done: (_context, memo) => memo.placed !== undefined,
    },
    {
      kind: 'reveal',
      id: 'per-partition-offsets',
      prediction: 'offsets',
      text: say(
        'Each partition numbers its own records from 0: an offset means something only together with its partition. Kafka orders records within a partition, never across the topic.',
        '각 파티션은 자기 레코드에 0부터 번호를 매깁니다. 오프셋은 파티션과 함께일 때만 의미가 있습니다. Kafka는 파티션 안에서만 순서를 보장하고, 토픽 전체의 순서는 보장하지 않습니다.',
      ),
      details(_context, memo) {
        const placed = (memo.placed ?? []) as { key: string; partition: number; offset: number }[];
        const line = placed.map((p) => `${p.key} → ${TOPIC}-${p.partition} @ ${p.offset}`).join(', ');
        return say(`This run: ${line}.`, `이번 실행: ${line}.`);
      },
      evidence: (_context, memo) => ({
        partitions: ((memo.placed ?? []) as { partition: number }[]).map((p) => ({ topic: TOPIC, partition: p.partition })),
      }),
    },
    {
      kind: 'explain',
      id: 'inspect',
      text: say(
        `Click a chip of ${TOPIC} to open its partition in the inspector and read its high watermark: the next offset it will give.`,
        `${TOPIC}의 칩을 눌러 인스펙터에서 파티션을 열고 하이 워터마크를 읽어 보세요. 다음 레코드가 받을 오프셋입니다.`,
      ),
    },
  ],
};
