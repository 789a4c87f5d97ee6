/**
 * The records a transaction coordinator writes to its __transaction_state partition, as Kafka's
 * TransactionLog lays them out (transaction-coordinator/src/main/resources/common/message):
 * the key is TransactionLogKey v0 (an int16 version, then the transactional id); the value is
 * TransactionLogValue v0 (an int16 version, then the producer id and epoch, the timeout, the state,
 * the partitions in the transaction, and two timestamps). A null value is a tombstone: the
 * transactional id expired.
 */
import { ByteReader, ByteWriter } from '../../protocol/schema-types';

/** TransactionState's ids, as the log stores them. */
export const TRANSACTION_STATES = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Dead',
  'PrepareEpochFence',
] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

/** What the log keeps of one transactional id (TransactionMetadata's persisted part). */
export interface TransactionLogValue {
  producerId: number;
  producerEpoch: number;
  transactionTimeoutMs: number;
  state: TransactionState;
  /** Topic to partitions in the ongoing transaction; empty outside one. */
  partitions: ReadonlyMap<string, readonly number[]>;
  lastUpdateTimestampMs: number;
  startTimestampMs: number;
}

const KEY_VERSION = 0;
const VALUE_VERSION = 0;

export function encodeTransactionLogKey(transactionalId: string): Uint8Array {
  return new ByteWriter().int16(KEY_VERSION).string(transactionalId).toBytes();
}

export function encodeTransactionLogValue(value: TransactionLogValue): Uint8Array {
  const writer = new ByteWriter()
    .int16(VALUE_VERSION)
    .int64(value.producerId)
    .int16(value.producerEpoch)
    .int32(value.transactionTimeoutMs)
    .int8(TRANSACTION_STATES.indexOf(value.state));
  // TransactionLog.valueToBytes writes null, not an empty array, when no partition is in the transaction.
  if (value.partitions.size === 0) writer.int32(-1);
  else {
    writer.int32(value.partitions.size);
    for (const [topic, partitions] of value.partitions) {
      writer.string(topic).int32(partitions.length);
      for (const partition of partitions) writer.int32(partition);
    }
  }
  return writer.int64(value.lastUpdateTimestampMs).int64(value.startTimestampMs).toBytes();
}

export function decodeTransactionLogKey(key: Uint8Array): string {
  const reader = new ByteReader(key, 'a __transaction_state record key');
  const version = reader.int16();
  if (version !== KEY_VERSION) throw new Error(`Unknown __transaction_state key version ${version}.`);
  return reader.string();
}

export function decodeTransactionLogValue(value: Uint8Array): TransactionLogValue {
  const reader = new ByteReader(value, 'a __transaction_state record value');
  const version = reader.int16();
  if (version !== VALUE_VERSION) throw new Error(`Unknown __transaction_state value version ${version}.`);
  const producerId = reader.int64();
  const producerEpoch = reader.int16();
  const transactionTimeoutMs = reader.int32();
  const state = TRANSACTION_STATES[reader.int8()];
  if (state === undefined) throw new Error('Unknown transaction state in a __transaction_state record.');
  const partitions = new Map<string, number[]>();
  const topics = reader.int32();
  for (let i = 0; i < topics; i++) {
    const topic = reader.string();
    const count = reader.int32();
    partitions.set(
      topic,
      Array.from({ length: count }, () => reader.int32()),
    );
  }
  return {
    producerId,
    producerEpoch,
    transactionTimeoutMs,
    state,
    partitions,
    lastUpdateTimestampMs: reader.int64(),
    startTimestampMs: reader.int64(),
  };
}
