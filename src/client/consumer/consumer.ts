/**
 * kafkajs's Consumer (connect, subscribe, run, commitOffsets, seek, pause, resume, stop,
 * describeGroup, on) over Kafka's consumer semantics: one poll loop that keeps the group
 * membership active, initialises positions from the committed offsets or auto.offset.reset,
 * auto-commits every auto.commit.interval.ms, fetches from each partition's leader and hands the
 * records to eachMessage / eachBatch. Group membership runs the classic protocol or KIP-848
 * (group.protocol); heartbeats run on their own timers, as Kafka's heartbeat thread does.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import type { DescribedGroupMember } from '../../protocol/apis/groups';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import { retryBackoff, type ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep } from '../cluster/retry';
import { createAssignor, rebalanceProtocolOf } from './assignors';
import type { ConsumerPartitionAssignor, TopicPartition } from './assignors/assignor';
import { ClassicMembership } from './classic-membership';
import { resolveConsumerConfig, type AutoOffsetReset, type ConsumerConfig, type ResolvedConsumerConfig } from './consumer-config';
import {
  CONSUMER_EVENTS,
  ConsumerEventEmitter,
  type ConsumerEventName,
  type InstrumentationEvent,
  type RemoveInstrumentationEventListener,
} from './consumer-events';
import { ConsumedRecords, Rebalances, type ConsumerMetrics, type RebalanceMetricValues } from './consumer-metrics';
import { ConsumerProtocolMembership } from './consumer-protocol-membership';
import { CoordinatorClient } from './coordinator-client';
import { fetchFromLeader, partitionsByLeader, type FetchedBatch, type FetchResult, type KafkaMessage } from './fetcher';
import type { AssignmentListener, GroupMembership } from './group-membership';
import { commitOffsets, fetchCommittedOffsets, type OffsetToCommit } from './group-offsets';
import { NoOffsetForPartitionError, OffsetOutOfRangeError, resetOffsets } from './offset-reset';
import { groupByTopic, partitionKey, SubscriptionState, type PartitionState, type TopicPartitions } from './subscription-state';

export interface ConsumerDependencies {
  cluster: Cluster;
  clock: Clock;
  random: Random;
}

export interface ConsumerSubscribeTopics {
  topics?: Array<string | RegExp>;
  topic?: string | RegExp;
  fromBeginning?: boolean;
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  /** Heartbeats run on their own timer; kept for kafkajs compatibility. */
  heartbeat(): Promise<void>;
  /** Pauses this partition; returns a function that resumes it. */
  pause(): () => void;
}

/** kafkajs's Batch. */
export interface Batch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: KafkaMessage[];
  isEmpty(): boolean;
  firstOffset(): string | null;
  lastOffset(): string;
  offsetLag(): string;
  offsetLagLow(): string;
}

export interface OffsetsByTopicPartition {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

export interface EachBatchPayload {
  batch: Batch;
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  pause(): () => void;
  commitOffsetsIfNecessary(offsets?: OffsetsByTopicPartition): Promise<void>;
  uncommittedOffsets(): OffsetsByTopicPartition;
  isRunning(): boolean;
  isStale(): boolean;
}

export interface ConsumerRunConfig {
  autoCommit?: boolean;
  autoCommitInterval?: number | null;
  eachBatchAutoResolve?: boolean;
  partitionsConsumedConcurrently?: number;
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
}

export interface TopicPartitionOffsetAndMetadata {
  topic: string;
  partition: number;
  offset: string | number;
  metadata?: string | null;
}

/** kafkajs's GroupDescription (DescribeGroups). */
export interface GroupDescription {
  groupId: string;
  members: { memberId: string; clientId: string; clientHost: string; memberMetadata: Uint8Array; memberAssignment: Uint8Array }[];
  protocol: string;
  protocolType: string;
  state: string;
  errorCode: number;
}

/** Where the consumer reads one owned partition: lag = highWatermark - position (Kafka's records-lag). */
export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The next offset eachMessage will see; null until initialised. */
  position: string | null;
  committed: string | null;
  highWatermark: string | null;
  lag: string | null;
}

interface InFlightFetch {
  partitions: string[];
  outcome: FetchResult | Error | null;
  settled: Promise<void>;
}

