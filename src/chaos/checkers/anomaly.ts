/**
 * What the checkers report, named as Jepsen's and Maelstrom's Kafka workloads name their anomalies,
 * so a failed run reads like a Jepsen report.
 */
export type AnomalyType =
  /** Acknowledged, but not in the log. */
  | 'lost-write'
  /** In the log more than once. */
  | 'duplicate'
  /** In the log at another offset than the one acknowledged, so the acknowledged order is not the log order. */
  | 'reordering'
  /** The read jumped over offsets: consecutive records whose offsets are not consecutive. */
  | 'skipped-offset'
  /** A group's committed offset for a partition went down without anyone resetting it. */
  | 'committed-offset-backwards';

export interface Anomaly {
  type: AnomalyType;
  topic: string;
  partition: number;
  /** The record concerned, for lost writes, duplicates and reorderings. */
  value?: string;
  /** The consumer group concerned, for committed offsets. */
  group?: string;
  /** When it was observed, for anomalies seen during the run rather than in the final read. */
  atMs?: number;
  /** When the state it contradicts was observed (the higher committed offset). */
  sinceMs?: number;
  message: string;
}
