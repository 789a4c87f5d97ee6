/**
 * Computes the one PartitionChangeRecord that moves a partition to a target ISR and replica set and
 * elects its leader, like Kafka's PartitionChangeBuilder. Any change may complete a reassignment in
 * progress: once the ISR holds every target replica, the same record drops the replicas being
 * removed.
 *
 * With eligible leader replicas (KIP-966, eligible.leader.replicas.version=1, Kafka 4.1's default
 * for new clusters) the ISR may become empty: a replica that leaves the ISR while it is below
 * min.insync.replicas joins the ELR, since the HW stood still from then on and it holds every
 * committed record, and with the ISR empty a live ELR member leads without an unclean election.
 * The ISR, the ELR and lastKnownElr never share a member. Without ELR (version 0, the 3.x and 4.0
 * behaviour) the last ISR member stays in the ISR when it fails, the one clean leader when it returns.
 */
import { javaHashOrder } from '../core/java-hash-order';
import type { PartitionRegistration } from '../protocol/metadata-image';
import { NO_LEADER } from '../protocol/metadata-image';
import { LeaderRecoveryState, type PartitionChangeRecord } from '../protocol/metadata-records';
import { maybeCompleteReassignment, sameReplicas } from './partition-reassignment';

/**
 * PREFERRED: replicas[0] if it can lead, else keep a valid leader, else any ISR member.
 * ONLINE: keep a valid leader, else the first ISR member in replica order.
 * UNCLEAN: as ONLINE, then the first live replica even if it is not in the ISR (data may be lost).
 */
export type Election = 'PREFERRED' | 'ONLINE' | 'UNCLEAN';

interface ElectionResult {
  leader: number;
  unclean: boolean;
}

/** Whether ELR is on (FeatureControlManager.isElrFeatureEnabled) and the topic's effective min ISR. */
export interface ElrSettings {
  eligibleLeaderReplicasEnabled: boolean;
  /** min(min.insync.replicas, replication factor): ReplicationControlManager.getTopicEffectiveMinIsr. */
  minIsr: number;
}

const ELR_DISABLED: ElrSettings = { eligibleLeaderReplicasEnabled: false, minIsr: 1 };

export class PartitionChangeBuilder {
  private election: Election = 'ONLINE';
  private targetIsr: number[];
  private targetReplicas: number[];
  private targetRemoving: number[];
  private targetAdding: number[];
  private targetLeaderRecoveryState: LeaderRecoveryState;
  private targetElr: number[];
  private uncleanShutdownReplicas: number[] = [];

  /**
   * `isAcceptableLeader` says whether a broker may lead now (active, or the broker being unfenced).
   * Kafka sets the ELR switch with setEligibleLeaderReplicasEnabled; here it comes with the
   * constructor, as it later does in Kafka, so no caller forgets it.
   */
  constructor(
    private readonly partition: PartitionRegistration,
    private readonly isAcceptableLeader: (brokerId: number) => boolean,
    private readonly elr: ElrSettings = ELR_DISABLED,
  ) {
    this.targetIsr = partition.isr;
    this.targetReplicas = partition.replicas;
    this.targetRemoving = partition.removingReplicas;
    this.targetAdding = partition.addingReplicas;
    this.targetLeaderRecoveryState = partition.leaderRecoveryState;
    this.targetElr = partition.elr;
  }

  setElection(election: Election): this {
    this.election = election;
    return this;
  }

  setTargetIsr(isr: number[]): this {
    this.targetIsr = isr;
    return this;
  }

  setTargetReplicas(replicas: number[]): this {
    this.targetReplicas = replicas;
    return this;
  }

  setTargetRemoving(removing: number[]): this {
    this.targetRemoving = removing;
    return this;
  }

  setTargetAdding(adding: number[]): this {
    this.targetAdding = adding;
    return this;
  }

  setTargetLeaderRecoveryState(state: LeaderRecoveryState): this {
    this.targetLeaderRecoveryState = state;
    return this;
  }

  /** Replicas that restarted without a clean shutdown: they may have lost their log's tail, so they leave the ELR. */
  setUncleanShutdownReplicas(replicas: number[]): this {
    this.uncleanShutdownReplicas = replicas;
    return this;
  }

