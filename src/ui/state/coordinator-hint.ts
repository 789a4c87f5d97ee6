/**
 * Why a consumer group cannot form on a cluster too small for its __consumer_offsets topic. Kafka
 * asks for that topic with offsets.topic.replication.factor replicas (AutoTopicCreationManager;
 * Kafka's default is 3) and the controller refuses a factor above the registered brokers
 * (StripedReplicaPlacer), so FindCoordinator answers COORDINATOR_NOT_AVAILABLE and the members wait,
 * with no error to show, until enough brokers have registered. The page says so, with what to do.
 */
import type { ClusterDescription } from '../../cluster/cluster-description';
import type { ConfigOverrides } from '../../cluster/cluster-operator';
import { BROKER_CONFIGS } from '../../protocol/broker-configs';
import { GROUP_METADATA_TOPIC_NAME } from '../../protocol/internal-topics';
import type { ConsumerGroupWorkloadSnapshot } from '../../workload/workload-types';
import type { Language } from '../i18n/language';

const REPLICATION_FACTOR = 'offsets.topic.replication.factor';

export interface OffsetsTopicShortfall {
  /** offsets.topic.replication.factor as the cluster runs it. */
  replicationFactor: number;
  /** The brokers the controller has registered. */
  brokers: number;
}

/**
 * The shortfall while __consumer_offsets does not exist and the cluster has fewer brokers than it
 * needs; null otherwise. Every broker the page shows counts, fenced, killed or shut down: the
 * controller keeps their registrations and places replicas on them (last, never as leader).
 */
export function offsetsTopicShortfall(config: ConfigOverrides, cluster: ClusterDescription): OffsetsTopicShortfall | null {
  if (cluster.topics.some((topic) => topic.name === GROUP_METADATA_TOPIC_NAME)) return null;
  const replicationFactor = Number(config[REPLICATION_FACTOR] ?? BROKER_CONFIGS.get(REPLICATION_FACTOR)!.defaultValue);
  const brokers = cluster.brokers.length;
  return brokers < replicationFactor ? { replicationFactor, brokers } : null;
}

/** The shortfall in words: which config, how many brokers it needs and has, and what to do. */
export function shortfallText({ replicationFactor, brokers }: OffsetsTopicShortfall, language: Language = 'en'): string {
  const missing = replicationFactor - brokers;
  if (language === 'ko') {
    return (
      `${GROUP_METADATA_TOPIC_NAME} 토픽에는 브로커가 ${REPLICATION_FACTOR}(${replicationFactor})개 필요한데 이 클러스터에는 ${brokers}개뿐이라 ` +
      '그룹 코디네이터를 찾을 수 없습니다(COORDINATOR_NOT_AVAILABLE). ' +
      `브로커를 ${missing}개 추가하거나, 단일 브로커 설정(${REPLICATION_FACTOR}=1, Kafka 빠른 시작의 server.properties와 같음)으로 ` +
      '클러스터를 재설정하세요.'
    );
  }
  return (
    `${GROUP_METADATA_TOPIC_NAME} needs ${REPLICATION_FACTOR} (${replicationFactor}) brokers and this cluster has ${brokers}, ` +
    'so no group coordinator can be found (COORDINATOR_NOT_AVAILABLE). ' +
    `Add ${missing} broker${missing === 1 ? '' : 's'}, or reset the cluster with the single-broker settings ` +
    `(${REPLICATION_FACTOR}=1, as Kafka's quickstart server.properties has it).`
  );
}

/** What the group card says of a running group none of whose members has joined, when the shortfall explains it. */
export function groupWaitingHint(
  group: ConsumerGroupWorkloadSnapshot,
  shortfall: OffsetsTopicShortfall | null,
  language: Language = 'en',
): string | null {
  if (shortfall === null || group.state !== 'running') return null;
  if (group.members.some((member) => member.memberId !== '')) return null;
  return shortfallText(shortfall, language);
}
