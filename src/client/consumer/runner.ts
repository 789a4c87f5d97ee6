/**
 * The consumer's poll loop, after kafkajs's runner.js and Kafka's KafkaConsumer.poll: each round
 * keeps the group membership active, initialises positions, auto-commits, keeps one Fetch in
 * flight per partition leader, and hands the records to eachMessage or eachBatch, at most
 * partitionsConsumedConcurrently partitions at a time. A failing round is retried with backoff;
 * one that keeps failing, or fails fatally, ends the loop with a CRASH event.
 */
import type { Clock } from '../../core/clock';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep } from '../cluster/retry';
import { MAX_RETRIES, type ResolvedConsumerConfig } from './consumer-config';
import { CONSUMER_EVENTS, type ConsumerEventEmitter } from './consumer-events';
import type { ConsumedRecords } from './consumer-metrics';
import type { ConsumerGroup, ConsumerGroupDependencies, OffsetsByTopicPartition } from './consumer-group';
import { fetchFromLeader, partitionsByLeader, type FetchedBatch, type FetchResult, type KafkaMessage } from './fetcher';
import { topicPartitionKey } from '../../protocol/topic-partition';
import type { PartitionState } from './subscription-state';

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

/** run()'s options with the consumer config's defaults filled in. */
export interface RunState {
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  eachBatchAutoResolve: boolean;
  concurrency: number;
  eachMessage?: ConsumerRunConfig['eachMessage'];
  eachBatch?: ConsumerRunConfig['eachBatch'];
}

/** The group's dependencies, and the group, the consumed-records meter and run()'s options. */
export interface RunnerDependencies extends ConsumerGroupDependencies {
  group: ConsumerGroup;
  consumed: ConsumedRecords;
  run: RunState;
}

interface InFlightFetch {
  partitions: string[];
  outcome: FetchResult | Error | null;
  settled: Promise<void>;
}

export class Runner {
  private readonly config: ResolvedConsumerConfig;
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoff;
  private readonly events: ConsumerEventEmitter;
  private readonly group: ConsumerGroup;
  private readonly consumed: ConsumedRecords;
  private readonly run: RunState;
  private running = false;
  private loop: Promise<void> | null = null;
  /** The Fetch in flight per leader; its partitions are not fetched again until its answer was handed out. */
  private readonly fetches = new Map<number, InFlightFetch>();

  constructor({ config, cluster, clock, backoff, events, group, consumed, run }: RunnerDependencies) {
    this.config = config;
    this.cluster = cluster;
    this.clock = clock;
    this.backoff = backoff;
    this.events = events;
    this.group = group;
    this.consumed = consumed;
    this.run = run;
  }

  /** Joins the group, then starts the loop; rejects (after a CRASH event) if that first join fails. */
  async start(): Promise<void> {
    this.running = true;
    try {
      await this.group.join(this.run, () => this.running);
    } catch (error) {
      this.running = false;
      this.crash(error);
      throw error;
    }
    this.loop = this.pollLoop();
  }

  /** Ends the loop once the current batch is handed out; fetches still in flight are dropped. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
    this.fetches.clear();
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
          await this.group.abandon();
          return;
        }
        await sleep(this.clock, this.backoff.backoffMs(failures++));
      }
    }
  }

  private crash(error: unknown): void {
    this.events.emit(CONSUMER_EVENTS.CRASH, { error, groupId: this.config.groupId, restart: false });
  }

  /** One KafkaConsumer.poll(): group, positions, auto-commit, one fetch round, then the records to the application. */
  private async poll(): Promise<void> {
    await this.group.ensureActiveGroup(() => this.running);
    if (!this.running) return;
    if (this.cluster.needsUpdate) await this.group.refreshMetadata();
    await this.group.updatePositions();
    this.group.maybeAutoCommit();
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
    const subscriptions = this.group.subscriptions;
    // A position since moved or waiting for validation is no longer the one the broker refused.
    const outOfRange = completed
      .flatMap((r) => r.outOfRange)
      .filter((s) => subscriptions.state(s.topic, s.partition) === s && !s.awaitingValidation);
    if (outOfRange.length > 0) await this.group.resetOutOfRange(outOfRange);
    await this.process(completed.flatMap((r) => r.batches).filter((b) => b.messages.length > 0));
  }

