/**
 * Follower replication, after Kafka's ReplicaFetcherManager, AbstractFetcherThread and
 * ReplicaFetcherThread: one fetch loop per source broker, fetching every partition this broker
 * follows from it in one Fetch request. KRaft followers truncate on fetch (KIP-279): they send
 * lastFetchedEpoch and, on a DivergingEpoch answer, truncate to where their log agrees with the
 * leader's, then fetch again.
 */
import type { Clock, Timer } from '../core/clock';
import type { BrokerConfig } from '../protocol/configs';
import { KafkaError, errorName } from '../protocol/errors';
import type { EpochEndOffset, FetchPartitionResponse, FetchRequest } from '../protocol/apis/fetch';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/apis/list-offsets';
import { brokerAddress, type Transport } from '../protocol/rpc';
import type { Partition } from './partition';
import type { BrokerMetrics } from './broker-metrics';
import { topicPartitionKey } from '../protocol/topic-partition';

/** AbstractFetcherThread's PartitionFetchState. */
interface PartitionFetchState {
  partition: Partition;
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** Not fetched before this time (after an error). */
  delayedUntilMs: number;
}

export interface ReplicaFetcherContext {
  brokerId: number;
  clock: Clock;
  transport: Transport;
  config: BrokerConfig;
  metrics: BrokerMetrics;
  brokerEpoch(): number;
  isAlive(): boolean;
  onCommittedOffsetsLost(partition: Partition, lost: { fromOffset: number; toOffset: number }): void;
}

