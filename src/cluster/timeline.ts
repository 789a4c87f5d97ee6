/**
 * The cluster's event timeline: the controller's metadata records in words (MetadataEventTranslator),
 * plus what the metadata log does not carry: group rebalances seen at the coordinator and committed
 * records a broker gave up after an unclean election. It starts over when the cluster is reset.
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import { MetadataEventTranslator, type TimelineEvent, type TimelineEventKind, type TimelineSubjects } from '../controller/metadata-events';
import type { GroupCoordinator } from '../group/group-coordinator';
import type { CommittedOffsetsLost } from './cluster-description';

export type { TimelineEvent, TimelineEventKind, TimelineSubjects };

/** The events kept; older ones drop off the front. */
const MAX_EVENTS = 2000;

export class Timeline {
  private translator = new MetadataEventTranslator();
  private readonly kept: TimelineEvent[] = [];
  private readonly listeners = new Set<(event: TimelineEvent) => void>();
  private readonly resetListeners = new Set<() => void>();
  /** Each group's generation as last looked at, to tell a rebalance. */
  private readonly generations = new Map<string, number>();
  /** The coordinator's shards that were loaded at the last look. */
  private activeShards = new Set<number>();

  /** Every event kept, oldest first. */
  events(): TimelineEvent[] {
    return [...this.kept];
  }

  /** Called with each new event; returns the unsubscribe function. */
  onEvent(listener: (event: TimelineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the cluster is reset and the timeline starts over empty. */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Translates metadata records that follow those seen so far. */
  appendMetadata(entries: readonly MetadataLogEntry[]): void {
    for (const event of this.translator.translate(entries)) this.push(event);
  }

  /** An event from outside the metadata log, placed after the last metadata record seen. */
  append(timeMs: number, kind: TimelineEventKind, text: string, subjects: TimelineSubjects): void {
    this.push({ offset: this.translator.lastOffset, timeMs, kind, text, subjects });
  }

  /**
   * Committed records given up after an unclean election: when the old leader truncates below its
   * HW (Kafka's log warns then), or, as a simulator diagnostic, at the election itself.
   */
  committedOffsetsLost({ brokerId, timeMs, topic, partition, fromOffset, toOffset, detectedAt }: CommittedOffsetsLost): void {
    const range = toOffset - fromOffset === 1 ? `offset ${fromOffset}` : `offsets ${fromOffset}–${toOffset - 1}`;
    const text =
      detectedAt === 'election'
        ? `unclean election: broker ${brokerId} leads ${topic}-${partition} without committed ${range} (simulator diagnostic; Kafka says so only when the old leader truncates)`
        : `broker ${brokerId} gave up committed ${range} of ${topic}-${partition} (unclean election)`;
    this.append(timeMs, 'committed-offsets-lost', text, { brokers: [brokerId], topic, partitions: [partition] });
  }

  /**
   * A broker's only log directory failed (a write refused: a full disk); it halts, as Kafka's
   * ReplicaManager.handleLogDirFailure does in KRaft, and the controller fences it when its
   * heartbeats stop.
   */
  logDirFailed(brokerId: number, nowMs: number, reason: string): void {
    const text =
      `broker ${brokerId}'s log directory failed (${reason}): with no log directory left it halts, ` +
      `and the controller fences it when its heartbeats stop`;
    this.append(nowMs, 'broker-log-dir-failed', text, { brokers: [brokerId] });
  }

  /**
   * A broker restarted before its old session ended: Kafka's controller refuses the new
   * registration (DUPLICATE_BROKER_REGISTRATION) until broker.session.timeout.ms fences the old
   * incarnation, and the broker serves nothing until it is unfenced.
   */
  restartedInsideSession(brokerId: number, nowMs: number, sessionDeadlineMs: number, sessionTimeoutMs: number): void {
    const left = ((sessionDeadlineMs - nowMs) / 1000).toFixed(1);
    const text =
      `broker ${brokerId} restarted inside its old session: it serves nothing until the controller fences the old ` +
      `incarnation in ${left} s (broker.session.timeout.ms ${sessionTimeoutMs}) and registers the new one`;
    this.append(nowMs, 'broker-restarted', text, { brokers: [brokerId] });
  }

  /**
   * Puts the groups that rebalanced since the last look on the timeline: a group whose generation
   * (a KIP-848 group's epoch) went up. A group first seen when its shard has just loaded was
   * reloaded from __consumer_offsets, not rebalanced, so it only sets the baseline.
   */
  lookAtGroups(coordinator: GroupCoordinator, nowMs: number): void {
    const active = new Set(
      coordinator
        .shards()
        .filter((shard) => shard.state === 'active')
        .map((shard) => shard.partition),
    );
    for (const { groupId, type, generation } of coordinator.generations()) {
      const before = this.generations.get(groupId);
      this.generations.set(groupId, generation);
      const rebalanced =
        before === undefined ? generation > 0 && this.activeShards.has(coordinator.partitionFor(groupId)) : generation > before;
      if (!rebalanced) continue;
      const text = `group ${groupId} rebalanced, ${type === 'classic' ? 'generation' : 'epoch'} ${generation}`;
      this.append(nowMs, 'group-rebalanced', text, { group: groupId });
    }
    this.activeShards = active;
  }

  /** A new cluster: the events, the translator's image and the groups seen start over. */
  reset(): void {
    this.translator = new MetadataEventTranslator();
    this.kept.length = 0;
    this.generations.clear();
    this.activeShards = new Set();
    for (const listener of [...this.resetListeners]) listener();
  }

  private push(event: TimelineEvent): void {
    this.kept.push(event);
    if (this.kept.length > MAX_EVENTS) this.kept.splice(0, this.kept.length - MAX_EVENTS);
    for (const listener of [...this.listeners]) listener(event);
  }
}
