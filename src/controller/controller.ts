/**
 * The active KRaft controller, as the runtimes see it (Kafka's QuorumController without the Raft
 * quorum: one controller, whose metadata log is committed as soon as it is appended).
 *
 * Every request and timer becomes a command on one queue. A command reads the image, returns
 * records and a response; the records are appended to the metadata log and replayed into the
 * image before the next command runs, so each command sees everything before it.
 *
 * After a page reload the log is replayed, but broker sessions are not in the log: every
 * registered, unfenced broker is treated as just heard from, so it is fenced
 * broker.session.timeout.ms later unless it heartbeats again.
 */
import type { Clock, Timer } from '../core/clock';
import { scheduleRepeating } from '../core/clock';
import type { Random } from '../core/random';
import type {
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  MetadataFetchRequest,
  MetadataFetchResponse,
  MetadataLogEntry,
} from '../protocol/apis/kraft';
import type { BrokerConfig } from '../protocol/configs';
import { errorResponse } from '../protocol/error-responses';
import { KafkaError } from '../protocol/errors';
import { dispatch, type HandlerTable } from '../protocol/handler-table';
import { ELIGIBLE_LEADER_REPLICAS_VERSION, MetadataImage, NO_LEADER } from '../protocol/metadata-image';
import type { FeatureLevelRecord, MetadataRecord } from '../protocol/metadata-records';
import type { ApiKey, ForwardedApi, NodeAddress, RequestHandler, RequestOf, ResponseOf } from '../protocol/rpc';
import { BrokerHeartbeatManager, type BrokerContact, type BrokerControlState } from './broker-heartbeat-manager';
import { ClusterControlManager } from './cluster-control';
import { ConfigurationControlManager } from './configuration-control';
import { controllerMetrics, type ControllerCounters } from './controller-metrics';
import type { ControllerResult } from './controller-result';
import { MetadataLog } from './metadata-log';
import { allocateProducerIds } from './producer-id-control';
import { ReplicationControlManager } from './replication-control';
import { TopicControlManager } from './topic-control';

export interface ControllerOptions {
  clock: Clock;
  random: Random;
  /** The controller's server.properties. */
  config: BrokerConfig;
  clusterId: string;
  /** Replayed before anything else (a page reload). */
  metadataLog?: MetadataLogEntry[];
  /**
   * The feature levels a new cluster's metadata log starts with, as `kafka-storage format --feature`
   * writes them; a restored log keeps its own. Default: Kafka 4.1's for a new cluster (BOOTSTRAP_FEATURES).
   */
  features?: Record<string, number>;
}

/**
 * What Kafka 4.1 finalizes in a newly formatted cluster: eligible leader replicas on
 * (EligibleLeaderReplicasVersion.ELRV_1, whose bootstrap metadata version is 4.1-IV0). A cluster
 * formatted by an older Kafka keeps level 0 until an operator upgrades the feature.
 */
export const BOOTSTRAP_FEATURES: Readonly<Record<string, number>> = { [ELIGIBLE_LEADER_REPLICAS_VERSION]: 1 };

/** QuorumController's cap on preferred elections per rebalance pass. */
const MAX_ELECTIONS_PER_IMBALANCE = 1000;
/** When a pass hit the cap, the next one runs almost at once. */
const IMMEDIATE_REBALANCE_DELAY_MS = 10;
/** Most metadata records in one MetadataFetch answer. */
const MAX_FETCH_RECORDS = 5000;

interface PendingFetch {
  fetchOffset: number;
  timer: Timer;
  resolve: (response: MetadataFetchResponse) => void;
}

/** What the controller serves: the KRaft APIs brokers send it and the admin APIs brokers forward to it. */
type ControllerApi = 'BrokerRegistration' | 'BrokerHeartbeat' | 'MetadataFetch' | 'AlterPartition' | 'AllocateProducerIds' | ForwardedApi;

/** DEFERRED: the next check waits leader.imbalance.check.interval.seconds (QuorumController.ImbalanceSchedule). */
type ImbalanceSchedule = 'DEFERRED' | 'SCHEDULED' | 'IMMEDIATELY';

export class Controller {
  readonly image = new MetadataImage();
  private readonly log = new MetadataLog();
  private readonly clock: Clock;
  private readonly heartbeats: BrokerHeartbeatManager;
  private readonly cluster: ClusterControlManager;
  private readonly configs: ConfigurationControlManager;
  private readonly replication: ReplicationControlManager;
  private readonly topics: TopicControlManager;
  private readonly counters: ControllerCounters = { uncleanLeaderElections: 0, electionsFromElr: 0, timedOutBrokerHeartbeats: 0 };
  private readonly queue: (() => void)[] = [];
  private running = false;
  private closed = false;
  private readonly pendingFetches = new Set<PendingFetch>();
  private fencing: { deadlineMs: number; timer: Timer } | undefined;
  private imbalance: ImbalanceSchedule = 'DEFERRED';
  private imbalanceTimer: Timer | undefined;
  private readonly uncleanElectionTimer: Timer | undefined;

