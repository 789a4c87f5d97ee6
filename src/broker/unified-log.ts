import type { Clock } from '../core/clock';
import type { LogConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import {
  decodeRecords,
  readBatchHeader,
  setBaseOffset,
  setMaxTimestampLogAppendTime,
  setPartitionLeaderEpoch,
  type RecordBatchHeader,
} from '../protocol/record-batch';
import { LeaderEpochCache, type EpochEndOffset, type EpochEntry } from './leader-epoch-cache';
import { buildOffsetMap, cleanSegment, planCleaning } from './log-cleaner';
import { deletableSegmentCount } from './log-retention';
import {
  emptySegment,
  NO_TIMESTAMP,
  segmentIndexFor,
  shouldRoll,
  totalSize,
  upperBoundOffset,
  withAppend,
  type SegmentSummary,
} from './log-segments';
import type { LogStore, StoredBatch } from './log-store';
import { topicPartitionKey, type TopicPartition } from '../protocol/topic-partition';
import { validateProducerBatch } from './log-validator';
import { ProducerStateManager, type ProducerBatch, type ProducerStateSnapshot } from './producer-state';

/**
 * What the store keeps next to a partition's batches, rewritten atomically with every mutation, so
 * recovery needs only this and the last batch (Kafka keeps the same facts in the
 * log-start-offset, replication-offset and cleaner-offset checkpoints, leader-epoch-checkpoint,
 * .snapshot files and the segment files' names and indexes).
 */
export interface LogMeta {
  topicId: string;
  logStartOffset: number;
  highWatermark: number;
  leaderEpochCache: EpochEntry[];
  segments: SegmentSummary[];
  producers: ProducerStateSnapshot;
  cleanerCheckpoint: number;
}

export interface LogAppendInfo {
  firstOffset: number;
  lastOffset: number;
  /**
   * The broker time stamped on the batch under LogAppendTime, else -1 (RecordBatch.NO_TIMESTAMP); for
   * a duplicate, the original batch's max timestamp, as UnifiedLog.append answers one.
   */
  logAppendTimeMs: number;
  logStartOffset: number;
  recordCount: number;
  /** A retry of one of the producer's last five batches: nothing was written, the offsets are the original ones. */
  duplicate: boolean;
}

export interface UnifiedLogOptions {
  topic: string;
  partition: number;
  topicId: string;
  store: LogStore<LogMeta>;
  config: LogConfig;
  clock: Clock;
}

/** Everything but the high watermark, which moves outside the append chain. Replaced, never mutated. */
interface LogState {
  logStartOffset: number;
  logEndOffset: number;
  segments: readonly SegmentSummary[];
  epochs: LeaderEpochCache;
  producers: ProducerStateManager;
  cleanerCheckpoint: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * One replica's log of one partition, after Kafka's UnifiedLog (local tier only). Mutations (appends,
 * truncation, retention, compaction, start-offset moves) run one at a time on a promise chain, and
 * each becomes visible (LEO, log start, epochs, producer state) only once the store has made it
 * durable. Reads run alongside and never see a batch at or above the LEO.
 */
export class UnifiedLog {
  readonly topic: string;
  readonly partition: number;
  readonly topicId: string;
  private readonly store: LogStore<LogMeta>;
  private readonly clock: Clock;
  private readonly tp: TopicPartition;
  /** "topic-partition", as Kafka's TopicPartition prints itself in messages. */
  private readonly name: string;
  private logConfig: LogConfig;
  private state: LogState;
  private hw: number;
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(options: UnifiedLogOptions, state: LogState, highWatermark: number) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.topicId = options.topicId;
    this.store = options.store;
    this.clock = options.clock;
    this.logConfig = options.config;
    this.tp = { topic: options.topic, partition: options.partition };
    this.name = topicPartitionKey(options);
    this.state = state;
    this.hw = highWatermark;
  }

  /**
   * Opens the partition's log, creating an empty one if the store has none. Recovery reads the meta
   * and the last batch only: the LEO is the end of the last batch (or the active segment's base,
   * after retention emptied the log), and the high watermark checkpoint is clamped into the log.
   */
  static async load(options: UnifiedLogOptions): Promise<UnifiedLog> {
    const tp = { topic: options.topic, partition: options.partition };
    const loaded = await options.store.load(tp);
    if (!loaded) {
      const state: LogState = {
        logStartOffset: 0,
        logEndOffset: 0,
        segments: [emptySegment(0, options.clock.now(), [])],
        epochs: new LeaderEpochCache(),
        producers: new ProducerStateManager(),
        cleanerCheckpoint: 0,
      };
      const log = new UnifiedLog(options, state, 0);
      await options.store.writeMeta(tp, log.metaFor(state, 0));
      return log;
    }
    const { meta, lastBatch } = loaded;
    if (meta.topicId !== options.topicId) {
      throw new KafkaError(
        'INCONSISTENT_TOPIC_ID',
        `The log for ${topicPartitionKey(options)} has topic ID ${meta.topicId}, not ${options.topicId}`,
      );
    }
    const activeBaseOffset = meta.segments.at(-1)?.baseOffset ?? meta.logStartOffset;
    const endOfLastBatch = lastBatch ? readBatchHeader(lastBatch.bytes).lastOffset + 1 : 0;
    const logEndOffset = Math.max(endOfLastBatch, activeBaseOffset, meta.logStartOffset);
    const state: LogState = {
      logStartOffset: meta.logStartOffset,
      logEndOffset,
      segments: meta.segments,
      epochs: new LeaderEpochCache(meta.leaderEpochCache),
      producers: new ProducerStateManager(meta.producers),
      cleanerCheckpoint: meta.cleanerCheckpoint,
    };
    return new UnifiedLog(options, state, clamp(meta.highWatermark, meta.logStartOffset, logEndOffset));
  }

  get logStartOffset(): number {
    return this.state.logStartOffset;
  }

  get logEndOffset(): number {
    return this.state.logEndOffset;
  }

  get highWatermark(): number {
    return this.hw;
  }

  get config(): LogConfig {
    return this.logConfig;
  }

  updateConfig(config: LogConfig): void {
    this.logConfig = config;
  }

  latestEpoch(): number {
    return this.state.epochs.latestEpoch();
  }

  /** OffsetsForLeaderEpoch for `epoch` (LeaderEpochFileCache.endOffsetFor); {-1, -1} if unknown. */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.state.epochs.endOffsetFor(epoch, this.state.logEndOffset);
  }

  epochStartOffset(epoch: number): number | undefined {
    return this.state.epochs.epochStartOffset(epoch);
  }

  /** The epoch that wrote `offset`; ListOffsets answers "earliest" with the epoch of the log start offset. */
  epochForOffset(offset: number): number | undefined {
    return this.state.epochs.epochForOffset(offset);
  }

  /** A new leader records where its epoch starts (its LEO) before it appends anything (Partition.makeLeader). */
  assignEpochStartOffset(epoch: number, startOffset: number): Promise<void> {
    return this.serialize(async () => {
      const next = this.nextState();
      if (!next.epochs.assign(epoch, startOffset)) return;
      await this.commit(next, (meta) => this.store.writeMeta(this.tp, meta));
    });
  }

  appendAsLeader(batch: Uint8Array, leaderEpoch: number): Promise<LogAppendInfo> {
    return this.serialize(async () => {
      const nowMs = this.clock.now();
      const config = this.logConfig;
      const header = readBatchHeader(batch);
      validateProducerBatch(batch, header, { topicPartition: this.name, config, nowMs });

      const firstOffset = this.state.logEndOffset;
      const lastOffset = firstOffset + header.lastOffsetDelta;
      const producerBatch = toProducerBatch(header, firstOffset, lastOffset);
      if (producerBatch) {
        const duplicate = this.state.producers.findDuplicate(producerBatch);
        if (duplicate) {
          return {
            firstOffset: duplicate.firstOffset,
            lastOffset: duplicate.lastOffset,
            logAppendTimeMs: duplicate.timestamp,
            logStartOffset: this.state.logStartOffset,
            recordCount: header.recordsCount,
            duplicate: true,
          };
        }
        this.state.producers.validate(producerBatch, this.name);
      }

      // Offsets are assigned in place on the request's bytes, as LogValidator does for an
      // uncompressed batch: both networks hand the broker a copy of its own (SimNetwork's
      // structuredClone, the MessagePorts' transfer), and the base offset and leader epoch lie
      // outside the CRC, which a producer's retry would rewrite anyway. Copying a batch per append
      // was most of a leader's CPU per record. LogAppendTime rewrites the attributes and the CRC,
      // which a producer sharing the bytes (SimNetwork's cloneMessages: false) must not see: a copy then.
      const logAppendTime = config.messageTimestampType === 'LogAppendTime';
      const bytes = logAppendTime ? batch.slice() : batch;
      setBaseOffset(bytes, firstOffset);
      setPartitionLeaderEpoch(bytes, leaderEpoch);
      let logAppendTimeMs = NO_TIMESTAMP;
      if (logAppendTime) {
        setMaxTimestampLogAppendTime(bytes, nowMs);
        logAppendTimeMs = nowMs;
      }
      const next = this.nextState();
      this.applyBatch(next, readBatchHeader(bytes), nowMs);
      await this.commit(next, (meta) => this.store.append(this.tp, [{ baseOffset: firstOffset, bytes }], meta));
      return {
        firstOffset,
        lastOffset,
        logAppendTimeMs,
        logStartOffset: next.logStartOffset,
        recordCount: header.recordsCount,
        duplicate: false,
      };
    });
  }

  appendAsFollower(batches: Uint8Array[]): Promise<void> {
    return this.serialize(async () => {
      if (batches.length === 0) return;
      const nowMs = this.clock.now();
      const next = this.nextState();
      const stored: StoredBatch[] = [];
      for (const bytes of batches) {
        const header = readBatchHeader(bytes);
        // Gaps are allowed (a compacted leader's log has them); going backwards is not (UnexpectedAppendOffsetException).
        if (header.baseOffset < next.logEndOffset) {
          throw new KafkaError(
            'UNKNOWN_SERVER_ERROR',
            `Unexpected offset in append to ${this.name}. First offset ${header.baseOffset} is less than the next offset ` +
              `${next.logEndOffset}. Log start offset = ${next.logStartOffset}`,
          );
        }
        this.applyBatch(next, header, nowMs);
        stored.push({ baseOffset: header.baseOffset, bytes });
      }
      await this.commit(next, (meta) => this.store.append(this.tp, stored, meta));
    });
  }

  async read(fromOffset: number, maxOffset: number, maxBytes: number): Promise<Uint8Array[]> {
    const { logStartOffset, logEndOffset } = this.state;
    if (fromOffset < logStartOffset || fromOffset > logEndOffset) {
      throw new KafkaError(
        'OFFSET_OUT_OF_RANGE',
        `Received request for offset ${fromOffset} for partition ${this.name}, but we only have log segments ` +
          `in the range ${logStartOffset} to ${logEndOffset}.`,
      );
    }
    const limit = Math.min(maxOffset, logEndOffset);
    if (fromOffset >= limit) return [];
    const logSize = this.sizeInBytes();
    // The store starts at the batch at or before fromOffset; when compaction removed fromOffset that
    // batch ends below it and is skipped, and if it was all the store returned we ask for more.
    for (let budget = Math.max(maxBytes, 1); ; budget *= 2) {
      const stored = await this.store.read(this.tp, fromOffset, budget);
      const result: Uint8Array[] = [];
      let resultBytes = 0;
      let skipped = 0;
      for (const batch of stored) {
        const header = readBatchHeader(batch.bytes);
        if (header.lastOffset < fromOffset) {
          skipped++;
          continue;
        }
        // Batches are whole: one that reaches the limit (the HW for consumers) waits until it has passed.
        if (header.lastOffset >= limit) break;
        if (result.length > 0 && resultBytes + header.sizeInBytes > maxBytes) break;
        result.push(batch.bytes);
        resultBytes += header.sizeInBytes;
      }
      if (result.length > 0 || skipped < stored.length || stored.length === 0 || budget >= logSize) return result;
    }
  }

  truncateTo(offset: number): Promise<{ fromOffset: number; toOffset: number } | null> {
    return this.serialize(async () => {
      const previousHighWatermark = this.hw;
      if (offset >= this.state.logEndOffset) {
        // UnifiedLog.truncateTo: always truncate the epoch cache, which may end with an entry at the LEO
        // from a leadership that appended nothing; left there, the follower would keep sending it as
        // lastFetchedEpoch and get the same DivergingEpoch back forever.
        const next = this.nextState();
        next.epochs.truncateFromEnd(next.logEndOffset);
        if (next.epochs.latestEpoch() !== this.state.epochs.latestEpoch())
          await this.commit(next, (meta) => this.store.writeMeta(this.tp, meta));
        return null;
      }
      const newLogEndOffset = offset <= this.state.segments[0].baseOffset ? await this.resetTo(offset) : await this.truncateWithin(offset);
      return newLogEndOffset < previousHighWatermark ? { fromOffset: newLogEndOffset, toOffset: previousHighWatermark } : null;
    });
  }

  /**
   * Empties the log and restarts it at `offset` (UnifiedLog.truncateFullyAndStartAt): a follower
   * whose log ends below the leader's log start offset does this instead of fetching.
   */
  truncateFullyAndStartAt(offset: number): Promise<void> {
    return this.serialize(async () => {
      await this.resetTo(offset);
    });
  }

  updateHighWatermark(highWatermark: number): boolean {
    const clamped = clamp(highWatermark, this.state.logStartOffset, this.state.logEndOffset);
    if (clamped <= this.hw) return false;
    this.hw = clamped;
    return true;
  }

  checkpointHighWatermark(): Promise<void> {
    return this.serialize(() => this.store.writeMeta(this.tp, this.metaFor(this.state, this.hw)));
  }

  deleteOldSegments(): Promise<number> {
    return this.serialize(async () => {
      const nowMs = this.clock.now();
      const state = this.state;
      const count = deletableSegmentCount({
        segments: state.segments,
        config: this.logConfig,
        nowMs,
        highWatermark: this.hw,
        logStartOffset: state.logStartOffset,
        logEndOffset: state.logEndOffset,
      });
      if (count === 0) return 0;
      const next = this.nextState();
      // At least one segment always remains: roll an empty one first when all of them go.
      if (count === state.segments.length) {
        next.segments = [...state.segments, emptySegment(state.logEndOffset, nowMs, state.producers.toJSON())];
      }
      next.segments = next.segments.slice(count);
      const firstRemainingOffset = next.segments[0].baseOffset;
      this.moveLogStartOffset(next, Math.max(state.logStartOffset, firstRemainingOffset));
      await this.commit(next, (meta) => this.store.deleteBefore(this.tp, firstRemainingOffset, meta));
      return count;
    });
  }

  compact(): Promise<number> {
    return this.serialize(async () => {
      const config = this.logConfig;
      if (!config.cleanupPolicy.includes('compact')) return 0;
      const nowMs = this.clock.now();
      const state = this.state;
      const plan = planCleaning({
        segments: state.segments,
        logEndOffset: state.logEndOffset,
        highWatermark: this.hw,
        cleanerCheckpoint: state.cleanerCheckpoint,
        config,
        nowMs,
      });
      if (!plan) return 0;
      const cleanable = state.segments.slice(0, plan.segmentCount);
      const fromOffset = cleanable[0].baseOffset;
      const untilOffset = plan.firstUncleanableOffset;
      const batches = (await this.store.read(this.tp, fromOffset, totalSize(cleanable))).filter(
        (batch) => batch.baseOffset >= fromOffset && batch.baseOffset < untilOffset,
      );
      const offsetMap = buildOffsetMap(batches.filter((batch) => batch.baseOffset >= plan.firstDirtyOffset));

      const cleanedBatches: StoredBatch[] = [];
      const cleanedSegments: SegmentSummary[] = [];
      let recordsRemoved = 0;
      cleanable.forEach((segment, index) => {
        const upperBound = upperBoundOffset(state.segments, index, state.logEndOffset);
        const inSegment = batches.filter((batch) => batch.baseOffset >= segment.baseOffset && batch.baseOffset < upperBound);
        const cleaned = cleanSegment(segment, inSegment, offsetMap, config, nowMs);
        cleanedBatches.push(...cleaned.batches);
        recordsRemoved += cleaned.recordsRemoved;
        const summary = { ...segment, sizeInBytes: cleaned.sizeInBytes, deleteHorizonMs: cleaned.deleteHorizonMs };
        // An emptied segment folds into the one before it (LogCleaner.groupSegmentsBySize merges small ones).
        const previous = cleanedSegments.at(-1);
        if (previous && summary.sizeInBytes === 0) {
          cleanedSegments[cleanedSegments.length - 1] = {
            ...previous,
            maxTimestampMs: Math.max(previous.maxTimestampMs, summary.maxTimestampMs),
          };
        } else {
          cleanedSegments.push(summary);
        }
      });
      const next = this.nextState();
      next.segments = [...cleanedSegments, ...state.segments.slice(plan.segmentCount)];
      next.cleanerCheckpoint = untilOffset;
      await this.commit(next, (meta) => this.store.replaceRange(this.tp, fromOffset, untilOffset, cleanedBatches, meta));
      return recordsRemoved;
    });
  }

  maybeIncrementLogStartOffset(offset: number): Promise<void> {
    return this.serialize(async () => {
      if (offset > this.hw) {
        throw new KafkaError(
          'OFFSET_OUT_OF_RANGE',
          `Cannot increment the log start offset to ${offset} of partition ${this.name} since it is larger than ` +
            `the high watermark ${this.hw}`,
        );
      }
      if (offset <= this.state.logStartOffset) return;
      const next = this.nextState();
      this.moveLogStartOffset(next, offset);
      await this.commit(next, (meta) => this.store.writeMeta(this.tp, meta));
    });
  }

  /**
   * ListOffsets by timestamp (UnifiedLog.fetchOffsetByTimestamp): the first segment whose largest
   * timestamp reaches `timestamp`, then the first batch in it that does, then its first record that
   * does. The leader epoch is the one stamped on that batch.
   */
  async offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number; leaderEpoch: number } | null> {
    const { segments, logStartOffset, logEndOffset } = this.state;
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index];
      if (segment.maxTimestampMs < timestamp) continue;
      const upperBound = Math.min(upperBoundOffset(segments, index, logEndOffset), logEndOffset);
      const stored = await this.store.read(this.tp, segment.baseOffset, segment.sizeInBytes);
      for (const batch of stored) {
        if (batch.baseOffset < segment.baseOffset || batch.baseOffset >= upperBound) continue;
        const header = readBatchHeader(batch.bytes);
        if (header.maxTimestamp < timestamp || header.lastOffset < logStartOffset) continue;
        const found = decodeRecords(batch.bytes).find((record) => record.offset >= logStartOffset && record.timestamp >= timestamp);
        if (found) return { offset: found.offset, timestamp: found.timestamp, leaderEpoch: header.partitionLeaderEpoch };
      }
    }
    return null;
  }

  producerStateFor(producerId: number): { producerEpoch: number; lastSequence: number } | undefined {
    return this.state.producers.lastState(producerId);
  }

  numberOfSegments(): number {
    return this.state.segments.length;
  }

  sizeInBytes(): number {
    return totalSize(this.state.segments);
  }

  delete(): Promise<void> {
    return this.serialize(() => this.store.deletePartition(this.tp));
  }

  /** Runs mutations one after another; a failed one leaves the state as it was and does not stop the next. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private nextState(): LogState {
    return { ...this.state, epochs: this.state.epochs.clone(), producers: this.state.producers.clone() };
  }

  /** Writes `next` through `write`, and only then makes it the log's state. */
  private async commit(next: LogState, write: (meta: LogMeta) => Promise<void>): Promise<void> {
    await write(this.metaFor(next, clamp(this.hw, next.logStartOffset, next.logEndOffset)));
    this.state = next;
    this.hw = clamp(this.hw, next.logStartOffset, next.logEndOffset);
  }

  private metaFor(state: LogState, highWatermark: number): LogMeta {
    return {
      topicId: this.topicId,
      logStartOffset: state.logStartOffset,
      highWatermark,
      leaderEpochCache: state.epochs.toJSON(),
      segments: state.segments as SegmentSummary[],
      producers: state.producers.toJSON(),
      cleanerCheckpoint: state.cleanerCheckpoint,
    };
  }

  /** Adds one batch whose offsets and epoch are final: roll if due, then segment, epoch cache, producer state, LEO. */
  private applyBatch(next: LogState, header: RecordBatchHeader, nowMs: number): void {
    if (shouldRoll(next.segments.at(-1)!, header.sizeInBytes, this.logConfig, nowMs)) {
      next.segments = [...next.segments, emptySegment(header.baseOffset, nowMs, next.producers.toJSON())];
    }
    next.segments = withAppend(next.segments, header.sizeInBytes, header.maxTimestamp);
    if (header.partitionLeaderEpoch >= 0) next.epochs.assign(header.partitionLeaderEpoch, header.baseOffset);
    const producerBatch = toProducerBatch(header, header.baseOffset, header.lastOffset);
    if (producerBatch) next.producers.update(producerBatch);
    next.logEndOffset = header.lastOffset + 1;
  }

  private moveLogStartOffset(next: LogState, logStartOffset: number): void {
    next.logStartOffset = logStartOffset;
    next.epochs.truncateFromStart(logStartOffset);
    next.producers.removeBefore(logStartOffset);
    next.cleanerCheckpoint = Math.max(next.cleanerCheckpoint, logStartOffset);
  }

  /** Truncation inside the log: returns the new LEO. */
  private async truncateWithin(offset: number): Promise<number> {
    const state = this.state;
    const index = segmentIndexFor(state.segments, offset);
    const segment = state.segments[index];
    const stored = await this.store.read(this.tp, segment.baseOffset, segment.sizeInBytes);
    // Rebuild the producer state from the segment's snapshot, as Kafka reloads the snapshot at or
    // below the truncation point and replays from there.
    const producers = new ProducerStateManager(segment.producerSnapshot);
    let sizeInBytes = 0;
    let maxTimestampMs = NO_TIMESTAMP;
    let newLogEndOffset = offset;
    for (const batch of stored) {
      if (batch.baseOffset < segment.baseOffset) continue;
      if (batch.baseOffset >= offset) break;
      const header = readBatchHeader(batch.bytes);
      // A batch holding `offset` goes whole (LogSegment.truncateTo works in whole batches).
      if (header.lastOffset >= offset) {
        newLogEndOffset = header.baseOffset;
        break;
      }
      sizeInBytes += header.sizeInBytes;
      maxTimestampMs = Math.max(maxTimestampMs, header.maxTimestamp);
      const producerBatch = toProducerBatch(header, header.baseOffset, header.lastOffset);
      if (producerBatch) producers.update(producerBatch);
    }
    const next: LogState = {
      ...this.nextState(),
      logStartOffset: Math.min(state.logStartOffset, newLogEndOffset),
      logEndOffset: newLogEndOffset,
      segments: [...state.segments.slice(0, index), { ...segment, sizeInBytes, maxTimestampMs }],
      producers,
      cleanerCheckpoint: Math.min(state.cleanerCheckpoint, newLogEndOffset),
    };
    next.epochs.truncateFromEnd(newLogEndOffset);
    await this.commit(next, (meta) => this.store.truncateFrom(this.tp, newLogEndOffset, meta));
    return newLogEndOffset;
  }

  /** Returns the new LEO, `offset`. */
  private async resetTo(offset: number): Promise<number> {
    const next: LogState = {
      logStartOffset: offset,
      logEndOffset: offset,
      segments: [emptySegment(offset, this.clock.now(), [])],
      epochs: new LeaderEpochCache(),
      producers: new ProducerStateManager(),
      cleanerCheckpoint: offset,
    };
    // Batch base offsets are never negative, so this removes every batch.
    await this.commit(next, (meta) => this.store.truncateFrom(this.tp, 0, meta));
    return offset;
  }
}

function toProducerBatch(header: RecordBatchHeader, firstOffset: number, lastOffset: number): ProducerBatch | null {
  if (header.producerId < 0 || header.isControl) return null;
  return {
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    lastOffsetDelta: header.lastOffsetDelta,
    firstOffset,
    lastOffset,
    maxTimestamp: header.maxTimestamp,
  };
}
