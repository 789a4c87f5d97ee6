/**
 * The broker's transaction coordinator (Kafka's TransactionCoordinator and TransactionStateManager),
 * for the transactional ids whose __transaction_state partition this broker leads: Utils.abs of the
 * id's hashCode modulo transaction.state.log.num.partitions, as for groups. A partition's state is
 * loaded from its log the first time it is needed under a leader epoch (answering
 * COORDINATOR_LOAD_IN_PROGRESS while the new leader's high watermark has not caught up), and every
 * change is appended with acks=all before the client hears of it, so a coordinator elected after a
 * failover finds the same producer ids and epochs.
 *
 * This first part serves InitProducerId with a transactional id: a new id gets a producer id and
 * epoch 0; a known one in Empty, CompleteCommit or CompleteAbort gets the next epoch (fencing the
 * producer that had it), or a new producer id once the epoch is exhausted. AddPartitionsToTxn,
 * EndTxn and the markers come next; until then no transaction is ever Ongoing.
 */
import type { Clock } from '../../core/clock';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/apis/producer-id';
import type { BrokerConfig } from '../../protocol/configs';
import { errorResponse } from '../../protocol/error-responses';
import { KafkaError } from '../../protocol/errors';
import { groupPartition, TRANSACTION_STATE_TOPIC_NAME } from '../../protocol/internal-topics';
import type { MetadataImage } from '../../protocol/metadata-image';
import type { Transport } from '../../protocol/rpc';
import { loadPartition } from '../../group/partition-loader';
import { PartitionWriter } from '../../group/partition-writer';
import type { ProducerIdManager } from '../request-handlers/init-producer-id';
import {
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  type TransactionLogValue,
} from './transaction-log';

/** Short.MAX_VALUE - 1: TransactionMetadata.isProducerEpochExhausted leaves one epoch for fencing. */
const LAST_USABLE_EPOCH = 32766;

export interface TransactionCoordinatorOptions {
  brokerId: number;
  clock: Clock;
  config: BrokerConfig;
  /** The broker's metadata image, as it changes. */
  image: MetadataImage;
  producerIds: ProducerIdManager;
  /** Reaches this broker's own partitions (Produce, Fetch, ListOffsets), as the local log does in Kafka. */
  local: Transport;
}

/** One __transaction_state partition this broker leads, loaded (or loading) under one leader epoch. */
interface TransactionShard {
  partition: number;
  leaderEpoch: number;
  loaded: Promise<Map<string, TransactionLogValue>>;
  writer: PartitionWriter;
  /** Ids with a write in flight: TransactionMetadata.pendingState. */
  pending: Set<string>;
}

export class TransactionCoordinator {
  private readonly shards = new Map<number, TransactionShard>();

  constructor(private readonly options: TransactionCoordinatorOptions) {}

  async handleInitProducerId(request: InitProducerIdRequest): Promise<InitProducerIdResponse> {
    const transactionalId = request.transactionalId!;
    const fail = (error: KafkaError) => errorResponse('InitProducerId', request, error);
    if (transactionalId === '') return fail(new KafkaError('INVALID_REQUEST', 'The transactional id must not be empty.'));
    // TransactionStateManager.validateTransactionTimeoutMs
    if (request.transactionTimeoutMs <= 0 || request.transactionTimeoutMs > this.options.config.int('transaction.max.timeout.ms')) {
      return fail(new KafkaError('INVALID_TRANSACTION_TIMEOUT'));
    }
    let shard: TransactionShard;
    let states: Map<string, TransactionLogValue>;
    try {
      shard = this.shardFor(transactionalId);
      states = await shard.loaded;
    } catch (error) {
      if (error instanceof KafkaError) return fail(error);
      throw error;
    }
    if (shard.pending.has(transactionalId)) return fail(new KafkaError('CONCURRENT_TRANSACTIONS'));
    const current = states.get(transactionalId);
    const expected = request.producerId >= 0 ? { producerId: request.producerId, producerEpoch: request.producerEpoch } : null;
    let next: TransactionLogValue;
    shard.pending.add(transactionalId);
    try {
      const transit = await this.prepareInitProducerIdTransit(current, expected, request.transactionTimeoutMs);
      if (transit instanceof KafkaError) return fail(transit);
      next = transit;
      await shard.writer.append([{ key: encodeTransactionLogKey(transactionalId), value: encodeTransactionLogValue(next) }]);
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      // A failed write may have left the log ahead of memory: load the partition again on the next request.
      if (this.shards.get(shard.partition) === shard) this.shards.delete(shard.partition);
      return fail(error);
    } finally {
      shard.pending.delete(transactionalId);
    }
    states.set(transactionalId, next);
    return { errorCode: 0, producerId: next.producerId, producerEpoch: next.producerEpoch };
  }

