import { describe, expect, it } from 'vitest';
import {
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  type TransactionLogValue,
} from '../../../src/broker/transactions/transaction-log';

describe('broker > transactions > __transaction_state records (TransactionLog)', () => {
  it('lays the key out as TransactionLogKey v0: an int16 version 0, then the id as an int16-length string', () => {
    expect([...encodeTransactionLogKey('tx')]).toEqual([0, 0, 0, 2, 0x74, 0x78]);
    expect(decodeTransactionLogKey(encodeTransactionLogKey('payments-tx'))).toBe('payments-tx');
  });

  it('writes a null partition array outside a transaction, and reads back what it wrote', () => {
    const empty: TransactionLogValue = {
      producerId: 4000,
      producerEpoch: 3,
      transactionTimeoutMs: 60_000,
      state: 'Empty',
      partitions: new Map(),
      lastUpdateTimestampMs: 1_700_000_000_000,
      startTimestampMs: -1,
    };
    const bytes = encodeTransactionLogValue(empty);
    // version 0, producer id, epoch, timeout, state Empty (0), then the partitions array's length -1.
    expect([...bytes.slice(0, 2)]).toEqual([0, 0]);
    expect([...bytes.slice(16, 21)]).toEqual([0, 0xff, 0xff, 0xff, 0xff]);
    expect(decodeTransactionLogValue(bytes)).toEqual(empty);
    const ongoing = { ...empty, state: 'Ongoing' as const, partitions: new Map([['orders', [0, 2]]]), startTimestampMs: 5 };
    expect(decodeTransactionLogValue(encodeTransactionLogValue(ongoing))).toEqual(ongoing);
  });
});
