/**
 * The page's side of the client worker: `sim.workloads`. It starts the worker, answers its dial
 * requests by handing each port to the broker asked for (BrowserCluster.connectClient), tells it
 * which brokers run and which died, and keeps the snapshots it pushes, so `list()` is synchronous
 * for the UI. Calls go through WorkerConnection, so a dead worker fails them instead of hanging.
 * A reset cluster has none of the workloads' topics: the worker is replaced by a new, empty one
 * rather than asked to stop them gracefully against brokers that are gone.
 */
import * as Comlink from 'comlink';
import { KafkaError, type ErrorName } from '../protocol/errors';
import { brokerAddress } from '../protocol/rpc';
import type { ProducerPerformanceResult, ProducerPerformanceSpec } from '../workload/producer-performance';
import type { WorkloadControls } from '../workload/workloads';
import type { ConsumerGroupWorkloadSpec, ProducerWorkloadSpec, WorkloadError, WorkloadSnapshot } from '../workload/workload-types';
import type { BrowserCluster } from './browser-cluster';
import type { ClientHost, ClientHostMessage } from './client-host';
import { timingPresetOf } from '../cluster/timing-presets';
import { WorkerConnection, type WorkerLike } from './worker-connection';

export interface ClientWorkerBridgeOptions {
  /** How long starting or stopping a workload may take: a group's members leave, a producer flushes. Default 60 s. */
  callTimeoutMs?: number;
}

/** `sim.workloads`: the workloads, and the producer benchmark run in the same worker. */
export interface PageWorkloads extends WorkloadControls {
  producerPerformance(spec: ProducerPerformanceSpec): Promise<ProducerPerformanceResult>;
}

/**
 * The slowest rate a producerPerformance call is given time for, beyond a minute to start: a
 * run's call times out after its records at this rate (or at its throughput, if lower).
 */
const SLOWEST_RECORDS_PER_SECOND = 1000;

/** Numbers the client workers of this page, for their connection addresses. */
let workers = 0;

export class ClientWorkerBridge implements PageWorkloads {
  private snapshots: WorkloadSnapshot[] = [];
  private readonly listeners = new Set<(snapshots: WorkloadSnapshot[]) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private connection!: WorkerConnection<ClientHost>;
  private readonly timeoutMs: number;
  /** The broker lists last sent to the worker. */
  private lastBrokers = '';

  private constructor(
    private readonly cluster: BrowserCluster,
    private readonly spawn: () => WorkerLike,
    options: ClientWorkerBridgeOptions,
  ) {
    this.timeoutMs = options.callTimeoutMs ?? 60_000;
  }

  /** Starts a client worker on `cluster`. */
  static async start(
    cluster: BrowserCluster,
    spawn: () => WorkerLike,
    options: ClientWorkerBridgeOptions = {},
  ): Promise<ClientWorkerBridge> {
    const bridge = new ClientWorkerBridge(cluster, spawn, options);
    await bridge.launch();
    bridge.unsubscribe.push(
      cluster.onBrokerStopped(
        (id) => void bridge.connection.call('disconnect', (remote) => remote.disconnect(brokerAddress(id))).catch(() => undefined),
      ),
      cluster.onChange(() => bridge.syncBrokers()),
      cluster.time.onChange(
        (course) => void bridge.connection.call('setTimeCourse', (remote) => remote.setTimeCourse(course)).catch(() => undefined),
      ),
      cluster.timeline.onReset(
        () => void bridge.replace().catch((error: unknown) => console.error('Could not restart the client worker:', error)),
      ),
    );
    return bridge;
  }

  startProducer(spec: ProducerWorkloadSpec): Promise<string> {
    return this.changing('startProducer', (remote) => remote.startProducer(spec));
  }

  /** Members without their own timeouts get the consumer timings of the cluster's preset (DEMO_PRESET or Kafka's). */
  startConsumerGroup(spec: ConsumerGroupWorkloadSpec): Promise<string> {
    const timings = timingPresetOf(this.cluster.config).consumer;
    const withTimings: ConsumerGroupWorkloadSpec = {
      sessionTimeoutMs: timings['session.timeout.ms'],
      heartbeatIntervalMs: timings['heartbeat.interval.ms'],
      ...spec,
    };
    return this.changing('startConsumerGroup', (remote) => remote.startConsumerGroup(withTimings));
  }

