/**
 * The broker's side of KRaft membership, after Kafka's BrokerLifecycleManager: register with a
 * fresh incarnation id, heartbeat every broker.heartbeat.interval.ms, follow the state the
 * controller answers with (STARTING -> RECOVERY -> RUNNING, and PENDING_CONTROLLED_SHUTDOWN ->
 * SHUTDOWN on the way out), and back off exponentially when a request fails.
 */
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import { randomUuid } from '../core/uuid';
import type { BrokerConfig } from '../protocol/configs';
import type { BrokerHeartbeatResponse, BrokerRegistrationResponse, Listener } from '../protocol/apis/kraft';
import { errorName } from '../protocol/errors';
import { CONTROLLER_ADDRESS, type Transport } from '../protocol/rpc';

export type BrokerState = 'starting' | 'recovery' | 'fenced' | 'running' | 'pending-controlled-shutdown' | 'shutdown' | 'killed';

export interface BrokerLifecycleOptions {
  brokerId: number;
  clusterId: string;
  rack: string | null;
  listeners: Listener[];
  clock: Clock;
  random: Random;
  transport: Transport;
  config: BrokerConfig;
  isAlive(): boolean;
  /** The offset of the last metadata record applied (the heartbeat's currentMetadataOffset). */
  metadataOffset(): number;
  /** Logs loaded and metadata published: the broker may ask to be unfenced. */
  readyToUnfence(): boolean;
  onStateChange(state: BrokerState): void;
}

/** After the first heartbeats the next comes sooner, so an idle start is quick (BrokerLifecycleManager). */
const STARTING_HEARTBEAT_DELAY_MS = 10;
const FIRST_SHUTDOWN_HEARTBEAT_DELAY_MS = 50;
/** ExponentialBackoff(100, 2, broker.session.timeout.ms / 2, 0.02) */
const INITIAL_BACKOFF_MS = 100;
const BACKOFF_JITTER = 0.02;

export class BrokerLifecycleManager {
  readonly incarnationId: string;
  private currentState: BrokerState = 'starting';
  private epoch = -1;
  private registered = false;
  private failedAttempts = 0;
  private timer: Timer | null = null;
  private inFlight = false;
  private gotShutdownResponse = false;
  /** Why the last registration or heartbeat failed, for a start that takes too long to explain itself. */
  private failure: string | null = null;
  private stopped = false;
  private readonly unfenced: { promise: Promise<void>; resolve: () => void };
  private readonly shutdownAllowed: { promise: Promise<void>; resolve: () => void };

  constructor(private readonly options: BrokerLifecycleOptions) {
    this.incarnationId = randomUuid(options.random);
    this.unfenced = deferred();
    this.shutdownAllowed = deferred();
  }

  get state(): BrokerState {
    return this.currentState;
  }

  /** The epoch of the accepted registration, -1 before. */
  get brokerEpoch(): number {
    return this.epoch;
  }

  /** Why the last registration or heartbeat failed, or null if the last one succeeded. */
  get lastFailure(): string | null {
    return this.failure;
  }

  /** Resolves once the controller has unfenced the broker for the first time. */
  get whenUnfenced(): Promise<void> {
    return this.unfenced.promise;
  }

  start(): void {
    this.scheduleNext(0);
  }

  /** Heartbeats with wantShutDown=true; resolves when the controller answers shouldShutDown. */
  beginControlledShutdown(): Promise<void> {
    if (this.currentState !== 'shutdown' && this.currentState !== 'killed') {
      this.setState('pending-controlled-shutdown');
      if (!this.inFlight) this.scheduleNext(0);
    }
    return this.shutdownAllowed.promise;
  }