  /** TransactionCoordinator.prepareInitProducerIdTransit, for the states this coordinator reaches so far. */
  private async prepareInitProducerIdTransit(
    current: TransactionLogValue | undefined,
    expected: { producerId: number; producerEpoch: number } | null,
    transactionTimeoutMs: number,
  ): Promise<TransactionLogValue | KafkaError> {
    const nowMs = this.options.clock.now();
    const fresh = async (): Promise<TransactionLogValue> => ({
      producerId: await this.options.producerIds.generateProducerId(),
      producerEpoch: 0,
      transactionTimeoutMs,
      state: 'Empty',
      partitions: new Map(),
      lastUpdateTimestampMs: nowMs,
      startTimestampMs: -1,
    });
    if (current === undefined) return expected === null ? fresh() : new KafkaError('PRODUCER_FENCED');
    // KIP-360: a producer that names its id and epoch may bump only the epoch it has.
    if (expected !== null && (expected.producerId !== current.producerId || expected.producerEpoch !== current.producerEpoch)) {
      return new KafkaError('PRODUCER_FENCED');
    }
    switch (current.state) {
      case 'Empty':
      case 'CompleteCommit':
      case 'CompleteAbort':
        if (current.producerEpoch >= LAST_USABLE_EPOCH) return fresh();
        return { ...current, producerEpoch: current.producerEpoch + 1, transactionTimeoutMs, state: 'Empty', lastUpdateTimestampMs: nowMs };
      default:
        // PrepareCommit, PrepareAbort and the fencing of an Ongoing transaction finish first.
        return new KafkaError('CONCURRENT_TRANSACTIONS');
    }
  }

  /** The shard owning `transactionalId`, loading it under the current leader epoch if needed; NOT_COORDINATOR if another broker leads it. */
  private shardFor(transactionalId: string): TransactionShard {
    const { image, brokerId, local, clock, config } = this.options;
    const topic = image.topicsByName.get(TRANSACTION_STATE_TOPIC_NAME);
    const partition = topic === undefined ? -1 : groupPartition(transactionalId, topic.partitions.size);
    const state = topic?.partitions.get(partition);
    if (state === undefined || state.leader !== brokerId) {
      this.shards.delete(partition);
      throw new KafkaError('NOT_COORDINATOR');
    }
    const known = this.shards.get(partition);
    if (known !== undefined && known.leaderEpoch === state.leaderEpoch) return known;
    const requestTimeoutMs = config.int('request.timeout.ms');
    const states = new Map<string, TransactionLogValue>();
    const target = { topic: TRANSACTION_STATE_TOPIC_NAME, partition, leaderId: brokerId, leaderEpoch: state.leaderEpoch };
    const shard: TransactionShard = {
      partition,
      leaderEpoch: state.leaderEpoch,
      writer: new PartitionWriter(local, clock, partition, brokerId, TRANSACTION_STATE_TOPIC_NAME, requestTimeoutMs),
      pending: new Set(),
      loaded: loadPartition(local, target, requestTimeoutMs, (key, value) => {
        const id = decodeTransactionLogKey(key);
        if (value === null) states.delete(id);
        else states.set(id, decodeTransactionLogValue(value));
      }).then(
        () => states,
        () => {
          // Not loadable yet (the new leader's high watermark lags its epoch's start): try again on the next request.
          if (this.shards.get(partition) === shard) this.shards.delete(partition);
          throw new KafkaError('COORDINATOR_LOAD_IN_PROGRESS');
        },
      ),
    };
    shard.loaded.catch(() => undefined);
    this.shards.set(partition, shard);
    return shard;
  }
}