interface RunState {
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  eachBatchAutoResolve: boolean;
  concurrency: number;
  eachMessage?: ConsumerRunConfig['eachMessage'];
  eachBatch?: ConsumerRunConfig['eachBatch'];
}

/**
 * kafkajs's retry.retries default: how many times in a row a failing poll (e.g. eachMessage
 * throwing) or describeGroup is retried before giving up.
 */
const MAX_RETRIES = 5;

function invalid(message: string): KafkaError {
  return new KafkaError('INVALID_REQUEST', message);
}

export class Consumer {
  readonly events = CONSUMER_EVENTS;
  private readonly config: ResolvedConsumerConfig;
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoff;
  private readonly emitter: ConsumerEventEmitter;
  private readonly coordinator: CoordinatorClient;
  private readonly subscriptions = new SubscriptionState();
  private readonly consumed = new ConsumedRecords();
  private readonly rebalances = new Rebalances();
  private readonly topicIds = new Map<string, string>();
  private readonly assignors: ConsumerPartitionAssignor[];
  private membership: GroupMembership | null = null;
  private runState: RunState | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private nextAutoCommitMs = 0;
  /** The Fetch in flight per leader; its partitions are not fetched again until its answer was handed out. */
  private readonly fetches = new Map<number, InFlightFetch>();

  constructor(config: ConsumerConfig, { cluster, clock, random }: ConsumerDependencies) {
    this.config = resolveConsumerConfig(config);
    this.cluster = cluster;
    this.clock = clock;
    this.backoff = retryBackoff(random, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
    this.emitter = new ConsumerEventEmitter(clock);
    this.emitter.on<{ duration: number }>(CONSUMER_EVENTS.GROUP_JOIN, (event) =>
      this.rebalances.completed(event.payload.duration, event.timestamp),
    );
    this.coordinator = new CoordinatorClient(cluster, clock, this.backoff, this.config.groupId);
    this.assignors = this.config.partitionAssigners.map((a) => (typeof a === 'string' ? createAssignor(a) : a));
  }

  async connect(): Promise<void> {
    await this.refreshMetadata();
    this.emitter.emit(CONSUMER_EVENTS.CONNECT);
  }

  async disconnect(): Promise<void> {
    await this.stop();
    this.emitter.emit(CONSUMER_EVENTS.DISCONNECT);
  }

  async subscribe({ topic, topics, fromBeginning = false }: ConsumerSubscribeTopics): Promise<void> {
    if (this.membership !== null) throw invalid('Cannot subscribe to topic while consumer is running');
    if (topic === undefined && topics === undefined) throw invalid('Missing required argument "topics"');
    if (topics !== undefined && !Array.isArray(topics)) throw invalid('Argument "topics" must be an array');
    const subscriptions = topics ?? [topic!];
    for (const s of subscriptions) {
      if (typeof s !== 'string' && !(s instanceof RegExp))
        throw invalid(`Invalid topic ${String(s)} (${typeof s}), the topic name has to be a String or a RegExp`);
    }
    const names: string[] = [];
    if (subscriptions.some((s) => s instanceof RegExp)) {
      const all = await this.cluster.fetchMetadata(null);
      for (const s of subscriptions) {
        if (s instanceof RegExp) names.push(...all.topics.map((t) => t.name).filter((name) => s.test(name)));
      }
    }
    names.push(...subscriptions.filter((s): s is string => typeof s === 'string'));
    for (const name of names) this.subscriptions.topics.set(name, { fromBeginning });
    await this.refreshMetadata(names);
  }

  /**
   * Joins the group and starts consuming; resolves once the member has joined (as kafkajs's run
   * does), rejects if that first join fails. Later failures end the loop with a CRASH event.
   */
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    if (this.membership !== null) return;
    if (config.eachMessage === undefined && config.eachBatch === undefined) throw invalid('Consumer run requires eachMessage or eachBatch');
    this.runState = {
      autoCommit: config.autoCommit ?? this.config.autoCommit,
      autoCommitIntervalMs: config.autoCommitInterval ?? this.config.autoCommitIntervalMs,
      eachBatchAutoResolve: config.eachBatchAutoResolve ?? true,
      concurrency: Math.max(1, config.partitionsConsumedConcurrently ?? 1),
      eachMessage: config.eachMessage,
      eachBatch: config.eachBatch,
    };
    this.membership = this.createMembership();
    this.running = true;
    this.nextAutoCommitMs = this.clock.now() + this.runState.autoCommitIntervalMs;
    try {
      await this.refreshMetadata();
      await this.membership.ensureActiveGroup(() => this.running);
    } catch (error) {
      this.running = false;
      await this.membership.leave().catch(() => undefined);
      this.membership = null;
      this.crash(error);
      throw error;
    }
    this.loop = this.pollLoop();
  }

