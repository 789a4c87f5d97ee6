/**
 * The event log of a chaos run and, for each anomaly, the shortest part of it that explains the
 * anomaly: the log filtered to what touched that partition or record, as a Jepsen report shows the
 * operations around a failed check rather than the whole history.
 *
 * An anomaly about a record starts at its acknowledgement (the leader that acknowledged it, with its
 * ISR, comes just before); one about a committed offset starts when the higher offset was committed.
 * Faults on the partition's replicas that were still in effect at that start are kept, since they
 * are what the ISR shows. What follows is kept up to the moment the anomaly was observed.
 */
import { topicPartitionKey } from '../protocol/topic-partition';
import type { Anomaly } from './checkers/anomaly';

export type ChaosEventKind =
  /** A fault injected on a broker, a link or the network. */
  | 'fault'
  /** A fault healed or a stopped broker started again. */
  | 'recovery'
  /** A PartitionChange record: a new leader, an unclean election or an ISR change. */
  | 'partition-change'
  /** A leader gave up committed records (a truncation below the high watermark). */
  | 'truncation'
  /** The producer's acknowledgement of a record. */
  | 'ack'
  /** A consumer crashed or started. */
  | 'consumer'
  /** A group's committed offset for a partition changed. */
  | 'commit';

export interface ChaosEvent {
  atMs: number;
  kind: ChaosEventKind;
  description: string;
  /** Brokers a fault or recovery touches. */
  brokers?: number[];
  /** `topic-partition` keys a partition change, truncation, ack or commit is about. */
  partitions?: string[];
  /** The record an ack is about. */
  value?: string;
  /** The consumer group a consumer or commit event is about. */
  group?: string;
  /** A recovery that touches every broker (healing every cut and slow link). */
  global?: boolean;
  /** A network fault (cut, isolation, slowness), which a global recovery ends; a crash outlives it. */
  network?: boolean;
}

/** What minimalHistory needs to know about the cluster. */
export interface HistoryContext {
  /** The replicas of a partition, to tell which broker faults concern it. */
  replicasOf(topic: string, partition: number): readonly number[];
  /** The __consumer_offsets partition that stores a group's offsets. */
  offsetsPartitionOf(group: string): { topic: string; partition: number };
}

export function minimalHistory(events: readonly ChaosEvent[], anomaly: Anomaly, context: HistoryContext): ChaosEvent[] {
  const aboutOffsets = anomaly.type === 'committed-offset-backwards' && anomaly.group !== undefined;
  // A committed offset lives in the group's __consumer_offsets partition: its faults matter too.
  const partitions = [
    { topic: anomaly.topic, partition: anomaly.partition },
    ...(aboutOffsets ? [context.offsetsPartitionOf(anomaly.group!)] : []),
  ];
  const keys = new Set(partitions.map((p) => topicPartitionKey(p.topic, p.partition)));
  const key = topicPartitionKey(anomaly.topic, anomaly.partition);
  const replicas = new Set(partitions.flatMap((p) => context.replicasOf(p.topic, p.partition)));
  const touches = (event: ChaosEvent) => event.partitions?.some((k) => keys.has(k)) ?? false;

  const relevant = (event: ChaosEvent): boolean => {
    switch (event.kind) {
      case 'fault':
      case 'recovery':
        return event.global === true || (event.brokers ?? []).some((id) => replicas.has(id));
      case 'partition-change':
      case 'truncation':
        return touches(event);
      case 'ack':
        return anomaly.value !== undefined && event.value === anomaly.value;
      case 'consumer':
        // Crashes and starts concern every partition of the group; a join names what it was assigned.
        return aboutOffsets && event.group === anomaly.group && (event.partitions === undefined || event.partitions.includes(key));
      case 'commit':
        return aboutOffsets && event.group === anomaly.group && (event.partitions?.includes(key) ?? false);
    }
  };

  const kept = events.filter(relevant);
  const startMs = anchorMs(kept, anomaly);
  const endMs = anomaly.atMs ?? Infinity;
  const before = kept.filter((e) => e.atMs < startMs);
  const lead = [
    ...stillInEffect(before),
    ...lastOf(before, (e) => e.kind === 'partition-change' && (e.partitions?.includes(key) ?? false)),
    ...lastOf(before, (e) => e.kind === 'commit'),
  ];
  const inWindow = kept.filter((e) => e.atMs >= startMs && e.atMs <= endMs);
  return [...new Set([...lead, ...inWindow])].sort((a, b) => a.atMs - b.atMs || events.indexOf(a) - events.indexOf(b));
}

/** Where the story of an anomaly starts: the record's ack, or the higher committed offset. */
function anchorMs(events: readonly ChaosEvent[], anomaly: Anomaly): number {
  if (anomaly.sinceMs !== undefined) return anomaly.sinceMs;
  const ack = events.find((e) => e.kind === 'ack' && e.value === anomaly.value);
  return ack?.atMs ?? -Infinity;
}

/** For each broker, its last fault before the start, unless a recovery of it came after. */
function stillInEffect(before: readonly ChaosEvent[]): ChaosEvent[] {
  const last = new Map<string, ChaosEvent>();
  for (const event of before) {
    if (event.kind !== 'fault' && event.kind !== 'recovery') continue;
    if (event.global === true && event.kind === 'recovery') {
      // Healing the network ends cuts, isolations and slowness, not crashes.
      for (const [broker, fault] of last) if (fault.network === true) last.delete(broker);
      continue;
    }
    for (const id of event.brokers ?? []) {
      if (event.kind === 'fault') last.set(String(id), event);
      else last.delete(String(id));
    }
  }
  return [...new Set(last.values())];
}

function lastOf(events: readonly ChaosEvent[], predicate: (event: ChaosEvent) => boolean): ChaosEvent[] {
  const found = events.filter(predicate);
  return found.length === 0 ? [] : [found[found.length - 1]];
}

export function formatEvent(event: ChaosEvent): string {
  return `${(event.atMs / 1000).toFixed(3).padStart(9)}s  ${event.description}`;
}
