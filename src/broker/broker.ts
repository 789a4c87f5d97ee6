/**
 * One Kafka broker process (Kafka's BrokerServer): the lifecycle towards the controller, the
 * metadata image it fetches, the ReplicaManager over its partition logs, and the request handlers.
 * A broker object lives for one process: kill() is a crash after which nothing it started runs
 * again, and a restart is a new Broker over the same LogStore.
 */
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import type { BrokerConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import {
  brokerAddress,
  nodeLabel,
  type ApiKey,
  type RequestContext,
  type RequestHandler,
  type RequestOf,
  type ResponseOf,
  type Transport,
} from '../protocol/rpc';
import type { LogStore } from './log-store';
import { LogDirStore } from './log-dir';
import type { LogMeta } from './unified-log';
import type { BrokerEvent } from './broker-events';
import { BrokerLifecycleManager, type BrokerState } from './broker-lifecycle';
import { BrokerMetadataListener } from './broker-metadata';
import { BrokerMetrics } from './broker-metrics';
import { ReplicaManager, type PartitionStateView } from './replica-manager';
import { TrafficRecorder } from './traffic-recorder';
import type { FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import type { ProduceRequest, ProduceResponse } from '../protocol/apis/produce';
import { createKafkaApis } from './request-handlers/kafka-apis';

export type { BrokerState } from './broker-lifecycle';
export type { BrokerEvent } from './broker-events';

export interface BrokerOptions {
  brokerId: number;
  rack: string | null;
  clock: Clock;
  random: Random;
  transport: Transport;
  store: LogStore<LogMeta>;
  config: BrokerConfig;
  clusterId: string;
}

/** KafkaBroker.shutdown()'s default timeout for the controller to approve a controlled shutdown. */
const CONTROLLED_SHUTDOWN_TIMEOUT_MS = 5 * 60_000;

/** The port of broker N's PLAINTEXT listener: broker 1 at localhost:9092, as in the quickstart. */
const BASE_PORT = 9091;

/**
 * The clock every part of one broker schedules on. It remembers the timers, so a crash cancels all
 * of them at once, and a task that fires after the broker died does nothing.
 */
class BrokerClock implements Clock {
  private readonly timers = new Set<Timer>();

  constructor(
    private readonly inner: Clock,
    private readonly isAlive: () => boolean,
  ) {}

  now(): number {
    return this.inner.now();
  }

  schedule(delayMs: number, task: () => void): Timer {
    const timer = this.inner.schedule(delayMs, () => {
      this.timers.delete(timer);
      if (this.isAlive()) task();
    });
    this.timers.add(timer);
    return {
      cancel: () => {
        this.timers.delete(timer);
        timer.cancel();
      },
    };
  }

  cancelAll(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }
}

export class Broker {
  readonly brokerId: number;
  readonly handle: RequestHandler;
  /** What this broker served that carried records, for a picture of data in motion. */
  readonly traffic: TrafficRecorder;
  private alive = true;
  private readonly clock: BrokerClock;
  private readonly metricsRegistry = new BrokerMetrics();
  private readonly metadata: BrokerMetadataListener;
  private readonly lifecycle: BrokerLifecycleManager;
  private readonly replicaManager: ReplicaManager;
  private readonly listeners = new Set<(event: BrokerEvent) => void>();
  private readonly died: Promise<never>;
  private rejectDied!: (error: Error) => void;

  constructor(options: BrokerOptions) {
    this.brokerId = options.brokerId;
    const isAlive = () => this.alive;
    this.clock = new BrokerClock(options.clock, isAlive);
    this.died = new Promise<never>((_, reject) => (this.rejectDied = reject));
    this.died.catch(() => undefined);
    this.metadata = new BrokerMetadataListener({
      brokerId: options.brokerId,
      clock: this.clock,
      transport: options.transport,
      fetchTimeoutMs: options.config.int('controller.quorum.fetch.timeout.ms'),
      isAlive,
      publish: (delta) => this.replicaManager.applyDelta(delta),
    });
    this.lifecycle = new BrokerLifecycleManager({
      brokerId: options.brokerId,
      clusterId: options.clusterId,
      rack: options.rack,
      listeners: [{ name: 'PLAINTEXT', host: 'localhost', port: BASE_PORT + options.brokerId }],
      clock: this.clock,
      random: options.random,
      transport: options.transport,
      config: options.config,
      isAlive,
      metadataOffset: () => this.metadata.lastAppliedOffset,
      readyToUnfence: () => this.replicaManager.isStarted,
      onStateChange: (state) => this.emit({ type: 'state', state }),
    });
    this.replicaManager = new ReplicaManager({
      brokerId: options.brokerId,
      clock: this.clock,
      transport: options.transport,
      // Every read and write of the logs goes through the one log directory, which fails as Kafka's does.
      store: new LogDirStore(options.store, (error) => this.haltOnLogDirFailure(error)),
      config: options.config,
      metrics: this.metricsRegistry,
      image: this.metadata.image,
      brokerEpoch: () => this.lifecycle.brokerEpoch,
      isAlive,
      isInControlledShutdown: () => this.lifecycle.state === 'pending-controlled-shutdown',
      emit: (event) => this.emit(event),
    });
    const apis = createKafkaApis({
      brokerId: options.brokerId,
      clusterId: options.clusterId,
      config: options.config,
      random: options.random,
      transport: options.transport,
      clock: this.clock,
      image: this.metadata.image,
      replicaManager: this.replicaManager,
      brokerEpoch: () => this.lifecycle.brokerEpoch,
    });
    // BrokerServer.startup enables request processing only once the controller has unfenced this
    // incarnation: until then the listeners refuse connections, so a broker restarted inside its old
    // session never answers as the leader it was.
    let serving = false;
    void this.lifecycle.whenUnfenced.then(() => (serving = true));
    const refused = `Connection to node ${nodeLabel(brokerAddress(options.brokerId))} could not be established. Node may not be available.`;
    this.traffic = new TrafficRecorder(brokerAddress(options.brokerId), this.lifecycle.incarnationId);
    this.handle = <K extends ApiKey>(api: K, body: RequestOf<K>, from: string, context?: RequestContext): Promise<ResponseOf<K>> => {
      if (!this.alive) return Promise.reject(new KafkaError('NETWORK_EXCEPTION'));
      if (!serving) return Promise.reject(new KafkaError('NETWORK_EXCEPTION', refused));
      const response = apis(api, body, from, context);
      if (api === 'Produce' || api === 'Fetch')
        void response.then(
          (answer) => this.observe(api, body, answer, from),
          () => undefined,
        );
      return response;
    };
  }

  /**
   * Registers, fetches the metadata log, loads the hosted logs once caught up, and resolves when the
   * controller has unfenced the broker (BrokerServer.startup waiting for initialUnfenceFuture).
   */
  async start(): Promise<void> {
    this.lifecycle.start();
    this.metadata.start();
    await Promise.race([this.lifecycle.whenUnfenced, this.died]);
  }

  /**
   * Heartbeats with wantShutDown until the controller has moved leadership away and answers
   * shouldShutDown, then checkpoints the high watermarks and stops. A controller that never
   * approves does not keep the broker up forever: BrokerServer.shutdown waits at most its
   * timeout (5 minutes by default) and then shuts down anyway.
   */
  async controlledShutdown(): Promise<void> {
    if (!this.alive) return;
    const timedOut = new Promise<void>((resolve) => this.clock.schedule(CONTROLLED_SHUTDOWN_TIMEOUT_MS, resolve));
    await Promise.race([this.lifecycle.beginControlledShutdown(), timedOut, this.died]);
    this.metadata.stop();
    this.replicaManager.shutdown();
    // A log directory that fails on this last write halts the broker instead (haltOnLogDirFailure).
    await this.replicaManager.checkpointHighWatermarks().catch((error: unknown) => {
      if (this.alive) throw error;
    });
    if (this.alive) this.stop('shutdown');
  }

  /** A crash: every timer cancelled, work in flight abandoned; the store is left as it is. */
  kill(): void {
    if (!this.alive) return;
    this.metadata.stop();
    this.replicaManager.shutdown();
    this.stop('killed');
  }

  /**
   * ReplicaManager.handleLogDirFailure in KRaft: with its only log directory offline the broker
   * halts (Exit.halt, no controlled shutdown); the controller fences it when its heartbeats stop
   * and moves leadership. Whoever runs the broker hears why first, then sees it killed.
   */
  private haltOnLogDirFailure(error: unknown): void {
    if (!this.alive) return;
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.emit({ type: 'log-dir-failed', reason: cause });
    this.kill();
  }

  private stop(state: 'shutdown' | 'killed'): void {
    this.alive = false;
    this.clock.cancelAll();
    this.lifecycle.stop(state);
    this.rejectDied(new Error(`Broker ${this.brokerId} was ${state === 'killed' ? 'killed' : 'shut down'}`));
  }

  state(): BrokerState {
    return this.lifecycle.state;
  }

  /** Where its start has got to, in words: what a start that takes too long is waiting for. */
  describeStartup(): string {
    const epoch = this.lifecycle.brokerEpoch;
    return [
      `state ${this.lifecycle.state}`,
      epoch < 0 ? 'not registered with the controller' : `registered with broker epoch ${epoch}`,
      `metadata applied up to offset ${this.metadata.lastAppliedOffset}`,
      this.replicaManager.isStarted ? 'logs loaded' : 'logs not loaded yet',
      ...(this.lifecycle.lastFailure === null ? [] : [`last failure ${this.lifecycle.lastFailure}`]),
    ].join(', ');
  }

  private observe(api: 'Produce' | 'Fetch', request: unknown, response: unknown, from: string): void {
    const nowMs = this.clock.now();
    if (api === 'Produce') this.traffic.produced(from, request as ProduceRequest, response as ProduceResponse, nowMs);
    else this.traffic.fetched(from, request as FetchRequest, response as FetchResponse, nowMs);
  }

  /** A hosted partition's committed batches from `fromOffset`, read without a request (ReplicaManager.readCommitted). */
  readCommitted(
    topic: string,
    partition: number,
    fromOffset: number,
    maxBytes: number,
  ): Promise<{ batches: Uint8Array[]; highWatermark: number; logStartOffset: number }> {
    return this.replicaManager.readCommitted(topic, partition, fromOffset, maxBytes);
  }

  partitionStates(): PartitionStateView[] {
    return this.replicaManager.partitionStates();
  }

  metrics(): Record<string, number> {
    return {
      ...this.metricsRegistry.snapshot(),
      ...this.replicaManager.gauges(),
      'last-applied-record-offset': this.metadata.lastAppliedOffset,
    };
  }

  onEvent(listener: (event: BrokerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: BrokerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
