/**
 * The partitions this broker hosts and everything done to them, after Kafka's ReplicaManager. The
 * class applies metadata deltas (stop and delete, become leader, become follower), schedules its
 * own periodic jobs (ISR expiration, high-watermark checkpoint) and wires the parts it delegates to:
 * the produce path (append-records.ts, with the DelayedProduce purgatory), the fetch path
 * (fetch-messages.ts, with the DelayedFetch purgatory), ListOffsets (list-offsets.ts), ISR changes
 * sent to the controller (AlterPartitionManager), the logs and their retention and compaction
 * (LogManager), and the fetchers that follow other leaders (ReplicaFetcherManager).
 */
import { scheduleRepeating, type Clock } from '../core/clock';
import type { BrokerConfig } from '../protocol/configs';
import { isActiveBroker, type MetadataImage, type PartitionRegistration } from '../protocol/metadata-image';
import type { ProduceRequest, ProduceResponse } from '../protocol/apis/produce';
import type { FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../protocol/apis/list-offsets';
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from '../protocol/apis/offset-for-leader-epoch';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../protocol/apis/delete-records';
import type { Transport } from '../protocol/rpc';
import type { LogStore } from './log-store';
import type { LogMeta } from './unified-log';
import { Partition, type PartitionContext } from './partition';
import { DelayedPartitionPurgatory } from './delayed-partition-operation';
import { DelayedFetchPurgatory } from './delayed-fetch';
import { ReplicaFetcherManager } from './replica-fetcher';
import { AlterPartitionManager } from './alter-partition-manager';
import { HostedPartitions } from './hosted-partitions';
import { LogManager } from './log-manager';
import { localReplicaChanges } from './local-replica-changes';
import { appendRecords, type AppendContext } from './append-records';
import { fetchMessages, type FetchContext } from './fetch-messages';
import { listOffsets } from './list-offsets';
import { lastOffsetForLeaderEpoch } from './offsets-for-leader-epoch';
import { deleteRecords } from './delete-records';
import type { BrokerMetrics } from './broker-metrics';
import type { MetadataDelta } from './broker-metadata';
import type { BrokerEvent } from './broker-events';
import { topicPartitionKey } from '../protocol/topic-partition';

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
  /** On the leader: each follower's log end offset as the leader knows it, and when it last caught up; none on a follower. */
  followers: { brokerId: number; logEndOffset: number; lastCaughtUpTimeMs: number }[];
}

