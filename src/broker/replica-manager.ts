/**
 * The partitions this broker hosts and everything done to them, after Kafka's ReplicaManager:
 * applying metadata deltas (become leader, become follower, stop and delete), appending produced
 * batches with the acks semantics of section 1.4, answering fetches from consumers and followers
 * (with the long poll of DelayedFetch), ListOffsets, the periodic ISR shrink check, and the log
 * manager's periodic jobs (retention, compaction, high-watermark checkpoint).
 */
import { scheduleRepeating, type Clock } from '../core/clock';
import { logConfig, type BrokerConfig } from '../protocol/configs';
import { KafkaError, type ErrorName } from '../protocol/errors';
import { ConfigResource } from '../protocol/metadata-records';
import { isActiveBroker, type MetadataImage, type PartitionRegistration } from '../protocol/metadata-image';
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse } from '../protocol/apis/produce';
import type { FetchPartitionResponse, FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type ListOffsetsPartitionResponse,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
} from '../protocol/apis/list-offsets';
import { CONTROLLER_ADDRESS, type Transport } from '../protocol/rpc';
import type { LogStore } from './log-store';
import { UnifiedLog, type LogMeta } from './unified-log';
import { Partition, type AlterPartitionItem, type AlterPartitionRequestItem, type PartitionContext } from './partition';
import { DelayedProducePurgatory, type ProducePartitionStatus } from './delayed-produce';
import { ReplicaFetcherManager } from './replica-fetcher';
import type { BrokerMetrics } from './broker-metrics';
import type { MetadataDelta } from './broker-metadata';
import type { BrokerEvent } from './broker-events';

/** replica.high.watermark.checkpoint.interval.ms default (ReplicationConfigs). */
const HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = 5000;

export interface ReplicaManagerOptions {
  brokerId: number;
  /** The broker's clock: every timer on it is cancelled when the broker dies. */
  clock: Clock;
  transport: Transport;
  store: LogStore<LogMeta>;
  config: BrokerConfig;
  metrics: BrokerMetrics;
  image: MetadataImage;
  brokerEpoch(): number;
  isAlive(): boolean;
  isInControlledShutdown(): boolean;
  emit(event: BrokerEvent): void;
}

export interface PartitionStateView {
  topic: string;
  partition: number;
  isLeader: boolean;
  leaderEpoch: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  isr: number[];
}

/** What a parked fetch waits for: new data a follower may read, or a higher HW for a consumer. */
type FetchWake = 'log-end' | 'high-watermark' | 'role';

interface FetchWaiter {
  wakesOn: FetchWake[];
  wake(): void;
}

