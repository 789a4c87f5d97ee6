/**
 * Kafka's ProducerPerformance (bin/kafka-producer-perf-test.sh) on the kafkajs-shaped client and the
 * injected clock and random, for the shell's tool and the page's client worker alike. As Kafka's
 * tool does, it sends numRecords records one send() at a time with a completion callback that
 * records the latency (callback time minus the time just before send()), throttles with
 * ThroughputThrottler to `throughput` records/s (-1: as fast as it can), closes the producer (which
 * sends and awaits everything buffered) and prints the total line. Each payload is generated
 * afresh for every record, as Kafka's generateRandomPayload does: `recordSize` random uppercase
 * letters, a random pick among `payloads`, or the record's number (`payloadMonotonic`).
 */
import { sleep } from '../client/cluster/retry';
import type { Kafka } from '../client/kafka';
import type { ProducerMetricValues } from '../client/producer/producer-metrics';
import { recordSizeInBytes } from '../client/producer/record-size';
import type { Clock } from '../core/clock';
import type { Random } from '../core/random';
import { KafkaError } from '../protocol/errors';
import { performanceProducerSettings } from './producer-performance-config';
import { PerformanceStats, type PerformanceTotal } from './producer-performance-stats';
import { ThroughputThrottler } from './producer-performance-throttler';
import { invalidSpec } from './workload-error';

export interface ProducerPerformanceSpec {
  topic: string;
  numRecords: number;
  /** Exactly one of recordSize, payloads and payloadMonotonic says what the records hold. */
  recordSize?: number;
  /** The payloads of --payload-file, already split at the delimiter; one is picked at random per record. */
  payloads?: string[];
  payloadMonotonic?: boolean;
  /** Records per second at most; -1 for no throttling. */
  throughput: number;
  /** Records left out of the steady-state stats (--warmup-records, KIP-1052). Default 0. */
  warmupRecords?: number;
  /** Producer configs by Kafka's names: acks, linger.ms, batch.size, buffer.memory ... */
  producerProps?: Record<string, string>;
}

export interface ProducerPerformanceDeps {
  kafka: Kafka;
  clock: Clock;
  random: Random;
  /** One line of what the tool prints to stdout (window lines, the total line). */
  print(line: string): void;
  /** A send that failed, as KafkaProducer's callback gets it (the tool prints its stack trace). */
  onError?(error: unknown): void;
  /** Ctrl-C: stops sending; the producer still closes in the background. */
  signal?: AbortSignal;
}

export interface ProducerPerformanceResult extends PerformanceTotal {
  /** Records whose send failed (not counted in `records`). */
  failed: number;
  /** The totals of the records after the warm-up, when there was one. */
  steadyState: PerformanceTotal | null;
  /** Every line printed, in order. */
  lines: string[];
  /** The producer's metrics once it closed, for --print-metrics. */
  metrics: ProducerMetricValues;
  /** Whether Ctrl-C stopped it: nothing is printed then and the figures are those at the stop. */
  interrupted: boolean;
}

/**
 * How long the send loop may run before it lets the event loop turn: Kafka's Sender is a thread of
 * its own, ours runs on this one, so the batches filled so far and the answers that complete them
 * get their turn this often. On virtual time the loop takes no time and yields only when it waits.
 */
const SEND_SLICE_MS = 4;

const utf8 = new TextEncoder();

export async function runProducerPerformance(
  spec: ProducerPerformanceSpec,
  deps: ProducerPerformanceDeps,
): Promise<ProducerPerformanceResult> {
  validate(spec);
  const { clock, random, signal } = deps;
  const settings = performanceProducerSettings(spec.producerProps ?? {});
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    if (!signal?.aborted) deps.print(line);
  };
  const producer = deps.kafka.producer(settings.producer);
  // kafkajs connects before the first send; KafkaProducer fetches the same metadata in the first send().
  await producer.connect();

  const warmupRecords = spec.warmupRecords ?? 0;
  if (warmupRecords > 0) print(`Warmup first ${warmupRecords} records. Steady state results will print after the complete test summary.`);
  const stats = new PerformanceStats(spec.numRecords, clock, print);
  let steadyStateStats: PerformanceStats | null = null;
  const startMs = clock.now();
  const throttler = new ThroughputThrottler(spec.throughput, startMs, clock, signal);
  const buffer = new BufferMemory(settings.bufferMemory, settings.maxBlockMs, clock, signal);
  const nextPayload = payloadSource(spec, random);
  let failed = 0;
  let sliceStartMs = clock.now();
  const known = () => true;
  const unknown = (error: unknown) => {
    failed++;
    deps.onError?.(error);
    return false;
  };

  for (let i = 0; i < spec.numRecords && !signal?.aborted; i++) {
    const payload = nextPayload(i);
    const sendStartMs = clock.now();
    if (warmupRecords > 0 && i === warmupRecords) {
      steadyStateStats = new PerformanceStats(spec.numRecords - warmupRecords, clock, print, true);
      stats.suppressPrinting();
    }
    const steady = steadyStateStats;
    // KafkaProducer.send blocks in waitOnMetadata until the topic is known; ours would return and
    // queue every record behind that wait, so the first record waits for it here, inside its latency,
    // and fails as its send would when the topic never appears.
    if (i === 0 && !(await producer.partitionsFor(spec.topic).then(known, unknown))) continue;
    const size = recordSizeInBytes({ key: null, value: payload, timestamp: sendStartMs }, 0, sendStartMs);
    // KafkaProducer.send blocks while buffer.memory is full (BufferPool.allocate); ours returns at
    // once, so the loop waits here for answers to free room, and fails the record as Kafka does after max.block.ms.
    if (!buffer.tryReserve(size) && !(await buffer.reserve(size))) {
      if (signal?.aborted) break;
      failed++;
      deps.onError?.(
        new KafkaError('REQUEST_TIMED_OUT', `Failed to allocate memory within the configured max blocking time ${settings.maxBlockMs} ms.`),
      );
    } else {
      producer.send({ topic: spec.topic, acks: settings.acks, messages: [{ value: payload }] }).then(
        () => {
          buffer.release(size);
          const now = clock.now();
          const latency = Math.trunc(now - sendStartMs);
          stats.record(latency, payload.length, now);
          steady?.record(latency, payload.length, now);
        },
        (error: unknown) => {
          buffer.release(size);
          failed++;
          deps.onError?.(error);
        },
      );
    }
    // Sending takes no time on virtual time, where the throttler could never see a rate: once, let
    // the clock's smallest step pass (on a real clock the first sends share a millisecond anyway).
    if (spec.throughput >= 0 && clock.now() === startMs) await sleep(clock, 1);
    if (throttler.shouldThrottle(i, sendStartMs)) await throttler.throttle();
    if (clock.now() - sliceStartMs >= SEND_SLICE_MS) {
      await turn(clock);
      sliceStartMs = clock.now();
    }
  }
  await producer.disconnect();
  const total = stats.printTotal();
  const steadyState = steadyStateStats?.printTotal() ?? null;
  return { ...total, failed, steadyState, lines, metrics: producer.metrics(), interrupted: signal?.aborted ?? false };
}

