/**
 * Brokers that answer like Kafka's from a scripted state, over a Transport with a fixed latency on
 * a VirtualClock: no real broker is involved. Each test scripts the answers it cares about
 * (`onProduce`, `respond`) and reads back what was sent (`requests`).
 */
import type { MetadataResponse } from '../../../src/protocol/apis/metadata';
import type { ProducePartitionResponse, ProduceRecordError, ProduceRequest, ProduceResponse } from '../../../src/protocol/apis/produce';
import { KafkaError, errorCode, type ErrorName } from '../../../src/protocol/errors';
import { readBatchHeader } from '../../../src/protocol/record-batch';
import type { ApiKey, RequestOf, ResponseOf, Transport } from '../../../src/protocol/rpc';
import { VirtualClock } from '../../../src/sim/virtual-clock';

export interface SentRequest {
  from: string;
  to: number;
  api: ApiKey;
  body: unknown;
  atMs: number;
}

export interface SentBatch {
  to: number;
  topic: string;
  partition: number;
  acks: number;
  producerId: number;
  /** As the batch arrived: a producer rewrites a queued batch's header in place after an epoch bump. */
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
  bytes: Uint8Array;
  atMs: number;
}

type Responder<K extends ApiKey> = (body: RequestOf<K>, brokerId: number) => ResponseOf<K> | Promise<ResponseOf<K>>;

/** What a partition answers to one produced batch: an error, or the default append. */
export type ProduceScript = (
  batch: SentBatch,
) => ErrorName | { errorName: ErrorName; message: string | null; recordErrors?: ProduceRecordError[] } | null;

export class FakeBrokers {
  readonly requests: SentRequest[] = [];
  readonly batches: SentBatch[] = [];
  latencyMs = 1;
  readonly down = new Set<number>();
  /** Leaders per topic, one entry per partition. */
  readonly topics = new Map<string, number[]>();
  /** Leader epochs per `topic-partition`, 0 until moveLeader bumps one. */
  readonly leaderEpochs = new Map<string, number>();
  /** The next offset per `topic-partition`: the default produce handler appends there. */
  readonly logEndOffsets = new Map<string, number>();
  onProduce: ProduceScript = () => null;
  private readonly responders = new Map<ApiKey, Responder<ApiKey>>();

  constructor(
    readonly clock: VirtualClock,
    readonly brokerIds: number[] = [1, 2, 3],
  ) {}

  topic(name: string, leaders: number[]): this {
    this.topics.set(name, leaders);
    return this;
  }

  /** Elects `leader` for one partition in a new leader epoch, as the controller does. */
  moveLeader(topic: string, partition: number, leader: number): this {
    this.topics.get(topic)![partition] = leader;
    const key = `${topic}-${partition}`;
    this.leaderEpochs.set(key, (this.leaderEpochs.get(key) ?? 0) + 1);
    return this;
  }

  /** Replaces the default answer of one API. */
  respond<K extends ApiKey>(api: K, responder: Responder<K>): this {
    this.responders.set(api, responder as unknown as Responder<ApiKey>);
    return this;
  }

  requestsOf(api: ApiKey): SentRequest[] {
    return this.requests.filter((request) => request.api === api);
  }

  transport(address: string): Transport {
    return {
      address,
      request: <K extends ApiKey>(to: string, api: K, body: RequestOf<K>, timeoutMs: number): Promise<ResponseOf<K>> => {
        const brokerId = Number(to.replace('broker-', ''));
        this.requests.push({ from: address, to: brokerId, api, body, atMs: this.clock.now() });
        return new Promise((resolve, reject) => {
          if (this.down.has(brokerId) || !this.brokerIds.includes(brokerId)) {
            this.clock.schedule(this.latencyMs, () => reject(new KafkaError('NETWORK_EXCEPTION')));
            return;
          }
          const answer = this.answer(api, body, brokerId);
          if (answer === null) {
            this.clock.schedule(timeoutMs, () => reject(new KafkaError('REQUEST_TIMED_OUT')));
            return;
          }
          this.clock.schedule(this.latencyMs, () => {
            Promise.resolve()
              .then(() => answer())
              .then(resolve, reject);
          });
        });
      },
    };
  }

