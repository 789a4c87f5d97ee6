/**
 * ISRs, leaders and replica sets (the partition half of Kafka's ReplicationControlManager):
 * AlterPartition from leaders, the ISR and leader moves when a broker is fenced, unfenced or
 * shutting down, ElectLeaders, the preferred-leader rebalance, and partition reassignments.
 */
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/apis/kraft';
import type { ElectLeadersRequest, ElectLeadersResponse } from '../protocol/apis/elect-leaders';
import { ElectionType } from '../protocol/apis/elect-leaders';
import type {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
  OngoingPartitionReassignment,
  ReassignablePartition,
  ReassignablePartitionResponse,
} from '../protocol/apis/reassignments';
import { KafkaError, errorCode, fail, type ErrorName } from '../protocol/errors';
import type { MetadataImage, PartitionRegistration } from '../protocol/metadata-image';
import { NO_LEADER, isReassigning, mergePartitionChange } from '../protocol/metadata-image';
import {
  LeaderRecoveryState,
  type BrokerRegistrationChangeRecord,
  type MetadataRecord,
  type PartitionChangeRecord,
} from '../protocol/metadata-records';
import type { ClusterControlManager } from './cluster-control';
import type { ConfigurationControlManager } from './configuration-control';
import type { ControllerResult } from './controller-result';
import { PartitionChangeBuilder, type Election, type ElrSettings } from './partition-change-builder';
import { reassignmentReplicas, reassignmentRevert, sameReplicas } from './partition-reassignment';
import { topicPartitionKey } from '../protocol/topic-partition';

type AlterPartitionData = AlterPartitionRequest['topics'][number]['partitions'][number];
type AlterPartitionResult = AlterPartitionResponse['topics'][number]['partitions'][number];
type ElectionResult = ElectLeadersResponse['replicaElectionResults'][number]['partitionResult'][number];

/** A preferred leader that is valid but not leading: what auto.leader.rebalance.enable corrects. */
export function isImbalanced(partition: PartitionRegistration): boolean {
  return partition.leader !== NO_LEADER && partition.leader !== partition.replicas[0];
}

export class ReplicationControlManager {
  constructor(
    private readonly image: MetadataImage,
    private readonly cluster: ClusterControlManager,
    private readonly configs: ConfigurationControlManager,
  ) {}

  *partitions(): Iterable<PartitionRegistration> {
    for (const topic of this.image.topicsById.values()) yield* topic.partitions.values();
  }

  hasLeaderships(brokerId: number): boolean {
    for (const partition of this.partitions()) if (partition.leader === brokerId) return true;
    return false;
  }

  /**
   * A PartitionChangeBuilder for a partition, with what every one of Kafka's gets: the ELR switch
   * (isElrEnabled) and the topic's effective min ISR. `isAcceptableLeader` defaults to the active brokers.
   */
  private changeBuilder(
    partition: PartitionRegistration,
    isAcceptableLeader: (brokerId: number) => boolean = (id) => this.cluster.isActive(id),
  ): PartitionChangeBuilder {
    const elr: ElrSettings = {
      eligibleLeaderReplicasEnabled: this.image.isElrFeatureEnabled(),
      minIsr: this.effectiveMinIsr(partition.topicName),
    };
    return new PartitionChangeBuilder(partition, isAcceptableLeader, elr);
  }

  /** ReplicationControlManager.getTopicEffectiveMinIsr: min.insync.replicas capped at the replication factor of partition 0. */
  private effectiveMinIsr(topicName: string): number {
    const replicationFactor = this.image.partition(topicName, 0)?.replicas.length ?? Number.MAX_SAFE_INTEGER;
    return Math.min(this.configs.logConfig(topicName).minInSyncReplicas, replicationFactor);
  }

  /** Removes the broker from every ISR, re-elects the leaders it held, then records it fenced. */
  handleBrokerFenced(brokerId: number, brokerEpoch: number): MetadataRecord[] {
    const fence: BrokerRegistrationChangeRecord = { type: 'BrokerRegistrationChange', brokerId, brokerEpoch, fenced: true };
    return [...this.removeFromIsrs(brokerId), fence];
  }

