/**
 * Computes the one PartitionChangeRecord that moves a partition to a target ISR and replica set and
 * elects its leader, like Kafka's PartitionChangeBuilder. Any change may complete a reassignment in
 * progress: once the ISR holds every target replica, the same record drops the replicas being
 * removed. Eligible Leader Replicas (KIP-966) are left out: this is Kafka with
 * eligible.leader.replicas.version=0 (the 4.0 default), so the ELR fields stay empty and a
 * partition whose last ISR member fails keeps that member as its ISR.
 */
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

export class PartitionChangeBuilder {
  private election: Election = 'ONLINE';
  private targetIsr: number[];
  private targetReplicas: number[];
  private targetRemoving: number[];
  private targetAdding: number[];
  private targetLeaderRecoveryState: LeaderRecoveryState;

  /** `isAcceptableLeader` says whether a broker may lead now (active, or the broker being unfenced). */
  constructor(
    private readonly partition: PartitionRegistration,
    private readonly isAcceptableLeader: (brokerId: number) => boolean,
  ) {
    this.targetIsr = partition.isr;
    this.targetReplicas = partition.replicas;
    this.targetRemoving = partition.removingReplicas;
    this.targetAdding = partition.addingReplicas;
    this.targetLeaderRecoveryState = partition.leaderRecoveryState;
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

  /** The change, or undefined when nothing would change. */
  build(): PartitionChangeRecord | undefined {
    const { partition } = this;
    const record: PartitionChangeRecord = { type: 'PartitionChange', topicId: partition.topicId, partitionId: partition.partition };
    this.completeReassignmentIfNeeded();
    const elected = this.electLeader();
    if (elected.leader !== partition.leader) {
      record.leader = elected.leader;
      if (elected.unclean) {
        // The new leader was not in the ISR: it becomes the whole ISR and must recover its log (KIP-704).
        record.isr = [elected.leader];
        if (partition.leaderRecoveryState !== LeaderRecoveryState.RECOVERING) {
          record.leaderRecoveryState = LeaderRecoveryState.RECOVERING;
        }
      }
    }
    // Removed replicas must not fetch in the old leader epoch, so dropping one bumps the epoch by
    // naming the current leader (triggerLeaderEpochBumpForReplicaReassignmentIfNeeded).
    if (record.leader === undefined && partition.replicas.some((id) => !this.targetReplicas.includes(id))) {
      record.leader = partition.leader;
    }
    // Without ELR the ISR never becomes empty: the last member stays in it even when it is gone,
    // so it is the one clean leader when it comes back.
    if (record.isr === undefined && this.targetIsr.length > 0 && !sameReplicas(this.targetIsr, partition.isr)) {
      record.isr = this.targetIsr;
    }
    this.setAssignmentChanges(record);
    if (this.targetLeaderRecoveryState !== partition.leaderRecoveryState) {
      record.leaderRecoveryState = this.targetLeaderRecoveryState;
    }
    const changed =
      record.leader !== undefined ||
      record.isr !== undefined ||
      record.leaderRecoveryState !== undefined ||
      record.replicas !== undefined ||
      record.removingReplicas !== undefined ||
      record.addingReplicas !== undefined;
    return changed ? record : undefined;
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
    return { leader: online ?? NO_LEADER, unclean: false };
  }

  private electAnyLeader(): ElectionResult {
    if (this.isValidNewLeader(this.partition.leader)) return { leader: this.partition.leader, unclean: false };
    const online = this.targetReplicas.find((id) => this.isValidNewLeader(id));
    if (online !== undefined) return { leader: online, unclean: false };
    if (this.election === 'UNCLEAN') {
      const unclean = this.targetReplicas.find((id) => this.isAcceptableLeader(id));
      if (unclean !== undefined) return { leader: unclean, unclean: true };
    }
    return { leader: NO_LEADER, unclean: false };
  }

  private isValidNewLeader(brokerId: number): boolean {
    return this.targetIsr.includes(brokerId) && this.isAcceptableLeader(brokerId);
  }
}