  /** The change, or undefined when nothing would change. */
  build(): PartitionChangeRecord | undefined {
    const { partition } = this;
    const record: PartitionChangeRecord = { type: 'PartitionChange', topicId: partition.topicId, partitionId: partition.partition };
    this.completeReassignmentIfNeeded();
    this.maybePopulateTargetElr();
    this.tryElection(record);
    // Removed replicas must not fetch in the old leader epoch, so dropping one bumps the epoch by
    // naming the current leader (triggerLeaderEpochBumpForReplicaReassignmentIfNeeded).
    if (record.leader === undefined && partition.replicas.some((id) => !this.targetReplicas.includes(id))) {
      record.leader = partition.leader;
    }
    this.maybeUpdateRecordElr(record);
    // Only with ELR may the ISR become empty; without it the last member stays in the ISR.
    if (
      record.isr === undefined &&
      (this.targetIsr.length > 0 || this.elr.eligibleLeaderReplicasEnabled) &&
      !sameReplicas(this.targetIsr, partition.isr)
    ) {
      record.isr = this.targetIsr;
    }
    this.maybeUpdateLastKnownLeader(record);
    this.setAssignmentChanges(record);
    if (this.targetLeaderRecoveryState !== partition.leaderRecoveryState) {
      record.leaderRecoveryState = this.targetLeaderRecoveryState;
    }
    const changed =
      record.leader !== undefined ||
      record.isr !== undefined ||
      record.elr !== undefined ||
      record.lastKnownElr !== undefined ||
      record.leaderRecoveryState !== undefined ||
      record.replicas !== undefined ||
      record.removingReplicas !== undefined ||
      record.addingReplicas !== undefined;
    return changed ? record : undefined;
  }

  /** PartitionChangeBuilder.tryElection: an ELR member elected becomes the whole ISR; an unclean leader too, and must recover (KIP-704). */
  private tryElection(record: PartitionChangeRecord): void {
    const elected = this.electLeader();
    if (elected.leader === this.partition.leader) return;
    if (this.targetElr.includes(elected.leader)) {
      this.targetIsr = [elected.leader];
      this.targetElr = this.targetElr.filter((id) => id !== elected.leader);
    }
    record.leader = elected.leader;
    if (elected.unclean) {
      record.isr = [elected.leader];
      if (this.partition.leaderRecoveryState !== LeaderRecoveryState.RECOVERING) {
        record.leaderRecoveryState = LeaderRecoveryState.RECOVERING;
      }
    }
  }

  /**
   * PartitionChangeBuilder.maybePopulateTargetElr: at or above min ISR there is no ELR; below it,
   * the ELR is the old ELR and the old ISR, less the new ISR and the replicas that shut down
   * uncleanly. Kafka collects them in a HashSet, hence its iteration order.
   */
  private maybePopulateTargetElr(): void {
    if (!this.elr.eligibleLeaderReplicasEnabled) return;
    if (this.targetIsr.length >= this.elr.minIsr) {
      this.targetElr = [];
      return;
    }
    const candidates = javaHashOrder([...new Set([...this.targetElr, ...this.partition.isr])], (id) => id);
    this.targetElr = candidates.filter((id) => !this.targetIsr.includes(id) && !this.uncleanShutdownReplicas.includes(id));
  }

  /**
   * PartitionChangeBuilder.maybeUpdateRecordElr: an unclean election, or ELR off, empties the ELR.
   * Kafka keeps lastKnownElr for the last known leader (useLastKnownLeaderInBalancedRecovery, true
   * outside its tests), which maybeUpdateLastKnownLeader maintains.
   */
  private maybeUpdateRecordElr(record: PartitionChangeRecord): void {
    const cleanElection = record.isr === undefined;
    if (!cleanElection || !this.elr.eligibleLeaderReplicasEnabled) this.targetElr = [];
    if (!sameReplicas(this.targetElr, this.partition.elr)) record.elr = this.targetElr;
  }