/** One fetch loop towards one leader broker (a ReplicaFetcherThread). */
class ReplicaFetcher {
  readonly partitions = new Map<string, PartitionFetchState>();
  private running = false;
  private stopped = false;
  private wakeTimer: Timer | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly sourceBrokerId: number,
    private readonly context: ReplicaFetcherContext,
  ) {}

  add(partition: Partition): void {
    this.partitions.set(partition.key, {
      partition,
      currentLeaderEpoch: partition.leaderEpoch,
      fetchOffset: partition.log.logEndOffset,
      delayedUntilMs: 0,
    });
    if (!this.running) void this.run();
    else this.wake?.();
  }

  remove(key: string): void {
    this.partitions.delete(key);
  }

  stop(): void {
    this.stopped = true;
    this.partitions.clear();
    this.wakeTimer?.cancel();
    this.wake?.();
  }

  private active(): boolean {
    return !this.stopped && this.context.isAlive();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.active() && this.partitions.size > 0) {
        const nowMs = this.context.clock.now();
        const ready = [...this.partitions.values()].filter((state) => state.delayedUntilMs <= nowMs);
        if (ready.length === 0) {
          const nextMs = Math.min(...[...this.partitions.values()].map((state) => state.delayedUntilMs));
          await this.sleep(nextMs - nowMs);
          continue;
        }
        await this.fetchOnce(ready);
      }
    } finally {
      this.running = false;
    }
  }

  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wakeTimer?.cancel();
        this.wake = null;
        resolve();
      };
      this.wakeTimer = this.context.clock.schedule(delayMs, this.wake);
    });
  }

  private async fetchOnce(ready: PartitionFetchState[]): Promise<void> {
    const { config } = this.context;
    const sent = new Map<string, { fetchOffset: number; currentLeaderEpoch: number }>();
    const topics = new Map<string, FetchRequest['topics'][number]>();
    for (const state of ready) {
      const { partition } = state;
      sent.set(partition.key, { fetchOffset: state.fetchOffset, currentLeaderEpoch: state.currentLeaderEpoch });
      let topic = topics.get(partition.topic);
      if (topic === undefined) topics.set(partition.topic, (topic = { topic: partition.topic, partitions: [] }));
      topic.partitions.push({
        partition: partition.partition,
        currentLeaderEpoch: state.currentLeaderEpoch,
        fetchOffset: state.fetchOffset,
        lastFetchedEpoch: partition.log.latestEpoch(),
        logStartOffset: partition.log.logStartOffset,
        partitionMaxBytes: config.int('replica.fetch.max.bytes'),
      });
    }
    const request: FetchRequest = {
      replicaId: this.context.brokerId,
      replicaEpoch: this.context.brokerEpoch(),
      maxWaitMs: config.int('replica.fetch.wait.max.ms'),
      minBytes: config.int('replica.fetch.min.bytes'),
      maxBytes: config.int('replica.fetch.response.max.bytes'),
      isolationLevel: 0,
      topics: [...topics.values()],
    };
    let response;
    try {
      response = await this.context.transport.request(
        brokerAddress(this.sourceBrokerId),
        'Fetch',
        request,
        config.int('replica.socket.timeout.ms'),
      );
    } catch {
      if (this.active()) this.delay(sent.keys());
      return;
    }
    if (!this.active()) return;
    if (response.errorCode !== 0) {
      this.delay(sent.keys());
      return;
    }
    // The partitions are independent (each has its own lock and log), so their appends go out
    // together: Kafka's fetcher thread appends them one by one to the page cache, which takes
    // microseconds, whereas here each is a store commit, and a store that groups concurrent writes
    // (IndexedDbLogStore) commits them as one instead of one after another.
    const processing: Promise<void>[] = [];
    for (const topic of response.responses) {
      for (const data of topic.partitions) {
        const key = topicPartitionKey(topic.topic, data.partitionIndex);
        const state = this.partitions.get(key);
        const request = sent.get(key);
        // Dropped, restarted for a new epoch, or already moved: this answer is for a fetch no longer wanted.
        if (
          state === undefined ||
          request === undefined ||
          state.fetchOffset !== request.fetchOffset ||
          state.currentLeaderEpoch !== request.currentLeaderEpoch
        )
          continue;
        processing.push(this.processPartition(state, data));
      }
    }
    await Promise.all(processing);
  }

  private async processPartition(state: PartitionFetchState, data: FetchPartitionResponse): Promise<void> {
    const error = errorName(data.errorCode);
    const { partition } = state;
    try {
      switch (error) {
        case 'NONE':
          if (data.divergingEpoch !== null) await this.truncateOnFetchResponse(state, data.divergingEpoch);
          else await this.processPartitionData(state, data);
          return;
        case 'OFFSET_OUT_OF_RANGE':
          await this.handleOutOfRange(state);
          return;
        case 'FENCED_LEADER_EPOCH':
          // Our epoch is older than the leader's: wait for the metadata that restarts this fetch.
          this.partitions.delete(partition.key);
          return;
        default:
          // NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH, ...: back off and retry; new metadata may move us.
          this.delay([partition.key]);
      }
    } catch (cause) {
      if (!(cause instanceof KafkaError)) throw cause;
      this.delay([partition.key]);
    }
  }

  private async processPartitionData(state: PartitionFetchState, data: FetchPartitionResponse): Promise<void> {
    const { partition } = state;
    if (data.records.length > 0) {
      if (!(await partition.appendRecordsToFollower(data.records, state.currentLeaderEpoch))) return;
      this.context.metrics.mark(
        'ReplicationBytesInPerSec',
        data.records.reduce((sum, batch) => sum + batch.byteLength, 0),
      );
    }
    partition.updateFollowerHighWatermark(data.highWatermark);
    // The leader's retention moves the follower's log start too (ReplicaFetcherThread.processPartitionData).
    if (data.logStartOffset > partition.log.logStartOffset && data.logStartOffset <= partition.log.highWatermark) {
      await partition.withLock(() => partition.log.maybeIncrementLogStartOffset(data.logStartOffset));
    }
    state.fetchOffset = partition.log.logEndOffset;
  }

  /**
   * AbstractFetcherThread.getOffsetTruncationState: truncate to the end of the diverging epoch as
   * this log knows it, capped by the leader's end offset; when this log does not know that epoch,
   * truncate to the end of its largest smaller epoch and let the next fetch compare again.
   */
  private async truncateOnFetchResponse(state: PartitionFetchState, diverging: EpochEndOffset): Promise<void> {
    const { partition } = state;
    const log = partition.log;
    const replicaEndOffset = log.logEndOffset;
    const local = log.endOffsetForEpoch(diverging.epoch);
    let truncationOffset: number;
    if (local.epoch < 0 || local.endOffset < 0) truncationOffset = Math.min(diverging.endOffset, replicaEndOffset);
    else if (local.epoch !== diverging.epoch) truncationOffset = Math.min(local.endOffset, replicaEndOffset);
    else truncationOffset = Math.min(local.endOffset, diverging.endOffset, replicaEndOffset);
    await this.truncate(state, truncationOffset);
  }

  private async truncate(state: PartitionFetchState, offset: number): Promise<void> {
    const { partition } = state;
    const lost = await partition.truncateTo(offset, state.currentLeaderEpoch);
    if (lost === false) return;
    if (lost !== null) this.context.onCommittedOffsetsLost(partition, lost);
    state.fetchOffset = partition.log.logEndOffset;
  }

  /**
   * AbstractFetcherThread.fetchOffsetAndTruncate: when the leader's log ends before ours, truncate to
   * its end; otherwise fetch from our end, which the leader must then hold unless retention removed it.
   */
  private async handleOutOfRange(state: PartitionFetchState): Promise<void> {
    const { partition } = state;
    const leaderEndOffset = await this.listOffset(state, LATEST_TIMESTAMP);
    if (!this.active() || this.partitions.get(partition.key) !== state) return;
    if (leaderEndOffset < partition.log.logEndOffset) {
      await this.truncate(state, leaderEndOffset);
      return;
    }
    const leaderStartOffset = await this.listOffset(state, EARLIEST_TIMESTAMP);
    if (!this.active() || this.partitions.get(partition.key) !== state) return;
    if (leaderStartOffset > partition.log.logEndOffset) {
      // The leader deleted what we would fetch next: start over at its log start (truncateFullyAndStartAt).
      await partition.withLock(() => partition.log.truncateFullyAndStartAt(leaderStartOffset));
    }
    state.fetchOffset = partition.log.logEndOffset;
  }

  private async listOffset(state: PartitionFetchState, timestamp: number): Promise<number> {
    const { partition } = state;
    const response = await this.context.transport.request(
      brokerAddress(this.sourceBrokerId),
      'ListOffsets',
      {
        replicaId: this.context.brokerId,
        isolationLevel: 0,
        topics: [
          {
            name: partition.topic,
            partitions: [{ partitionIndex: partition.partition, currentLeaderEpoch: state.currentLeaderEpoch, timestamp }],
          },
        ],
      },
      this.context.config.int('replica.socket.timeout.ms'),
    );
    const result = response.topics[0]?.partitions[0];
    if (result === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR');
    if (result.errorCode !== 0) throw KafkaError.fromCode(result.errorCode);
    return result.offset;
  }

  private delay(keys: Iterable<string>): void {
    const untilMs = this.context.clock.now() + this.context.config.int('replica.fetch.backoff.ms');
    for (const key of keys) {
      const state = this.partitions.get(key);
      if (state !== undefined) state.delayedUntilMs = untilMs;
    }
  }
}

/** ReplicaFetcherManager: which fetcher fetches which partition. */
export class ReplicaFetcherManager {
  private readonly fetchers = new Map<number, ReplicaFetcher>();

  constructor(private readonly context: ReplicaFetcherContext) {}

  /** Starts fetching `partition` from its current leader at its own LEO. */
  addPartition(partition: Partition): void {
    this.removePartition(partition.key);
    if (partition.leader < 0 || partition.isLeader) return;
    let fetcher = this.fetchers.get(partition.leader);
    if (fetcher === undefined) this.fetchers.set(partition.leader, (fetcher = new ReplicaFetcher(partition.leader, this.context)));
    fetcher.add(partition);
  }

  removePartition(key: string): void {
    for (const [brokerId, fetcher] of this.fetchers) {
      fetcher.remove(key);
      if (fetcher.partitions.size === 0) {
        fetcher.stop();
        this.fetchers.delete(brokerId);
      }
    }
  }

  shutdown(): void {
    for (const fetcher of this.fetchers.values()) fetcher.stop();
    this.fetchers.clear();
  }
}