const key = (topic: string, partition: number) => `${topic}-${partition}`;

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  private readonly purgatory: DelayedProducePurgatory;
  private readonly fetchWaiters = new Map<string, Set<FetchWaiter>>();
  private readonly fetcherManager: ReplicaFetcherManager;
  private readonly partitionContext: PartitionContext;
  private started = false;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.purgatory = new DelayedProducePurgatory(options.clock);
    this.fetcherManager = new ReplicaFetcherManager({
      brokerId: options.brokerId,
      clock: options.clock,
      transport: options.transport,
      config: options.config,
      metrics: options.metrics,
      brokerEpoch: options.brokerEpoch,
      isAlive: options.isAlive,
      onCommittedOffsetsLost: (partition, lost) => {
        options.emit({ type: 'committed-offsets-lost', topic: partition.topic, partition: partition.partition, ...lost });
      },
    });
    this.partitionContext = {
      brokerId: options.brokerId,
      clock: options.clock,
      replicaLagTimeMaxMs: () => options.config.long('replica.lag.time.max.ms'),
      brokerEpoch: options.brokerEpoch,
      activeBrokerEpoch: (brokerId) => {
        const broker = options.image.brokers.get(brokerId);
        return isActiveBroker(broker) ? broker!.brokerEpoch : undefined;
      },
      registeredBrokerEpoch: (brokerId) => options.image.brokers.get(brokerId)?.brokerEpoch,
      alterPartition: (partition, item) => this.sendAlterPartition(partition, item),
      onHighWatermarkIncreased: (partition) => {
        this.purgatory.checkAndComplete(partition.key);
        this.wakeFetches(partition.key, 'high-watermark');
      },
      onIsrChanged: (partition, change) => {
        if (change === 'shrink') options.metrics.mark('IsrShrinksPerSec');
        if (change === 'expand') options.metrics.mark('IsrExpandsPerSec');
        options.emit({ type: 'isr-change', topic: partition.topic, partition: partition.partition, isr: partition.isr });
      },
      onIsrUpdateFailed: () => options.metrics.mark('FailedIsrUpdatesPerSec'),
    };
  }

  /** Whether the first metadata image has been applied (logs loaded, roles taken). */
  get isStarted(): boolean {
    return this.started;
  }

  /** The periodic jobs of ReplicaManager and LogManager; their timers die with the broker's clock. */
  private startSchedulers(): void {
    const { clock, config } = this.options;
    scheduleRepeating(clock, config.long('replica.lag.time.max.ms') / 2, () => {
      for (const partition of this.partitions.values()) partition.maybeShrinkIsr();
    });
    // Retention runs on every local log, led or followed, by its own topic config (LogManager.cleanupLogs).
    scheduleRepeating(clock, config.long('log.retention.check.interval.ms'), () => {
      this.forEachLog((partition) => partition.log.deleteOldSegments());
    });
    if (config.bool('log.cleaner.enable')) {
      scheduleRepeating(clock, config.long('log.cleaner.backoff.ms'), () => {
        this.forEachLog((partition) =>
          partition.log.config.cleanupPolicy.includes('compact') ? partition.log.compact() : Promise.resolve(),
        );
      });
    }
    scheduleRepeating(clock, HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS, () => {
      this.forEachLog((partition) => partition.log.checkpointHighWatermark());
    });
  }

  private forEachLog(task: (partition: Partition) => Promise<unknown>): void {
    for (const partition of this.partitions.values()) {
      void partition
        .withLock(async () => {
          if (this.options.isAlive() && this.partitions.get(partition.key) === partition) await task(partition);
        })
        .catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- metadata

  /**
   * ReplicaManager.applyDelta: first stop and delete replicas that are gone, then become leader,
   * then become follower. The first delta is the whole image: every hosted partition is loaded
   * from the store, and logs for partitions this broker no longer hosts are deleted (stray logs).
   */
  async applyDelta(delta: MetadataDelta): Promise<void> {
    const { image, brokerId } = this.options;
    const touched = new Set<string>();
    const configTopics = new Set<string>();
    if (delta.isFirst) {
      for (const topic of image.topicsByName.values()) {
        for (const registration of topic.partitions.values()) touched.add(key(topic.name, registration.partition));
      }
    }
    for (const change of delta.changes) {
      if (change.kind === 'partition') touched.add(key(change.after.topicName, change.after.partition));
      if (change.kind === 'topic-removed') {
        for (const partition of change.topic.partitions.keys()) touched.add(key(change.topic.name, partition));
      }
      if (change.kind === 'config' && change.resourceType === ConfigResource.TOPIC) configTopics.add(change.resourceName);
    }
    for (const partitionKey of touched) {
      const local = this.partitions.get(partitionKey);
      const registration = this.registrationFor(partitionKey);
      if (
        local !== undefined &&
        (registration === undefined || registration.topicId !== local.topicId || !registration.replicas.includes(brokerId))
      ) {
        await this.stopReplica(local);
      }
    }
    const leaders: [Partition, PartitionRegistration][] = [];
    const followers: [Partition, PartitionRegistration][] = [];
    for (const partitionKey of touched) {
      const registration = this.registrationFor(partitionKey);
      if (registration === undefined || !registration.replicas.includes(brokerId)) continue;
      const partition = await this.getOrCreatePartition(registration);
      if (!this.options.isAlive()) return;
      (registration.leader === brokerId ? leaders : followers).push([partition, registration]);
    }
    // Each new leader epoch is written to the store before the partition serves as leader; the
    // writes go out together, so a store that groups concurrent writes (IndexedDbLogStore) commits a
    // failover's hundreds of them as one, and no partition waits for the ones before it.
    await Promise.all(
      leaders.map(async ([partition, registration]) => {
        this.fetcherManager.removePartition(partition.key);
        await partition.makeLeader(registration);
        this.roleChanged(partition);
      }),
    );
    for (const [partition, registration] of followers) {
      const isNewLeaderEpoch = await partition.makeFollower(registration);
      // In controlled shutdown, replicas without a leader or out of the ISR stop fetching.
      if (this.options.isInControlledShutdown() && (registration.leader < 0 || !registration.isr.includes(brokerId))) {
        this.fetcherManager.removePartition(partition.key);
      } else if (isNewLeaderEpoch) {
        this.fetcherManager.addPartition(partition);
      }
      this.roleChanged(partition);
    }
    for (const topic of configTopics) this.updateTopicConfig(topic);
    if (delta.isFirst) await this.deleteStrayLogs();
    if (!this.started) {
      this.started = true;
      this.startSchedulers();
    }
  }

  /** Partition keys are `${topic}-${partition}`; topic names may contain '-', partition numbers cannot. */
  private registrationFor(partitionKey: string): PartitionRegistration | undefined {
    const separator = partitionKey.lastIndexOf('-');
    return this.options.image.partition(partitionKey.slice(0, separator), Number(partitionKey.slice(separator + 1)));
  }

  private roleChanged(partition: Partition): void {
    // Produces waiting on a partition led elsewhere now end with NOT_LEADER_OR_FOLLOWER.
    this.purgatory.checkAndComplete(partition.key);
    this.wakeFetches(partition.key, 'role');
  }

  private async getOrCreatePartition(registration: PartitionRegistration): Promise<Partition> {
    const partitionKey = key(registration.topicName, registration.partition);
    const existing = this.partitions.get(partitionKey);
    if (existing !== undefined) return existing;
    const options = {
      topic: registration.topicName,
      partition: registration.partition,
      topicId: registration.topicId,
      store: this.options.store,
      config: logConfig(this.options.image.topicConfig(registration.topicName), this.options.config),
      clock: this.options.clock,
    };
    let log: UnifiedLog;
    try {
      log = await UnifiedLog.load(options);
    } catch (error) {
      if (!(error instanceof KafkaError && error.type === 'INCONSISTENT_TOPIC_ID')) throw error;
      // The data on disk belongs to a deleted topic of the same name: a stray log.
      await this.options.store.deletePartition(options);
      log = await UnifiedLog.load(options);
    }
    const partition = new Partition(registration.topicName, registration.partition, registration.topicId, log, this.partitionContext);
    this.partitions.set(partitionKey, partition);
    return partition;
  }

  /** ReplicaManager.stopPartitions with deletion: the replica is gone from this broker. */
  private async stopReplica(partition: Partition): Promise<void> {
    this.fetcherManager.removePartition(partition.key);
    this.partitions.delete(partition.key);
    await partition.delete();
    this.roleChanged(partition);
  }

  private async deleteStrayLogs(): Promise<void> {
    for (const tp of await this.options.store.listPartitions()) {
      if (!this.partitions.has(key(tp.topic, tp.partition))) await this.options.store.deletePartition(tp);
    }
  }

  private updateTopicConfig(topic: string): void {
    const config = logConfig(this.options.image.topicConfig(topic), this.options.config);
    for (const partition of this.partitions.values()) {
      if (partition.topic === topic) partition.updateConfig(config);
    }
  }

  private async sendAlterPartition(partition: Partition, item: AlterPartitionRequestItem): Promise<AlterPartitionItem> {
    const { transport, brokerId, brokerEpoch, config } = this.options;
    const response = await transport.request(
      CONTROLLER_ADDRESS,
      'AlterPartition',
      {
        brokerId,
        brokerEpoch: brokerEpoch(),
        topics: [{ topicName: partition.topic, partitions: [item] }],
      },
      config.int('request.timeout.ms'),
    );
    if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
    const result = response.topics
      .find((topic) => topic.topicName === partition.topic)
      ?.partitions.find((candidate) => candidate.partitionIndex === partition.partition);
    if (result === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'AlterPartition response without the partition');
    return result;
  }

  /** The section 7 rule: unknown to metadata, known but not hosted here. */
  private hostedPartition(topic: string, partitionIndex: number): Partition {
    if (this.options.image.partition(topic, partitionIndex) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION');
    const partition = this.partitions.get(key(topic, partitionIndex));
    if (partition === undefined) throw new KafkaError('NOT_LEADER_OR_FOLLOWER');
    return partition;
  }

  // ---------------------------------------------------------------- produce

  /**
   * KafkaApis.handleProduceRequest + ReplicaManager.appendRecords. acks=-1 requests wait in the
   * purgatory for the HW; acks 0 and 1 are answered after the local append.
   */
  async appendRecords(request: ProduceRequest): Promise<ProduceResponse> {
    const { metrics } = this.options;
    const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
    const statuses: ProducePartitionStatus[] = [];
    const appends: Promise<void>[] = [];
    const responses = request.topicData.map((topicData) => ({
      name: topicData.name,
      partitionResponses: topicData.partitionData.map((data) => {
        const response: ProducePartitionResponse = {
          index: data.index,
          errorCode: 0,
          errorMessage: null,
          baseOffset: -1,
          logAppendTimeMs: -1,
          logStartOffset: -1,
        };
        metrics.mark('TotalProduceRequestsPerSec');
        appends.push(this.appendToPartition(topicData.name, data.index, data.records, request.acks, validAcks, response, statuses));
        return response;
      }),
    }));
    await Promise.all(appends);
    if (request.acks === -1 && statuses.length > 0) {
      await this.purgatory.tryCompleteElseWatch(statuses, request.timeoutMs);
    }
    return { responses, throttleTimeMs: 0 };
  }

  private async appendToPartition(
    topic: string,
    partitionIndex: number,
    batch: Uint8Array,
    acks: number,
    validAcks: boolean,
    response: ProducePartitionResponse,
    statuses: ProducePartitionStatus[],
  ): Promise<void> {
    const { metrics } = this.options;
    try {
      if (this.options.image.partition(topic, partitionIndex) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION');
      if (!validAcks) throw new KafkaError('INVALID_REQUIRED_ACKS');
      const partition = this.hostedPartition(topic, partitionIndex);
      const info = await partition.appendRecordsToLeader(batch, acks);
      response.baseOffset = info.firstOffset;
      response.logAppendTimeMs = info.logAppendTimeMs;
      response.logStartOffset = info.logStartOffset;
      if (!info.duplicate) {
        metrics.mark('MessagesInPerSec', info.recordCount);
        metrics.mark('BytesInPerSec', batch.byteLength);
        this.wakeFetches(partition.key, 'log-end');
      }
      if (acks === -1) statuses.push({ partition, requiredOffset: info.lastOffset + 1, response });
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      metrics.mark('FailedProduceRequestsPerSec');
      response.errorCode = error.code;
      response.errorMessage = error.message === new KafkaError(error.type).message ? null : error.message;
    }
  }

  // ---------------------------------------------------------------- fetch

  /**
   * ReplicaManager.fetchMessages: read every partition; if nothing failed and fewer than minBytes
   * came back, wait (DelayedFetch) until new data may be there or maxWaitMs passes, then read again.
   */
  async fetchMessages(request: FetchRequest): Promise<FetchResponse> {
    this.options.metrics.mark('TotalFetchRequestsPerSec');
    const first = await this.readFromLocalLogs(request);
    const bytes = first.reduce((sum, { result }) => sum + result.records.reduce((s, batch) => s + batch.byteLength, 0), 0);
    const settled = first.some(({ result }) => result.errorCode !== 0 || result.divergingEpoch !== null);
    if (request.maxWaitMs <= 0 || bytes >= request.minBytes || settled || first.length === 0) return this.fetchResponse(first);
    await this.waitForFetchable(
      first.map(({ topic, result }) => key(topic, result.partitionIndex)),
      request.replicaId >= 0,
      request.maxWaitMs,
    );
    if (!this.options.isAlive()) return new Promise(() => undefined);
    return this.fetchResponse(await this.readFromLocalLogs(request));
  }

  private fetchResponse(results: { topic: string; result: FetchPartitionResponse }[]): FetchResponse {
    const responses: FetchResponse['responses'] = [];
    for (const { topic, result } of results) {
      let entry = responses.at(-1);
      if (entry?.topic !== topic) responses.push((entry = { topic, partitions: [] }));
      entry.partitions.push(result);
    }
    return { errorCode: 0, throttleTimeMs: 0, responses };
  }

  private async readFromLocalLogs(request: FetchRequest): Promise<{ topic: string; result: FetchPartitionResponse }[]> {
    const { metrics, clock } = this.options;
    const isFollower = request.replicaId >= 0;
    let remainingBytes = request.maxBytes;
    const results: { topic: string; result: FetchPartitionResponse }[] = [];
    for (const topic of request.topics) {
      for (const fetch of topic.partitions) {
        const result: FetchPartitionResponse = {
          partitionIndex: fetch.partition,
          errorCode: 0,
          highWatermark: -1,
          lastStableOffset: -1,
          logStartOffset: -1,
          divergingEpoch: null,
          currentLeader: null,
          records: [],
        };
        try {
          const partition = this.hostedPartition(topic.topic, fetch.partition);
          const info = await partition.fetchRecords({
            replicaId: request.replicaId,
            replicaEpoch: request.replicaEpoch,
            fetchOffset: fetch.fetchOffset,
            currentLeaderEpoch: fetch.currentLeaderEpoch,
            lastFetchedEpoch: fetch.lastFetchedEpoch,
            logStartOffset: fetch.logStartOffset,
            maxBytes: Math.max(0, Math.min(fetch.partitionMaxBytes, remainingBytes)),
            fetchTimeMs: clock.now(),
          });
          const size = info.records.reduce((sum, batch) => sum + batch.byteLength, 0);
          remainingBytes -= size;
          metrics.mark(isFollower ? 'ReplicationBytesOutPerSec' : 'BytesOutPerSec', size);
          Object.assign(result, {
            highWatermark: info.highWatermark,
            lastStableOffset: info.highWatermark,
            logStartOffset: info.logStartOffset,
            divergingEpoch: info.divergingEpoch,
            records: info.records,
          });
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          metrics.mark('FailedFetchRequestsPerSec');
          result.errorCode = error.code;
          result.currentLeader = this.currentLeader(topic.topic, fetch.partition, error.type);
        }
        results.push({ topic: topic.topic, result });
      }
    }
    return results;
  }

  /** KIP-951: with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH, tell the client who leads now. */
  private currentLeader(topic: string, partitionIndex: number, error: ErrorName): FetchPartitionResponse['currentLeader'] {
    if (error !== 'NOT_LEADER_OR_FOLLOWER' && error !== 'FENCED_LEADER_EPOCH') return null;
    const registration = this.options.image.partition(topic, partitionIndex);
    return registration === undefined ? null : { leaderId: registration.leader, leaderEpoch: registration.leaderEpoch };
  }

  private waitForFetchable(keys: string[], isFollower: boolean, maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter: FetchWaiter = {
        wakesOn: [isFollower ? 'log-end' : 'high-watermark', 'role'],
        wake: () => {
          timer.cancel();
          for (const partitionKey of keys) this.fetchWaiters.get(partitionKey)?.delete(waiter);
          resolve();
        },
      };
      const timer = this.options.clock.schedule(maxWaitMs, () => waiter.wake());
      for (const partitionKey of keys) {
        let set = this.fetchWaiters.get(partitionKey);
        if (set === undefined) this.fetchWaiters.set(partitionKey, (set = new Set()));
        set.add(waiter);
      }
    });
  }

  private wakeFetches(partitionKey: string, reason: FetchWake): void {
    const waiters = this.fetchWaiters.get(partitionKey);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) if (waiter.wakesOn.includes(reason)) waiter.wake();
    if (waiters.size === 0) this.fetchWaiters.delete(partitionKey);
  }

  // ---------------------------------------------------------------- list offsets

  /** ReplicaManager.fetchOffset / Partition.fetchOffsetForTimestamp. */
  async listOffsets(request: ListOffsetsRequest): Promise<ListOffsetsResponse> {
    const topics: ListOffsetsResponse['topics'] = [];
    for (const topic of request.topics) {
      const partitions: ListOffsetsPartitionResponse[] = [];
      for (const requested of topic.partitions) {
        const result: ListOffsetsPartitionResponse = {
          partitionIndex: requested.partitionIndex,
          errorCode: 0,
          timestamp: -1,
          offset: -1,
          leaderEpoch: -1,
        };
        try {
          Object.assign(result, await this.offsetForTimestamp(topic.name, requested, request.replicaId));
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          result.errorCode = error.code;
        }
        partitions.push(result);
      }
      topics.push({ name: topic.name, partitions });
    }
    return { topics };
  }

  private async offsetForTimestamp(
    topic: string,
    requested: ListOffsetsRequest['topics'][number]['partitions'][number],
    replicaId: number,
  ): Promise<Partial<ListOffsetsPartitionResponse>> {
    const partition = this.hostedPartition(topic, requested.partitionIndex);
    partition.checkLeaderEpoch(requested.currentLeaderEpoch);
    if (!partition.isLeader) throw new KafkaError('NOT_LEADER_OR_FOLLOWER');
    const log = partition.log;
    const isClient = replicaId < 0;
    // Without transactions the last stable offset is the HW; a follower asks for the LEO.
    const lastFetchableOffset = isClient ? log.highWatermark : log.logEndOffset;
    const epochStartOffset = log.epochStartOffset(partition.leaderEpoch);
    const offsetsError = () =>
      new KafkaError(
        'OFFSET_NOT_AVAILABLE',
        `Failed to fetch offsets for partition ${partition.key} with leader epoch ${partition.leaderEpoch} as this partition's high watermark (${log.highWatermark}) is lagging behind the start offset from the beginning of this epoch (${epochStartOffset}).`,
      );
    const lagging = isClient && epochStartOffset !== undefined && epochStartOffset > log.highWatermark;
    if (requested.timestamp === LATEST_TIMESTAMP) {
      if (lagging) throw offsetsError();
      return { timestamp: -1, offset: lastFetchableOffset, leaderEpoch: partition.leaderEpoch };
    }
    if (requested.timestamp === EARLIEST_TIMESTAMP) {
      return { timestamp: -1, offset: log.logStartOffset, leaderEpoch: -1 };
    }
    const found = await log.offsetForTimestamp(requested.timestamp);
    if (found !== null && found.offset < lastFetchableOffset) return found;
    if (lagging) throw offsetsError();
    return {};
  }

  // ---------------------------------------------------------------- views

  partitionStates(): PartitionStateView[] {
    return [...this.partitions.values()].map((partition) => ({
      topic: partition.topic,
      partition: partition.partition,
      isLeader: partition.isLeader,
      leaderEpoch: partition.leaderEpoch,
      logStartOffset: partition.log.logStartOffset,
      logEndOffset: partition.log.logEndOffset,
      highWatermark: partition.log.highWatermark,
      isr: partition.isr,
    }));
  }

  /** ReplicaManager's gauges. OfflineReplicaCount is 0: this broker has one log dir, never offline. */
  gauges(): Record<string, number> {
    const all = [...this.partitions.values()];
    const count = (predicate: (partition: Partition) => boolean) => all.filter(predicate).length;
    return {
      PartitionCount: all.length,
      LeaderCount: count((partition) => partition.isLeader),
      UnderReplicatedPartitions: count((partition) => partition.isUnderReplicated),
      UnderMinIsrPartitionCount: count((partition) => partition.isUnderMinIsr),
      AtMinIsrPartitionCount: count((partition) => partition.isAtMinIsr),
      ReassigningPartitions: count((partition) => partition.isLeader && partition.isReassigning),
      OfflineReplicaCount: 0,
    };
  }

  /** Checkpoints every HW, for a clean shutdown. */
  async checkpointHighWatermarks(): Promise<void> {
    await Promise.all([...this.partitions.values()].map((partition) => partition.withLock(() => partition.log.checkpointHighWatermark())));
  }

  /** Stops fetchers; waiting produces and fetches are abandoned unanswered, as by a crash. */
  shutdown(): void {
    this.fetcherManager.shutdown();
    this.purgatory.shutdown();
    this.fetchWaiters.clear();
  }
}
