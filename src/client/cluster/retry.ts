import type { Clock } from '../../core/clock';
import { KafkaError } from '../../protocol/errors';
import type { ExponentialBackoff } from './exponential-backoff';

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(ms, resolve));
}

export function isRetriable(error: unknown): boolean {
  return error instanceof KafkaError && error.retriable;
}

export interface RetryPolicy {
  clock: Clock;
  backoff: ExponentialBackoff;
  /** Absolute time after which a retriable error is thrown instead of retried. */
  deadlineMs: number;
  /** Which KafkaErrors to retry; by default those Kafka marks retriable. */
  retriable?: (error: KafkaError) => boolean;
  /** Called before each retry, e.g. to refresh metadata after NOT_LEADER_OR_FOLLOWER. */
  beforeRetry?: (error: KafkaError) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, throws a non-retriable error, or the deadline passes: the
 * retry loop of Kafka's AdminClient (bounded by default.api.timeout.ms) rather than a count.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let attempts = 0; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof KafkaError) || !(policy.retriable ?? isRetriable)(error)) throw error;
      const waitMs = policy.backoff.backoffMs(attempts);
      if (policy.clock.now() + waitMs > policy.deadlineMs) throw error;
      await sleep(policy.clock, waitMs);
      await policy.beforeRetry?.(error);
    }
  }
}
