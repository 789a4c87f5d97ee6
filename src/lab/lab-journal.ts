/**
 * The lab's journal: every action the learner took, each with the virtual moment it was taken at.
 * A seed plus this journal is the whole run (TigerBeetle's VOPR replays a seed the same way), so a
 * seek rebuilds any moment by replaying it, and a share link carries it.
 */
import type { ConsumerGroupWorkloadSpec, ProducerWorkloadSpec } from '../workload/workload-types';
import type { NodeRef } from '../cluster/cluster-operator';
import type { LiveChaosOptions } from '../chaos/chaos-options';

/** A moment of a run: virtual ms since it began, and the events run by then (a step can split a millisecond). */
export interface Moment {
  atMs: number;
  steps: number;
}

/** The admin calls the lab journals (their options are plain JSON, as kafkajs's are). */
export const LAB_ADMIN_CALLS = ['createTopics', 'createPartitions', 'deleteTopics'] as const;
export type LabAdminCall = (typeof LAB_ADMIN_CALLS)[number];

/** One thing the learner did, as plain JSON so a link can carry it. */
export type LabAction =
  | { kind: 'addBroker'; rack?: string | null }
  | { kind: 'killBroker' | 'restartBroker' | 'shutdownBroker' | 'wipeBroker' | 'fillDisk'; brokerId: number }
  | { kind: 'partition' | 'partitionOneWay'; a: NodeRef; b: NodeRef }
  | { kind: 'isolate'; node: NodeRef }
  | { kind: 'heal'; a?: NodeRef; b?: NodeRef }
  | { kind: 'slow' | 'slowDisk'; brokerId: number; extraMs: number }
  | { kind: 'createTopic'; topic: string; partitions: number; replicationFactor: number }
  | { kind: 'admin'; call: LabAdminCall; options: unknown }
  | { kind: 'shell'; line: string }
  | { kind: 'shellInput'; line: string | null }
  | { kind: 'shellInterrupt' }
  | { kind: 'chaos'; options: LiveChaosOptions }
  | { kind: 'chaosStop' }
  | { kind: 'startProducer'; spec: ProducerWorkloadSpec }
  | { kind: 'startConsumerGroup'; spec: ConsumerGroupWorkloadSpec }
  | { kind: 'crashMember'; id: string; member: number }
  | { kind: 'stopWorkload'; id: string };

export interface JournalEntry extends Moment {
  action: LabAction;
}

/** True when moment `a` comes before `b`. */
export function isBefore(a: Moment, b: Moment): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.steps < b.steps);
}

export class LabJournal {
  private list: JournalEntry[];

  constructor(entries: readonly JournalEntry[] = []) {
    this.list = [...entries];
  }

  get entries(): readonly JournalEntry[] {
    return this.list;
  }

  /**
   * Records an action taken at `moment`. Acting at an earlier moment than the last entry forks the
   * run: what the journal held after that moment did not happen in the new run and is dropped.
   */
  record(moment: Moment, action: LabAction): JournalEntry {
    this.list = this.list.filter((entry) => !isBefore(moment, entry));
    const entry: JournalEntry = { atMs: moment.atMs, steps: moment.steps, action };
    this.list.push(entry);
    return entry;
  }

  /** The entries taken before `moment` or at it, in order: what a replay to `moment` applies. */
  upTo(moment: Moment): JournalEntry[] {
    return this.list.filter((entry) => !isBefore(moment, entry));
  }
}
