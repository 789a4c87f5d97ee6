/**
 * KIP-848's consumer group protocol from the member's side (Kafka's ConsumerMembershipManager and
 * HeartbeatRequestManager): one ConsumerGroupHeartbeat at the interval the coordinator names both
 * keeps the session and carries the assignment. The coordinator assigns (server-side assignors);
 * the member reconciles: it commits and stops fetching what left its assignment, takes what was
 * added, and acknowledges by reporting what it now owns in the next heartbeat, sent at once.
 * A fenced member loses its partitions and rejoins with epoch 0; leaving sends epoch -1
 * (-2 for a static member, which may come back).
 */
import type { Clock, Timer } from '../../core/clock';
import type { ConsumerGroupHeartbeatResponse, TopicPartitions as TopicIdPartitions } from '../../protocol/apis/groups';
import { KafkaError } from '../../protocol/errors';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import type { TopicPartition } from '../../protocol/topic-partition';
import type { ResolvedConsumerConfig } from './consumer-config';
import { CONSUMER_EVENTS, type ConsumerEventEmitter } from './consumer-events';
import type { CoordinatorClient } from './coordinator-client';
import { assignmentChange, type AssignmentListener, type GroupMembership } from './group-membership';
import type { GroupIdentity } from './group-offsets';
import { groupByTopic } from './subscription-state';

/** Topic names and the ids KIP-848 speaks in, from the consumer's metadata. */
export interface TopicIds {
  idOf(topic: string): string | undefined;
  nameOf(topicId: string): string | undefined;
  /** Refreshes metadata so an id the coordinator named becomes known. */
  refresh(): Promise<void>;
}

export interface ConsumerProtocolMembershipOptions {
  config: ResolvedConsumerConfig;
  coordinator: CoordinatorClient;
  clock: Clock;
  backoff: ExponentialBackoff;
  events: ConsumerEventEmitter;
  listener: AssignmentListener;
  topicIds: TopicIds;
}

const LEAVE_GROUP_EPOCH = -1;
const LEAVE_GROUP_STATIC_EPOCH = -2;
/** Errors after which the member cannot continue (ConsumerMembershipManager transitions to FATAL). */
const FATAL: ReadonlySet<string> = new Set([
  'UNRELEASED_INSTANCE_ID',
  'UNSUPPORTED_ASSIGNOR',
  'GROUP_MAX_SIZE_REACHED',
  'INVALID_REQUEST',
  'UNSUPPORTED_VERSION',
  'GROUP_AUTHORIZATION_FAILED',
  'FENCED_INSTANCE_ID',
]);

