/**
 * The metadata log in words, for the page's timeline: "broker 2 fenced", "orders-0 leader 2 → 3,
 * epoch 4", "ISR of orders-1 shrank to [1,3]". It replays the records into its own MetadataImage
 * (the way a broker's MetadataLoader does), so each record is read against the state before it,
 * exactly what a MetadataDelta sees; the same function serves the browser and Node.
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import { ConfigResource, LeaderRecoveryState } from '../protocol/metadata-records';
import { MetadataImage, NO_LEADER, type BrokerRegistration, type PartitionRegistration } from '../protocol/metadata-image';
import { topicPartitionKey } from '../protocol/topic-partition';

export type TimelineEventKind =
  | 'broker-registered'
  | 'broker-unregistered'
  | 'broker-fenced'
  | 'broker-unfenced'
  | 'broker-controlled-shutdown'
  | 'broker-restarted'
  | 'broker-log-dir-failed'
  | 'topic-created'
  | 'topic-deleted'
  | 'partition-created'
  | 'leader-changed'
  | 'partition-offline'
  | 'isr-shrank'
  | 'isr-expanded'
  | 'isr-changed'
  | 'replicas-changed'
  | 'config-changed'
  | 'group-rebalanced'
  | 'committed-offsets-lost';

/** What an event is about, so a view can highlight it. */
export interface TimelineSubjects {
  brokers?: number[];
  topic?: string;
  partitions?: number[];
  group?: string;
}

export interface TimelineEvent {
  /** The metadata record's offset; for events from elsewhere (groups, brokers), the last metadata offset applied then. */
  offset: number;
  timeMs: number;
  kind: TimelineEventKind;
  text: string;
  subjects: TimelineSubjects;
}

/** Renders a list of broker ids the way Kafka's logs do: [1,3]. */
export function brokerList(ids: readonly number[]): string {
  return `[${ids.join(',')}]`;
}

function leaderName(leader: number): string {
  return leader === NO_LEADER ? 'none' : String(leader);
}

export class MetadataEventTranslator {
  private readonly image = new MetadataImage();

  /** The offset of the last record translated, -1 before any. */
  get lastOffset(): number {
    return this.image.highestOffset;
  }

  /** The events of `entries`, in order; entries must follow the ones translated before. */
  translate(entries: readonly MetadataLogEntry[]): TimelineEvent[] {
    const events: TimelineEvent[] = [];
    // A topic's creation is one Topic record followed by its Config and Partition records
    // (ReplicationControlManager.createTopic); they become one event.
    let creating: { event: TimelineEvent; topicId: string; partitions: number[]; replicationFactor: number; configs: string[] } | null =
      null;
    const flush = () => {
      if (creating === null) return;
      const count = creating.partitions.length;
      const details = [`${count} partition${count === 1 ? '' : 's'}`, `RF ${creating.replicationFactor}`, ...creating.configs].join(', ');
      creating.event.text = `topic ${creating.event.subjects.topic} created (${details})`;
      creating.event.subjects.partitions = creating.partitions;
      events.push(creating.event);
      creating = null;
    };
    for (const entry of entries) {
      if (entry.offset <= this.image.highestOffset) continue;
      const record = entry.record;
      const change = this.image.apply(entry);
      const at = (kind: TimelineEventKind, text: string, subjects: TimelineSubjects): TimelineEvent => ({
        offset: entry.offset,
        timeMs: entry.timestampMs,
        kind,
        text,
        subjects,
      });
      if (change.kind === 'partition' && change.before === undefined && creating !== null && creating.topicId === change.after.topicId) {
        creating.partitions.push(change.after.partition);
        creating.replicationFactor = Math.max(creating.replicationFactor, change.after.replicas.length);
        continue;
      }
      if (
        change.kind === 'config' &&
        creating !== null &&
        change.resourceType === ConfigResource.TOPIC &&
        change.resourceName === creating.event.subjects.topic &&
        change.value !== null
      ) {
        creating.configs.push(`${change.name}=${change.value}`);
        continue;
      }
      // A topic created with min.insync.replicas gets a ClearElrRecord among its configs, which clears nothing.
      if (change.kind === 'elr-cleared' && change.partitions.length === 0) continue;
      flush();
      switch (change.kind) {
        case 'broker':
          events.push(...brokerEvents(record.type === 'RegisterBroker', change.brokerId, change.before, change.after, at));
          break;
        case 'topic-created':
          creating = {
            event: at('topic-created', '', { topic: change.topic.name }),
            topicId: change.topic.topicId,
            partitions: [],
            replicationFactor: 0,
            configs: [],
          };
          break;
        case 'topic-removed':
          events.push(
            at('topic-deleted', `topic ${change.topic.name} deleted`, {
              topic: change.topic.name,
              partitions: [...change.topic.partitions.keys()],
            }),
          );
          break;
        case 'partition':
          events.push(...partitionEvents(change.before, change.after, at));
          break;
        case 'config': {
          const target =
            change.resourceType === ConfigResource.TOPIC
              ? `topic ${change.resourceName}`
              : change.resourceName === ''
                ? 'the cluster default'
                : `broker ${change.resourceName}`;
          const text = change.value === null ? `${change.name} of ${target} deleted` : `${change.name} of ${target} set to ${change.value}`;
          const subjects: TimelineSubjects =
            change.resourceType === ConfigResource.TOPIC
              ? { topic: change.resourceName }
              : change.resourceName === ''
                ? {}
                : { brokers: [Number(change.resourceName)] };
          events.push(at('config-changed', text, subjects));
          break;
        }
        case 'producer-ids':
        case 'feature':
        case 'elr-cleared':
        case 'noop':
          break;
      }
    }
    flush();
    return events;
  }
}