  /**
   * Sends a Fetch to every leader of a fetchable partition that has none in flight, as Kafka's
   * fetcher keeps one request per node: a slow or idle broker's long poll does not hold back the others.
   */
  private sendFetches(): void {
    const inFlight = new Set([...this.fetches.values()].flatMap((f) => f.partitions));
    const fetchable = this.group.subscriptions.fetchable().filter((s) => !inFlight.has(topicPartitionKey(s)));
    for (const [leader, states] of partitionsByLeader(this.cluster, fetchable)) {
      if (this.fetches.has(leader)) continue;
      const startMs = this.clock.now();
      this.events.emit(CONSUMER_EVENTS.FETCH_START, { nodeId: leader });
      const fetch: InFlightFetch = {
        partitions: states.map((s) => topicPartitionKey(s)),
        outcome: null,
        settled: Promise.resolve(),
      };
      fetch.settled = fetchFromLeader(this.cluster, leader, states, this.config).then(
        (result) => {
          fetch.outcome = result;
          this.events.emit(CONSUMER_EVENTS.FETCH, {
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

  /** Hands the batches to the application, at most partitionsConsumedConcurrently partitions at a time. */
  private async process(batches: FetchedBatch[]): Promise<void> {
    const queue = [...batches];
    const worker = async () => {
      for (let batch = queue.shift(); batch !== undefined && this.running; batch = queue.shift()) await this.processBatch(batch);
    };
    await Promise.all(Array.from({ length: Math.min(this.run.concurrency, queue.length) }, worker));
  }

  private isCurrent(batch: FetchedBatch, position: number | null): boolean {
    const { subscriptions } = this.group;
    const state = subscriptions.state(batch.topic, batch.partition);
    return this.running && state !== undefined && state.position === position && !subscriptions.hasSeek(batch.topic, batch.partition);
  }

  private async processBatch(batch: FetchedBatch): Promise<void> {
    const { topic, partition } = batch;
    const { subscriptions } = this.group;
    // Revoked, sought or paused since the fetch was sent: these records are not ours to deliver any more.
    if (!this.isCurrent(batch, batch.fetchOffset) || subscriptions.isPaused(topic, partition)) return;
    const state = subscriptions.state(topic, partition)!;
    const startMs = this.clock.now();
    const summary = batchSummary(batch);
    this.events.emit(CONSUMER_EVENTS.START_BATCH_PROCESS, summary);
    const pause = () => {
      subscriptions.pause([{ topic, partitions: [partition] }]);
      return () => subscriptions.resume([{ topic, partitions: [partition] }]);
    };
    const heartbeat = async () => undefined;
    const run = this.run;
    if (run.eachMessage !== undefined) {
      for (const message of batch.messages) {
        if (!this.isCurrent(batch, state.position) || subscriptions.isPaused(topic, partition)) break;
        await run.eachMessage({ topic, partition, message, heartbeat, pause });
        if (subscriptions.state(topic, partition) !== state) break;
        consumedTo(state, batch, Number(message.offset) + 1);
        this.consumed.record(1, this.clock.now());
      }
    } else if (run.eachBatch !== undefined) {
      const consumedBefore = state.position!;
      await run.eachBatch({
        batch: toBatch(batch),
        resolveOffset: (offset) => {
          if (subscriptions.state(topic, partition) === state) consumedTo(state, batch, Math.max(state.position ?? 0, Number(offset) + 1));
        },
        heartbeat,
        pause,
        commitOffsetsIfNecessary: async (offsets) => {
          if (offsets !== undefined) {
            await this.group.commit(
              offsets.topics.flatMap((t) =>
                t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })),
              ),
            );
          } else if (run.autoCommit) {
            this.group.maybeAutoCommit();
          }
        },
        uncommittedOffsets: () => this.group.uncommittedOffsets(),
        isRunning: () => this.running,
        isStale: () => !this.isCurrent(batch, state.position),
      });
      if (run.eachBatchAutoResolve && subscriptions.state(topic, partition) === state) {
        consumedTo(state, batch, Math.max(state.position ?? 0, Number(batch.messages[batch.messages.length - 1].offset) + 1));
      }
      this.consumed.record(Math.max(0, (state.position ?? consumedBefore) - consumedBefore), this.clock.now());
    }
    this.events.emit(CONSUMER_EVENTS.END_BATCH_PROCESS, { ...summary, duration: this.clock.now() - startMs });
  }
}

/** The position moves past consumed records and carries the epoch of the last one (FetchPosition.offsetEpoch, KIP-320). */
function consumedTo(state: PartitionState, batch: FetchedBatch, nextOffset: number): void {
  state.position = nextOffset;
  state.offsetEpoch = batch.epochOf(nextOffset - 1) ?? state.offsetEpoch;
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
