/**
 * Broker sessions, like Kafka's BrokerHeartbeatManager: when each broker was last heard from, how
 * far it has read the metadata log, and where its controlled shutdown stands. This is soft state,
 * never written to the metadata log; after a replay (page reload) every session starts fresh.
 */
import type { BrokerHeartbeatRequest } from '../protocol/apis/kraft';
import type { BrokerRegistration, MetadataImage } from '../protocol/metadata-image';
import { isActiveBroker } from '../protocol/metadata-image';

/** BrokerControlState: FENCED -> UNFENCED -> CONTROLLED_SHUTDOWN -> SHUTDOWN_NOW. */
export type BrokerControlState = 'FENCED' | 'UNFENCED' | 'CONTROLLED_SHUTDOWN' | 'SHUTDOWN_NOW';

export interface BrokerControlStates {
  current: BrokerControlState;
  next: BrokerControlState;
}

interface BrokerHeartbeatState {
  lastContactMs: number;
  /** The last metadata offset the broker reported having applied, -1 before its first heartbeat. */
  metadataOffset: number;
  /** The offset of the last record written when it entered controlled shutdown, -1 when it has not. */
  controlledShutdownOffset: number;
  shutdownNow: boolean;
}

/** What the controller last heard from a broker: its heartbeat's time and the metadata offset it had applied. */
export interface BrokerContact {
  brokerId: number;
  lastContactMs: number;
  metadataOffset: number;
}

export class BrokerHeartbeatManager {
  private readonly states = new Map<number, BrokerHeartbeatState>();

  constructor(private readonly sessionTimeoutMs: number) {}

  /** A (re-)registration starts a new session. */
  register(brokerId: number, nowMs: number): void {
    this.states.set(brokerId, { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1, shutdownNow: false });
  }

  touch(brokerId: number, nowMs: number, metadataOffset: number): void {
    const state = this.state(brokerId, nowMs);
    state.lastContactMs = nowMs;
    state.metadataOffset = metadataOffset;
  }

  /** Each broker's last heartbeat and the metadata offset it reported applying, for watchers. */
  contacts(): BrokerContact[] {
    return [...this.states].map(([brokerId, { lastContactMs, metadataOffset }]) => ({ brokerId, lastContactMs, metadataOffset }));
  }

  remove(brokerId: number): void {
    this.states.delete(brokerId);
  }

  /**
   * Only an unfenced broker that heartbeated within the session timeout holds a session; a
   * registration from another incarnation is refused while it does.
   */
  hasValidSession(broker: BrokerRegistration, nowMs: number): boolean {
    return !broker.fenced && !this.isExpired(broker.brokerId, nowMs);
  }

  /** When an unfenced broker's session runs out unless it heartbeats again; undefined for a fenced one. */
  sessionDeadlineMs(broker: BrokerRegistration): number | undefined {
    const state = this.states.get(broker.brokerId);
    return broker.fenced || state === undefined ? undefined : state.lastContactMs + this.sessionTimeoutMs;
  }

  /** When the earliest session of an unfenced broker runs out, or undefined if none can. */
  nextSessionDeadlineMs(image: MetadataImage, nowMs: number): number | undefined {
    let deadline: number | undefined;
    for (const broker of image.brokers.values()) {
      if (broker.fenced) continue;
      const expiresMs = this.state(broker.brokerId, nowMs).lastContactMs + this.sessionTimeoutMs;
      deadline = deadline === undefined ? expiresMs : Math.min(deadline, expiresMs);
    }
    return deadline;
  }

  /** The unfenced broker silent the longest, if its session has run out (one per fencing event). */
  findStaleBroker(image: MetadataImage, nowMs: number): number | undefined {
    let stale: { brokerId: number; lastContactMs: number } | undefined;
    for (const broker of image.brokers.values()) {
      if (broker.fenced || !this.isExpired(broker.brokerId, nowMs)) continue;
      const { lastContactMs } = this.state(broker.brokerId, nowMs);
      if (stale === undefined || lastContactMs < stale.lastContactMs) stale = { brokerId: broker.brokerId, lastContactMs };
    }
    return stale?.brokerId;
  }

