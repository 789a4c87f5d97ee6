import { DEMO_PRESET } from '../../cluster/timing-presets';
import { produce } from '../lesson-checks';
import type { Lesson } from '../lesson-types';
import { say } from '../say';

const TOPIC = 'hw';
const LAG_TIME_MS = DEMO_PRESET.broker['replica.lag.time.max.ms']!;

export const highWatermark: Lesson = {
  id: 'high-watermark',
  title: say('The high watermark', '하이 워터마크'),
  summary: say(
    'A consumer reads only below the high watermark: an acknowledged acks=1 record stays invisible while a follower in the ISR lags.',
    '컨슈머는 하이 워터마크 아래만 읽습니다. ISR의 팔로워가 뒤처지는 동안에는 확인된 acks=1 레코드도 보이지 않습니다.',
  ),
  setup: {
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '1' } }],
  },
  steps: [
    {
      kind: 'predict',
      id: 'visible',
      text: say(
        `A follower of ${TOPIC}-0 is cut off from its leader. You send a record with acks=1: the leader alone acknowledges it. Can a consumer read it at once?`,
        `${TOPIC}-0의 팔로워 하나가 리더와 끊깁니다. acks=1로 레코드를 보내면 리더 혼자 확인합니다. 컨슈머가 바로 읽을 수 있을까요?`,
      ),
      choices: [
        { id: 'at-once', text: say('Yes, it was acknowledged', '예, 확인되었으니까'), correct: false },
        {
          id: 'after-hw',
          text: say('Not until the high watermark passes it', '하이 워터마크가 지나갈 때까지는 아니다'),
          correct: true,
        },
      ],
    },
    {
      kind: 'act',
      id: 'cut-and-send',
      text: say(
        'Cut a follower off from the leader, then send one record with acks=1.',
        '팔로워 하나를 리더와 끊은 뒤 acks=1로 레코드 하나를 보내세요.',
      ),
      perform: {
        label: say('Cut a follower and send with acks=1', '팔로워를 끊고 acks=1로 보내기'),
        async run(context, memo) {
          const partition = context.cluster.describePartition(TOPIC, 0);
          const follower = partition.replicas.find((id) => id !== partition.leader)!;
          context.cluster.partition(partition.leader, follower);
          memo.leader = partition.leader;
          memo.follower = follower;
          const [metadata] = await produce(context, TOPIC, [{ value: 'acknowledged, not yet visible' }], 1);
          memo.offset = Number(metadata!.baseOffset);
          memo.ackedAtMs = context.cluster.now();
        },
      },
      done: (_context, memo) => memo.offset !== undefined,
      evidence: (_context, memo) => ({ brokers: [memo.leader as number, memo.follower as number].filter((id) => id !== undefined) }),
    },
    {
      kind: 'act',
      id: 'wait-visible',
      text: say(
        "Look at the leader's chip: its log end offset is past the high watermark tick. Wait for the record to become visible.",
        '리더 칩을 보세요. 로그 끝 오프셋(LEO)이 하이 워터마크 표시보다 앞에 있습니다. 레코드가 보이게 될 때까지 기다리세요.',
      ),
      done(context, memo) {
        const partition = context.cluster.describePartition(TOPIC, 0);
        if (partition.highWatermark <= (memo.offset as number)) return false;
        memo.visibleAfterMs = context.cluster.now() - (memo.ackedAtMs as number);
        memo.isrThen = partition.isr;
        return true;
      },
      evidence: () => ({ partitions: [{ topic: TOPIC, partition: 0 }] }),
    },
    {
      kind: 'reveal',
      id: 'hw-rule',
      prediction: 'visible',
      text: say(
        'The high watermark is the offset every replica in the ISR has; consumers read only below it, so they never see a record a failover could take away. The cut-off follower held it back until the leader removed it from the ISR after replica.lag.time.max.ms.',
        '하이 워터마크는 ISR의 모든 레플리카가 가진 오프셋입니다. 컨슈머는 그 아래만 읽으므로 장애 조치로 사라질 수 있는 레코드를 보지 않습니다. 끊긴 팔로워가 replica.lag.time.max.ms 후 ISR에서 빠질 때까지 하이 워터마크를 붙잡고 있었습니다.',
      ),
      details(_context, memo) {
        const isr = `[${(memo.isrThen as number[]).join(', ')}]`;
        const ms = memo.visibleAfterMs as number;
        return say(
          `This run: offset ${memo.offset as number} was acknowledged at once and became visible ${ms} ms later, when the ISR was ${isr} (replica.lag.time.max.ms = ${LAG_TIME_MS} ms here).`,
          `이번 실행: 오프셋 ${memo.offset as number}은 바로 확인되었고 ${ms} ms 후, ISR이 ${isr}일 때 보이게 되었습니다 (여기서 replica.lag.time.max.ms = ${LAG_TIME_MS} ms).`,
        );
      },
    },
    {
      kind: 'task',
      id: 'heal',
      text: say(
        'Heal the cut link (Network, Heal) and wait until the follower has caught up and is back in the ISR.',
        '끊긴 링크를 복구하고(네트워크, 복구) 팔로워가 따라잡아 ISR에 돌아올 때까지 기다리세요.',
      ),
      check: (context) => context.cluster.describePartition(TOPIC, 0).isr.length === 3,
    },
  ],
};
