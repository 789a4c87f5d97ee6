import type { LoadedPartition, LogStore, StoredBatch } from '../../src/broker/log-store';
import type { TopicPartition } from '../../src/protocol/topic-partition';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import { UnifiedLog, type LogMeta } from '../../src/broker/unified-log';
import { BrokerConfig, logConfig, type LogConfig } from '../../src/protocol/configs';
import { decodeRecords, encodeRecordBatch, readBatchHeader } from '../../src/protocol/record-batch';
import { ManualClock } from '../controller/manual-clock';

/** The log's tests share these: a partition "orders-0" on a MemoryLogStore and a clock the test moves. */
export const START_MS = 1_700_000_000_000;

export function config(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...logConfig({}, BrokerConfig.from()), ...overrides };
}

export interface RecordSpec {
  key?: string | null;
  value?: string | null;
  timestamp?: number;
}

export interface ProducerSpec {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (text: string | null | undefined) => (text == null ? null : encoder.encode(text));
const textOf = (bytes: Uint8Array | null) => (bytes === null ? null : decoder.decode(bytes));

/** A producer's batch as it arrives at the leader: base offset 0, no leader epoch. */
export function batch(records: RecordSpec[], nowMs: number, producer?: ProducerSpec, compression?: 'gzip'): Uint8Array {
  return encodeRecordBatch({
    ...producer,
    compression,
    records: records.map((record) => ({
      key: record.key === undefined ? encoder.encode('k') : bytesOf(record.key),
      value: bytesOf(record.value === undefined ? 'v' : record.value),
      timestamp: record.timestamp ?? nowMs,
    })),
  });
}

/** `count` keyed records k0..k(count-1) with values v0... */
export function values(count: number, prefix = 'v'): RecordSpec[] {
  return Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}` }));
}

export interface ReadRecord {
  offset: number;
  key: string | null;
  value: string | null;
  leaderEpoch: number;
}

export function recordsOf(batches: Uint8Array[]): ReadRecord[] {
  return batches.flatMap((bytes) => {
    const { partitionLeaderEpoch } = readBatchHeader(bytes);
    return decodeRecords(bytes).map((record) => ({
      offset: record.offset,
      key: textOf(record.key),
      value: textOf(record.value),
      leaderEpoch: partitionLeaderEpoch,
    }));
  });
}

/** Counts the store calls that read batches, to show what recovery reads. */
export class CountingStore<M> implements LogStore<M> {
  reads = 0;
  loads = 0;
  constructor(private readonly inner: LogStore<M>) {}
  listPartitions() {
    return this.inner.listPartitions();
  }
  load(tp: TopicPartition): Promise<LoadedPartition<M> | null> {
    this.loads++;
    return this.inner.load(tp);
  }
  append(tp: TopicPartition, batches: StoredBatch[], meta: M) {
    return this.inner.append(tp, batches, meta);
  }
  read(tp: TopicPartition, fromOffset: number, maxBytes: number) {
    this.reads++;
    return this.inner.read(tp, fromOffset, maxBytes);
  }
  truncateFrom(tp: TopicPartition, fromOffset: number, meta: M) {
    return this.inner.truncateFrom(tp, fromOffset, meta);
  }
  deleteBefore(tp: TopicPartition, beforeOffset: number, meta: M) {
    return this.inner.deleteBefore(tp, beforeOffset, meta);
  }
  replaceRange(tp: TopicPartition, fromOffset: number, toOffset: number, batches: StoredBatch[], meta: M) {
    return this.inner.replaceRange(tp, fromOffset, toOffset, batches, meta);
  }
  writeMeta(tp: TopicPartition, meta: M) {
    return this.inner.writeMeta(tp, meta);
  }
  deletePartition(tp: TopicPartition) {
    return this.inner.deletePartition(tp);
  }
  close() {
    return this.inner.close();
  }
}

export interface LogFixture {
  log: UnifiedLog;
  store: LogStore<LogMeta>;
  clock: ManualClock;
  /** Reopens the log from the same store, as a restarted broker does. */
  reopen(store?: LogStore<LogMeta>): Promise<UnifiedLog>;
}

export async function openLog(
  overrides: Partial<LogConfig> = {},
  store: LogStore<LogMeta> = new MemoryLogStore<LogMeta>(),
): Promise<LogFixture> {
  const clock = new ManualClock();
  await clock.advance(START_MS);
  const options = { topic: 'orders', partition: 0, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', config: config(overrides), clock };
  const log = await UnifiedLog.load({ ...options, store });
  return {
    log,
    store,
    clock,
    reopen: (other = store) => UnifiedLog.load({ ...options, store: other }),
  };
}

/** Appends `count` single-record batches as leader in `epoch`, returning their offsets. */
export async function appendRecords(fixture: LogFixture, count: number, epoch = 0, size?: { valueBytes: number }): Promise<number[]> {
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = size ? 'x'.repeat(size.valueBytes) : `v${i}`;
    const info = await fixture.log.appendAsLeader(batch([{ key: `k${i}`, value }], fixture.clock.now()), epoch);
    offsets.push(info.firstOffset);
  }
  return offsets;
}
