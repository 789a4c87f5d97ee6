/**
 * An error as the page shows it, so a user learns Kafka's words and how to recover: Kafka's error
 * name first when there is one ("NOT_ENOUGH_REPLICAS: ..."), then the engine's message, then what
 * to do about it when the error is one a user of this page can fix.
 */
import { shortfallText, type OffsetsTopicShortfall } from './coordinator-hint';
export interface ShownError {
  type: string | null;
  message: string;
}

/** An Error, or a failure reported as plain data (a workload's `lastError`: type, code, message). */
export function shownError(error: unknown): ShownError {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const type = 'type' in error && typeof error.type === 'string' ? error.type : null;
    return { type, message: error.message };
  }
  return { type: null, message: String(error) };
}

/** What to do, for the errors a user of the page causes and can undo. */
const WHAT_TO_DO: Record<string, string> = {
  NOT_ENOUGH_REPLICAS: 'Restart a broker or lower min.insync.replicas.',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'Restart a broker or lower min.insync.replicas.',
  INVALID_REPLICATION_FACTOR: 'Add brokers, or lower the replication factor.',
  TOPIC_ALREADY_EXISTS: 'Choose another name, or delete the topic first.',
  UNKNOWN_TOPIC_OR_PARTITION: 'Create the topic first.',
  LEADER_NOT_AVAILABLE: 'No replica can lead it now: restart one of its brokers.',
  INVALID_PARTITIONS: 'A topic can only grow: ask for more partitions than it has.',
  COORDINATOR_NOT_AVAILABLE:
    "The leader of the group's __consumer_offsets partition is not available yet; the client asks again. " +
    'If it lasts, restart the brokers that host __consumer_offsets.',
};

/** What the page knows of the cluster that changes the advice. */
export interface ErrorContext {
  /** The cluster is too small for __consumer_offsets (./coordinator-hint.ts). */
  shortfall: OffsetsTopicShortfall | null;
}

export function errorHint(type: string | null, context?: ErrorContext): string | null {
  if (type === 'COORDINATOR_NOT_AVAILABLE' && context !== undefined && context.shortfall !== null) return shortfallText(context.shortfall);
  return type === null ? null : (WHAT_TO_DO[type] ?? null);
}

export function errorText(error: unknown, context?: ErrorContext): string {
  const { type, message } = shownError(error);
  const hint = errorHint(type, context);
  const text = type === null ? message : `${type}: ${message}`;
  return hint === null ? text : `${text} ${hint}`;
}