  stop(state: 'shutdown' | 'killed'): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.setState(state);
  }

  private active(): boolean {
    return !this.stopped && this.options.isAlive();
  }

  private setState(state: BrokerState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.onStateChange(state);
  }

  private scheduleNext(delayMs: number): void {
    this.timer?.cancel();
    this.timer = this.options.clock.schedule(delayMs, () => {
      this.timer = null;
      void this.communicate();
    });
  }

  private scheduleAfterSuccess(): void {
    this.failedAttempts = 0;
    this.scheduleNext(this.options.config.int('broker.heartbeat.interval.ms'));
  }

  private scheduleAfterFailure(): void {
    const maxMs = this.options.config.int('broker.session.timeout.ms') / 2;
    const base = Math.min(maxMs, INITIAL_BACKOFF_MS * 2 ** this.failedAttempts);
    const jitter = 1 - BACKOFF_JITTER + this.options.random.next() * 2 * BACKOFF_JITTER;
    this.failedAttempts++;
    this.scheduleNext(Math.round(base * jitter));
  }

  private async communicate(): Promise<void> {
    if (!this.active() || this.inFlight) return;
    this.inFlight = true;
    try {
      if (this.registered) await this.sendHeartbeat();
      else await this.sendRegistration();
    } finally {
      this.inFlight = false;
    }
  }

  private async sendRegistration(): Promise<void> {
    const { options } = this;
    let response: BrokerRegistrationResponse;
    try {
      response = await options.transport.request(
        CONTROLLER_ADDRESS,
        'BrokerRegistration',
        {
          brokerId: options.brokerId,
          clusterId: options.clusterId,
          incarnationId: this.incarnationId,
          listeners: options.listeners,
          rack: options.rack,
          previousBrokerEpoch: -1,
        },
        options.config.int('request.timeout.ms'),
      );
    } catch (error) {
      this.failure = `BrokerRegistration: ${describeError(error)}`;
      if (this.active()) this.scheduleAfterFailure();
      return;
    }
    if (!this.active()) return;
    if (response.errorCode !== 0) {
      this.failure = `BrokerRegistration: ${errorName(response.errorCode)}`;
      this.scheduleAfterFailure();
      return;
    }
    this.failure = null;
    this.registered = true;
    this.epoch = response.brokerEpoch;
    this.failedAttempts = 0;
    this.scheduleNext(0);
  }

  private async sendHeartbeat(): Promise<void> {
    const { options } = this;
    const wantShutDown = this.currentState === 'pending-controlled-shutdown';
    let response: BrokerHeartbeatResponse;
    try {
      // KAFKA-14392: a heartbeat times out after half a session, so one lost answer cannot cost the session.
      response = await options.transport.request(
        CONTROLLER_ADDRESS,
        'BrokerHeartbeat',
        {
          brokerId: options.brokerId,
          brokerEpoch: this.epoch,
          currentMetadataOffset: options.metadataOffset(),
          wantFence: !options.readyToUnfence(),
          wantShutDown,
        },
        options.config.int('broker.session.timeout.ms') / 2,
      );
    } catch (error) {
      this.failure = `BrokerHeartbeat: ${describeError(error)}`;
      if (this.active()) this.scheduleAfterFailure();
      return;
    }
    if (!this.active()) return;
    const error = errorName(response.errorCode);
    this.failure = error === 'NONE' ? null : `BrokerHeartbeat: ${error}`;
    if (error === 'STALE_BROKER_EPOCH' || error === 'BROKER_ID_NOT_REGISTERED') {
      // The controller no longer knows this registration: register again, in the same incarnation.
      this.registered = false;
      this.scheduleAfterFailure();
      return;
    }
    if (error !== 'NONE') {
      this.scheduleAfterFailure();
      return;
    }
    this.handleHeartbeatResponse(response);
  }

  private handleHeartbeatResponse(response: BrokerHeartbeatResponse): void {
    switch (this.currentState) {
      case 'starting':
        if (response.isCaughtUp) this.setState('recovery');
        this.failedAttempts = 0;
        this.scheduleNext(STARTING_HEARTBEAT_DELAY_MS);
        return;
      case 'recovery':
      case 'fenced':
        if (!response.isFenced) {
          this.setState('running');
          this.unfenced.resolve();
        }
        this.scheduleAfterSuccess();
        return;
      case 'running':
        // Fenced while running: the session lapsed (say, a network partition); heartbeats continue.
        if (response.isFenced) this.setState('fenced');
        this.scheduleAfterSuccess();
        return;
      case 'pending-controlled-shutdown':
        if (response.shouldShutDown) {
          this.shutdownAllowed.resolve();
          return;
        }
        if (this.gotShutdownResponse) this.scheduleAfterSuccess();
        else this.scheduleNext(FIRST_SHUTDOWN_HEARTBEAT_DELAY_MS);
        this.gotShutdownResponse = true;
        return;
      case 'shutdown':
      case 'killed':
        return;
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${(error as { type?: string }).type ?? error.name}: ${error.message}` : String(error);
}