  currentState(broker: BrokerRegistration, nowMs: number): BrokerControlState {
    if (this.state(broker.brokerId, nowMs).shutdownNow) return 'SHUTDOWN_NOW';
    if (broker.fenced) return 'FENCED';
    return broker.inControlledShutdown ? 'CONTROLLED_SHUTDOWN' : 'UNFENCED';
  }

  /** BrokerHeartbeatManager.calculateNextBrokerState. */
  calculateNextBrokerState(
    image: MetadataImage,
    broker: BrokerRegistration,
    request: BrokerHeartbeatRequest,
    nowMs: number,
    hasLeaderships: () => boolean,
  ): BrokerControlStates {
    const current = this.currentState(broker, nowMs);
    const to = (next: BrokerControlState): BrokerControlStates => ({ current, next });
    switch (current) {
      case 'FENCED':
        if (request.wantShutDown) return to('SHUTDOWN_NOW');
        // Unfence only once the broker has read its own registration: it then knows every
        // partition assignment it must serve.
        if (!request.wantFence && request.currentMetadataOffset >= broker.brokerEpoch) return to('UNFENCED');
        return to('FENCED');
      case 'UNFENCED':
        if (request.wantFence) return to(request.wantShutDown ? 'SHUTDOWN_NOW' : 'FENCED');
        if (request.wantShutDown) return to(hasLeaderships() ? 'CONTROLLED_SHUTDOWN' : 'SHUTDOWN_NOW');
        return to('UNFENCED');
      case 'CONTROLLED_SHUTDOWN': {
        if (hasLeaderships()) return to('CONTROLLED_SHUTDOWN');
        // Wait until every active broker has seen the leadership moves, so none still sends to it.
        const { controlledShutdownOffset } = this.state(broker.brokerId, nowMs);
        return to(controlledShutdownOffset <= this.lowestActiveOffset(image, nowMs) ? 'SHUTDOWN_NOW' : 'CONTROLLED_SHUTDOWN');
      }
      case 'SHUTDOWN_NOW':
        return to('SHUTDOWN_NOW');
    }
  }

  /** `offset`: the last record that moved the broker's leaderships away. */
  enterControlledShutdown(brokerId: number, offset: number, nowMs: number): void {
    const state = this.state(brokerId, nowMs);
    if (state.controlledShutdownOffset < 0) state.controlledShutdownOffset = offset;
  }

  /** In controlled shutdown or told to shut down: no new replicas go to it (BrokerHeartbeatState.shuttingDown). */
  isShuttingDown(brokerId: number): boolean {
    const state = this.states.get(brokerId);
    return state !== undefined && (state.shutdownNow || state.controlledShutdownOffset >= 0);
  }

  markShutdownNow(brokerId: number, nowMs: number): void {
    this.state(brokerId, nowMs).shutdownNow = true;
  }

  private lowestActiveOffset(image: MetadataImage, nowMs: number): number {
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const broker of image.brokers.values()) {
      if (isActiveBroker(broker)) lowest = Math.min(lowest, this.state(broker.brokerId, nowMs).metadataOffset);
    }
    return lowest;
  }

  private isExpired(brokerId: number, nowMs: number): boolean {
    return nowMs >= this.state(brokerId, nowMs).lastContactMs + this.sessionTimeoutMs;
  }

  /** A registered broker with no state yet (the controller just replayed the log) starts its session now. */
  private state(brokerId: number, nowMs: number): BrokerHeartbeatState {
    let state = this.states.get(brokerId);
    if (state === undefined) {
      state = { lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1, shutdownNow: false };
      this.states.set(brokerId, state);
    }
    return state;
  }
}