  /** A thunk computing the answer when it is delivered, or null for a request that gets none. */
  private answer<K extends ApiKey>(api: K, body: RequestOf<K>, brokerId: number): (() => ResponseOf<K> | Promise<ResponseOf<K>>) | null {
    if (api === 'Produce') {
      const produce = body as ProduceRequest;
      const response = this.produce(produce, brokerId);
      return produce.acks === 0 ? null : () => response as ResponseOf<K>;
    }
    const custom = this.responders.get(api);
    if (custom !== undefined) return () => custom(body, brokerId) as ResponseOf<K>;
    if (api === 'Metadata') return () => this.metadata(body as RequestOf<'Metadata'>) as ResponseOf<K>;
    if (api === 'InitProducerId') return () => ({ errorCode: 0, producerId: 4000, producerEpoch: 0 }) as ResponseOf<K>;
    throw new Error(`FakeBrokers: no answer scripted for ${api}`);
  }

  private metadata(request: RequestOf<'Metadata'>): MetadataResponse {
    const names = request.topics ?? [...this.topics.keys()];
    return {
      brokers: this.brokerIds.map((nodeId) => ({ nodeId, host: `broker-${nodeId}`, port: 9092, rack: null })),
      clusterId: 'fake-cluster',
      controllerId: 1,
      topics: names.map((name) => {
        const leaders = this.topics.get(name);
        return {
          errorCode: leaders === undefined ? errorCode('UNKNOWN_TOPIC_OR_PARTITION') : 0,
          name,
          topicId: `id-${name}`,
          isInternal: false,
          partitions: (leaders ?? []).map((leaderId, partitionIndex) => ({
            errorCode: 0,
            partitionIndex,
            leaderId,
            leaderEpoch: this.leaderEpochs.get(`${name}-${partitionIndex}`) ?? 0,
            replicaNodes: this.brokerIds,
            isrNodes: this.brokerIds,
            offlineReplicas: [],
          })),
        };
      }),
    };
  }

  /** Appends like a leader; computed when the request arrives, so a script sees requests in order. */
  private produce(request: ProduceRequest, brokerId: number): ProduceResponse {
    return {
      throttleTimeMs: 0,
      responses: request.topicData.map((topic) => ({
        name: topic.name,
        partitionResponses: topic.partitionData.map(({ index, records }): ProducePartitionResponse => {
          const header = readBatchHeader(records);
          const batch: SentBatch = {
            to: brokerId,
            topic: topic.name,
            partition: index,
            acks: request.acks,
            producerId: header.producerId,
            producerEpoch: header.producerEpoch,
            baseSequence: header.baseSequence,
            recordsCount: header.recordsCount,
            bytes: records,
            atMs: this.clock.now(),
          };
          this.batches.push(batch);
          const leader = this.topics.get(topic.name)?.[index];
          const scripted =
            leader === undefined ? 'UNKNOWN_TOPIC_OR_PARTITION' : leader !== brokerId ? 'NOT_LEADER_OR_FOLLOWER' : this.onProduce(batch);
          if (scripted !== null) {
            const {
              errorName,
              message,
              recordErrors = [],
            } = typeof scripted === 'string' ? { errorName: scripted, message: null } : scripted;
            return {
              index,
              errorCode: errorCode(errorName),
              errorMessage: message,
              baseOffset: -1,
              logAppendTimeMs: -1,
              logStartOffset: -1,
              recordErrors,
            };
          }
          const key = `${topic.name}-${index}`;
          const baseOffset = this.logEndOffsets.get(key) ?? 0;
          this.logEndOffsets.set(key, baseOffset + header.recordsCount);
          return { index, errorCode: 0, errorMessage: null, baseOffset, logAppendTimeMs: -1, logStartOffset: 0, recordErrors: [] };
        }),
      })),
    };
  }
}

/** Runs the clock until `promise` settles (at most `maxVirtualMs`), then returns or throws its outcome. */
export async function settle<T>(clock: VirtualClock, promise: Promise<T>, maxVirtualMs = 600_000): Promise<T> {
  let done = false;
  const outcome = promise.then(
    (value) => {
      done = true;
      return { value };
    },
    (error: unknown) => {
      done = true;
      return { error };
    },
  );
  await clock.runUntil(() => done, { maxVirtualMs, waitingFor: 'the client call to settle' });
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}