  constructor(options: ControllerOptions) {
    this.clock = options.clock;
    this.heartbeats = new BrokerHeartbeatManager(options.config.int('broker.session.timeout.ms'));
    this.cluster = new ClusterControlManager(this.image, this.heartbeats, options.clusterId);
    this.configs = new ConfigurationControlManager(this.image, options.config);
    this.replication = new ReplicationControlManager(this.image, this.cluster, this.configs);
    this.topics = new TopicControlManager(this.image, this.cluster, this.configs, options.random);
    if (options.metadataLog !== undefined && options.metadataLog.length > 0) {
      this.log.restore(options.metadataLog);
      for (const entry of options.metadataLog) this.apply(entry);
    } else {
      // A new cluster: its log opens with the bootstrap records that formatting the storage prepared.
      const features = options.features ?? BOOTSTRAP_FEATURES;
      const records = Object.entries(features).map(([name, featureLevel]): FeatureLevelRecord => ({
        type: 'FeatureLevel',
        name,
        featureLevel,
      }));
      this.write({ records, response: undefined });
    }
    const uncleanIntervalMs = options.config.long('unclean.leader.election.interval.ms');
    if (uncleanIntervalMs > 0) {
      this.uncleanElectionTimer = scheduleRepeating(this.clock, uncleanIntervalMs, () => {
        this.runLater(() => this.write({ records: this.replication.electUncleanLeaders(), response: undefined }));
      });
    }
    this.scheduleTimers();
  }

  get metadataLog(): readonly MetadataLogEntry[] {
    return this.log.entries;
  }

  onAppend(listener: (entries: MetadataLogEntry[]) => void): () => void {
    return this.log.onAppend(listener);
  }

  metrics(): Record<string, number> {
    return controllerMetrics(this.image, this.counters);
  }

  /**
   * When broker `brokerId`'s session runs out unless it heartbeats again (its last heartbeat plus
   * broker.session.timeout.ms), undefined while it is fenced or unknown: a killed broker's countdown
   * to being fenced.
   */
  sessionDeadlineMs(brokerId: number): number | undefined {
    const registration = this.image.brokers.get(brokerId);
    return registration === undefined ? undefined : this.heartbeats.sessionDeadlineMs(registration);
  }

  /** Each registered broker's last BrokerHeartbeat and the metadata offset it said it had applied. */
  brokerContacts(): BrokerContact[] {
    return this.heartbeats.contacts();
  }

  readonly handle: RequestHandler = <K extends ApiKey>(api: K, body: RequestOf<K>, from: NodeAddress): Promise<ResponseOf<K>> => {
    return this.enqueue(() => dispatch(this.handlers, api, body, from, 'The controller'));
  };

  /**
   * The controller's APIs (ControllerApis), each a command on the queue. A KafkaError thrown by a
   * command fails the request, except for the APIs answered with their own error response.
   */
  private readonly handlers: HandlerTable<ControllerApi> = {
    BrokerRegistration: (request) => this.registerBroker(request),
    BrokerHeartbeat: (request) => this.brokerHeartbeat(request),
    MetadataFetch: (request) => this.metadataFetch(request),
    AlterPartition: (request) =>
      this.orErrorResponse('AlterPartition', request, () => this.write(this.replication.alterPartition(request))),
    CreateTopics: (request) => this.write(this.topics.createTopics(request)),
    DeleteTopics: (request) => this.write(this.topics.deleteTopics(request)),
    CreatePartitions: (request) => this.write(this.topics.createPartitions(request)),
    AlterConfigs: (request) => this.write(this.configs.legacyAlterConfigs(request)),
    IncrementalAlterConfigs: (request) => this.write(this.configs.incrementalAlterConfigs(request)),
    ElectLeaders: (request) => this.write(this.replication.electLeaders(request)),
    AlterPartitionReassignments: (request) => this.write(this.replication.alterPartitionReassignments(request)),
    ListPartitionReassignments: (request) => this.replication.listPartitionReassignments(request),
    AllocateProducerIds: (request) =>
      this.orErrorResponse('AllocateProducerIds', request, () => this.write(allocateProducerIds(this.image, this.cluster, request))),
  };