function validate(spec: ProducerPerformanceSpec): void {
  if (typeof spec?.topic !== 'string' || spec.topic === '') throw invalidSpec('topic must be the name of a topic.');
  if (!Number.isSafeInteger(spec.numRecords) || spec.numRecords <= 0)
    throw invalidSpec(`numRecords must be a whole number above 0; got ${String(spec.numRecords)}.`);
  const kinds = [spec.recordSize !== undefined, spec.payloads !== undefined, spec.payloadMonotonic === true].filter(Boolean).length;
  if (kinds !== 1) throw invalidSpec('Give exactly one of recordSize, payloads and payloadMonotonic.');
  if (spec.recordSize !== undefined && (!Number.isSafeInteger(spec.recordSize) || spec.recordSize <= 0)) {
    throw invalidSpec(`recordSize must be a whole number of bytes above 0; got ${String(spec.recordSize)}.`);
  }
  if (spec.payloads !== undefined && spec.payloads.length === 0) throw invalidSpec('payloads must hold at least one payload.');
  if (typeof spec.throughput !== 'number' || Number.isNaN(spec.throughput))
    throw invalidSpec(`throughput must be a number of records per second, or -1 for no limit; got ${String(spec.throughput)}.`);
  const warmup = spec.warmupRecords ?? 0;
  if (!Number.isSafeInteger(warmup) || warmup < 0 || warmup >= spec.numRecords) {
    throw invalidSpec('The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.');
  }
}

/** ProducerPerformance.generateRandomPayload, one payload per record. */
function payloadSource(spec: ProducerPerformanceSpec, random: Random): (i: number) => Uint8Array {
  if (spec.payloads !== undefined) {
    const payloads = spec.payloads.map((text) => utf8.encode(text));
    return () => payloads[random.nextInt(payloads.length)];
  }
  const recordSize = spec.recordSize;
  if (recordSize !== undefined) {
    // One array refilled for every record, as generateRandomPayload does: the producer copies the
    // value into its batch at send(), as KafkaProducer does.
    const payload = new Uint8Array(recordSize);
    return () => {
      for (let j = 0; j < recordSize; j++) payload[j] = random.nextInt(26) + 65;
      return payload;
    };
  }
  return (i) => utf8.encode(String(i));
}

/** Lets timers and messages run (a macrotask), so the Sender ships what the loop appended. */
function turn(clock: Clock): Promise<void> {
  return new Promise((resolve) => clock.schedule(0, resolve));
}

/**
 * buffer.memory as the record bytes sent and not yet answered. Kafka's BufferPool counts whole
 * batches of batch.size, which full batches (the throughput case) nearly equal.
 */
class BufferMemory {
  private used = 0;
  private readonly waiters: (() => void)[] = [];

  /** `wakeup`: Ctrl-C ends a wait at once, as if the time had run out. */
  constructor(
    private readonly capacity: number,
    private readonly maxBlockMs: number,
    private readonly clock: Clock,
    private readonly wakeup?: AbortSignal,
  ) {}

  /** Takes `bytes` if they fit now (or the buffer is empty). */
  tryReserve(bytes: number): boolean {
    if (this.used > 0 && this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  /** Waits until `bytes` fit, at most max.block.ms; false if they never did. A record bigger than the whole buffer waits for an empty one. */
  async reserve(bytes: number): Promise<boolean> {
    const deadline = this.clock.now() + this.maxBlockMs;
    while (!this.tryReserve(bytes)) {
      const remaining = deadline - this.clock.now();
      if (remaining <= 0 || this.wakeup?.aborted || !(await this.freed(remaining))) return false;
    }
    return true;
  }

  release(bytes: number): void {
    this.used -= bytes;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** True when some bytes were released within `ms`; false when the time ran out or Ctrl-C came first. */
  private freed(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const settle = (released: boolean) => {
        timer.cancel();
        this.wakeup?.removeEventListener('abort', giveUp);
        const at = this.waiters.indexOf(wake);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(released);
      };
      const wake = () => settle(true);
      const giveUp = () => settle(false);
      const timer = this.clock.schedule(ms, giveUp);
      this.wakeup?.addEventListener('abort', giveUp, { once: true });
      this.waiters.push(wake);
    });
  }
}
