/**
 * The timeline in Korean: the page re-says the engine's English sentences from their kind and values,
 * and falls back to the English for a sentence it does not know.
 */
import { describe, expect, it } from 'vitest';
import { MetadataEventTranslator, type TimelineEvent } from '../../src/controller/metadata-events';
import { createCluster } from '../../src/index';
import { timelineWords } from '../../src/ui/panels/timeline-words';

const HANGUL = /[\uac00-\ud7a3]/;
const ko = (kind: TimelineEvent['kind'], text: string) => timelineWords({ kind, text }, 'ko');

describe('ui > timeline words', () => {
  it('says the common events in Korean, keeping Kafka names, ids and numbers', () => {
    expect(ko('broker-registered', 'broker 2 registered')).toBe('브로커 2 등록됨');
    expect(ko('broker-registered', 'broker 2 registered (rack a)')).toBe('브로커 2 등록됨 (랙 a)');
    expect(ko('broker-fenced', 'broker 3 fenced')).toBe('브로커 3 펜싱됨');
    expect(ko('broker-unfenced', 'broker 3 unfenced')).toBe('브로커 3 펜싱 해제됨');
    expect(ko('leader-changed', 'orders-0 leader 2 → 3, epoch 4')).toBe('orders-0 리더 2 → 3, 리더 에포크 4');
    expect(ko('leader-changed', 'orders-0 leader none → 1, epoch 5 (unclean election)')).toBe(
      'orders-0 리더 없음 → 1, 리더 에포크 5 (언클린 리더 선출)',
    );
    expect(ko('isr-shrank', 'ISR of orders-1 shrank to [1,3]')).toBe('orders-1의 ISR 축소 → [1,3]');
    expect(ko('isr-expanded', 'ISR of orders-1 expanded to [1,2,3]')).toBe('orders-1의 ISR 확장 → [1,2,3]');
    expect(ko('topic-created', 'topic orders created (3 partitions, RF 3, min.insync.replicas=2)')).toBe(
      '토픽 orders 생성됨 (파티션 3개, 복제 팩터 3, min.insync.replicas=2)',
    );
    expect(ko('group-rebalanced', 'group orders-app rebalanced, generation 2')).toBe('컨슈머 그룹 orders-app 리밸런스, 세대 2');
    expect(ko('config-changed', 'min.insync.replicas of topic orders set to 2')).toBe('토픽 orders의 min.insync.replicas 설정 → 2');
    expect(ko('partition-offline', 'solo-0 offline')).toBe('solo-0 오프라인');
    expect(
      ko(
        'broker-log-dir-failed',
        "broker 2's log directory failed (QuotaExceededError: full): with no log directory left it halts, and the controller fences it when its heartbeats stop",
      ),
    ).toBe(
      '브로커 2의 로그 디렉터리 실패 (QuotaExceededError: full): 남은 로그 디렉터리가 없어 브로커가 멈추고, 하트비트가 끊기면 컨트롤러가 펜싱함',
    );
  });

  it('keeps the English in English, and for a sentence of a shape it does not know', () => {
    expect(timelineWords({ kind: 'broker-fenced', text: 'broker 3 fenced' }, 'en')).toBe('broker 3 fenced');
    expect(ko('broker-fenced', 'broker 3 fenced by a new reason')).toBe('broker 3 fenced by a new reason');
  });

  it("says in Korean every event of a real cluster's failover and recovery", async () => {
    const config = { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500, 'replica.lag.time.max.ms': 3000 };
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: 21, config });
    await kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const leader = cluster.leaderOf('orders', 0);
    await cluster.killBroker(leader);
    await cluster.advance(5000);
    await cluster.restartBroker(leader);
    await cluster.advance(5000);
    const events = new MetadataEventTranslator().translate(cluster.controller.metadataLog);
    const kinds = new Set(events.map((event) => event.kind));
    for (const kind of [
      'broker-registered',
      'broker-fenced',
      'broker-unfenced',
      'topic-created',
      'leader-changed',
      'isr-shrank',
      'isr-expanded',
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
    for (const event of events) expect(timelineWords(event, 'ko'), event.text).toMatch(HANGUL);
    await cluster.close();
  });
});