  /** Cancels every timer and answers waiting metadata fetches; later requests fail with NOT_CONTROLLER. */
  close(): void {
    this.closed = true;
    this.fencing?.timer.cancel();
    this.fencing = undefined;
    this.imbalanceTimer?.cancel();
    this.uncleanElectionTimer?.cancel();
    for (const pending of this.pendingFetches) {
      pending.timer.cancel();
      pending.resolve(this.fetchResponse([]));
    }
    this.pendingFetches.clear();
  }

  /** For the APIs whose response has a place for the error (AbstractRequest.getErrorResponse). */
  private orErrorResponse<A extends ApiKey>(api: A, request: RequestOf<A>, command: () => ResponseOf<A>): ResponseOf<A> {
    try {
      return command();
    } catch (error) {
      if (error instanceof KafkaError) return errorResponse(api, request, error);
      throw error;
    }
  }

  private registerBroker(request: BrokerRegistrationRequest): BrokerRegistrationResponse {
    const nowMs = this.clock.now();
    const existing = this.image.brokers.get(request.brokerId);
    try {
      const record = this.cluster.registerBroker(request, this.log.endOffset, nowMs);
      let isrRemovals: MetadataRecord[];
      if (existing?.incarnationId !== request.incarnationId) {
        // A new process (ClusterControlManager.registerBroker): it shut down cleanly only if it offers
        // the broker epoch it had (KIP-966's previousBrokerEpoch); otherwise it leaves the ELRs too.
        const isCleanShutdown = existing !== undefined && request.previousBrokerEpoch === existing.brokerEpoch;
        isrRemovals = this.replication.handleBrokerShutdown(request.brokerId, isCleanShutdown);
      } else {
        // The same process registering again starts fenced, so it first leaves the ISRs it was in.
        isrRemovals = !existing.fenced ? this.replication.removeFromIsrs(request.brokerId) : [];
      }
      this.write({ records: [record, ...isrRemovals], response: undefined });
      this.heartbeats.register(request.brokerId, nowMs);
      return { errorCode: 0, errorMessage: null, brokerEpoch: record.brokerEpoch };
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      return errorResponse('BrokerRegistration', request, error);
    }
  }

  /** ReplicationControlManager.processBrokerHeartbeat. */
  private brokerHeartbeat(request: BrokerHeartbeatRequest): BrokerHeartbeatResponse {
    const nowMs = this.clock.now();
    const { brokerId, brokerEpoch } = request;
    try {
      this.cluster.checkBrokerEpoch(brokerId, brokerEpoch);
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      return errorResponse('BrokerHeartbeat', request, error);
    }
    const broker = this.image.brokers.get(brokerId)!;
    const { current, next } = this.heartbeats.calculateNextBrokerState(this.image, broker, request, nowMs, () =>
      this.replication.hasLeaderships(brokerId),
    );
    if (current !== next) {
      this.write({ records: this.transitionRecords(brokerId, brokerEpoch, current, next), response: undefined });
      if (next === 'CONTROLLED_SHUTDOWN') this.heartbeats.enterControlledShutdown(brokerId, this.image.highestOffset, nowMs);
      if (next === 'SHUTDOWN_NOW') this.heartbeats.markShutdownNow(brokerId, nowMs);
    }
    this.heartbeats.touch(brokerId, nowMs, request.currentMetadataOffset);
    return {
      errorCode: 0,
      isCaughtUp: request.currentMetadataOffset >= broker.brokerEpoch,
      isFenced: next === 'FENCED' || next === 'SHUTDOWN_NOW',
      shouldShutDown: next === 'SHUTDOWN_NOW',
    };
  }

  private transitionRecords(
    brokerId: number,
    brokerEpoch: number,
    current: BrokerControlState,
    next: BrokerControlState,
  ): MetadataRecord[] {
    switch (next) {
      case 'FENCED':
        return this.replication.handleBrokerFenced(brokerId, brokerEpoch);
      case 'UNFENCED':
        return this.replication.handleBrokerUnfenced(brokerId, brokerEpoch);
      case 'CONTROLLED_SHUTDOWN':
        return this.replication.handleBrokerInControlledShutdown(brokerId, brokerEpoch);
      case 'SHUTDOWN_NOW':
        // A fenced broker is already out of every ISR; anyone else is fenced on the way out.
        return current === 'FENCED' ? [] : this.replication.handleBrokerFenced(brokerId, brokerEpoch);
    }
  }

  private metadataFetch(request: MetadataFetchRequest): MetadataFetchResponse | Promise<MetadataFetchResponse> {
    const records = this.log.readFrom(request.fetchOffset, MAX_FETCH_RECORDS);
    if (records.length > 0 || request.maxWaitMs <= 0) return this.fetchResponse(records);
    return new Promise((resolve) => {
      const pending: PendingFetch = {
        fetchOffset: request.fetchOffset,
        resolve,
        timer: this.clock.schedule(request.maxWaitMs, () => {
          this.pendingFetches.delete(pending);
          resolve(this.fetchResponse([]));
        }),
      };
      this.pendingFetches.add(pending);
    });
  }

