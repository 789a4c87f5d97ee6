/**
 * Kafka's terms as the page explains them: one sentence each, in both of the page's languages,
 * shown as a tooltip wherever the term appears (read through `localized`, so it follows the
 * language). The term itself, the key, stays Kafka's name.
 */
import type { Language } from './i18n/language';

export const GLOSSARY = {
  'leader epoch': {
    en: 'A number the controller raises each time a partition gets a new leader, so replicas and clients can tell a stale leader from the current one.',
    ko: '파티션에 새 리더가 생길 때마다 컨트롤러가 올리는 번호. 레플리카와 클라이언트는 이것으로 낡은 리더와 현재 리더를 구별합니다.',
  },
  ISR: {
    en: 'The in-sync replicas: the leader and the followers that have caught up with it within replica.lag.time.max.ms; only they, or with the ISR empty the ELR, can be elected leader cleanly.',
    ko: '동기화된 레플리카(in-sync replicas): 리더와, replica.lag.time.max.ms 안에 리더를 따라잡은 팔로워들. 이들만(ISR이 비었다면 ELR만) 데이터 손실 없이 리더로 선출될 수 있습니다.',
  },
  ELR: {
    en: 'Eligible leader replicas (KIP-966): replicas that left the ISR while it was below min.insync.replicas, when the high watermark stood still, so they hold every committed record; with the ISR empty one of them leads without losing data.',
    ko: '리더 자격이 있는 레플리카(KIP-966): ISR이 min.insync.replicas보다 작아 하이 워터마크가 멈춰 있을 때 ISR에서 빠진 레플리카라서 커밋된 레코드를 모두 가지고 있습니다. ISR이 비면 이들 중 하나가 데이터 손실 없이 리더가 됩니다.',
  },
  'high watermark': {
    en: 'The offset up to which every in-sync replica has the records; consumers only read below it, so they never see a record that a failover could lose.',
    ko: '모든 동기화된 레플리카가 레코드를 가진 오프셋. 컨슈머는 그 아래만 읽으므로 장애 조치로 사라질 수 있는 레코드를 보지 않습니다.',
  },
  'min.insync.replicas': {
    en: 'With acks=all, a write is refused (NOT_ENOUGH_REPLICAS) unless at least this many replicas are in the ISR.',
    ko: '최소 동기화 레플리카 수: acks=all일 때 ISR에 레플리카가 이 수 이상 있어야 쓰기가 받아들여지고, 아니면 거절됩니다(NOT_ENOUGH_REPLICAS).',
  },
  LEO: {
    en: 'Log end offset: the offset the next record appended to this replica will get.',
    ko: '로그 끝 오프셋(log end offset): 이 레플리카에 다음으로 추가될 레코드가 받을 오프셋.',
  },
  controller: {
    en: 'The KRaft controller keeps the cluster metadata log: it registers and fences brokers and elects partition leaders.',
    ko: 'KRaft 컨트롤러는 클러스터 메타데이터 로그를 관리합니다: 브로커를 등록하고 펜싱하며, 파티션 리더를 선출합니다.',
  },
  'unclean.leader.election.enable': {
    en: 'When no in-sync replica is alive, allow an out-of-sync one to lead: the partition comes back, but acknowledged records may be lost.',
    ko: '언클린 리더 선출: 살아 있는 동기화 레플리카가 없을 때 동기화되지 않은 레플리카가 리더가 되게 합니다. 파티션은 돌아오지만 확인 응답한 레코드를 잃을 수 있습니다.',
  },
  'records-lag-max': {
    en: "The consumer's largest lag over its partitions: how many records the high watermark is ahead of its position.",
    ko: '컨슈머의 파티션 중 가장 큰 랙: 하이 워터마크가 컨슈머의 위치보다 몇 레코드 앞서 있는지.',
  },
} as const satisfies Record<string, Readonly<Record<Language, string>>>;

export type Term = keyof typeof GLOSSARY;
