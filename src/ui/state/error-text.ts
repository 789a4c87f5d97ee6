/**
 * An error as the page shows it, so a user learns Kafka's words and how to recover: Kafka's error
 * name first when there is one ("NOT_ENOUGH_REPLICAS: ..."), then the engine's message, then what
 * to do about it when the error is one a user of this page can fix. The name and the engine's
 * message stay Kafka's (English, as Kafka's logs and tools print them); the advice follows the
 * page's language.
 */
import { shortfallText, type OffsetsTopicShortfall } from './coordinator-hint';
import type { Language } from '../i18n/language';

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
const WHAT_TO_DO: Record<Language, Readonly<Record<string, string>>> = {
  en: {
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
  },
  ko: {
    NOT_ENOUGH_REPLICAS: '브로커를 다시 시작하거나 최소 동기화 레플리카 수 min.insync.replicas를 낮추세요.',
    NOT_ENOUGH_REPLICAS_AFTER_APPEND: '브로커를 다시 시작하거나 최소 동기화 레플리카 수 min.insync.replicas를 낮추세요.',
    INVALID_REPLICATION_FACTOR: '브로커를 추가하거나 복제 팩터를 낮추세요.',
    TOPIC_ALREADY_EXISTS: '다른 이름을 고르거나, 먼저 그 토픽을 삭제하세요.',
    UNKNOWN_TOPIC_OR_PARTITION: '먼저 토픽을 만드세요.',
    LEADER_NOT_AVAILABLE: '지금은 어떤 레플리카도 리더가 될 수 없습니다: 그 파티션의 브로커 하나를 다시 시작하세요.',
    INVALID_PARTITIONS: '토픽의 파티션은 늘릴 수만 있습니다: 지금보다 많은 파티션 수를 요청하세요.',
    COORDINATOR_NOT_AVAILABLE:
      '그룹의 __consumer_offsets 파티션 리더를 아직 쓸 수 없어 클라이언트가 다시 요청합니다. ' +
      '계속되면 __consumer_offsets를 가진 브로커를 다시 시작하세요.',
  },
};

/** What the page knows of the cluster that changes the advice. */
export interface ErrorContext {
  /** The cluster is too small for __consumer_offsets (./coordinator-hint.ts). */
  shortfall: OffsetsTopicShortfall | null;
}

export function errorHint(type: string | null, context?: ErrorContext, language: Language = 'en'): string | null {
  if (type === 'COORDINATOR_NOT_AVAILABLE' && context !== undefined && context.shortfall !== null)
    return shortfallText(context.shortfall, language);
  return type === null ? null : (WHAT_TO_DO[language][type] ?? null);
}

export function errorText(error: unknown, context?: ErrorContext, language: Language = 'en'): string {
  const { type, message } = shownError(error);
  const hint = errorHint(type, context, language);
  const text = type === null ? message : `${type}: ${message}`;
  return hint === null ? text : `${text} ${hint}`;
}
