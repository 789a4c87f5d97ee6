/**
 * Kafka's settings and metrics by name in Korean, shown beside the config key or metric name (never
 * instead of it): a learner reads 최소 동기화 레플리카 수 and still finds `min.insync.replicas` in
 * Kafka's documentation and in the terminal. English shows Kafka's name alone, as its documentation does.
 */
import type { Language } from './language';

const KOREAN: Readonly<Record<string, string>> = {
  'min.insync.replicas': '최소 동기화 레플리카 수',
  'replication.factor': '복제 팩터',
  'retention.ms': '보존 시간',
  'retention.bytes': '보존 크기',
  'segment.ms': '세그먼트 롤 주기',
  'segment.bytes': '세그먼트 크기',
  'max.message.bytes': '최대 메시지 크기',
  'cleanup.policy': '정리 정책',
  'unclean.leader.election.enable': '언클린 리더 선출',
  acks: '확인 응답',
  'enable.idempotence': '멱등성',
  'group.id': '컨슈머 그룹 ID',
  'group.protocol': '그룹 프로토콜',
  'assignment.strategy': '파티션 할당 전략',
  'remote.assignor': '서버 측 할당자',
  'auto.offset.reset': '시작 오프셋',
  'broker.rack': '랙',
  MessagesInPerSec: '초당 들어온 메시지 수',
  UnderReplicatedPartitions: '복제가 부족한 파티션 수',
  OfflinePartitionsCount: '오프라인 파티션 수',
  'records-lag-max': '최대 컨슈머 랙',
};

/** The Korean name of a Kafka setting, or null when English (or a setting without one) shows the key alone. */
export function settingWord(key: string, language: Language): string | null {
  return language === 'ko' ? (KOREAN[key] ?? null) : null;
}
