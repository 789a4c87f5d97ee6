/**
 * How a consumer reaches its group coordinator (Kafka's AbstractCoordinator.lookupCoordinator /
 * markCoordinatorUnknown): FindCoordinator names the broker leading the group's __consumer_offsets
 * partition; every group request goes there until an answer says it moved.
 */
import type { Clock } from '../../core/clock';
import { COORDINATOR_KEY_TYPE_GROUP } from '../../protocol/apis/groups';
import { KafkaError, type ErrorName } from '../../protocol/errors';
import type { ApiKey, RequestOf, ResponseOf } from '../../protocol/rpc';
import type { Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep } from '../cluster/retry';

/** Answers that mean "ask FindCoordinator again" (AbstractCoordinator marks the coordinator unknown on these). */
const COORDINATOR_MOVED: ReadonlySet<ErrorName> = new Set<ErrorName>([
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'NETWORK_EXCEPTION',
  'REQUEST_TIMED_OUT',
]);

export function isCoordinatorError(error: unknown): boolean {
  return error instanceof KafkaError && COORDINATOR_MOVED.has(error.type);
}

export class CoordinatorClient {
  private coordinatorId: number | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly backoff: ExponentialBackoff,
    readonly groupId: string,
  ) {}

  get coordinator(): number | null {
    return this.coordinatorId;
  }

  markUnknown(): void {
    this.coordinatorId = null;
  }

  /** FindCoordinator until a broker names a live coordinator, retrying retriable answers; `isActive` ends the wait. */
  async find(isActive: () => boolean = () => true): Promise<number> {
    for (let attempts = 0; this.coordinatorId === null; attempts++) {
      if (attempts > 0) await sleep(this.clock, this.backoff.backoffMs(attempts - 1));
      if (!isActive()) throw new KafkaError('COORDINATOR_NOT_AVAILABLE', 'The consumer stopped while looking for its coordinator.');
      try {
        const response = await this.cluster.requestAnyBroker('FindCoordinator', {
          keyType: COORDINATOR_KEY_TYPE_GROUP,
          coordinatorKeys: [this.groupId],
        });
        const answer = response.coordinators.find((c) => c.key === this.groupId) ?? response.coordinators[0];
        if (answer === undefined) continue;
        if (answer.errorCode !== 0) {
          const error = KafkaError.fromCode(answer.errorCode, answer.errorMessage);
          if (!error.retriable) throw error;
          continue;
        }
        this.coordinatorId = answer.nodeId;
      } catch (error) {
        if (!(error instanceof KafkaError) || !error.retriable) throw error;
      }
    }
    return this.coordinatorId;
  }

  /**
   * One group request to the coordinator. A dropped connection, a timeout or an answer whose
   * `errorCodeOf` says NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE forgets the coordinator and
   * throws, so the caller's retry starts with a fresh FindCoordinator; any other error code is
   * left in the response for the caller.
   */
  async send<K extends ApiKey>(
    api: K,
    body: RequestOf<K>,
    errorCodeOf: (response: ResponseOf<K>) => number,
    timeoutMs = this.cluster.requestTimeoutMs,
  ): Promise<ResponseOf<K>> {
    const coordinatorId = await this.find();
    let response: ResponseOf<K>;
    try {
      response = await this.cluster.request(coordinatorId, api, body, timeoutMs);
    } catch (error) {
      if (isCoordinatorError(error)) this.markUnknown();
      throw error;
    }
    const code = errorCodeOf(response);
    if (code !== 0) {
      const error = KafkaError.fromCode(code);
      if (isCoordinatorError(error)) {
        this.markUnknown();
        throw error;
      }
    }
    return response;
  }
}