  /** Records the broker unfenced, then gives leaderless partitions it can lead a leader again. */
  handleBrokerUnfenced(brokerId: number, brokerEpoch: number): MetadataRecord[] {
    const unfence: BrokerRegistrationChangeRecord = { type: 'BrokerRegistrationChange', brokerId, brokerEpoch, fenced: false };
    const leaderless = [...this.partitions()].filter((partition) => partition.leader === NO_LEADER);
    return [unfence, ...this.leaderAndIsrUpdates(NO_LEADER, brokerId, leaderless)];
  }

  /**
   * ReplicationControlManager.handleBrokerShutdown, for a new incarnation of a registered broker.
   * One that did not shut down cleanly (it offers no previous broker epoch, or not its last one)
   * may have lost its log's unflushed tail, so with ELR it leaves every ISR and ELR and may not lead
   * (the ISR pass, then the ELR pass); otherwise it leaves the ISRs as a fenced broker does.
   */
  handleBrokerShutdown(brokerId: number, isCleanShutdown: boolean): PartitionChangeRecord[] {
    if (this.image.isElrFeatureEnabled() && !isCleanShutdown) {
      const inIsr = [...this.partitions()].filter((partition) => partition.isr.includes(brokerId));
      const inElr = [...this.partitions()].filter((partition) => partition.elr.includes(brokerId));
      return [
        ...this.leaderAndIsrUpdates(NO_LEADER, NO_LEADER, inIsr, brokerId),
        ...this.leaderAndIsrUpdates(NO_LEADER, NO_LEADER, inElr, brokerId),
      ];
    }
    return this.removeFromIsrs(brokerId);
  }

