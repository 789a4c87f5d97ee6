/**
 * The KRaft controller's gauges (kafka.controller:type=KafkaController, ControllerMetadataMetrics),
 * computed from the image; the two counters come from the controller because the image has no history.
 */
import type { MetadataImage } from '../protocol/metadata-image';
import { NO_LEADER } from '../protocol/metadata-image';

export interface ControllerCounters {
  /** Elections of a leader from outside the ISR, counted on replay like Kafka's UncleanLeaderElectionsPerSec. */
  uncleanLeaderElections: number;
  /** Leaders elected from the ELR (ElectionFromEligibleLeaderReplicasPerSec, KIP-966). */
  electionsFromElr: number;
  /** Brokers fenced because their session timed out (TimedOutBrokerHeartbeatCount). */
  timedOutBrokerHeartbeats: number;
}

export function controllerMetrics(image: MetadataImage, counters: ControllerCounters): Record<string, number> {
  let fenced = 0;
  for (const broker of image.brokers.values()) if (broker.fenced) fenced++;
  let partitions = 0;
  let offline = 0;
  let imbalanced = 0;
  for (const topic of image.topicsById.values()) {
    for (const partition of topic.partitions.values()) {
      partitions++;
      if (partition.leader === NO_LEADER) offline++;
      if (partition.leader !== partition.replicas[0]) imbalanced++;
    }
  }
  return {
    ActiveControllerCount: 1,
    OfflinePartitionsCount: offline,
    PreferredReplicaImbalanceCount: imbalanced,
    FencedBrokerCount: fenced,
    ActiveBrokerCount: image.brokers.size - fenced,
    GlobalTopicCount: image.topicsById.size,
    GlobalPartitionCount: partitions,
    UncleanLeaderElectionsPerSec: counters.uncleanLeaderElections,
    ElectionFromEligibleLeaderReplicasPerSec: counters.electionsFromElr,
    TimedOutBrokerHeartbeatCount: counters.timedOutBrokerHeartbeats,
    LastAppliedRecordOffset: image.highestOffset,
  };
}
