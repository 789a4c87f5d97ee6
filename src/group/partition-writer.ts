/**
 * Appends a shard's records to its __consumer_offsets partition on the partition's leader, as
 * Kafka's CoordinatorRuntime does through its PartitionWriter: acks=all, and a write counts only
 * once the leader acknowledged it (the records are committed). One produce is in flight at a time;
 * records that arrive meanwhile go out together in the next batch, so the log keeps their order.
 */
import type { Clock } from '../core/clock';
import { KafkaError, errorName, type ErrorName } from '../protocol/errors';
import { encodeRecordBatch } from '../protocol/record-batch';
import { brokerAddress, type Transport } from '../protocol/rpc';
import type { EncodedRecord } from './group-records';
import { GROUP_METADATA_TOPIC_NAME } from '../protocol/internal-topics';

/** offsets.commit.timeout.ms: how long an append may wait for acks=all. */
export const OFFSETS_COMMIT_TIMEOUT_MS = 5000;

interface Pending {
  records: EncodedRecord[];
  resolve: () => void;
  reject: (error: KafkaError) => void;
}

/**
 * GroupCoordinatorService's normalization of append errors: what a client should do about a
 * coordinator that could not write (find the coordinator again, or retry it later).
 */
function normalizeAppendError(type: ErrorName, topic: string): KafkaError {
  switch (type) {
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'KAFKA_STORAGE_ERROR':
    case 'NETWORK_EXCEPTION':
      return new KafkaError('NOT_COORDINATOR');
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
    case 'REQUEST_TIMED_OUT':
      return new KafkaError('COORDINATOR_NOT_AVAILABLE');
    default:
      return new KafkaError('UNKNOWN_SERVER_ERROR', `Appending to ${topic} failed with ${type}.`);
  }
}

export class PartitionWriter {
  private queue: Pending[] = [];
  private draining = false;
  private failed: KafkaError | null = null;

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly partition: number,
    private readonly leaderId: number,
    /** __transaction_state for a transaction coordinator, which appends the same way. */
    private readonly topic: string = GROUP_METADATA_TOPIC_NAME,
    /** offsets.commit.timeout.ms, or a transaction coordinator's request.timeout.ms. */
    private readonly timeoutMs: number = OFFSETS_COMMIT_TIMEOUT_MS,
  ) {}

  /** Resolves once the records are committed; rejects with a coordinator error if the append failed. */
  append(records: EncodedRecord[]): Promise<void> {
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Resolves when everything appended so far is committed (an empty write's place in line). */
  flushed(): Promise<void> {
    return this.append([]);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const records = batch.flatMap((pending) => pending.records);
      try {
        if (records.length > 0) await this.produce(records);
        for (const pending of batch) pending.resolve();
      } catch (error) {
        // Once one append failed, later records may not follow it: everything queued fails too and the shard reloads.
        this.failed = error instanceof KafkaError ? error : new KafkaError('UNKNOWN_SERVER_ERROR');
        for (const pending of [...batch, ...this.queue]) pending.reject(this.failed);
        this.queue = [];
      }
    }
    this.draining = false;
  }

  private async produce(records: EncodedRecord[]): Promise<void> {
    const timestamp = this.clock.now();
    const batch = encodeRecordBatch({ records: records.map((record) => ({ key: record.key, value: record.value, timestamp })) });
    let response;
    try {
      response = await this.transport.request(
        brokerAddress(this.leaderId),
        'Produce',
        {
          transactionalId: null,
          acks: -1,
          timeoutMs: this.timeoutMs,
          topicData: [{ name: this.topic, partitionData: [{ index: this.partition, records: batch }] }],
        },
        this.timeoutMs + 1000,
      );
    } catch (error) {
      throw normalizeAppendError(error instanceof KafkaError ? error.type : 'UNKNOWN_SERVER_ERROR', this.topic);
    }
    const errorCode = response.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
    if (errorCode !== 0) throw normalizeAppendError(errorName(errorCode), this.topic);
  }
}
