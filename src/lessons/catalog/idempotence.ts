import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'payments';

export const idempotence: Lesson = {
  id: 'idempotence',
  title: say('Retries and idempotence', '재시도와 멱등성'),
  summary: say(
    'A retried batch could be written twice; an idempotent producer (the default since Kafka 3.0) numbers its batches so the leader keeps one.',
    '재시도한 배치는 두 번 쓰일 수 있습니다. 멱등 프로듀서(Kafka 3.0부터 기본)는 배치에 번호를 매겨 리더가 하나만 남기게 합니다.',
  ),
  setup: { brokers: 3, topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3 }] },
  steps: [
    {
      kind: 'predict',
      id: 'without',
      text: say(
        "A producer's batch reaches the leader and is written, but the response is lost, so the producer sends it again. Without idempotence, what is in the log?",
        '프로듀서의 배치가 리더에 도착해 쓰였지만 응답이 사라져 프로듀서가 다시 보냅니다. 멱등성이 없으면 로그에는 무엇이 남을까요?',
      ),
      choices: [
        { id: 'twice', text: say('The batch, twice', '같은 배치가 두 번'), correct: true },
        { id: 'once', text: say('The batch, once', '배치가 한 번'), correct: false },
      ],
    },
    {
      kind: 'predict',
      id: 'with',
      text: say('The same with enable.idempotence=true?', 'enable.idempotence=true이면?'),
      choices: [
        {
          id: 'once',
          text: say(
            "Once: the leader knows the producer id and the batch's sequence number and answers with the first write's offset",
            '한 번: 리더가 프로듀서 ID와 배치의 시퀀스 번호를 알아보고 첫 쓰기의 오프셋으로 답한다',
          ),
          correct: true,
        },
        { id: 'twice', text: say('Still twice', '여전히 두 번'), correct: false },
      ],
    },
    {
      kind: 'act',
      id: 'start',
      text: say(
        `Start a producer on ${TOPIC} with idempotence on and find its producer id and epoch on its card.`,
        `${TOPIC}에 멱등성을 켠 프로듀서를 시작하고, 카드에서 프로듀서 ID와 에포크를 찾아보세요.`,
      ),
      perform: {
        label: say('Start an idempotent producer', '멱등 프로듀서 시작'),
        run: async (context) => void (await context.workloads.startProducer({ topic: TOPIC, recordsPerSecond: 5, idempotence: true })),
      },
      done: (context) => context.workloads.list().some((w) => w.kind === 'producer' && w.producer.idempotent && w.producer.producerId >= 0),
    },
    {
      kind: 'reveal',
      id: 'sequence',
      prediction: 'with',
      text: say(
        "An idempotent producer gets a producer id from the broker (InitProducerId) and numbers each partition's batches. The leader keeps the last five batches' sequence numbers per producer: a duplicate is acknowledged again without being written, and a gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER. Without it, a retry after a lost response writes the batch twice.",
        '멱등 프로듀서는 브로커에서 프로듀서 ID를 받고(InitProducerId) 파티션마다 배치에 번호를 매깁니다. 리더는 프로듀서마다 최근 배치 다섯 개의 시퀀스 번호를 기억해, 중복은 쓰지 않고 다시 확인만 하고, 빠진 번호는 OUT_OF_ORDER_SEQUENCE_NUMBER로 거절합니다. 멱등성이 없으면 응답이 사라진 뒤의 재시도가 배치를 두 번 씁니다.',
      ),
    },
  ],
};
