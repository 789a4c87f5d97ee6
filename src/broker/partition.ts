/**
 * One partition replica on this broker, after Kafka's Partition.scala and Replica.scala: the local
 * log, the leader/follower role taken from the metadata image, and on the leader the state of every
 * follower (its log end offset and lastCaughtUpTimeMs), from which the high watermark and the ISR
 * changes (AlterPartition, KIP-497) follow.
 */
import type { Clock } from '../core/clock';
import { KafkaError, fail } from '../protocol/errors';
import type { LogConfig } from '../protocol/configs';
import { isReassigning, type PartitionRegistration } from '../protocol/metadata-image';
import type { AlterPartitionResponse } from '../protocol/apis/kraft';
import type { EpochEndOffset } from '../protocol/apis/fetch';
import { DELETE_RECORDS_HIGH_WATERMARK } from '../protocol/apis/delete-records';
import type { UnifiedLog } from './unified-log';
import type { PartitionWaitCheck } from './delayed-partition-operation';
import { topicPartitionKey } from '../protocol/topic-partition';

/** Replica.scala's ReplicaState: what the leader knows of one follower. -1 means unknown. */
interface ReplicaState {
  logStartOffset: number;
  logEndOffset: number;
  /** The leader's LEO at the follower's previous fetch. */
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
  lastCaughtUpTimeMs: number;
  /** The broker epoch its fetches carried (KIP-903), -1 until one did. */
  brokerEpoch: number;
}

/**
 * Partition.scala's PartitionState. While an AlterPartition is in flight no other ISR change is
 * tried; an expand counts the joining replica in the maximal ISR at once (it may hold back the HW),
 * a shrink does not drop the leaving ones until the controller committed it.
 */
interface IsrState {
  isr: number[];
  maximalIsr: number[];
  inflight: { kind: 'expand' | 'shrink'; newIsr: number[] } | null;
}

export type AlterPartitionItem = AlterPartitionResponse['topics'][number]['partitions'][number];

/** What a partition needs from its broker. */
export interface PartitionContext {
  brokerId: number;
  clock: Clock;
  replicaLagTimeMaxMs(): number;
  /** This broker's current broker epoch, sent with AlterPartition and in the new ISR. */
  brokerEpoch(): number;
  /**
   * The registered broker epoch of an unfenced broker that is not in controlled shutdown, else
   * undefined: KRaft's isReplicaIsrEligible inputs from the metadata cache.
   */
  activeBrokerEpoch(brokerId: number): number | undefined;
  /** The registered epoch of a broker, fenced or not (Replica.updateFetchStateOrThrow's check). */
  registeredBrokerEpoch(brokerId: number): number | undefined;
  /** Sends one AlterPartition item to the controller; rejects on a request-level failure. */
  alterPartition(partition: Partition, item: AlterPartitionRequestItem): Promise<AlterPartitionItem>;
  onHighWatermarkIncreased(partition: Partition): void;
  /** The low watermark rose: a DeleteRecords waiting on it may complete. */
  onLowWatermarkIncreased(partition: Partition): void;
  /** KRaftMetadataCache.hasAliveBroker: registered and not fenced. */
  isBrokerAlive(brokerId: number): boolean;
  onIsrChanged(partition: Partition, change: 'shrink' | 'expand' | 'metadata'): void;
  onIsrUpdateFailed(partition: Partition): void;
}

export interface AlterPartitionRequestItem {
  partitionIndex: number;
  leaderEpoch: number;
  newIsrWithEpochs: { brokerId: number; brokerEpoch: number }[];
  leaderRecoveryState: number;
  partitionEpoch: number;
}

export interface FetchPartitionParams {
  /** -1 for a consumer. */
  replicaId: number;
  replicaEpoch: number;
  fetchOffset: number;
  currentLeaderEpoch: number;
  lastFetchedEpoch: number;
  /** The follower's log start offset. */
  logStartOffset: number;
  maxBytes: number;
  fetchTimeMs: number;
}

export interface LogReadInfo {
  records: Uint8Array[];
  divergingEpoch: EpochEndOffset | null;
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
}

/** The backoff before re-sending an AlterPartition whose request failed (AlterPartitionManager retries). */
const ALTER_PARTITION_RETRY_BACKOFF_MS = 100;