  /**
   * PartitionChangeBuilder.maybeUpdateLastKnownLeader: the first time the ISR becomes empty,
   * lastKnownElr remembers the leader it had; once the partition has a leader again it is cleared.
   */
  private maybeUpdateLastKnownLeader(record: PartitionChangeRecord): void {
    if (!this.elr.eligibleLeaderReplicasEnabled) return;
    const { partition } = this;
    if (
      record.isr !== undefined &&
      record.isr.length === 0 &&
      (partition.lastKnownElr.length !== 1 || partition.lastKnownElr[0] !== partition.leader)
    ) {
      record.lastKnownElr = [partition.leader];
    } else if (
      ((record.leader !== undefined && record.leader >= 0) || (partition.leader !== NO_LEADER && record.leader !== NO_LEADER)) &&
      partition.lastKnownElr.length > 0
    ) {
      record.lastKnownElr = [];
    }
  }

  private completeReassignmentIfNeeded(): void {
    const completed = maybeCompleteReassignment(
      { removing: this.targetRemoving, adding: this.targetAdding, replicas: this.targetReplicas },
      this.targetIsr,
    );
    if (completed === undefined) return;
    this.targetIsr = completed.isr;
    this.targetReplicas = completed.replicas;
    this.targetRemoving = [];
    this.targetAdding = [];
  }

  private setAssignmentChanges(record: PartitionChangeRecord): void {
    const { partition } = this;
    if (this.targetReplicas.length > 0 && !sameReplicas(this.targetReplicas, partition.replicas)) record.replicas = this.targetReplicas;
    if (!sameReplicas(this.targetRemoving, partition.removingReplicas)) record.removingReplicas = this.targetRemoving;
    if (!sameReplicas(this.targetAdding, partition.addingReplicas)) record.addingReplicas = this.targetAdding;
  }

  private electLeader(): ElectionResult {
    return this.election === 'PREFERRED' ? this.electPreferredLeader() : this.electAnyLeader();
  }

  private electPreferredLeader(): ElectionResult {
    const preferred = this.targetReplicas[0];
    if (this.isValidNewLeader(preferred)) return { leader: preferred, unclean: false };
    if (this.isValidNewLeader(this.partition.leader)) return { leader: this.partition.leader, unclean: false };
    const online = this.targetReplicas.slice(1).find((id) => this.isValidNewLeader(id));
    if (online !== undefined) return { leader: online, unclean: false };
    if (this.canElectLastKnownLeader()) return { leader: this.partition.lastKnownElr[0], unclean: true };
    return { leader: NO_LEADER, unclean: false };
  }

  private electAnyLeader(): ElectionResult {
    if (this.isValidNewLeader(this.partition.leader)) return { leader: this.partition.leader, unclean: false };
    const online = this.targetReplicas.find((id) => this.isValidNewLeader(id));
    if (online !== undefined) return { leader: online, unclean: false };
    if (this.canElectLastKnownLeader()) return { leader: this.partition.lastKnownElr[0], unclean: true };
    if (this.election === 'UNCLEAN') {
      const unclean = this.targetReplicas.find((id) => this.isAcceptableLeader(id));
      if (unclean !== undefined) return { leader: unclean, unclean: true };
    }
    return { leader: NO_LEADER, unclean: false };
  }

  /**
   * PartitionChangeBuilder.canElectLastKnownLeader: with ISR and ELR empty, the leader the partition
   * last had may lead again, uncleanly (it may have lost its log's tail), if it is acceptable now
   * (KAFKA-19522: a fenced last known leader is not elected).
   */
  private canElectLastKnownLeader(): boolean {
    if (!this.elr.eligibleLeaderReplicasEnabled) return false;
    if (this.targetElr.length > 0 || this.targetIsr.length > 0) return false;
    const { lastKnownElr } = this.partition;
    return lastKnownElr.length === 1 && this.isAcceptableLeader(lastKnownElr[0]);
  }

  /** In the ISR, or in the ELR while the ISR is empty, and acceptable. */
  private isValidNewLeader(brokerId: number): boolean {
    const eligible = this.targetIsr.includes(brokerId) || (this.targetIsr.length === 0 && this.targetElr.includes(brokerId));
    return eligible && this.isAcceptableLeader(brokerId);
  }
}
