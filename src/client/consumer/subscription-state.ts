/**
 * What the consumer subscribed to, what it owns now and where it reads each owned partition
 * (Kafka's SubscriptionState): the position is the next offset to hand to the application, the
 * high watermark the last one a fetch reported, so lag = highWatermark - position.
 */
import { compareTopicPartitions, parseTopicPartitionKey, topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';

export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read; null until it is initialised from the committed offset or the reset policy. */
  position: number | null;
  /**
   * The leader epoch of the record before the position, the last one consumed (FetchPosition.offsetEpoch):
   * committed with the offset and validated against the leader's log (KIP-320); null when unknown.
   */
  offsetEpoch: number | null;
  /** The leader epoch the position was last validated against (FetchPosition.currentLeader); fetches name it. */
  currentLeaderEpoch: number | null;
  /** SubscriptionState's AWAIT_VALIDATION: not fetched until OffsetForLeaderEpoch confirms the position. */
  awaitingValidation: boolean;
  /** The last committed offset this member knows of (sent or fetched), to skip committing what is already committed. */
  committed: number | null;
  highWatermark: number | null;
}

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export class SubscriptionState {
  /** Subscribed topics with whether to start at the beginning when nothing is committed (kafkajs's fromBeginning). */
  readonly topics = new Map<string, { fromBeginning: boolean }>();
  private readonly owned = new Map<string, PartitionState>();
  private readonly pausedTopics = new Set<string>();
  private readonly pausedPartitions = new Set<string>();
  /** seek() calls waiting to be applied, as kafkajs's SeekOffsets: applied before the partition's next fetch. */
  private readonly seeks = new Map<string, number>();

  subscribedTopics(): string[] {
    return [...this.topics.keys()];
  }

  assign(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) {
      const key = topicPartitionKey(topic, partition);
      if (!this.owned.has(key)) {
        this.owned.set(key, {
          topic,
          partition,
          position: null,
          offsetEpoch: null,
          currentLeaderEpoch: null,
          awaitingValidation: false,
          committed: null,
          highWatermark: null,
        });
      }
    }
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) this.owned.delete(topicPartitionKey(topic, partition));
  }

  /** Owned partitions, sorted by topic then partition. */
  assigned(): TopicPartition[] {
    return [...this.owned.values()].map(({ topic, partition }) => ({ topic, partition })).sort(compareTopicPartitions);
  }

  isAssigned(topic: string, partition: number): boolean {
    return this.owned.has(topicPartitionKey(topic, partition));
  }

  state(topic: string, partition: number): PartitionState | undefined {
    return this.owned.get(topicPartitionKey(topic, partition));
  }

  states(): PartitionState[] {
    return [...this.owned.values()];
  }

  /** Owned partitions that are not paused, have a validated position and no seek waiting: what the next fetch asks for. */
  fetchable(): PartitionState[] {
    return this.states().filter(
      (s) => s.position !== null && !s.awaitingValidation && !this.isPaused(s.topic, s.partition) && !this.seeks.has(topicPartitionKey(s)),
    );
  }

  /**
   * Moves the position, with the epoch of the record before it (null if unknown): a seek, a reset or
   * a consumed record. `validate` is SubscriptionState.seekUnvalidated: a committed offset with its
   * epoch is checked against the leader's log before it is fetched from.
   */
  seekTo(state: PartitionState, position: number | null, offsetEpoch: number | null, validate = false): void {
    state.position = position;
    state.offsetEpoch = offsetEpoch;
    state.awaitingValidation = validate && position !== null && offsetEpoch !== null;
  }

  seek(topic: string, partition: number, offset: number): void {
    this.seeks.set(topicPartitionKey(topic, partition), offset);
  }

  hasSeek(topic: string, partition: number): boolean {
    return this.seeks.has(topicPartitionKey(topic, partition));
  }

  /** Removes and returns the seeks for owned partitions; seeks for partitions not owned yet stay. */
  takeSeeks(): { state: PartitionState; offset: number }[] {
    const taken: { state: PartitionState; offset: number }[] = [];
    for (const [key, offset] of this.seeks) {
      const state = this.owned.get(key);
      if (state === undefined) continue;
      this.seeks.delete(key);
      taken.push({ state, offset });
    }
    return taken;
  }

  pause(topicPartitions: readonly { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of topicPartitions) {
      if (partitions === undefined) this.pausedTopics.add(topic);
      else for (const partition of partitions) this.pausedPartitions.add(topicPartitionKey(topic, partition));
    }
  }

  resume(topicPartitions: readonly { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of topicPartitions) {
      if (partitions === undefined) {
        this.pausedTopics.delete(topic);
        for (const key of [...this.pausedPartitions]) if (parseTopicPartitionKey(key).topic === topic) this.pausedPartitions.delete(key);
      } else {
        for (const partition of partitions) this.pausedPartitions.delete(topicPartitionKey(topic, partition));
      }
    }
  }

  isPaused(topic: string, partition: number): boolean {
    return this.pausedTopics.has(topic) || this.pausedPartitions.has(topicPartitionKey(topic, partition));
  }

  /** kafkajs's consumer.paused(): owned partitions that are paused, grouped by topic. */
  paused(): TopicPartitions[] {
    return groupByTopic(this.assigned().filter(({ topic, partition }) => this.isPaused(topic, partition)));
  }
}

export function groupByTopic(partitions: readonly TopicPartition[]): TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic].map(([topic, list]) => ({ topic, partitions: list.sort((a, b) => a - b) }));
}