  /** Moves leadership and ISR membership away from a broker that asked to shut down. */
  handleBrokerInControlledShutdown(brokerId: number, brokerEpoch: number): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    if (!this.image.brokers.get(brokerId)?.inControlledShutdown) {
      records.push({ type: 'BrokerRegistrationChange', brokerId, brokerEpoch, inControlledShutdown: true });
    }
    return [...records, ...this.removeFromIsrs(brokerId)];
  }

  /**
   * The periodic retry of KAFKA-12670 (3.9): leaderless partitions of topics that allow unclean
   * election get one, so turning unclean.leader.election.enable on takes effect without a new failure.
   */
  electUncleanLeaders(): PartitionChangeRecord[] {
    const leaderless = [...this.partitions()].filter(
      (partition) => partition.leader === NO_LEADER && this.configs.logConfig(partition.topicName).uncleanLeaderElectionEnable,
    );
    return this.leaderAndIsrUpdates(NO_LEADER, NO_LEADER, leaderless);
  }

  removeFromIsrs(brokerId: number): PartitionChangeRecord[] {
    const withBroker = [...this.partitions()].filter((partition) => partition.isr.includes(brokerId));
    return this.leaderAndIsrUpdates(brokerId, NO_LEADER, withBroker);
  }

  /**
   * ReplicationControlManager.generateLeaderAndIsrUpdates: `brokerToRemove` leaves the ISRs and may
   * not lead; `brokerToAdd` may lead although the image still shows it fenced (it is being unfenced);
   * `brokerWithUncleanShutdown` leaves the ISRs and the ELRs and may not lead.
   */
  private leaderAndIsrUpdates(
    brokerToRemove: number,
    brokerToAdd: number,
    partitions: PartitionRegistration[],
    brokerWithUncleanShutdown = NO_LEADER,
  ): PartitionChangeRecord[] {
    const isAcceptableLeader = (id: number) =>
      id !== brokerToRemove && id !== brokerWithUncleanShutdown && (id === brokerToAdd || this.cluster.isActive(id));
    const records: PartitionChangeRecord[] = [];
    for (const partition of partitions) {
      const builder = this.changeBuilder(partition, isAcceptableLeader)
        .setElection(this.onlineElection(partition.topicName))
        .setTargetIsr(partition.isr.filter((id) => id !== brokerToRemove && id !== brokerWithUncleanShutdown));
      if (brokerWithUncleanShutdown !== NO_LEADER) builder.setUncleanShutdownReplicas([brokerWithUncleanShutdown]);
      const record = builder.build();
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  private onlineElection(topicName: string): Election {
    return this.configs.logConfig(topicName).uncleanLeaderElectionEnable ? 'UNCLEAN' : 'ONLINE';
  }

  /** A leader's ISR change (KIP-497). Throws STALE_BROKER_EPOCH for a request from an old registration. */
  alterPartition(request: AlterPartitionRequest): ControllerResult<AlterPartitionResponse> {
    this.cluster.checkBrokerEpoch(request.brokerId, request.brokerEpoch);
    const records: PartitionChangeRecord[] = [];
    const topics = request.topics.map((topicData) => ({
      topicName: topicData.topicName,
      partitions: topicData.partitions.map((data): AlterPartitionResult => {
        const partition = this.image.partition(topicData.topicName, data.partitionIndex);
        const error = this.validateAlterPartition(request.brokerId, partition, data);
        if (error !== 'NONE') return rejectedAlterPartition(data.partitionIndex, error);
        const builder = this.changeBuilder(partition!)
          .setElection(this.onlineElection(partition!.topicName))
          .setTargetIsr(data.newIsrWithEpochs.map((state) => state.brokerId))
          .setTargetLeaderRecoveryState(data.leaderRecoveryState as LeaderRecoveryState);
        const record = builder.build();
        let after = partition!;
        if (record !== undefined) {
          records.push(record);
          after = mergePartitionChange(partition!, record);
          // A leader may not change its own leadership through AlterPartition; if the change elected
          // someone else, tell it so that it steps down.
          if (record.leader !== undefined && record.leader !== request.brokerId) {
            return rejectedAlterPartition(data.partitionIndex, 'NEW_LEADER_ELECTED');
          }
        }
        return {
          partitionIndex: data.partitionIndex,
          errorCode: 0,
          leaderId: after.leader,
          leaderEpoch: after.leaderEpoch,
          isr: after.isr,
          leaderRecoveryState: after.leaderRecoveryState,
          partitionEpoch: after.partitionEpoch,
        };
      }),
    }));
    return { records, response: { errorCode: 0, topics } };
  }

  /**
   * ReplicationControlManager.validateAlterPartitionData, in Kafka's order (3.7 to 4.x): a stale
   * leader epoch is FENCED_LEADER_EPOCH before the requester is checked to be the leader, and the
   * new ISR must name only replicas, each once, and must hold the leader.
   */
  private validateAlterPartition(brokerId: number, partition: PartitionRegistration | undefined, data: AlterPartitionData): ErrorName {
    if (partition === undefined) return 'UNKNOWN_TOPIC_OR_PARTITION';
    // Epochs newer than ours mean this controller is behind: the leader should look for another one.
    if (data.leaderEpoch > partition.leaderEpoch || data.partitionEpoch > partition.partitionEpoch) return 'NOT_CONTROLLER';
    if (data.leaderEpoch < partition.leaderEpoch) return 'FENCED_LEADER_EPOCH';
    if (brokerId !== partition.leader) return 'INVALID_REQUEST';
    if (data.partitionEpoch < partition.partitionEpoch) return 'INVALID_UPDATE_VERSION';
    const newIsr = data.newIsrWithEpochs.map((state) => state.brokerId);
    // Replicas.validateIsr.
    if (newIsr.some((id, i) => !partition.replicas.includes(id) || newIsr.indexOf(id) !== i)) return 'INVALID_REQUEST';
    // "The ISR must always include the current leader."
    if (!newIsr.includes(partition.leader)) return 'INVALID_REQUEST';
    if (data.leaderRecoveryState === LeaderRecoveryState.RECOVERING && newIsr.length > 1) return 'INVALID_REQUEST';
    if (partition.leaderRecoveryState === LeaderRecoveryState.RECOVERED && data.leaderRecoveryState === LeaderRecoveryState.RECOVERING) {
      return 'INVALID_REQUEST';
    }
    // KIP-903: a replica may join only if it is active and its epoch is its current registration's.
    const ineligible = data.newIsrWithEpochs.some(({ brokerId: id, brokerEpoch }) => {
      const registration = this.image.brokers.get(id);
      return !this.cluster.isActive(id) || (brokerEpoch !== -1 && registration!.brokerEpoch !== brokerEpoch);
    });
    return ineligible ? 'INELIGIBLE_REPLICA' : 'NONE';
  }

  electLeaders(request: ElectLeadersRequest): ControllerResult<ElectLeadersResponse> {
    const records: PartitionChangeRecord[] = [];
    const wanted =
      request.topicPartitions ??
      [...this.image.topicsByName.values()].map((topic) => ({
        topic: topic.name,
        partitions: [...topic.partitions.keys()],
      }));
    const replicaElectionResults = wanted.map(({ topic, partitions }) => ({
      topic,
      partitionResult: partitions.map((partitionId) => this.electLeader(topic, partitionId, request.electionType, records)),
    }));
    return { records, response: { errorCode: 0, replicaElectionResults } };
  }

  private electLeader(
    topicName: string,
    partitionId: number,
    electionType: ElectionType,
    records: PartitionChangeRecord[],
  ): ElectionResult {
    const result = (error: ErrorName, errorMessage: string | null = null): ElectionResult => ({
      partitionId,
      errorCode: errorCode(error),
      errorMessage,
    });
    const topic = this.image.topicsByName.get(topicName);
    if (topic === undefined) return result('UNKNOWN_TOPIC_OR_PARTITION', `No such topic as ${topicName}`);
    const partition = topic.partitions.get(partitionId);
    if (partition === undefined)
      return result('UNKNOWN_TOPIC_OR_PARTITION', `No such partition as ${topicPartitionKey(topicName, partitionId)}`);
    const unclean = electionType === ElectionType.UNCLEAN;
    if (unclean ? partition.leader !== NO_LEADER : partition.leader === partition.replicas[0]) return result('ELECTION_NOT_NEEDED');
    const record = this.changeBuilder(partition)
      .setElection(unclean ? 'UNCLEAN' : 'PREFERRED')
      .build();
    if (record === undefined) return result(unclean ? 'ELIGIBLE_LEADERS_NOT_AVAILABLE' : 'PREFERRED_LEADER_NOT_AVAILABLE');
    records.push(record);
    return result('NONE');
  }

  /**
   * ReplicationControlManager.alterPartitionReassignments: each partition starts moving to its
   * target replicas, or goes back to its original ones when `replicas` is null. A partition whose
   * ISR already holds every target replica completes in the same record.
   */
  alterPartitionReassignments(request: AlterPartitionReassignmentsRequest): ControllerResult<AlterPartitionReassignmentsResponse> {
    const records: PartitionChangeRecord[] = [];
    const responses = request.topics.map(({ name, partitions }) => ({
      name,
      partitions: partitions.map((target): ReassignablePartitionResponse => {
        try {
          const record = this.alterPartitionReassignment(name, target);
          if (record !== undefined) records.push(record);
          return { partitionIndex: target.partitionIndex, errorCode: 0, errorMessage: null };
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          return { partitionIndex: target.partitionIndex, errorCode: error.code, errorMessage: error.message };
        }
      }),
    }));
    return { records, response: { errorCode: 0, errorMessage: null, responses } };
  }

  private alterPartitionReassignment(topicName: string, target: ReassignablePartition): PartitionChangeRecord | undefined {
    const topic = this.image.topicsByName.get(topicName);
    if (topic === undefined) fail('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find a topic named ${topicName}.`);
    const partition = topic.partitions.get(target.partitionIndex);
    if (partition === undefined) fail('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find partition ${topicName}:${target.partitionIndex}.`);
    return target.replicas === null
      ? this.cancelPartitionReassignment(partition)
      : this.changePartitionReassignment(partition, target.replicas);
  }

  /** Adds the target replicas beside the current ones; the ISR decides when the old ones go. */
  private changePartitionReassignment(partition: PartitionRegistration, target: number[]): PartitionChangeRecord | undefined {
    this.cluster.validateManualPartitionAssignment(target, undefined);
    const reassignment = reassignmentReplicas(partition.replicas, target);
    const builder = this.changeBuilder(partition);
    // As in Kafka, an empty list leaves the field as it stands (a reassignment replacing one in progress).
    if (!sameReplicas(reassignment.replicas, partition.replicas)) builder.setTargetReplicas(reassignment.replicas);
    if (reassignment.removing.length > 0) builder.setTargetRemoving(reassignment.removing);
    if (reassignment.adding.length > 0) builder.setTargetAdding(reassignment.adding);
    return builder.build();
  }

  /** ReplicationControlManager.cancelPartitionReassignment. */
  private cancelPartitionReassignment(partition: PartitionRegistration): PartitionChangeRecord | undefined {
    if (!isReassigning(partition)) fail('NO_REASSIGNMENT_IN_PROGRESS');
    const revert = reassignmentRevert(partition);
    const uncleanAllowed = this.configs.logConfig(partition.topicName).uncleanLeaderElectionEnable;
    if (revert.unclean && !uncleanAllowed) {
      fail(
        'INVALID_REPLICA_ASSIGNMENT',
        `Unable to revert partition assignment for ${partition.topicName}:${partition.partition} because it would require an unclean leader election.`,
      );
    }
    return this.changeBuilder(partition)
      .setElection(uncleanAllowed ? 'UNCLEAN' : 'ONLINE')
      .setTargetIsr(revert.isr)
      .setTargetReplicas(revert.replicas)
      .setTargetRemoving([])
      .setTargetAdding([])
      .build();
  }

  /** ReplicationControlManager.listPartitionReassignments: only partitions being reassigned, only topics with one. */
  listPartitionReassignments(request: ListPartitionReassignmentsRequest): ListPartitionReassignmentsResponse {
    const wanted =
      request.topics ??
      [...this.image.topicsByName.values()].map((topic) => ({
        name: topic.name,
        partitionIndexes: [...topic.partitions.keys()].sort((a, b) => a - b),
      }));
    const topics: ListPartitionReassignmentsResponse['topics'] = [];
    for (const { name, partitionIndexes } of wanted) {
      const topic = this.image.topicsByName.get(name);
      if (topic === undefined) continue;
      const partitions: OngoingPartitionReassignment[] = [];
      for (const partitionIndex of partitionIndexes) {
        const partition = topic.partitions.get(partitionIndex);
        if (partition === undefined || !isReassigning(partition)) continue;
        partitions.push({
          partitionIndex,
          replicas: [...partition.replicas],
          addingReplicas: [...partition.addingReplicas],
          removingReplicas: [...partition.removingReplicas],
        });
      }
      if (partitions.length > 0) topics.push({ name, partitions });
    }
    return { errorCode: 0, errorMessage: null, topics };
  }

  hasImbalancedPartitions(): boolean {
    for (const partition of this.partitions()) if (isImbalanced(partition)) return true;
    return false;
  }

  /**
   * One pass of the auto leader rebalance: a PREFERRED election for every imbalanced partition, at
   * most `maxElections` of them; `response` says whether partitions were left for an immediate next pass.
   */
  maybeBalancePartitionLeaders(maxElections: number): ControllerResult<boolean> {
    const records: PartitionChangeRecord[] = [];
    for (const partition of this.partitions()) {
      if (!isImbalanced(partition)) continue;
      if (records.length >= maxElections) return { records, response: true };
      const record = this.changeBuilder(partition).setElection('PREFERRED').build();
      if (record !== undefined) records.push(record);
    }
    return { records, response: false };
  }
}

function rejectedAlterPartition(partitionIndex: number, error: ErrorName): AlterPartitionResult {
  return {
    partitionIndex,
    errorCode: errorCode(error),
    leaderId: NO_LEADER,
    leaderEpoch: -1,
    isr: [],
    leaderRecoveryState: 0,
    partitionEpoch: -1,
  };
}
