/**
 * The classic group protocol from the member's side (Kafka's AbstractCoordinator and
 * ConsumerCoordinator): JoinGroup, the leader runs the assignor and sends every assignment in
 * SyncGroup, then a heartbeat every heartbeat.interval.ms keeps the session.
 *
 * EAGER (any assignor in the list lacks COOPERATIVE, so the default [range, cooperative-sticky]):
 * every owned partition is committed and revoked before rejoining. COOPERATIVE: the member keeps
 * its partitions, sends them as ownedPartitions, revokes only what its new assignment lacks and
 * then rejoins at once, so the partitions it released are handed out in a second round
 * (ConsumerCoordinator.onJoinPrepare and onJoinComplete; KIP-429).
 */
import type { Clock, Timer } from '../../core/clock';
import type { JoinGroupResponse } from '../../protocol/apis/groups';
import { KafkaError } from '../../protocol/errors';
import {
  CONSUMER_PROTOCOL_TYPE,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../protocol/consumer-protocol';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep } from '../cluster/retry';
import type { ConsumerPartitionAssignor, MemberSubscription, RebalanceProtocol } from './assignors/assignor';
import type { TopicPartition } from '../../protocol/topic-partition';
import type { ResolvedConsumerConfig } from './consumer-config';
import { CONSUMER_EVENTS, type ConsumerEventEmitter } from './consumer-events';
import type { CoordinatorClient } from './coordinator-client';
import { assignmentChange, type AssignmentListener, type GroupMembership } from './group-membership';
import type { GroupIdentity } from './group-offsets';
import { groupByTopic } from './subscription-state';

export interface ClassicMembershipOptions {
  config: ResolvedConsumerConfig;
  coordinator: CoordinatorClient;
  cluster: Cluster;
  clock: Clock;
  backoff: ExponentialBackoff;
  assignors: ConsumerPartitionAssignor[];
  protocol: RebalanceProtocol;
  events: ConsumerEventEmitter;
  listener: AssignmentListener;
}

const NO_GENERATION = -1;
/** AbstractCoordinator gives JoinGroup this much beyond the rebalance timeout before it times out. */
const JOIN_GROUP_TIMEOUT_EXTRA_MS = 5000;

/** What a JoinGroup or SyncGroup answer asks the member to do next. */
type Retry = 'rejoin' | 'backoff';

export class ClassicMembership implements GroupMembership {
  memberId = '';
  leaderId = '';
  generationId = NO_GENERATION;
  protocolName: string | null = null;
  private rejoinNeeded = true;
  private joinedOnce = false;
  private heartbeatTimer: Timer | null = null;
  private lastPollMs: number;
  private fatal: KafkaError | null = null;

  constructor(private readonly options: ClassicMembershipOptions) {
    this.lastPollMs = options.clock.now();
  }

  identity(): GroupIdentity {
    return { memberId: this.memberId, generationIdOrMemberEpoch: this.generationId, groupInstanceId: this.options.config.groupInstanceId };
  }

  polled(nowMs: number): void {
    this.lastPollMs = nowMs;
  }

  async ensureActiveGroup(isRunning: () => boolean): Promise<void> {
    for (let attempts = 0; this.rejoinNeeded && isRunning();) {
      if (this.fatal !== null) throw this.fatal;
      const outcome = await this.joinAndSync(isRunning).catch((error: unknown): Retry => {
        if (error instanceof KafkaError && error.retriable) return 'backoff';
        throw error;
      });
      if (outcome === 'backoff') await sleep(this.options.clock, this.options.backoff.backoffMs(attempts++));
      else attempts = 0;
    }
    if (this.fatal !== null) throw this.fatal;
  }

  commitFailed(error: unknown): void {
    if (!(error instanceof KafkaError)) return;
    if (error.type === 'UNKNOWN_MEMBER_ID' || error.type === 'ILLEGAL_GENERATION') this.resetGeneration(error.type === 'UNKNOWN_MEMBER_ID');
    else if (error.type === 'REBALANCE_IN_PROGRESS') this.rejoinNeeded = true;
    else if (error.type === 'FENCED_INSTANCE_ID') this.fatal = error;
  }

  async leave(): Promise<void> {
    this.stopHeartbeats();
    // KIP-345: a static member does not leave on close; only its session timeout removes it.
    if (this.options.config.groupInstanceId === null && this.memberId !== '') await this.sendLeaveGroup('the consumer is being closed');
    this.memberId = '';
    this.generationId = NO_GENERATION;
    this.rejoinNeeded = true;
  }

  /** One JoinGroup + SyncGroup round; 'rejoin' when the answer asks for another round at once, 'backoff' after a wait. */
  private async joinAndSync(isRunning: () => boolean): Promise<Retry | void> {
    const { config, coordinator, listener, events, clock } = this.options;
    this.stopHeartbeats();
    await this.onJoinPrepare();
    if (!isRunning()) return;
    if (this.joinedOnce) events.emit(CONSUMER_EVENTS.REBALANCING, { groupId: config.groupId, memberId: this.memberId });
    const startMs = clock.now();
    const owned = listener.owned();
    const topics = listener.subscribedTopics();
    const join = await coordinator.send(
      'JoinGroup',
      {
        groupId: config.groupId,
        sessionTimeoutMs: config.sessionTimeoutMs,
        rebalanceTimeoutMs: config.rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: config.groupInstanceId,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: this.options.assignors.map((assignor) => ({
          name: assignor.name,
          metadata: encodeSubscription({
            topics,
            userData: assignor.subscriptionUserData(topics),
            ownedPartitions: owned,
            generationId: this.generationId,
            rackId: config.rackId,
          }),
        })),
        reason: this.joinedOnce ? 'rebalance' : null,
      },
      (r) => r.errorCode,
      config.rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_EXTRA_MS,
    );
    const joinRetry = this.handleJoinError(join);
    if (joinRetry !== undefined) return joinRetry;
    this.generationId = join.generationId;
    this.memberId = join.memberId;
    this.leaderId = join.leader;
    this.protocolName = join.protocolName;
    const assignments = join.leader === join.memberId ? await this.assign(join) : [];
    const sync = await coordinator.send(
      'SyncGroup',
      {
        groupId: config.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: config.groupInstanceId,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocolName: this.protocolName,
        assignments,
      },
      (r) => r.errorCode,
    );
    if (sync.errorCode !== 0) return this.handleSyncError(KafkaError.fromCode(sync.errorCode));
    const { partitions } = decodeAssignment(sync.assignment);
    this.options.assignors.find((a) => a.name === this.protocolName)?.onAssignment?.(partitions, this.generationId);
    await this.onJoinComplete(partitions, startMs);
  }

  /** ConsumerCoordinator.onJoinPrepare: a lost generation loses its partitions; EAGER commits and revokes them all. */
  private async onJoinPrepare(): Promise<void> {
    const { listener } = this.options;
    const owned = listener.owned();
    if (owned.length === 0) return;
    if (this.generationId === NO_GENERATION) listener.lose(owned);
    else if (this.options.protocol === 'EAGER') await listener.revoke(owned);
  }

  private handleJoinError(join: JoinGroupResponse): Retry | undefined {
    if (join.errorCode === 0) return undefined;
    const error = KafkaError.fromCode(join.errorCode);
    switch (error.type) {
      case 'MEMBER_ID_REQUIRED':
        // KIP-394: the coordinator named our member id; join again with it straight away.
        this.memberId = join.memberId;
        return 'rejoin';
      case 'UNKNOWN_MEMBER_ID':
        this.resetGeneration(true);
        return 'backoff';
      case 'ILLEGAL_GENERATION':
        this.resetGeneration(false);
        return 'backoff';
      case 'REBALANCE_IN_PROGRESS':
      case 'COORDINATOR_LOAD_IN_PROGRESS':
        return 'backoff';
      default:
        throw error;
    }
  }

  private handleSyncError(error: KafkaError): Retry {
    switch (error.type) {
      case 'REBALANCE_IN_PROGRESS':
        return 'rejoin';
      case 'UNKNOWN_MEMBER_ID':
      case 'ILLEGAL_GENERATION':
        this.resetGeneration(error.type === 'UNKNOWN_MEMBER_ID');
        return 'backoff';
      default:
        if (error.retriable) return 'backoff';
        throw error;
    }
  }

  /** The leader's part (ConsumerCoordinator.onLeaderElected): run the chosen assignor over every member's subscription. */
  private async assign(join: JoinGroupResponse): Promise<{ memberId: string; assignment: Uint8Array }[]> {
    const { cluster, assignors } = this.options;
    const assignor = assignors.find((a) => a.name === join.protocolName);
    if (assignor === undefined)
      throw new KafkaError('INCONSISTENT_GROUP_PROTOCOL', `Coordinator selected invalid assignment protocol: ${join.protocolName}`);
    const members: MemberSubscription[] = join.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      subscription: decodeSubscription(m.metadata),
    }));
    const allTopics = [...new Set(members.flatMap((m) => m.subscription.topics))].sort();
    await cluster.refreshMetadata(allTopics, this.options.config.allowAutoTopicCreation);
    const partitionsPerTopic = new Map<string, number>();
    for (const topic of allTopics) {
      const partitions = cluster.partitions(topic);
      if (partitions !== undefined) partitionsPerTopic.set(topic, partitions.length);
    }
    const result = assignor.assign(partitionsPerTopic, members);
    return members.map(({ memberId }) => ({
      memberId,
      assignment: encodeAssignment({ partitions: result.get(memberId) ?? [], userData: null }),
    }));
  }

  /** ConsumerCoordinator.onJoinComplete. */
  private async onJoinComplete(assigned: TopicPartition[], startMs: number): Promise<void> {
    const { listener, events, config, clock } = this.options;
    const subscribed = new Set(listener.subscribedTopics());
    const unsubscribed = [...new Set(assigned.map((tp) => tp.topic).filter((topic) => !subscribed.has(topic)))];
    if (unsubscribed.length > 0) {
      events.emit(CONSUMER_EVENTS.RECEIVED_UNSUBSCRIBED_TOPICS, {
        groupId: config.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        assignedTopics: [...new Set(assigned.map((tp) => tp.topic))],
        topicsSubscribed: [...subscribed],
        topicsNotSubscribed: unsubscribed,
      });
    }
    const target = assigned.filter((tp) => subscribed.has(tp.topic));
    const { revoked, added } = assignmentChange(listener.owned(), target);
    this.rejoinNeeded = false;
    if (revoked.length > 0) {
      await listener.revoke(revoked);
      // COOPERATIVE: what we released goes to its new owner in the next round, which we start now.
      if (this.options.protocol === 'COOPERATIVE') this.rejoinNeeded = true;
    }
    listener.assign(added);
    this.joinedOnce = true;
    this.startHeartbeats();
    events.emit(CONSUMER_EVENTS.GROUP_JOIN, {
      groupId: config.groupId,
      memberId: this.memberId,
      leaderId: this.leaderId,
      isLeader: this.leaderId === this.memberId,
      memberAssignment: Object.fromEntries(groupByTopic(listener.owned()).map(({ topic, partitions }) => [topic, partitions])),
      groupProtocol: this.protocolName,
      duration: clock.now() - startMs,
    });
  }

  /** AbstractCoordinator.resetGenerationOnResponseError: the member must rejoin, and lose what it owns. */
  private resetGeneration(forgetMemberId: boolean): void {
    this.generationId = NO_GENERATION;
    if (forgetMemberId) this.memberId = '';
    this.rejoinNeeded = true;
    this.stopHeartbeats();
  }

  private startHeartbeats(): void {
    this.stopHeartbeats();
    this.heartbeatTimer = this.options.clock.schedule(this.options.config.heartbeatIntervalMs, () => void this.heartbeat(0));
  }

  private stopHeartbeats(): void {
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = null;
  }

  /** AbstractCoordinator.HeartbeatThread: one heartbeat, then the next one scheduled unless the session ended. */
  private async heartbeat(failures: number): Promise<void> {
    const { clock, config, coordinator, events, backoff } = this.options;
    const timer = this.heartbeatTimer;
    if (clock.now() - this.lastPollMs > config.rebalanceTimeoutMs) {
      // Kafka's "consumer poll timeout has expired": leave so the group can rebalance without us.
      this.stopHeartbeats();
      if (this.options.config.groupInstanceId === null) await this.sendLeaveGroup('consumer poll timeout has expired.');
      this.resetGeneration(true);
      return;
    }
    let errorType: string;
    try {
      const response = await coordinator.send(
        'Heartbeat',
        {
          groupId: config.groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          groupInstanceId: config.groupInstanceId,
        },
        (r) => r.errorCode,
      );
      errorType = KafkaError.fromCode(response.errorCode).type;
    } catch {
      // The coordinator moved or did not answer (CoordinatorClient already forgot it): try again soon.
      errorType = 'RETRY';
    }
    // A rejoin or stop replaced this heartbeat loop while the request was out.
    if (this.heartbeatTimer !== timer) return;
    const next = (delayMs: number, nextFailures: number) => {
      this.heartbeatTimer = clock.schedule(delayMs, () => void this.heartbeat(nextFailures));
    };
    switch (errorType) {
      case 'NONE':
        events.emit(CONSUMER_EVENTS.HEARTBEAT, { groupId: config.groupId, memberId: this.memberId, groupGenerationId: this.generationId });
        next(config.heartbeatIntervalMs, 0);
        return;
      case 'REBALANCE_IN_PROGRESS':
        // Keep heartbeating (the coordinator still counts them) until the poll loop rejoins.
        this.rejoinNeeded = true;
        next(config.heartbeatIntervalMs, 0);
        return;
      case 'UNKNOWN_MEMBER_ID':
      case 'ILLEGAL_GENERATION':
        this.resetGeneration(errorType === 'UNKNOWN_MEMBER_ID');
        return;
      case 'FENCED_INSTANCE_ID':
        this.fatal = new KafkaError('FENCED_INSTANCE_ID');
        this.stopHeartbeats();
        return;
      default:
        next(Math.min(config.heartbeatIntervalMs, backoff.backoffMs(failures)), failures + 1);
    }
  }

  private async sendLeaveGroup(reason: string): Promise<void> {
    const { coordinator, config } = this.options;
    try {
      await coordinator.send(
        'LeaveGroup',
        {
          groupId: config.groupId,
          members: [{ memberId: this.memberId, groupInstanceId: config.groupInstanceId, reason }],
        },
        (r) => r.errorCode,
      );
    } catch {
      // Best effort, as in Kafka: the session timeout removes a member whose LeaveGroup was lost.
    }
  }
}
