/**
 * The consumer's side of its group, after kafkajs's consumerGroup.js (and Kafka's
 * ConsumerCoordinator): what it subscribed to and owns (SubscriptionState), its membership under
 * the classic protocol or KIP-848 (group.protocol), where each owned partition starts reading
 * (committed offset, else auto.offset.reset), and committing positions, on request or every
 * auto.commit.interval.ms. The runner (runner.ts) drives it from the poll loop.
 */
import type { Clock } from '../../core/clock';
import type { DescribedGroupMember } from '../../protocol/apis/groups';
import { KafkaError } from '../../protocol/errors';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep } from '../cluster/retry';
import { createAssignor, rebalanceProtocolOf } from './assignors';
import type { ConsumerPartitionAssignor } from './assignors/assignor';
import { topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';
import { ClassicMembership } from './classic-membership';
import { MAX_RETRIES, type AutoOffsetReset, type ResolvedConsumerConfig } from './consumer-config';
import { CONSUMER_EVENTS, type ConsumerEventEmitter } from './consumer-events';
import { ConsumerProtocolMembership } from './consumer-protocol-membership';
import { CoordinatorClient } from './coordinator-client';
import type { AssignmentListener, GroupMembership } from './group-membership';
import { commitOffsets, fetchCommittedOffsets, type OffsetToCommit } from './group-offsets';
import { NoOffsetForPartitionError, OffsetOutOfRangeError, resetOffsets } from './offset-reset';
import { fetchEpochEnds, LogTruncationError, type LogTruncation } from './position-validation';
import { SubscriptionState, type PartitionState } from './subscription-state';

export interface ConsumerGroupDependencies {
  config: ResolvedConsumerConfig;
  cluster: Cluster;
  clock: Clock;
  backoff: ExponentialBackoff;
  events: ConsumerEventEmitter;
}

/** run()'s autoCommit and autoCommitInterval (enable.auto.commit, auto.commit.interval.ms). */
export interface AutoCommitConfig {
  autoCommit: boolean;
  autoCommitIntervalMs: number;
}

/** kafkajs's offsets by topic, as eachBatch's commitOffsetsIfNecessary and uncommittedOffsets speak them. */
export interface OffsetsByTopicPartition {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
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

type PartitionToReset = TopicPartition & { strategy: Exclude<AutoOffsetReset, 'none'> };

export class ConsumerGroup {
  readonly subscriptions = new SubscriptionState();
  private readonly config: ResolvedConsumerConfig;
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoff;
  private readonly events: ConsumerEventEmitter;
  private readonly coordinator: CoordinatorClient;
  private readonly topicIds = new Map<string, string>();
  private readonly assignors: ConsumerPartitionAssignor[];
  private membership: GroupMembership | null = null;
  private autoCommit: AutoCommitConfig | null = null;
  private nextAutoCommitMs = 0;
  /** The background auto-commit under way, if any: one at a time. */
  private autoCommitInFlight: Promise<void> | null = null;

  constructor({ config, cluster, clock, backoff, events }: ConsumerGroupDependencies) {
    this.config = config;
    this.cluster = cluster;
    this.clock = clock;
    this.backoff = backoff;
    this.events = events;
    this.coordinator = new CoordinatorClient(cluster, clock, backoff, config.groupId);
    this.assignors = config.partitionAssigners.map((a) => (typeof a === 'string' ? createAssignor(a) : a));
  }

  /** Whether run() made this consumer a member; it stays one after a crash, until stop(). */
  get isMember(): boolean {
    return this.membership !== null;
  }

  /** The member id the coordinator gave this consumer, '' before it joined. */
  get memberId(): string {
    return this.membership?.memberId ?? '';
  }

  /**
   * Becomes a member and joins: resolves once the member has joined. If that first join fails, the
   * member leaves and is forgotten (run() may be called again), and the error is thrown.
   */
  async join(autoCommit: AutoCommitConfig, isRunning: () => boolean): Promise<void> {
    this.autoCommit = autoCommit;
    this.membership = this.createMembership();
    this.nextAutoCommitMs = this.clock.now() + autoCommit.autoCommitIntervalMs;
    try {
      await this.refreshMetadata();
      await this.membership.ensureActiveGroup(isRunning);
    } catch (error) {
      await this.membership.leave().catch(() => undefined);
      this.membership = null;
      throw error;
    }
  }

  /** At the top of every poll: reports the poll (max.poll.interval.ms) and rejoins or reconciles until stable. */
  ensureActiveGroup(isRunning: () => boolean): Promise<void> {
    const membership = this.membership!;
    membership.polled(this.clock.now());
    return membership.ensureActiveGroup(isRunning);
  }

  /** The member can no longer consume: stop heartbeating so the group moves its partitions on. It stays a member until stop(). */
  abandon(): Promise<void> {
    return this.membership === null ? Promise.resolve() : this.membership.leave().catch(() => undefined);
  }

  /** stop(): positions are committed (auto-commit), then the member leaves and gives up what it owned. */
  async leave(): Promise<void> {
    const membership = this.membership!;
    if (this.autoCommit?.autoCommit) await this.commitPositions(this.subscriptions.assigned()).catch(() => undefined);
    await membership.leave();
    this.subscriptions.revoke(this.subscriptions.assigned());
    this.membership = null;
  }

  async refreshMetadata(topics: string[] = []): Promise<void> {
    const response = await this.cluster.refreshMetadata(
      [...this.subscriptions.subscribedTopics(), ...topics],
      this.config.allowAutoTopicCreation,
    );
    for (const topic of response.topics) if (topic.errorCode === 0) this.topicIds.set(topic.name, topic.topicId);
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
      events: this.events,
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
    if (this.autoCommit?.autoCommit) await this.commitPositions(partitions).catch(() => undefined);
    this.subscriptions.revoke(partitions);
  }

  // ---------------------------------------------------------------- positions

  /** Seeks first, then committed offsets, then auto.offset.reset for what has neither (Kafka's updateFetchPositions). */
  async updatePositions(): Promise<void> {
    const toReset: PartitionToReset[] = [];
    for (const { state, offset } of this.subscriptions.takeSeeks()) {
      if (offset >= 0) this.seekValidated(state, offset, null);
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
        const { offset, leaderEpoch } = committed.get(topicPartitionKey(state)) ?? { offset: -1, leaderEpoch: -1 };
        if (offset >= 0) {
          // seekUnvalidated: a committed offset with its epoch is validated before it is fetched from (KIP-320).
          this.subscriptions.seekTo(state, offset, leaderEpoch >= 0 ? leaderEpoch : null, true);
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
    await this.validatePositions();
  }

  /** Where the metadata says the partition's leader epoch is now; null if unknown. */
  private metadataLeaderEpoch(state: PartitionState): number | null {
    const epoch = this.cluster.partition(state.topic, state.partition)?.leaderEpoch ?? -1;
    return epoch >= 0 ? epoch : null;
  }

  /** SubscriptionState.seekValidated: a position fetched from as it is, against the leader the metadata names. */
  private seekValidated(state: PartitionState, offset: number | null, offsetEpoch: number | null): void {
    this.subscriptions.seekTo(state, offset, offsetEpoch);
    state.currentLeaderEpoch = this.metadataLeaderEpoch(state);
  }

  /**
   * KIP-320 (OffsetFetcher.validatePositionsIfNeeded): a position whose leader epoch changed since
   * it was validated, or restored from a committed offset, is checked with OffsetForLeaderEpoch
   * before it is fetched from; then SubscriptionState.maybeCompleteValidation. An epoch end below
   * the position is a truncation: with a reset policy the position rewinds to that end, the first
   * offset known to diverge (a position past the new log end included, rather than
   * earliest/latest); an epoch the leader does not know resets by the policy; with
   * auto.offset.reset=none either fails with LogTruncationException.
   */
  private async validatePositions(): Promise<void> {
    for (const state of this.subscriptions.states()) {
      const leaderEpoch = this.metadataLeaderEpoch(state);
      if (state.position === null || state.awaitingValidation || leaderEpoch === null || leaderEpoch === state.currentLeaderEpoch) continue;
      // SubscriptionState.maybeValidatePositionForCurrentLeader: without an epoch there is nothing to validate.
      if (state.offsetEpoch === null) state.currentLeaderEpoch = leaderEpoch;
      else state.awaitingValidation = true;
    }
    const awaiting = this.subscriptions.states().filter((s) => s.awaitingValidation && s.position !== null);
    if (awaiting.length === 0) return;
    const asked = new Map(awaiting.map((s) => [topicPartitionKey(s), { position: s.position!, offsetEpoch: s.offsetEpoch }]));
    const ends = await fetchEpochEnds(this.cluster, awaiting);
    const truncations: LogTruncation[] = [];
    const toReset: PartitionToReset[] = [];
    for (const state of awaiting) {
      const key = topicPartitionKey(state);
      const end = ends.get(key);
      const requested = asked.get(key)!;
      // Revoked, sought or answered nothing since: it is validated again next poll, if still due.
      if (end === undefined || this.subscriptions.state(state.topic, state.partition) !== state) continue;
      if (state.position !== requested.position || state.offsetEpoch !== requested.offsetEpoch) continue;
      const strategy = this.subscriptions.topics.get(state.topic)?.fromBeginning ? 'earliest' : this.config.autoOffsetReset;
      const truncation = {
        topic: state.topic,
        partition: state.partition,
        fetchOffset: requested.position,
        fetchEpoch: requested.offsetEpoch,
      };
      if (end.endOffset < 0 || end.leaderEpoch < 0) {
        if (strategy === 'none') {
          truncations.push({ ...truncation, divergent: null });
          continue;
        }
        this.truncationDetected(state, `Truncation detected for partition ${key} at offset ${requested.position}, resetting offset`, null);
        toReset.push({ topic: state.topic, partition: state.partition, strategy });
      } else if (end.endOffset < requested.position) {
        if (strategy === 'none') {
          truncations.push({ ...truncation, divergent: { leaderEpoch: end.leaderEpoch, endOffset: end.endOffset } });
          continue;
        }
        this.truncationDetected(
          state,
          `Truncation detected for partition ${key} at offset ${requested.position}, resetting offset to the first offset known to diverge ${end.endOffset}`,
          end.endOffset,
        );
        this.subscriptions.seekTo(state, end.endOffset, end.leaderEpoch);
        state.currentLeaderEpoch = end.currentLeaderEpoch;
      } else {
        state.awaitingValidation = false;
        state.currentLeaderEpoch = end.currentLeaderEpoch;
      }
    }
    if (truncations.length > 0) throw new LogTruncationError(truncations);
    await this.applyResets(toReset);
  }

  /** The Java consumer's INFO log line, as an event; the next commit goes out even at an offset committed before. */
  private truncationDetected(state: PartitionState, message: string, divergentOffset: number | null): void {
    state.committed = null;
    this.events.emit(CONSUMER_EVENTS.TRUNCATION_DETECTED, {
      topic: state.topic,
      partition: state.partition,
      offset: state.position,
      divergentOffset,
      message,
    });
  }

  /** Positions a fetch found outside the log: auto.offset.reset, or OffsetOutOfRangeException with `none`. */
  async resetOutOfRange(states: PartitionState[]): Promise<void> {
    const toReset: PartitionToReset[] = [];
    for (const state of states) {
      const strategy = this.subscriptions.topics.get(state.topic)?.fromBeginning ? 'earliest' : this.config.autoOffsetReset;
      if (strategy === 'none') throw new OffsetOutOfRangeError(state.topic, state.partition, state.position ?? -1);
      toReset.push({ topic: state.topic, partition: state.partition, strategy });
    }
    await this.applyResets(toReset);
  }

  private async applyResets(toReset: PartitionToReset[]): Promise<void> {
    if (toReset.length === 0) return;
    const offsets = await resetOffsets(this.cluster, toReset, this.config.isolationLevel);
    for (const { topic, partition } of toReset) {
      const state = this.subscriptions.state(topic, partition);
      const offset = offsets.get(topicPartitionKey(topic, partition));
      if (state === undefined) continue;
      // A partition whose leader did not answer keeps no position, and is tried again next poll.
      this.seekValidated(state, offset ?? null, null);
    }
  }

  // ---------------------------------------------------------------- commits

  /**
   * With auto-commit on, starts a commit of the positions every auto.commit.interval.ms, in the
   * background (ConsumerCoordinator.maybeAutoCommitOffsetsAsync): the poll goes on fetching while
   * it looks for the coordinator and waits for the answer, so a coordinator out of reach stops no
   * partition whose leader can be reached. One auto-commit is in flight at a time. A kafkajs runner
   * awaits its auto-commits; here the Java client's behaviour wins (docs/FIDELITY.md).
   */
  maybeAutoCommit(): void {
    if (!this.autoCommit!.autoCommit || this.autoCommitInFlight !== null || this.clock.now() < this.nextAutoCommitMs) return;
    this.nextAutoCommitMs = this.clock.now() + this.autoCommit!.autoCommitIntervalMs;
    // An auto-commit that fails is not fatal: Kafka logs it and commits again at the next interval.
    this.autoCommitInFlight = this.commitPositions(this.subscriptions.assigned())
      .catch(() => undefined)
      .finally(() => (this.autoCommitInFlight = null));
  }

  /** Commits the positions of `partitions` that moved since their last commit. */
  private async commitPositions(partitions: readonly TopicPartition[]): Promise<void> {
    const offsets: OffsetToCommit[] = [];
    for (const { topic, partition } of partitions) {
      const state = this.subscriptions.state(topic, partition);
      if (state?.position != null && state.position !== state.committed) {
        offsets.push({ topic, partition, offset: state.position, leaderEpoch: state.offsetEpoch ?? -1 });
      }
    }
    await this.commit(offsets);
  }

  /** Commits `offsets` with this member's generation or epoch; a failure that ends the membership is reported to it. */
  async commit(offsets: OffsetToCommit[]): Promise<void> {
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
    this.events.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, {
      groupId: this.config.groupId,
      memberId: identity.memberId,
      groupGenerationId: identity.generationIdOrMemberEpoch,
      topics: groupByTopicOffsets(offsets),
    });
  }

  /** Positions that moved since their last commit, for eachBatch's uncommittedOffsets(). */
  uncommittedOffsets(): OffsetsByTopicPartition {
    return {
      topics: groupByTopicOffsets(
        this.subscriptions
          .states()
          .filter((s) => s.position !== null && s.position !== s.committed)
          .map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position! })),
      ),
    };
  }
}

function groupByTopicOffsets(offsets: readonly { topic: string; partition: number; offset: number }[]): OffsetsByTopicPartition['topics'] {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: String(offset) }]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