export class ReplicaManager {
  private readonly partitions: HostedPartitions;
  private readonly delayedProduce: DelayedPartitionPurgatory;
  private readonly delayedDeleteRecords: DelayedPartitionPurgatory;
  private readonly delayedFetch: DelayedFetchPurgatory;
  private readonly fetcherManager: ReplicaFetcherManager;
  private readonly logManager: LogManager;
  private readonly partitionContext: PartitionContext;
  /** What the produce and fetch paths read, wake and wait on. */
  private readonly requestContext: AppendContext & FetchContext;
  private started = false;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.partitions = new HostedPartitions(options.image, options.isAlive);
    this.delayedProduce = new DelayedPartitionPurgatory(options.clock);
    this.delayedDeleteRecords = new DelayedPartitionPurgatory(options.clock);
    this.delayedFetch = new DelayedFetchPurgatory(options.clock);
    this.logManager = new LogManager({
      store: options.store,
      clock: options.clock,
      config: options.config,
      image: options.image,
      partitions: this.partitions,
    });
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
    this.requestContext = {
      clock: options.clock,
      image: options.image,
      metrics: options.metrics,
      partitions: this.partitions,
      delayedProduce: this.delayedProduce,
      delayedFetch: this.delayedFetch,
      isAlive: options.isAlive,
    };
    const alterPartitionManager = new AlterPartitionManager(options);
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
      alterPartition: (partition, item) => alterPartitionManager.submit(partition, item),
      isBrokerAlive: (brokerId) => {
        const broker = options.image.brokers.get(brokerId);
        return broker !== undefined && !broker.fenced;
      },
      onLowWatermarkIncreased: (partition) => this.delayedDeleteRecords.checkAndComplete(partition.key),
      onHighWatermarkIncreased: (partition) => {
        this.delayedProduce.checkAndComplete(partition.key);
        this.delayedFetch.checkAndComplete(partition.key, 'high-watermark');
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

  /**
   * ReplicaManager.startup's isr-expiration job, the log jobs of LogManager.startup, and the
   * high-watermark checkpoint thread; their timers die with the broker's clock.
   */
  private startSchedulers(): void {
    const { clock, config } = this.options;
    scheduleRepeating(clock, config.long('replica.lag.time.max.ms') / 2, () => {
      for (const partition of this.partitions.values()) partition.maybeShrinkIsr();
    });
    this.logManager.startup();
    // Kafka gives this config no lower bound, and KafkaScheduler runs a task whose period is not
    // positive only once, at startup: so no periodic checkpoint then (a clean shutdown still does one).
    const checkpointIntervalMs = config.long('replica.high.watermark.checkpoint.interval.ms');
    if (checkpointIntervalMs > 0) {
      scheduleRepeating(clock, checkpointIntervalMs, () => {
        this.partitions.forEachLog((partition) => partition.log.checkpointHighWatermark());
      });
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
    const changes = localReplicaChanges(delta, image, brokerId, this.partitions);
    for (const partition of changes.deletes) await this.stopReplica(partition);
    const leaders: [Partition, PartitionRegistration][] = [];
    const followers: [Partition, PartitionRegistration][] = [];
    for (const registration of changes.hosted) {
      const partition = await this.getOrCreatePartition(registration);
      if (!this.options.isAlive()) return;
      (registration.leader === brokerId ? leaders : followers).push([partition, registration]);
    }
    // applyLocalLeadersDelta: each new leader epoch is written to the store before the partition
    // serves as leader; the writes go out together, so a store that groups concurrent writes
    // (IndexedDbLogStore) commits a failover's hundreds of them as one, and no partition waits for
    // the ones before it.
    await Promise.all(
      leaders.map(async ([partition, registration]) => {
        this.fetcherManager.removePartition(partition.key);
        await partition.makeLeader(registration);
        this.roleChanged(partition);
      }),
    );
    // applyLocalFollowersDelta: a new leader epoch (re)starts the fetcher towards the leader.
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
    for (const topic of changes.configChangedTopics) this.updateTopicConfig(topic);
    if (delta.isFirst) await this.logManager.deleteStrayLogs();
    if (!this.started) {
      this.started = true;
      this.startSchedulers();
    }
  }

  private roleChanged(partition: Partition): void {
    // Produces waiting on a partition led elsewhere now end with NOT_LEADER_OR_FOLLOWER.
    this.delayedProduce.checkAndComplete(partition.key);
    this.delayedFetch.checkAndComplete(partition.key, 'role');
    this.delayedDeleteRecords.checkAndComplete(partition.key);
  }

  private async getOrCreatePartition(registration: PartitionRegistration): Promise<Partition> {
    const existing = this.partitions.get(topicPartitionKey(registration.topicName, registration.partition));
    if (existing !== undefined) return existing;
    const log = await this.logManager.getOrCreateLog(registration.topicName, registration.partition, registration.topicId);
    const partition = new Partition(registration.topicName, registration.partition, registration.topicId, log, this.partitionContext);
    this.partitions.add(partition);
    return partition;
  }

  /** ReplicaManager.stopPartitions with deletion: the replica is gone from this broker. */
  private async stopReplica(partition: Partition): Promise<void> {
    this.fetcherManager.removePartition(partition.key);
    this.partitions.remove(partition);
    await partition.delete();
    this.roleChanged(partition);
  }

  private updateTopicConfig(topic: string): void {
    const config = this.logManager.topicLogConfig(topic);
    for (const partition of this.partitions.values()) {
      if (partition.topic === topic) partition.updateConfig(config);
    }
  }

  // ---------------------------------------------------------------- requests

  /**
   * KafkaApis.handleProduceRequest + ReplicaManager.appendRecords. acks=-1 requests wait in the
   * purgatory for the HW; acks 0 and 1 are answered after the local append.
   */
  appendRecords(request: ProduceRequest): Promise<ProduceResponse> {
    return appendRecords(this.requestContext, request);
  }

  /**
   * ReplicaManager.fetchMessages: read every partition; if nothing failed and fewer than minBytes
   * came back, wait (DelayedFetch) until new data may be there or maxWaitMs passes, then read again.
   */
  fetchMessages(request: FetchRequest): Promise<FetchResponse> {
    return fetchMessages(this.requestContext, request);
  }

  /** ReplicaManager.fetchOffset / Partition.fetchOffsetForTimestamp. */
  listOffsets(request: ListOffsetsRequest): Promise<ListOffsetsResponse> {
    return listOffsets(this.partitions, request);
  }

  lastOffsetForLeaderEpoch(request: OffsetForLeaderEpochRequest): Promise<OffsetForLeaderEpochResponse> {
    return lastOffsetForLeaderEpoch(this.partitions, request);
  }

  /** ReplicaManager.deleteRecords: move log start offsets up, then wait for the low watermarks (DelayedDeleteRecords). */
  deleteRecords(request: DeleteRecordsRequest): Promise<DeleteRecordsResponse> {
    return deleteRecords({ partitions: this.partitions, delayedDeleteRecords: this.delayedDeleteRecords }, request);
  }

  // ---------------------------------------------------------------- views

  /**
   * The committed batches of a partition hosted here, from `fromOffset`, read straight from its log:
   * no request, no purgatory, no metrics, so reading changes nothing (the lab's inspector reads a
   * deterministic run this way; a Fetch would become part of the run).
   */
  async readCommitted(
    topic: string,
    partition: number,
    fromOffset: number,
    maxBytes: number,
  ): Promise<{ batches: Uint8Array[]; highWatermark: number; logStartOffset: number }> {
    const { log } = this.partitions.getPartitionOrException(topic, partition);
    const { highWatermark, logStartOffset } = log;
    const batches = await log.read(Math.max(fromOffset, logStartOffset), highWatermark, maxBytes);
    return { batches, highWatermark, logStartOffset };
  }

  partitionStates(): PartitionStateView[] {
    return this.partitions.values().map((partition) => ({
      topic: partition.topic,
      partition: partition.partition,
      isLeader: partition.isLeader,
      leaderEpoch: partition.leaderEpoch,
      logStartOffset: partition.log.logStartOffset,
      logEndOffset: partition.log.logEndOffset,
      highWatermark: partition.log.highWatermark,
      isr: partition.isr,
      followers: partition.isLeader ? partition.followerStates() : [],
    }));
  }

  /** ReplicaManager's gauges. OfflineReplicaCount is 0: this broker has one log dir, never offline. */
  gauges(): Record<string, number> {
    const all = this.partitions.values();
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
    await Promise.all(this.partitions.values().map((partition) => partition.withLock(() => partition.log.checkpointHighWatermark())));
  }

  /** Stops fetchers; waiting produces and fetches are abandoned unanswered, as by a crash. */
  shutdown(): void {
    this.fetcherManager.shutdown();
    this.delayedProduce.shutdown();
    this.delayedFetch.shutdown();
    this.delayedDeleteRecords.shutdown();
  }
}