const scalaSet = (ids: number[]) => `Set(${ids.join(', ')})`;

export class Partition {
  readonly key: string;
  private replicas: number[] = [];
  private reassignment: Pick<PartitionRegistration, 'addingReplicas' | 'removingReplicas'> = { addingReplicas: [], removingReplicas: [] };
  private isrState: IsrState = { isr: [], maximalIsr: [], inflight: null };
  private readonly remoteReplicas = new Map<number, ReplicaState>();
  private leaderId = -1;
  private epoch = -1;
  private partitionEpoch = -1;
  private leaderEpochStartOffset: number | null = null;
  /** Serializes what changes the log or the role, as Partition's leaderIsrUpdateLock does. */
  private lock: Promise<unknown> = Promise.resolve();
  /**
   * The last role change (makeLeader, makeFollower) queued on the lock. Fetches wait for it, as
   * Kafka's fetchRecords takes leaderIsrUpdateLock's read side while makeLeader holds the write
   * side: a follower that hears of an election before the new leader has written its epoch is
   * served once it has, not refused UNKNOWN_LEADER_EPOCH and sent to wait replica.fetch.backoff.ms.
   */
  private roleChange: Promise<unknown> = Promise.resolve();
  private deleted = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly topicId: string,
    readonly log: UnifiedLog,
    private readonly context: PartitionContext,
  ) {
    this.key = topicPartitionKey(topic, partition);
  }

  get isLeader(): boolean {
    return this.leaderId === this.context.brokerId;
  }

  get leader(): number {
    return this.leaderId;
  }

  get leaderEpoch(): number {
    return this.epoch;
  }

  get isr(): number[] {
    return [...this.isrState.isr];
  }

  /** min(min.insync.replicas, replication factor): since 3.7 min ISR is capped at RF (KAFKA-15583). */
  get effectiveMinIsr(): number {
    return Math.min(this.log.config.minInSyncReplicas, this.replicas.length);
  }

  /** During a reassignment, the replicas the partition had before it (OngoingReassignmentState.replicationFactor). */
  private get replicationFactor(): number {
    return this.replicas.length - this.reassignment.addingReplicas.length;
  }

  /** Counted by the leader in ReplicaManager's ReassigningPartitions. */
  get isReassigning(): boolean {
    return isReassigning(this.reassignment);
  }

  get isUnderReplicated(): boolean {
    return this.isLeader && this.isrState.isr.length < this.replicationFactor;
  }

  get isUnderMinIsr(): boolean {
    return this.isLeader && this.isrState.isr.length < this.effectiveMinIsr;
  }

  get isAtMinIsr(): boolean {
    return this.isLeader && this.isrState.isr.length === this.effectiveMinIsr;
  }

  /** A lower min.insync.replicas may let the HW move at once. */
  updateConfig(config: LogConfig): void {
    this.log.updateConfig(config);
    this.maybeIncrementLeaderHighWatermark();
  }

  /** Runs `task` after every earlier locked task, as the write side of leaderIsrUpdateLock. */
  withLock<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lock.then(task);
    this.lock = result.catch(() => undefined);
    return result;
  }

  private changeRole<T>(task: () => Promise<T>): Promise<T> {
    const result = this.withLock(task);
    this.roleChange = this.lock;
    return result;
  }

  /**
   * Partition.makeLeader. A new leader epoch starts at the current LEO (recorded in the epoch cache so
   * followers can find where they diverge) and resets what is known of the followers
   * (Replica.resetReplicaState): an ISR member counts as caught up and as having fetched now, any
   * other replica as never, so that it cannot hold back the HW nor count as caught up before it
   * has fetched in the new epoch.
   */
  makeLeader(registration: PartitionRegistration): Promise<boolean> {
    return this.changeRole(async () => {
      // The AlterPartition response may already have moved the partition epoch past this record.
      if (registration.partitionEpoch < this.partitionEpoch) return false;
      const isNewLeader = !this.isLeader;
      const isNewLeaderEpoch = registration.leaderEpoch > this.epoch;
      this.updateAssignmentAndIsr(registration);
      const nowMs = this.context.clock.now();
      if (isNewLeaderEpoch) {
        const startOffset = this.log.logEndOffset;
        await this.log.assignEpochStartOffset(registration.leaderEpoch, startOffset);
        for (const [brokerId, state] of this.remoteReplicas) {
          const inSync = registration.isr.includes(brokerId);
          this.remoteReplicas.set(
            brokerId,
            isNewLeader
              ? {
                  logStartOffset: -1,
                  logEndOffset: -1,
                  lastFetchLeaderLogEndOffset: -1,
                  lastFetchTimeMs: 0,
                  lastCaughtUpTimeMs: inSync ? nowMs : 0,
                  brokerEpoch: -1,
                }
              : {
                  ...state,
                  lastFetchLeaderLogEndOffset: startOffset,
                  lastFetchTimeMs: inSync ? nowMs : 0,
                  lastCaughtUpTimeMs: inSync ? nowMs : 0,
                },
          );
        }
        this.epoch = registration.leaderEpoch;
        this.leaderEpochStartOffset = startOffset;
      }
      this.partitionEpoch = registration.partitionEpoch;
      this.leaderId = this.context.brokerId;
      this.maybeIncrementLeaderHighWatermark();
      return isNewLeader || isNewLeaderEpoch;
    });
  }

  /** Partition.makeFollower; returns whether the leader epoch changed (the fetcher must restart). */
  makeFollower(registration: PartitionRegistration): Promise<boolean> {
    return this.changeRole(async () => {
      if (registration.partitionEpoch < this.partitionEpoch) return false;
      const wasLeader = this.isLeader;
      const isNewLeaderEpoch = registration.leaderEpoch > this.epoch;
      this.updateAssignmentAndIsr(registration);
      this.leaderId = registration.leader;
      this.epoch = registration.leaderEpoch;
      this.leaderEpochStartOffset = null;
      this.partitionEpoch = registration.partitionEpoch;
      return isNewLeaderEpoch || wasLeader;
    });
  }

  private updateAssignmentAndIsr(registration: PartitionRegistration): void {
    const before = this.isrState.isr;
    this.replicas = [...registration.replicas];
    this.reassignment = { addingReplicas: [...registration.addingReplicas], removingReplicas: [...registration.removingReplicas] };
    for (const brokerId of [...this.remoteReplicas.keys()]) {
      if (!registration.replicas.includes(brokerId)) this.remoteReplicas.delete(brokerId);
    }
    for (const brokerId of registration.replicas) {
      if (brokerId === this.context.brokerId || this.remoteReplicas.has(brokerId)) continue;
      this.remoteReplicas.set(brokerId, {
        logStartOffset: -1,
        logEndOffset: -1,
        lastFetchLeaderLogEndOffset: -1,
        lastFetchTimeMs: 0,
        lastCaughtUpTimeMs: 0,
        brokerEpoch: -1,
      });
    }
    this.isrState = { isr: [...registration.isr], maximalIsr: [...registration.isr], inflight: null };
    if (registration.leader === this.context.brokerId && !sameMembers(before, registration.isr)) {
      this.context.onIsrChanged(this, 'metadata');
    }
  }

  /**
   * Partition.appendRecordsToLeader: with acks=all and the ISR below min.insync.replicas nothing is
   * written (NOT_ENOUGH_REPLICAS); otherwise the batch is stamped with the leader epoch and appended.
   */
  appendRecordsToLeader(batch: Uint8Array, requiredAcks: number) {
    return this.withLock(async () => {
      if (!this.isLeader || this.deleted) {
        fail('NOT_LEADER_OR_FOLLOWER', `Leader not local for partition ${this.key} on broker ${this.context.brokerId}`);
      }
      const minIsr = this.effectiveMinIsr;
      if (requiredAcks === -1 && this.isrState.isr.length < minIsr) {
        fail(
          'NOT_ENOUGH_REPLICAS',
          `The size of the current ISR ${scalaSet(this.isrState.isr)} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${this.key}`,
        );
      }
      const info = await this.log.appendAsLeader(batch, this.epoch);
      // The HW may move at once when this leader is the whole ISR.
      this.maybeIncrementLeaderHighWatermark();
      return info;
    });
  }

  /** Partition.checkEnoughReplicasReachOffset, for the produce purgatory. */
  checkEnoughReplicasReachOffset(requiredOffset: number): PartitionWaitCheck {
    if (!this.isLeader || this.deleted) return { reached: true, error: 'NOT_LEADER_OR_FOLLOWER' };
    if (this.log.highWatermark < requiredOffset) return { reached: false, error: 'NONE' };
    // Appended before the ISR shrank below min ISR: the data is in the log but not as safe as asked.
    const error = this.effectiveMinIsr <= this.isrState.maximalIsr.length ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    return { reached: true, error };
  }

  /**
   * Partition.deleteRecordsOnLeader: moves the leader's log start offset up to `offset` (the HW for
   * DeleteRecordsRequest.HIGH_WATERMARK) and answers with the low watermark as it stands; followers
   * follow through the log start offset in their fetch responses. A compacted-only topic refuses, as
   * its records are not the kind retention deletes.
   */
  deleteRecordsOnLeader(offset: number): Promise<{ requestedOffset: number; lowWatermark: number }> {
    return this.withLock(async () => {
      if (!this.isLeader || this.deleted) {
        fail('NOT_LEADER_OR_FOLLOWER', `Leader not local for partition ${this.key} on broker ${this.context.brokerId}`);
      }
      if (!this.log.config.cleanupPolicy.includes('delete')) {
        fail('POLICY_VIOLATION', `Records of partition ${this.key} can not be deleted due to the configured policy`);
      }
      const requestedOffset = offset === DELETE_RECORDS_HIGH_WATERMARK ? this.log.highWatermark : offset;
      if (requestedOffset < 0) fail('OFFSET_OUT_OF_RANGE', `The offset ${requestedOffset} for partition ${this.key} is not valid`);
      await this.log.maybeIncrementLogStartOffset(requestedOffset);
      return { requestedOffset, lowWatermark: this.lowWatermark() };
    });
  }

  /**
   * Partition.lowWatermarkIfLeader: the smallest log start offset among the leader and the replicas
   * on live brokers; a follower that has not fetched since this leader took over counts as -1.
   */
  lowWatermarkIfLeader(): number {
    if (!this.isLeader || this.deleted)
      fail('NOT_LEADER_OR_FOLLOWER', `Leader not local for partition ${this.key} on broker ${this.context.brokerId}`);
    return this.lowWatermark();
  }

  private lowWatermark(): number {
    let lowWatermark = this.log.logStartOffset;
    for (const [brokerId, state] of this.remoteReplicas) {
      if (this.context.isBrokerAlive(brokerId) && state.logStartOffset < lowWatermark) lowWatermark = state.logStartOffset;
    }
    return lowWatermark;
  }

  /** Partition.checkCurrentLeaderEpoch: -1 skips the check. */
  checkLeaderEpoch(currentLeaderEpoch: number): void {
    if (currentLeaderEpoch < 0) return;
    if (currentLeaderEpoch < this.epoch) fail('FENCED_LEADER_EPOCH');
    if (currentLeaderEpoch > this.epoch) fail('UNKNOWN_LEADER_EPOCH');
  }

  /**
   * Partition.lastOffsetForLeaderEpoch for a consumer or follower (fetchOnlyFromLeader): after the
   * same epoch and leadership checks a fetch makes, where `leaderEpoch` ends in this log
   * (LeaderEpochFileCache.endOffsetFor); UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET if unknown.
   */
  async lastOffsetForLeaderEpoch(currentLeaderEpoch: number, leaderEpoch: number): Promise<EpochEndOffset> {
    await this.roleChange;
    this.checkLeaderEpoch(currentLeaderEpoch);
    if (!this.isLeader || this.deleted) fail('NOT_LEADER_OR_FOLLOWER');
    return this.log.endOffsetForEpoch(leaderEpoch);
  }

  /**
   * Partition.fetchRecords from the leader. Consumers read below the HW, followers below the LEO. A
   * follower whose last fetched epoch ends earlier here than its fetch offset gets a DivergingEpoch
   * and no records (KIP-279 truncation on fetch); otherwise its fetch updates what the leader knows
   * of it, which may move the HW and grow the ISR.
   */
  async fetchRecords(params: FetchPartitionParams): Promise<LogReadInfo> {
    await this.roleChange;
    this.checkLeaderEpoch(params.currentLeaderEpoch);
    if (!this.isLeader || this.deleted) fail('NOT_LEADER_OR_FOLLOWER');
    const isFollower = params.replicaId >= 0;
    if (isFollower && !this.remoteReplicas.has(params.replicaId)) {
      fail(
        'NOT_LEADER_OR_FOLLOWER',
        `Leader ${this.context.brokerId} failed to record follower ${params.replicaId}'s position ${params.fetchOffset}, and last sent high watermark since the replica is not recognized to be one of the assigned replicas ${this.replicas.join(',')} for leader epoch ${this.epoch} with partition epoch ${this.partitionEpoch}`,
      );
    }
    // The LEO before the read: appends racing the fetch must not keep a follower out of sync.
    const highWatermark = this.log.highWatermark;
    const logStartOffset = this.log.logStartOffset;
    const logEndOffset = this.log.logEndOffset;
    const base = { highWatermark, logStartOffset, logEndOffset };
    if (params.lastFetchedEpoch >= 0) {
      const epochEnd = this.log.endOffsetForEpoch(params.lastFetchedEpoch);
      if (epochEnd.epoch < 0 || epochEnd.endOffset < 0) {
        fail(
          'OFFSET_OUT_OF_RANGE',
          `Could not determine the end offset of the last fetched epoch ${params.lastFetchedEpoch} from the request`,
        );
      }
      if (params.fetchOffset < logStartOffset) {
        fail(
          'OFFSET_OUT_OF_RANGE',
          `Received request for offset ${params.fetchOffset} for partition ${this.key}, but we only have log segments in the range ${logStartOffset} to ${logEndOffset}.`,
        );
      }
      if (epochEnd.epoch < params.lastFetchedEpoch || epochEnd.endOffset < params.fetchOffset) {
        return { ...base, records: [], divergingEpoch: { epoch: epochEnd.epoch, endOffset: epochEnd.endOffset } };
      }
    }
    const maxOffset = isFollower ? logEndOffset : highWatermark;
    const records = await this.log.read(params.fetchOffset, maxOffset, params.maxBytes);
    if (isFollower) {
      this.updateFollowerFetchState(
        params.replicaId,
        params.fetchOffset,
        params.logStartOffset,
        params.fetchTimeMs,
        logEndOffset,
        params.replicaEpoch,
      );
    }
    return { ...base, records, divergingEpoch: null };
  }

  /**
   * Partition.updateFollowerFetchState with Replica.updateFetchStateOrThrow's lastCaughtUpTimeMs rule: a fetch at or
   * past the leader's LEO is caught up now, one at or past the LEO the previous fetch saw was caught up as of that fetch.
   */
  private updateFollowerFetchState(
    replicaId: number,
    fetchOffset: number,
    followerStartOffset: number,
    fetchTimeMs: number,
    leaderEndOffset: number,
    brokerEpoch: number,
  ): void {
    const state = this.remoteReplicas.get(replicaId)!;
    const registered = this.context.registeredBrokerEpoch(replicaId);
    if (brokerEpoch !== -1 && registered !== undefined && registered > brokerEpoch) {
      fail('NOT_LEADER_OR_FOLLOWER', `Received stale fetch state update. broker epoch=${brokerEpoch} vs expected=${registered}`);
    }
    let lastCaughtUpTimeMs = state.lastCaughtUpTimeMs;
    if (fetchOffset >= leaderEndOffset) lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, fetchTimeMs);
    else if (fetchOffset >= state.lastFetchLeaderLogEndOffset) lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, state.lastFetchTimeMs);
    const previousEndOffset = state.logEndOffset;
    const previousLowWatermark = this.lowWatermark();
    this.remoteReplicas.set(replicaId, {
      logStartOffset: followerStartOffset,
      logEndOffset: fetchOffset,
      lastFetchLeaderLogEndOffset: Math.max(leaderEndOffset, state.lastFetchLeaderLogEndOffset),
      lastFetchTimeMs: fetchTimeMs,
      lastCaughtUpTimeMs,
      brokerEpoch,
    });
    this.maybeExpandIsr(replicaId);
    if (previousEndOffset !== fetchOffset) this.maybeIncrementLeaderHighWatermark();
    if (this.lowWatermark() > previousLowWatermark) this.context.onLowWatermarkIncreased(this);
  }

  private isCaughtUp(state: ReplicaState, leaderEndOffset: number, nowMs: number): boolean {
    return state.logEndOffset === leaderEndOffset || nowMs - state.lastCaughtUpTimeMs <= this.context.replicaLagTimeMaxMs();
  }

  /** KRaft's isReplicaIsrEligible: unfenced, not shutting down, and its fetches carry its registered epoch (KIP-903). */
  private isReplicaIsrEligible(brokerId: number): boolean {
    const state = this.remoteReplicas.get(brokerId);
    const activeEpoch = this.context.activeBrokerEpoch(brokerId);
    if (state === undefined || activeEpoch === undefined) return false;
    return state.brokerEpoch === -1 || state.brokerEpoch === activeEpoch;
  }

  /**
   * Partition.maybeIncrementLeaderHW. Since 3.7 (KAFKA-15583) the HW stands still while the ISR is
   * below min ISR; otherwise it is the smallest LEO among the leader, the maximal ISR, and followers
   * that are caught up and could join the ISR.
   */
  private maybeIncrementLeaderHighWatermark(): boolean {
    if (!this.isLeader || this.isrState.isr.length < this.effectiveMinIsr) return false;
    const leaderEndOffset = this.log.logEndOffset;
    const nowMs = this.context.clock.now();
    let newHighWatermark = leaderEndOffset;
    for (const [brokerId, state] of this.remoteReplicas) {
      if (state.logEndOffset >= newHighWatermark) continue;
      const counts =
        this.isrState.maximalIsr.includes(brokerId) ||
        (this.isCaughtUp(state, leaderEndOffset, nowMs) && this.isReplicaIsrEligible(brokerId));
      if (counts) newHighWatermark = state.logEndOffset;
    }
    if (newHighWatermark <= this.log.highWatermark) return false;
    if (!this.log.updateHighWatermark(newHighWatermark)) return false;
    this.context.onHighWatermarkIncreased(this);
    return true;
  }

  /**
   * Partition.maybeExpandIsr: a follower rejoins once it has reached both the HW and the start of the
   * current leader epoch, and is eligible.
   */
  private maybeExpandIsr(replicaId: number): void {
    if (this.isrState.inflight !== null || this.isrState.isr.includes(replicaId)) return;
    if (!this.isReplicaIsrEligible(replicaId)) return;
    const followerEndOffset = this.remoteReplicas.get(replicaId)!.logEndOffset;
    if (followerEndOffset < this.log.highWatermark) return;
    if (this.leaderEpochStartOffset === null || followerEndOffset < this.leaderEpochStartOffset) return;
    const newIsr = [...this.isrState.isr, replicaId];
    this.isrState = { isr: this.isrState.isr, maximalIsr: newIsr, inflight: { kind: 'expand', newIsr } };
    this.submitAlterPartition(this.isrState);
  }

  /**
   * Partition.maybeShrinkIsr, run every replica.lag.time.max.ms / 2: drops ISR followers that are
   * behind the LEO and have not caught up within replica.lag.time.max.ms. The maximal ISR keeps them
   * until the controller commits the shrink, so a failed request cannot have advanced the HW.
   */
  maybeShrinkIsr(): void {
    if (!this.isLeader || this.deleted || this.isrState.inflight !== null) return;
    const leaderEndOffset = this.log.logEndOffset;
    const nowMs = this.context.clock.now();
    const outOfSync = this.isrState.isr.filter((brokerId) => {
      if (brokerId === this.context.brokerId) return false;
      const state = this.remoteReplicas.get(brokerId);
      return state === undefined || !this.isCaughtUp(state, leaderEndOffset, nowMs);
    });
    if (outOfSync.length === 0) return;
    const newIsr = this.isrState.isr.filter((brokerId) => !outOfSync.includes(brokerId));
    this.isrState = { isr: this.isrState.isr, maximalIsr: this.isrState.isr, inflight: { kind: 'shrink', newIsr } };
    this.submitAlterPartition(this.isrState);
  }

  private submitAlterPartition(proposed: IsrState): void {
    const item: AlterPartitionRequestItem = {
      partitionIndex: this.partition,
      leaderEpoch: this.epoch,
      newIsrWithEpochs: proposed.inflight!.newIsr.map((brokerId) => ({
        brokerId,
        brokerEpoch:
          brokerId === this.context.brokerId ? this.context.brokerEpoch() : (this.remoteReplicas.get(brokerId)?.brokerEpoch ?? -1),
      })),
      leaderRecoveryState: 0,
      partitionEpoch: this.partitionEpoch,
    };
    this.context.alterPartition(this, item).then(
      (response) => this.handleAlterPartitionResponse(proposed, response),
      () => {
        // A request-level failure says nothing about whether it was applied: retry while still pending.
        this.context.clock.schedule(ALTER_PARTITION_RETRY_BACKOFF_MS, () => {
          if (this.isrState === proposed && !this.deleted) this.submitAlterPartition(proposed);
        });
      },
    );
  }

  /** Partition.handleAlterPartitionUpdate / handleAlterPartitionError. */
  private handleAlterPartitionResponse(proposed: IsrState, response: AlterPartitionItem): void {
    // Leader election or a metadata update replaced the state in the meantime: the answer is stale.
    if (this.isrState !== proposed || this.deleted) return;
    const error = KafkaError.fromCode(response.errorCode).type;
    if (error !== 'NONE') {
      this.context.onIsrUpdateFailed(this);
      // Only these say the request was certainly not applied; for the others (FENCED_LEADER_EPOCH,
      // INVALID_UPDATE_VERSION, UNKNOWN_TOPIC_OR_PARTITION, NEW_LEADER_ELECTED) the state stays
      // pending until the metadata log brings the truth.
      if (error === 'INELIGIBLE_REPLICA' || error === 'OPERATION_NOT_ATTEMPTED') {
        this.isrState = { isr: proposed.isr, maximalIsr: proposed.isr, inflight: null };
      }
      return;
    }
    if (response.leaderEpoch !== this.epoch || response.partitionEpoch < this.partitionEpoch) return;
    this.isrState = { isr: [...response.isr], maximalIsr: [...response.isr], inflight: null };
    this.partitionEpoch = response.partitionEpoch;
    this.context.onIsrChanged(this, proposed.inflight!.kind);
    this.maybeIncrementLeaderHighWatermark();
  }

  /** Appends fetched batches if the partition is still a follower in `leaderEpoch` (the fetcher's view). */
  appendRecordsToFollower(batches: Uint8Array[], leaderEpoch: number): Promise<boolean> {
    return this.withLock(async () => {
      if (!this.isFollowerIn(leaderEpoch)) return false;
      await this.log.appendAsFollower(batches);
      return true;
    });
  }

  /** Follower truncation; returns the committed range lost, if any, or false when the role changed. */
  truncateTo(offset: number, leaderEpoch: number): Promise<{ fromOffset: number; toOffset: number } | null | false> {
    return this.withLock(async () => {
      if (!this.isFollowerIn(leaderEpoch)) return false;
      return this.log.truncateTo(offset);
    });
  }

  /** ReplicaFetcherThread: the follower's HW is the leader's, capped by its own LEO. */
  updateFollowerHighWatermark(leaderHighWatermark: number): void {
    if (this.isLeader) return;
    this.log.updateHighWatermark(Math.min(leaderHighWatermark, this.log.logEndOffset));
  }

  /** The leader's view of each follower: its log end offset and when it last caught up with the leader's (Replica.lastCaughtUpTimeMs). */
  followerStates(): { brokerId: number; logEndOffset: number; lastCaughtUpTimeMs: number }[] {
    return [...this.remoteReplicas].map(([brokerId, state]) => ({
      brokerId,
      logEndOffset: state.logEndOffset,
      lastCaughtUpTimeMs: state.lastCaughtUpTimeMs,
    }));
  }

  private isFollowerIn(leaderEpoch: number): boolean {
    return !this.deleted && !this.isLeader && this.epoch === leaderEpoch;
  }

  /** Removes the local replica and its data (topic deleted, or reassigned away). */
  delete(): Promise<void> {
    return this.withLock(async () => {
      this.deleted = true;
      this.leaderId = -1;
      await this.log.delete();
    });
  }
}

function sameMembers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
