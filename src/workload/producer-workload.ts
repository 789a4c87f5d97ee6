/**
 * A producer at a steady rate: on each tick it sends the records that fall due by then
 * (recordsPerSecond × elapsed), one send() per record so each record's acknowledgement is known;
 * the producer's accumulator still batches them, as it batches any concurrent sends (linger.ms).
 * Values are text, `producer-1 #42` padded to valueBytes, so a reader can tell which record it has.
 */
import { scheduleRepeating, type Clock, type Timer } from '../core/clock';
import type { Kafka } from '../client/kafka';
import type { Producer } from '../client/producer/producer';
import type { ProducerConfig } from '../client/producer/producer-config';
import { recordKeys } from './record-keys';
import { invalidSpec, toWorkloadError } from './workload-error';
import type {
  ProducerPartitionProgress,
  ProducerWorkloadSnapshot,
  ProducerWorkloadSpec,
  WorkloadError,
  WorkloadState,
} from './workload-types';

/** How often records are handed to the producer; a slower rate ticks once per record. */
const TICK_MS = 100;
/** Above this rate a browser tab spends more time producing than drawing. */
/** How often a waiting batch alone makes a new snapshot, so its countdown moves on the page. */
const WAIT_REPORT_MS = 250;

export const MAX_RECORDS_PER_SECOND = 10_000;
export const MAX_VALUE_BYTES = 1_000_000;
/**
 * Records sent and not yet answered beyond which a tick sends nothing, as KafkaProducer.send blocks
 * once buffer.memory is full: while a partition has no leader the workload falls behind instead of
 * piling up sends without bound.
 */
const MAX_IN_FLIGHT = 10_000;

export interface AckedRecord {
  partition: number;
  /** -1 for acks=0. */
  offset: number;
  key: string | null;
  value: string;
}

export interface ProducerWorkloadDeps {
  kafka: Kafka;
  clock: Clock;
  onChange: () => void;
}

export class ProducerWorkload {
  private readonly keyOf: (n: number) => string | null;
  private readonly spec: Required<Omit<ProducerWorkloadSpec, 'idempotence'>> & Pick<ProducerWorkloadSpec, 'idempotence'>;
  private readonly producer: Producer;
  private readonly partitions = new Map<number, ProducerPartitionProgress>();
  private readonly ackListeners = new Set<(record: AckedRecord) => void>();
  private state: WorkloadState = 'stopped';
  private timer: Timer | null = null;
  private startedAtMs = 0;
  private sent = 0;
  private acked = 0;
  private failed = 0;
  private lastError: WorkloadError | null = null;

  constructor(
    readonly id: string,
    spec: ProducerWorkloadSpec,
    private readonly deps: ProducerWorkloadDeps,
  ) {
    this.spec = validate(spec);
    this.keyOf = recordKeys(this.spec.keys);
    const config: ProducerConfig = {};
    if (spec.idempotence !== undefined) config.idempotent = spec.idempotence;
    this.producer = deps.kafka.producer(config);
  }

  /** When the last snapshot was offered for a batch's wait alone. */
  private lastWaitReportMs = 0;

  async start(): Promise<void> {
    await this.producer.connect();
    this.state = 'running';
    this.startedAtMs = this.deps.clock.now();
    const tickMs = Math.max(TICK_MS, Math.floor(1000 / this.spec.recordsPerSecond));
    this.timer = scheduleRepeating(this.deps.clock, tickMs, () => this.tick());
  }

  /** Stops sending; records already sent are still waited for (KafkaProducer.close). */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    this.state = 'stopped';
    await this.producer.disconnect();
  }

  /** Called for each acknowledged record, for tests that check where every record went. */
  onAcked(listener: (record: AckedRecord) => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  snapshot(): ProducerWorkloadSnapshot {
    return {
      kind: 'producer',
      id: this.id,
      spec: this.spec,
      state: this.state,
      sent: this.sent,
      acked: this.acked,
      failed: this.failed,
      lastError: this.lastError,
      partitions: [...this.partitions.values()].sort((a, b) => a.partition - b.partition).map((p) => ({ ...p })),
      producer: this.producer.describe(),
    };
  }

  private tick(): void {
    // A batch waiting on a dead leader gets no answer to report: its countdown is news all the same.
    const now = this.deps.clock.now();
    if (now - this.lastWaitReportMs >= WAIT_REPORT_MS && this.producer.describe().oldestBatch !== null) {
      this.lastWaitReportMs = now;
      this.deps.onChange();
    }
    const due = Math.floor((this.spec.recordsPerSecond * (this.deps.clock.now() - this.startedAtMs)) / 1000);
    while (this.sent < due && this.sent - this.acked - this.failed < MAX_IN_FLIGHT) this.send(this.sent++);
  }

  private send(n: number): void {
    const key = this.keyOf(n);
    const value = recordValue(`${this.id} #${n}`, this.spec.valueBytes);
    this.producer.send({ topic: this.spec.topic, acks: this.spec.acks, messages: [{ key, value }] }).then(
      ([metadata]) => {
        this.acked++;
        const offset = Number(metadata.baseOffset);
        const progress = this.partitions.get(metadata.partition) ?? { partition: metadata.partition, acked: 0, lastAckedOffset: -1 };
        progress.acked++;
        progress.lastAckedOffset = Math.max(progress.lastAckedOffset, offset);
        this.partitions.set(metadata.partition, progress);
        if (this.ackListeners.size > 0) {
          for (const listener of [...this.ackListeners]) listener({ partition: metadata.partition, offset, key, value });
        }
        this.deps.onChange();
      },
      (error: unknown) => {
        this.failed++;
        this.lastError = toWorkloadError(error);
        this.deps.onChange();
      },
    );
  }
}

/** `text` padded with dots, or cut, to `bytes` bytes (the text is ASCII). */
function recordValue(text: string, bytes: number): string {
  return text.length >= bytes ? text.slice(0, bytes) : text.padEnd(bytes, '.');
}

function validate(spec: ProducerWorkloadSpec): ProducerWorkload['spec'] {
  if (typeof spec?.topic !== 'string' || spec.topic === '') throw invalidSpec('topic must be the name of a topic.');
  const rate = spec.recordsPerSecond;
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RECORDS_PER_SECOND) {
    throw invalidSpec(`recordsPerSecond must be a number above 0 and at most ${MAX_RECORDS_PER_SECOND}; got ${String(rate)}.`);
  }
  const acks = spec.acks ?? -1;
  if (acks !== -1 && acks !== 0 && acks !== 1) throw invalidSpec(`acks must be -1 (all), 0 or 1; got ${String(acks)}.`);
  if (spec.idempotence === true && acks !== -1) {
    throw invalidSpec('Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.');
  }
  const valueBytes = spec.valueBytes ?? 100;
  if (!Number.isInteger(valueBytes) || valueBytes < 0 || valueBytes > MAX_VALUE_BYTES) {
    throw invalidSpec(`valueBytes must be a whole number from 0 to ${MAX_VALUE_BYTES}; got ${String(valueBytes)}.`);
  }
  return { topic: spec.topic, recordsPerSecond: rate, keys: spec.keys ?? 'none', acks, valueBytes, idempotence: spec.idempotence };
}