export class ConsumerProtocolMembership implements GroupMembership {
  memberId = '';
  memberEpoch = 0;
  readonly leaderId = '';
  private heartbeatIntervalMs: number;
  /** The assignment the coordinator last sent and the member has not reconciled yet. */
  private target: TopicIdPartitions[] | null = null;
  /** After a join, a fence or a failed request, the next heartbeat carries every field (HeartbeatRequestManager's sentFields reset). */
  private sendFull = true;
  private ownedSent: string | null = null;
  private timer: Timer | null = null;
  private inFlight = false;
  private heartbeatAgain = false;
  private active = false;
  private failures = 0;
  private fatal: KafkaError | null = null;
  private lastPollMs: number;
  private joinStartMs = 0;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly options: ConsumerProtocolMembershipOptions) {
    this.heartbeatIntervalMs = options.config.heartbeatIntervalMs;
    this.lastPollMs = options.clock.now();
  }

  identity(): GroupIdentity {
    return { memberId: this.memberId, generationIdOrMemberEpoch: this.memberEpoch, groupInstanceId: this.options.config.groupInstanceId };
  }

  polled(nowMs: number): void {
    this.lastPollMs = nowMs;
  }

  async ensureActiveGroup(isRunning: () => boolean): Promise<void> {
    if (!this.active) {
      this.active = true;
      this.joinStartMs = this.options.clock.now();
      this.heartbeatNow();
    }
    // Joined means the coordinator gave us an epoch and an assignment to start from.
    while (isRunning() && this.fatal === null && (this.memberEpoch <= 0 || this.target !== null)) {
      if (this.target !== null) await this.reconcile();
      else
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
        });
    }
    if (this.fatal !== null) throw this.fatal;
  }

  commitFailed(error: unknown): void {
    // STALE_MEMBER_EPOCH: the next heartbeat brings the current epoch; the next auto-commit uses it.
    if (error instanceof KafkaError && (error.type === 'UNKNOWN_MEMBER_ID' || error.type === 'FENCED_MEMBER_EPOCH')) this.fence();
  }

  async leave(): Promise<void> {
    this.stop();
    if (this.memberId === '' || this.memberEpoch < 0) return;
    const epoch = this.options.config.groupInstanceId === null ? LEAVE_GROUP_EPOCH : LEAVE_GROUP_STATIC_EPOCH;
    try {
      await this.options.coordinator.send('ConsumerGroupHeartbeat', this.request(epoch), (r) => r.errorCode);
    } catch {
      // Best effort: the session timeout removes a member whose leave was lost.
    }
    this.memberEpoch = epoch;
  }

  /** Stops heartbeating (also when the consumer stops without leaving). */
  stop(): void {
    this.active = false;
    this.timer?.cancel();
    this.timer = null;
    this.wake();
  }

  /**
   * ConsumerMembershipManager.reconcile: revoke (commit, then stop fetching) what left the
   * assignment, take what was added once the coordinator let us own it, then acknowledge.
   */
  private async reconcile(): Promise<void> {
    const { listener, topicIds, events, config, clock } = this.options;
    const target = this.target!;
    if (target.some((t) => topicIds.nameOf(t.topicId) === undefined)) await topicIds.refresh();
    // A topic id still unknown stays pending; the rest can be reconciled now.
    const assigned: TopicPartition[] = target.flatMap((t) => {
      const topic = topicIds.nameOf(t.topicId);
      return topic === undefined ? [] : t.partitions.map((partition) => ({ topic, partition }));
    });
    const { revoked, added } = assignmentChange(listener.owned(), assigned);
    if (revoked.length > 0) await listener.revoke(revoked);
    // A newer assignment may have arrived while committing; reconcile that one next.
    if (this.target === target) this.target = null;
    listener.assign(added);
    this.heartbeatNow();
    events.emit(CONSUMER_EVENTS.GROUP_JOIN, {
      groupId: config.groupId,
      memberId: this.memberId,
      leaderId: '',
      isLeader: false,
      memberAssignment: Object.fromEntries(groupByTopic(listener.owned()).map(({ topic, partitions }) => [topic, partitions])),
      groupProtocol: config.groupRemoteAssignor ?? 'consumer',
      duration: clock.now() - this.joinStartMs,
    });
    this.joinStartMs = clock.now();
  }

  /** Sends a heartbeat now, or right after the one in flight (an acknowledgement must not wait an interval). */
  private heartbeatNow(): void {
    if (!this.active) return;
    if (this.inFlight) {
      this.heartbeatAgain = true;
      return;
    }
    this.timer?.cancel();
    this.timer = null;
    void this.heartbeat();
  }

  private schedule(delayMs: number): void {
    this.timer?.cancel();
    this.timer = this.options.clock.schedule(delayMs, () => {
      this.timer = null;
      void this.heartbeat();
    });
  }

  private request(memberEpoch: number) {
    const { config, listener, topicIds } = this.options;
    const owned = this.ownedPartitions(listener.owned(), topicIds);
    const ownedChanged = JSON.stringify(owned) !== this.ownedSent;
    const full = this.sendFull || memberEpoch === 0;
    return {
      groupId: config.groupId,
      memberId: this.memberId,
      memberEpoch,
      instanceId: config.groupInstanceId,
      rackId: config.rackId,
      rebalanceTimeoutMs: full ? config.rebalanceTimeoutMs : -1,
      subscribedTopicNames: full ? listener.subscribedTopics() : null,
      serverAssignor: full ? config.groupRemoteAssignor : null,
      topicPartitions: full || ownedChanged ? owned : null,
    };
  }

  private ownedPartitions(owned: TopicPartition[], topicIds: TopicIds): TopicIdPartitions[] {
    return groupByTopic(owned).flatMap(({ topic, partitions }) => {
      const topicId = topicIds.idOf(topic);
      return topicId === undefined ? [] : [{ topicId, partitions }];
    });
  }

  private async heartbeat(): Promise<void> {
    const { clock, config, coordinator, events, listener } = this.options;
    if (!this.active || this.inFlight) return;
    if (this.memberEpoch > 0 && clock.now() - this.lastPollMs > config.rebalanceTimeoutMs) {
      // The poll timeout expired: leave, give up our partitions, and rejoin on the next poll.
      await this.leave();
      listener.lose(listener.owned());
      this.memberEpoch = 0;
      this.sendFull = true;
      this.wake();
      return;
    }
    this.inFlight = true;
    const request = this.request(this.memberEpoch);
    let response: ConsumerGroupHeartbeatResponse | null = null;
    try {
      response = await coordinator.send('ConsumerGroupHeartbeat', request, (r) => r.errorCode);
    } catch {
      // The coordinator moved or did not answer (CoordinatorClient already forgot it).
    }
    this.inFlight = false;
    if (!this.active) return;
    if (response === null || response.errorCode !== 0) {
      this.onHeartbeatError(response === null ? null : KafkaError.fromCode(response.errorCode, response.errorMessage));
      return;
    }
    this.failures = 0;
    this.sendFull = false;
    if (request.topicPartitions !== null) this.ownedSent = JSON.stringify(request.topicPartitions);
    if (response.memberId !== null && response.memberId !== '') this.memberId = response.memberId;
    this.memberEpoch = response.memberEpoch;
    this.heartbeatIntervalMs = response.heartbeatIntervalMs > 0 ? response.heartbeatIntervalMs : this.heartbeatIntervalMs;
    if (response.assignment !== null) this.target = response.assignment.topicPartitions;
    events.emit(CONSUMER_EVENTS.HEARTBEAT, { groupId: config.groupId, memberId: this.memberId, groupGenerationId: this.memberEpoch });
    if (this.heartbeatAgain) {
      this.heartbeatAgain = false;
      this.heartbeatNow();
    } else {
      this.schedule(this.heartbeatIntervalMs);
    }
    this.wake();
  }

  private onHeartbeatError(error: KafkaError | null): void {
    const { backoff } = this.options;
    this.sendFull = true;
    if (error !== null && (error.type === 'FENCED_MEMBER_EPOCH' || error.type === 'UNKNOWN_MEMBER_ID')) {
      this.fence();
      return;
    }
    if (error !== null && FATAL.has(error.type)) {
      this.fatal = error;
      this.stop();
      return;
    }
    this.heartbeatAgain = false;
    this.schedule(Math.min(this.heartbeatIntervalMs, backoff.backoffMs(this.failures++)));
    // Lets a poll loop waiting to join notice that the consumer stopped meanwhile.
    this.wake();
  }

  /** The coordinator fenced us: our partitions may already be someone else's, so drop them without committing and rejoin with epoch 0. */
  private fence(): void {
    const { listener } = this.options;
    listener.lose(listener.owned());
    this.memberEpoch = 0;
    this.target = null;
    this.sendFull = true;
    this.joinStartMs = this.options.clock.now();
    this.heartbeatNow();
    this.wake();
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}