  async crashMember(id: string, member: number): Promise<void> {
    await this.changing('crashMember', (remote) => remote.crashMember(id, member));
  }

  async stop(id: string): Promise<void> {
    await this.changing('stop', (remote) => remote.stop(id));
  }

  async stopAll(): Promise<void> {
    await this.changing('stopAll', (remote) => remote.stopAll());
  }

  /**
   * kafka-producer-perf-test in the client worker: `await sim.workloads.producerPerformance({ topic,
   * numRecords: 200_000, recordSize: 100, throughput: -1, producerProps: { acks: 'all' } })`.
   */
  producerPerformance(spec: ProducerPerformanceSpec): Promise<ProducerPerformanceResult> {
    const rate = Math.min(SLOWEST_RECORDS_PER_SECOND, spec.throughput > 0 ? spec.throughput : SLOWEST_RECORDS_PER_SECOND);
    const timeoutMs = this.timeoutMs + Math.ceil(((Number(spec.numRecords) || 0) / rate) * 1000);
    return this.call('producerPerformance', (remote) => remote.producerPerformance(spec), timeoutMs);
  }

  /** The snapshots last pushed by the worker (at most SNAPSHOT_INTERVAL_MS old). */
  list(): WorkloadSnapshot[] {
    return this.snapshots;
  }

  onChange(listener: (snapshots: WorkloadSnapshot[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the worker; every workload stops at once, as a closed tab would stop them. */
  close(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    this.connection.terminate();
  }

  /** A new worker, with its own connection addresses so the brokers never mistake it for the last one. */
  private async launch(): Promise<void> {
    const connection = new WorkerConnection<ClientHost>(this.spawn(), 'the client worker', this.timeoutMs, this.cluster.clock);
    this.connection = connection;
    this.lastBrokers = '';
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<ClientHostMessage>) => {
      if (this.connection === connection) this.receive(event.data);
    };
    await connection.call('init', (remote) =>
      remote.init(
        Comlink.transfer(
          {
            address: `client-w${++workers}`,
            clientId: 'sim-workloads',
            brokers: this.cluster.brokerIds(),
            running: this.cluster.runningBrokerIds(),
            dialer: channel.port2,
            timeCourse: this.cluster.time.current,
          },
          [channel.port2],
        ),
      ),
    );
  }

  private async replace(): Promise<void> {
    this.connection.terminate();
    this.update([]);
    await this.launch();
  }

  private syncBrokers(): void {
    const brokers = this.cluster.brokerIds();
    const running = this.cluster.runningBrokerIds();
    const key = `${brokers.join()}/${running.join()}`;
    if (key === this.lastBrokers) return;
    this.lastBrokers = key;
    void this.connection.call('setBrokers', (remote) => remote.setBrokers(brokers, running)).catch(() => undefined);
  }

  private receive(message: ClientHostMessage): void {
    if (message.kind === 'dial') {
      this.cluster.connectClient(message.from, message.peer, message.port);
      return;
    }
    this.update(message.snapshots);
  }

  private update(snapshots: WorkloadSnapshot[]): void {
    this.snapshots = snapshots;
    for (const listener of [...this.listeners]) listener(this.snapshots);
  }

  /** A call that starts or stops a workload: once it is done, list() already shows the change. */
  private async changing<R>(what: string, invoke: (remote: Comlink.Remote<ClientHost>) => Promise<R>): Promise<R> {
    const result = await this.call(what, invoke);
    this.update(await this.call('list', (remote) => remote.list()));
    return result;
  }

  /** A failure in the worker arrives as Kafka's error name, code and message (see createClientHost). */
  private async call<R>(what: string, invoke: (remote: Comlink.Remote<ClientHost>) => Promise<R>, timeoutMs = this.timeoutMs): Promise<R> {
    try {
      return await this.connection.call(what, invoke, timeoutMs);
    } catch (error) {
      if (isWorkloadError(error)) throw new KafkaError(error.type as ErrorName, error.message);
      throw error;
    }
  }
}

function isWorkloadError(value: unknown): value is WorkloadError {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as WorkloadError).type === 'string';
}