  private fetchResponse(records: MetadataLogEntry[]): MetadataFetchResponse {
    return { errorCode: 0, highWatermark: this.log.endOffset, records };
  }

  private answerFetches(): void {
    for (const pending of this.pendingFetches) {
      const records = this.log.readFrom(pending.fetchOffset, MAX_FETCH_RECORDS);
      if (records.length === 0) continue;
      pending.timer.cancel();
      this.pendingFetches.delete(pending);
      pending.resolve(this.fetchResponse(records));
    }
  }

  /** Runs commands one at a time, in arrival order, each to completion. */
  private enqueue<T>(command: () => T | Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new KafkaError('NOT_CONTROLLER'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(command());
        } catch (error) {
          reject(error);
        }
      });
      if (this.running) return;
      this.running = true;
      try {
        while (this.queue.length > 0) {
          this.queue.shift()!();
          if (!this.closed) this.scheduleTimers();
        }
      } finally {
        this.running = false;
      }
    });
  }

  /** A command started by a timer; nobody waits for its answer. */
  private runLater(command: () => void): void {
    if (!this.closed) void this.enqueue(command);
  }

  /** Appends a command's records, replays them into the image, then tells fetchers and listeners. */
  private write<T>(result: ControllerResult<T>): T {
    if (result.records.length > 0) {
      const entries = this.log.append(result.records, this.clock.now());
      for (const entry of entries) this.apply(entry);
      this.answerFetches();
      this.log.notify(entries);
    }
    return result.response;
  }

  /**
   * Counts elections on replay as ControllerMetricsChanges does: a new leader from the old ELR is an
   * election from eligible leader replicas (KIP-966), one from outside the old ISR and ELR is unclean.
   */
  private apply(entry: MetadataLogEntry): void {
    const change = this.image.apply(entry);
    if (change.kind === 'partition' && change.before !== undefined) {
      const { before, after } = change;
      if (after.leader === before.leader || after.leader === NO_LEADER || before.isr.includes(after.leader)) return;
      if (before.elr.includes(after.leader)) this.counters.electionsFromElr++;
      else this.counters.uncleanLeaderElections++;
    }
  }

  private scheduleTimers(): void {
    this.scheduleFencing();
    this.scheduleRebalance();
  }

  /** One timer, at the earliest session deadline; each firing fences at most one broker. */
  private scheduleFencing(): void {
    const nowMs = this.clock.now();
    const deadlineMs = this.heartbeats.nextSessionDeadlineMs(this.image, nowMs);
    if (deadlineMs === this.fencing?.deadlineMs) return;
    this.fencing?.timer.cancel();
    this.fencing = undefined;
    if (deadlineMs === undefined) return;
    const timer = this.clock.schedule(
      Math.max(0, deadlineMs - nowMs),
      () => {
        this.fencing = undefined;
        this.runLater(() => this.fenceOneStaleBroker());
      },
      `timer fired: broker.session.timeout.ms of broker ${[...this.image.brokers.values()].find((broker) => this.heartbeats.sessionDeadlineMs(broker) === deadlineMs)?.brokerId}`,
    );
    this.fencing = { deadlineMs, timer };
  }

  private fenceOneStaleBroker(): void {
    const brokerId = this.heartbeats.findStaleBroker(this.image, this.clock.now());
    if (brokerId === undefined) return;
    this.counters.timedOutBrokerHeartbeats++;
    this.write({
      records: this.replication.handleBrokerFenced(brokerId, this.image.brokers.get(brokerId)!.brokerEpoch),
      response: undefined,
    });
  }

  /** QuorumController.maybeScheduleNextBalancePartitionLeaders. */
  private scheduleRebalance(): void {
    const config = this.configs.brokerConfig();
    if (this.imbalance === 'SCHEDULED' || !config.bool('auto.leader.rebalance.enable')) return;
    if (!this.replication.hasImbalancedPartitions()) return;
    const delayMs =
      this.imbalance === 'DEFERRED' ? config.long('leader.imbalance.check.interval.seconds') * 1000 : IMMEDIATE_REBALANCE_DELAY_MS;
    this.imbalance = 'SCHEDULED';
    this.imbalanceTimer = this.clock.schedule(delayMs, () => {
      this.runLater(() => {
        const result = this.replication.maybeBalancePartitionLeaders(MAX_ELECTIONS_PER_IMBALANCE);
        this.write(result);
        this.imbalance = result.response ? 'IMMEDIATELY' : 'DEFERRED';
      });
    });
  }
}