  /** Stops consuming: the current batch finishes, positions are committed (auto-commit), then the member leaves. */
  async stop(): Promise<void> {
    const membership = this.membership;
    if (membership === null) return;
    this.running = false;
    await this.loop;
    this.loop = null;
    this.fetches.clear();
    if (this.runState?.autoCommit) await this.commitPositions(this.subscriptions.assigned()).catch(() => undefined);
    await membership.leave();
    this.subscriptions.revoke(this.subscriptions.assigned());
    this.membership = null;
    this.emitter.emit(CONSUMER_EVENTS.STOP);
  }

  async commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[]): Promise<void> {
    const offsets: OffsetToCommit[] = topicPartitions.map(({ topic, partition, offset, metadata = null }) => {
      if (!topic) throw invalid(`Invalid topic ${topic}`);
      if (!Number.isInteger(partition)) throw invalid(`Invalid partition, expected a number received ${partition}`);
      const value = Number(offset);
      if (!Number.isInteger(value)) throw invalid(`Invalid offset, expected a long received ${offset}`);
      if (value < 0) throw invalid('Offset must not be a negative number');
      return { topic, partition, offset: value, metadata };
    });
    if (this.membership === null) throw invalid('Consumer group was not initialized, consumer#run must be called first');
    await this.commit(offsets);
  }

  /** Moves the position of an owned (or soon owned) partition; '-2' is earliest, '-1' latest. Applied before the next fetch. */
  seek({ topic, partition, offset }: { topic: string; partition: number; offset: string | number }): void {
    if (!topic) throw invalid(`Invalid topic ${topic}`);
    if (!Number.isInteger(partition)) throw invalid(`Invalid partition, expected a number received ${partition}`);
    const value = Number(offset);
    if (!Number.isInteger(value)) throw invalid(`Invalid offset, expected a long received ${offset}`);
    if (value < -2) throw invalid('Offset must not be a negative number');
    if (this.membership === null) throw invalid('Consumer group was not initialized, consumer#run must be called first');
    this.subscriptions.seek(topic, partition, value);
  }

  pause(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    this.validateTopicPartitions(topicPartitions, 'pause');
    this.subscriptions.pause(topicPartitions);
  }

  resume(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    this.validateTopicPartitions(topicPartitions, 'resume');
    this.subscriptions.resume(topicPartitions);
  }

  paused(): TopicPartitions[] {
    return this.subscriptions.paused();
  }

  /** The partitions this member owns now (Kafka's KafkaConsumer.assignment()). */
  assignment(): TopicPartitions[] {
    return groupByTopic(this.subscriptions.assigned());
  }

  /** Position, committed offset, high watermark and lag of every owned partition. */
  positions(): PartitionPosition[] {
    return this.subscriptions.assigned().map(({ topic, partition }) => {
      const s = this.subscriptions.state(topic, partition)!;
      const lag = s.position === null || s.highWatermark === null ? null : String(Math.max(0, s.highWatermark - s.position));
      return {
        topic,
        partition,
        lag,
        position: s.position === null ? null : String(s.position),
        committed: s.committed === null ? null : String(s.committed),
        highWatermark: s.highWatermark === null ? null : String(s.highWatermark),
      };
    });
  }

  metrics(): ConsumerMetrics & RebalanceMetricValues {
    const nowMs = this.clock.now();
    return { ...this.consumed.metrics(nowMs, this.subscriptions.states()), ...this.rebalances.values(nowMs) };
  }

  /** The member id the coordinator gave this consumer, '' before it joined. */
  memberId(): string {
    return this.membership?.memberId ?? '';
  }

  async describeGroup(): Promise<GroupDescription> {
    for (let attempts = 0; ; attempts++) {
      try {
        const response = await this.coordinator.send(
          'DescribeGroups',
          { groups: [this.config.groupId], includeAuthorizedOperations: false },
          (r) => r.groups[0]?.errorCode ?? 0,
        );
        const group = response.groups.find((g) => g.groupId === this.config.groupId);
        if (group === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'The DescribeGroups response has no entry for the group.');
        if (group.errorCode !== 0) throw KafkaError.fromCode(group.errorCode);
        return {
          groupId: group.groupId,
          members: group.members.map((m: DescribedGroupMember) => ({
            memberId: m.memberId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.memberMetadata,
            memberAssignment: m.memberAssignment,
          })),
          protocol: group.protocolData,
          protocolType: group.protocolType,
          state: group.groupState,
          errorCode: group.errorCode,
        };
      } catch (error) {
        if (!(error instanceof KafkaError) || !error.retriable || attempts >= MAX_RETRIES) throw error;
        await sleep(this.clock, this.backoff.backoffMs(attempts));
      }
    }
  }

  on<T = unknown>(eventName: ConsumerEventName, listener: (event: InstrumentationEvent<T>) => void): RemoveInstrumentationEventListener {
    return this.emitter.on(eventName, listener);
  }

  private createMembership(): GroupMembership {
    const listener: AssignmentListener = {
      revoke: (partitions) => this.onRevoke(partitions),
      lose: (partitions) => this.subscriptions.revoke(partitions),
      assign: (partitions) => this.subscriptions.assign(partitions),
      owned: () => this.subscriptions.assigned(),
      subscribedTopics: () => this.subscriptions.subscribedTopics(),
    };
    const common = {
      config: this.config,
      coordinator: this.coordinator,
      clock: this.clock,
      backoff: this.backoff,
      events: this.emitter,
      listener,
    };
    if (this.config.groupProtocol === 'consumer') {
      return new ConsumerProtocolMembership({
        ...common,
        topicIds: {
          idOf: (topic) => this.topicIds.get(topic),
          nameOf: (topicId) => [...this.topicIds].find(([, id]) => id === topicId)?.[0],
          refresh: () => this.refreshMetadata().catch(() => undefined),
        },
      });
    }
    return new ClassicMembership({
      ...common,
      cluster: this.cluster,
      assignors: this.assignors,
      protocol: rebalanceProtocolOf(this.assignors),
    });
  }

  /** ConsumerRebalanceListener.onPartitionsRevoked with auto-commit: commit the positions first (Kafka waits for it), then stop. */
  private async onRevoke(partitions: TopicPartition[]): Promise<void> {
    if (this.runState?.autoCommit) await this.commitPositions(partitions).catch(() => undefined);
    this.subscriptions.revoke(partitions);
  }

  private async refreshMetadata(topics: string[] = []): Promise<void> {
    const response = await this.cluster.refreshMetadata(
      [...this.subscriptions.subscribedTopics(), ...topics],
      this.config.allowAutoTopicCreation,
    );
    for (const topic of response.topics) if (topic.errorCode === 0) this.topicIds.set(topic.name, topic.topicId);
  }

  private async pollLoop(): Promise<void> {
    for (let failures = 0; this.running;) {
      try {
        const consumedBefore = this.consumed.total;
        await this.poll();
        // Idle polls say nothing about a partition that keeps failing; only progress ends a run of failures.
        if (this.consumed.total > consumedBefore) failures = 0;
      } catch (error) {
        const retriable = !(error instanceof KafkaError) || error.retriable;
        if (!this.running) return;
        if (!retriable || failures >= MAX_RETRIES) {
          this.running = false;
          this.crash(error);
          // The member can no longer consume: stop heartbeating so the group moves its partitions on.
          await this.membership?.leave().catch(() => undefined);
          return;
        }
        await sleep(this.clock, this.backoff.backoffMs(failures++));
      }
    }
  }

  private crash(error: unknown): void {
    this.emitter.emit(CONSUMER_EVENTS.CRASH, { error, groupId: this.config.groupId, restart: false });
  }

  /** One KafkaConsumer.poll(): group, positions, auto-commit, one fetch round, then the records to the application. */
  private async poll(): Promise<void> {
    const membership = this.membership!;
    membership.polled(this.clock.now());
    await membership.ensureActiveGroup(() => this.running);
    if (!this.running) return;
    if (this.cluster.needsUpdate) await this.refreshMetadata();
    await this.updatePositions();
    await this.maybeAutoCommit();
    this.sendFetches();
    if (this.fetches.size === 0) {
      // Nothing to fetch (no partitions yet, all paused, leaders unknown): wait as a long poll would.
      await sleep(this.clock, this.config.maxWaitTimeMs);
      return;
    }
    await Promise.race([...this.fetches.values()].map((f) => f.settled));
    const completed: FetchResult[] = [];
    for (const [leader, fetch] of this.fetches) {
      if (fetch.outcome === null) continue;
      this.fetches.delete(leader);
      if (fetch.outcome instanceof Error) throw fetch.outcome;
      completed.push(fetch.outcome);
    }
    const outOfRange = completed.flatMap((r) => r.outOfRange).filter((s) => this.subscriptions.state(s.topic, s.partition) === s);
    if (outOfRange.length > 0) await this.resetOutOfRange(outOfRange);
    await this.process(completed.flatMap((r) => r.batches).filter((b) => b.messages.length > 0));
  }

  /**
   * Sends a Fetch to every leader of a fetchable partition that has none in flight, as Kafka's
   * fetcher keeps one request per node: a slow or idle broker's long poll does not hold back the others.
   */
  private sendFetches(): void {
    const inFlight = new Set([...this.fetches.values()].flatMap((f) => f.partitions));
    const fetchable = this.subscriptions.fetchable().filter((s) => !inFlight.has(partitionKey(s.topic, s.partition)));
    for (const [leader, states] of partitionsByLeader(this.cluster, fetchable)) {
      if (this.fetches.has(leader)) continue;
      const startMs = this.clock.now();
      this.emitter.emit(CONSUMER_EVENTS.FETCH_START, { nodeId: leader });
      const fetch: InFlightFetch = {
        partitions: states.map((s) => partitionKey(s.topic, s.partition)),
        outcome: null,
        settled: Promise.resolve(),
      };
      fetch.settled = fetchFromLeader(this.cluster, leader, states, this.config).then(
        (result) => {
          fetch.outcome = result;
          this.emitter.emit(CONSUMER_EVENTS.FETCH, {
            numberOfBatches: result.batches.length,
            duration: this.clock.now() - startMs,
            nodeId: leader,
          });
        },
        (error: unknown) => {
          fetch.outcome = error instanceof Error ? error : new Error(String(error));
        },
      );
      this.fetches.set(leader, fetch);
    }
  }

  /** Seeks first, then committed offsets, then auto.offset.reset for what has neither (Kafka's updateFetchPositions). */
  private async updatePositions(): Promise<void> {
    const toReset: (TopicPartition & { strategy: Exclude<AutoOffsetReset, 'none'> })[] = [];
    for (const { state, offset } of this.subscriptions.takeSeeks()) {
      if (offset >= 0) state.position = offset;
      else toReset.push({ topic: state.topic, partition: state.partition, strategy: offset === -2 ? 'earliest' : 'latest' });
    }
    const missing = this.subscriptions
      .states()
      .filter((s) => s.position === null && !toReset.some((r) => r.topic === s.topic && r.partition === s.partition));
    if (missing.length > 0) {
      // Only KIP-848 members name themselves in OffsetFetch; the classic consumer sends no member (ConsumerCoordinator).
      const identity =
        this.config.groupProtocol === 'consumer'
          ? this.membership!.identity()
          : { memberId: '', generationIdOrMemberEpoch: -1, groupInstanceId: null };
      const committed = await fetchCommittedOffsets(this.coordinator, identity, missing);
      const undefinedOffsets: TopicPartition[] = [];
      for (const state of missing) {
        // Revoked while the OffsetFetch was out.
        if (!this.subscriptions.isAssigned(state.topic, state.partition)) continue;
        const offset = committed.get(partitionKey(state.topic, state.partition)) ?? -1;
        if (offset >= 0) {
          state.position = offset;
          state.committed = offset;
          continue;
        }
        const strategy = this.subscriptions.topics.get(state.topic)?.fromBeginning ? 'earliest' : this.config.autoOffsetReset;
        if (strategy === 'none') undefinedOffsets.push({ topic: state.topic, partition: state.partition });
        else toReset.push({ topic: state.topic, partition: state.partition, strategy });
      }
      if (undefinedOffsets.length > 0) throw new NoOffsetForPartitionError(undefinedOffsets);
    }
    await this.applyResets(toReset);
  }

  private async resetOutOfRange(states: PartitionState[]): Promise<void> {
    const toReset: (TopicPartition & { strategy: Exclude<AutoOffsetReset, 'none'> })[] = [];
    for (const state of states) {
      const strategy = this.subscriptions.topics.get(state.topic)?.fromBeginning ? 'earliest' : this.config.autoOffsetReset;
      if (strategy === 'none') throw new OffsetOutOfRangeError(state.topic, state.partition, state.position ?? -1);
      toReset.push({ topic: state.topic, partition: state.partition, strategy });
    }
    await this.applyResets(toReset);
  }

  private async applyResets(toReset: (TopicPartition & { strategy: Exclude<AutoOffsetReset, 'none'> })[]): Promise<void> {
    if (toReset.length === 0) return;
    const offsets = await resetOffsets(this.cluster, toReset, this.config.isolationLevel);
    for (const { topic, partition } of toReset) {
      const state = this.subscriptions.state(topic, partition);
      const offset = offsets.get(partitionKey(topic, partition));
      if (state === undefined) continue;
      // A partition whose leader did not answer keeps no position, and is tried again next poll.
      state.position = offset ?? null;
    }
  }

  private async maybeAutoCommit(): Promise<void> {
    if (!this.runState!.autoCommit || this.clock.now() < this.nextAutoCommitMs) return;
    this.nextAutoCommitMs = this.clock.now() + this.runState!.autoCommitIntervalMs;
    // An auto-commit that fails is not fatal: Kafka logs it and commits again at the next interval.
    await this.commitPositions(this.subscriptions.assigned()).catch(() => undefined);
  }

  /** Commits the positions of `partitions` that moved since their last commit. */
  private async commitPositions(partitions: readonly TopicPartition[]): Promise<void> {
    const offsets: OffsetToCommit[] = [];
    for (const { topic, partition } of partitions) {
      const state = this.subscriptions.state(topic, partition);
      if (state?.position != null && state.position !== state.committed) offsets.push({ topic, partition, offset: state.position });
    }
    await this.commit(offsets);
  }

  private async commit(offsets: OffsetToCommit[]): Promise<void> {
    const membership = this.membership;
    if (offsets.length === 0 || membership === null) return;
    const identity = membership.identity();
    try {
      await commitOffsets(this.coordinator, identity, offsets);
    } catch (error) {
      membership.commitFailed(error);
      throw error;
    }
    for (const { topic, partition, offset } of offsets) {
      const state = this.subscriptions.state(topic, partition);
      if (state !== undefined) state.committed = offset;
    }
    this.emitter.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, {
      groupId: this.config.groupId,
      memberId: identity.memberId,
      groupGenerationId: identity.generationIdOrMemberEpoch,
      topics: groupByTopicOffsets(offsets),
    });
  }

  /** Hands the batches to the application, at most partitionsConsumedConcurrently partitions at a time. */
  private async process(batches: FetchedBatch[]): Promise<void> {
    const queue = [...batches];
    const worker = async () => {
      for (let batch = queue.shift(); batch !== undefined && this.running; batch = queue.shift()) await this.processBatch(batch);
    };
    await Promise.all(Array.from({ length: Math.min(this.runState!.concurrency, queue.length) }, worker));
  }

  private isCurrent(batch: FetchedBatch, position: number | null): boolean {
    const state = this.subscriptions.state(batch.topic, batch.partition);
    return this.running && state !== undefined && state.position === position && !this.subscriptions.hasSeek(batch.topic, batch.partition);
  }

  private async processBatch(batch: FetchedBatch): Promise<void> {
    const { topic, partition } = batch;
    // Revoked, sought or paused since the fetch was sent: these records are not ours to deliver any more.
    if (!this.isCurrent(batch, batch.fetchOffset) || this.subscriptions.isPaused(topic, partition)) return;
    const state = this.subscriptions.state(topic, partition)!;
    const startMs = this.clock.now();
    const summary = batchSummary(batch);
    this.emitter.emit(CONSUMER_EVENTS.START_BATCH_PROCESS, summary);
    const pause = () => {
      this.subscriptions.pause([{ topic, partitions: [partition] }]);
      return () => this.subscriptions.resume([{ topic, partitions: [partition] }]);
    };
    const heartbeat = async () => undefined;
    const run = this.runState!;
    if (run.eachMessage !== undefined) {
      for (const message of batch.messages) {
        if (!this.isCurrent(batch, state.position) || this.subscriptions.isPaused(topic, partition)) break;
        await run.eachMessage({ topic, partition, message, heartbeat, pause });
        if (this.subscriptions.state(topic, partition) !== state) break;
        state.position = Number(message.offset) + 1;
        this.consumed.record(1, this.clock.now());
      }
    } else if (run.eachBatch !== undefined) {
      const consumedBefore = state.position!;
      await run.eachBatch({
        batch: toBatch(batch),
        resolveOffset: (offset) => {
          if (this.subscriptions.state(topic, partition) === state) state.position = Math.max(state.position ?? 0, Number(offset) + 1);
        },
        heartbeat,
        pause,
        commitOffsetsIfNecessary: async (offsets) => {
          if (offsets !== undefined) {
            await this.commit(
              offsets.topics.flatMap((t) =>
                t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })),
              ),
            );
          } else if (run.autoCommit) {
            await this.maybeAutoCommit();
          }
        },
        uncommittedOffsets: () => ({
          topics: groupByTopicOffsets(
            this.subscriptions
              .states()
              .filter((s) => s.position !== null && s.position !== s.committed)
              .map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position! })),
          ),
        }),
        isRunning: () => this.running,
        isStale: () => !this.isCurrent(batch, state.position),
      });
      if (run.eachBatchAutoResolve && this.subscriptions.state(topic, partition) === state) {
        state.position = Math.max(state.position ?? 0, Number(batch.messages[batch.messages.length - 1].offset) + 1);
      }
      this.consumed.record(Math.max(0, (state.position ?? consumedBefore) - consumedBefore), this.clock.now());
    }
    this.emitter.emit(CONSUMER_EVENTS.END_BATCH_PROCESS, { ...summary, duration: this.clock.now() - startMs });
  }

  private validateTopicPartitions(topicPartitions: { topic: string; partitions?: number[] }[], verb: string): void {
    for (const tp of topicPartitions) {
      if (!tp?.topic) throw invalid(`Invalid topic ${tp?.topic ?? String(tp)}`);
      if (tp.partitions !== undefined && (!Array.isArray(tp.partitions) || tp.partitions.some((p) => !Number.isInteger(p)))) {
        throw invalid(`Array of valid partitions required to ${verb} specific partitions instead of ${String(tp.partitions)}`);
      }
    }
    if (this.membership === null) throw invalid('Consumer group was not initialized, consumer#run must be called first');
  }
}

function groupByTopicOffsets(offsets: readonly { topic: string; partition: number; offset: number }[]): OffsetsByTopicPartition['topics'] {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: String(offset) }]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}

function batchSummary(batch: FetchedBatch) {
  const b = toBatch(batch);
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: b.highWatermark,
    offsetLag: b.offsetLag(),
    offsetLagLow: b.offsetLagLow(),
    batchSize: batch.messages.length,
    firstOffset: b.firstOffset(),
    lastOffset: b.lastOffset(),
  };
}

/** kafkajs's Batch: offsetLag from the last message, offsetLagLow from the first, both against HW - 1. */
function toBatch(batch: FetchedBatch): Batch {
  const { messages } = batch;
  const lastOffset = messages.length === 0 ? String(batch.fetchOffset - 1) : messages[messages.length - 1].offset;
  const hw = batch.highWatermark;
  const lag = (offset: number) => String(Math.max(0, hw - 1 - offset));
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: String(hw),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => (messages.length === 0 ? null : messages[0].offset),
    lastOffset: () => lastOffset,
    offsetLag: () => lag(Number(lastOffset)),
    offsetLagLow: () => lag(messages.length === 0 ? Number(lastOffset) : Number(messages[0].offset)),
  };
}