type At = (kind: TimelineEventKind, text: string, subjects: TimelineSubjects) => TimelineEvent;

function brokerEvents(
  registration: boolean,
  brokerId: number,
  before: BrokerRegistration | undefined,
  after: BrokerRegistration | undefined,
  at: At,
): TimelineEvent[] {
  const brokers = [brokerId];
  if (after === undefined) return [at('broker-unregistered', `broker ${brokerId} unregistered`, { brokers })];
  const events: TimelineEvent[] = [];
  if (registration)
    events.push(at('broker-registered', `broker ${brokerId} registered${after.rack === null ? '' : ` (rack ${after.rack})`}`, { brokers }));
  else if (before !== undefined && before.fenced !== after.fenced) {
    events.push(
      at(after.fenced ? 'broker-fenced' : 'broker-unfenced', `broker ${brokerId} ${after.fenced ? 'fenced' : 'unfenced'}`, { brokers }),
    );
  }
  if (after.inControlledShutdown && before?.inControlledShutdown !== true) {
    events.push(at('broker-controlled-shutdown', `broker ${brokerId} began a controlled shutdown`, { brokers }));
  }
  return events;
}

function partitionEvents(before: PartitionRegistration | undefined, after: PartitionRegistration, at: At): TimelineEvent[] {
  const name = topicPartitionKey(after.topicName, after.partition);
  const subjects = (brokers: number[]): TimelineSubjects => ({ topic: after.topicName, partitions: [after.partition], brokers });
  if (before === undefined) {
    return [
      at(
        'partition-created',
        `${name} created, leader ${leaderName(after.leader)}, replicas ${brokerList(after.replicas)}`,
        subjects(after.replicas),
      ),
    ];
  }
  const events: TimelineEvent[] = [];
  if (before.replicas.join() !== after.replicas.join()) {
    events.push(
      at(
        'replicas-changed',
        `replicas of ${name} changed to ${brokerList(after.replicas)}`,
        subjects([...new Set([...before.replicas, ...after.replicas])]),
      ),
    );
  }
  if (before.leader !== after.leader) {
    if (after.leader === NO_LEADER) {
      events.push(at('partition-offline', `${name} offline`, subjects(before.leader === NO_LEADER ? [] : [before.leader])));
    } else {
      const unclean =
        after.leaderRecoveryState === LeaderRecoveryState.RECOVERING
          ? ' (unclean election)'
          : before.elr.includes(after.leader)
            ? ' (from the ELR)'
            : '';
      const brokers = before.leader === NO_LEADER ? [after.leader] : [before.leader, after.leader];
      events.push(
        at(
          'leader-changed',
          `${name} leader ${leaderName(before.leader)} → ${after.leader}, epoch ${after.leaderEpoch}${unclean}`,
          subjects(brokers),
        ),
      );
    }
  }
  if (before.isr.join() !== after.isr.join()) {
    const removed = before.isr.filter((id) => !after.isr.includes(id));
    const added = after.isr.filter((id) => !before.isr.includes(id));
    const isr = brokerList(after.isr);
    if (added.length === 0) events.push(at('isr-shrank', `ISR of ${name} shrank to ${isr}`, subjects(removed)));
    else if (removed.length === 0) events.push(at('isr-expanded', `ISR of ${name} expanded to ${isr}`, subjects(added)));
    else events.push(at('isr-changed', `ISR of ${name} changed to ${isr}`, subjects([...removed, ...added])));
  }
  return events;
}
