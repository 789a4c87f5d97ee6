/**
 * ProducerPerformance.Stats: what kafka-producer-perf-test.sh counts and prints. Every successful
 * send is recorded at its callback with its latency (callback time minus the time just before
 * send()); a window line is printed when a record completes 5 s or more after the window began;
 * the total line gives the whole run with percentiles taken from a sample of at most 500,000
 * latencies (every `sampling`-th record). The lines are Java's printf formats, byte for byte, as
 * trunk's ProducerPerformance prints them (records/sec of the total with %f, six decimals).
 */
import type { Clock } from '../core/clock';

/** Stats.reportingInterval. */
export const REPORTING_INTERVAL_MS = 5000;
/** The most latencies Stats keeps for the percentiles. */
const MAX_SAMPLES = 500_000;

/** The total line's figures, for callers that want numbers rather than text. */
export interface PerformanceTotal {
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  elapsedMs: number;
}

export class PerformanceStats {
  private readonly start: number;
  private readonly latencies: Int32Array;
  private readonly sampling: number;
  private iteration = 0;
  private index = 0;
  private count = 0;
  private bytes = 0;
  private maxLatency = 0;
  private totalLatency = 0;
  private windowCount = 0;
  private windowMaxLatency = 0;
  private windowTotalLatency = 0;
  private windowBytes = 0;
  private windowStart: number;
  private suppressPrint = false;

  /**
   * `isSteadyState`: the stats of the records after --warmup-records, whose total line says
   * "steady state" and whose first window announces "In steady state.".
   */
  constructor(
    numRecords: number,
    private readonly clock: Clock,
    private readonly print: (line: string) => void,
    private readonly isSteadyState = false,
  ) {
    this.start = clock.now();
    this.windowStart = this.start;
    // Java's long division: 50,000,000 records keep every 100th latency.
    this.sampling = Math.floor(numRecords / Math.min(numRecords, MAX_SAMPLES));
    this.latencies = new Int32Array(Math.floor(numRecords / this.sampling) + 1);
  }

  record(latency: number, bytes: number, time: number): void {
    this.count++;
    this.bytes += bytes;
    this.totalLatency += latency;
    this.maxLatency = Math.max(this.maxLatency, latency);
    this.windowCount++;
    this.windowBytes += bytes;
    this.windowTotalLatency += latency;
    this.windowMaxLatency = Math.max(this.windowMaxLatency, latency);
    if (this.iteration % this.sampling === 0) {
      this.latencies[this.index] = latency;
      this.index++;
    }
    if (time - this.windowStart >= REPORTING_INTERVAL_MS) {
      if (this.isSteadyState && this.count === this.windowCount) this.print('In steady state.');
      if (!this.suppressPrint) this.printWindow();
      this.newWindow();
    }
    this.iteration++;
  }

  /** Once the warm-up is over, the overall stats stop printing windows; the steady-state ones print them. */
  suppressPrinting(): void {
    this.suppressPrint = true;
  }

  totalCount(): number {
    return this.count;
  }

  printTotal(): PerformanceTotal {
    const total = this.total();
    this.print(
      `${total.records}${this.isSteadyState ? ' steady state' : ''} records sent, ${javaFixed(total.recordsPerSec, 6)} records/sec (${javaFixed(total.mbPerSec, 2)} MB/sec), ` +
        `${javaFixed(total.avgLatencyMs, 2)} ms avg latency, ${javaFixed(total.maxLatencyMs, 2)} ms max latency, ` +
        `${total.p50Ms} ms 50th, ${total.p95Ms} ms 95th, ${total.p99Ms} ms 99th, ${total.p999Ms} ms 99.9th.`,
    );
    return total;
  }

  private total(): PerformanceTotal {
    const elapsed = this.clock.now() - this.start;
    const [p50Ms, p95Ms, p99Ms, p999Ms] = percentiles(this.latencies, this.index, [0.5, 0.95, 0.99, 0.999]);
    return {
      records: this.count,
      recordsPerSec: (1000 * this.count) / elapsed,
      mbPerSec: (1000 * this.bytes) / elapsed / (1024 * 1024),
      avgLatencyMs: this.totalLatency / this.count,
      maxLatencyMs: this.maxLatency,
      p50Ms,
      p95Ms,
      p99Ms,
      p999Ms,
      elapsedMs: elapsed,
    };
  }

  private printWindow(): void {
    const elapsed = this.clock.now() - this.windowStart;
    const recsPerSec = (1000 * this.windowCount) / elapsed;
    const mbPerSec = (1000 * this.windowBytes) / elapsed / (1024 * 1024);
    this.print(
      `${this.windowCount} records sent, ${javaFixed(recsPerSec, 1)} records/sec (${javaFixed(mbPerSec, 2)} MB/sec), ` +
        `${javaFixed(this.windowTotalLatency / this.windowCount, 1)} ms avg latency, ${javaFixed(this.windowMaxLatency, 1)} ms max latency.`,
    );
  }

  private newWindow(): void {
    this.windowStart = this.clock.now();
    this.windowCount = 0;
    this.windowMaxLatency = 0;
    this.windowTotalLatency = 0;
    this.windowBytes = 0;
  }
}

/**
 * Stats.percentiles: sorts the sampled latencies and takes the one at (int) (p × size). With no
 * sample the array's zero is the answer, as Java's zero-filled int[] gives.
 */
export function percentiles(latencies: Int32Array, count: number, ps: number[]): number[] {
  const size = Math.min(count, latencies.length);
  const sorted = latencies.subarray(0, size).sort();
  return ps.map((p) => (size === 0 ? latencies[0] : sorted[Math.floor(p * size)]));
}

/**
 * Java's `%.Nf`: the shortest decimal that reads back as the double (Double.toString's digits),
 * rounded HALF_UP to N places, so 1.005 prints as 1.01 where toFixed gives 1.00; NaN and the
 * infinities as Java spells them.
 */
export function javaFixed(value: number, places: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // The decimal point sits after `pointAt` digits of `padded`.
  const exponent = Number(exponentText);
  const leadingZeros = Math.max(0, -exponent);
  const padded = '0'.repeat(leadingZeros) + digits;
  const pointAt = exponent + 1 + leadingZeros;
  const keep = pointAt + places;
  let kept = padded.padEnd(keep, '0').slice(0, keep);
  if ((padded[keep] ?? '0') >= '5') kept = incrementDecimal(kept);
  const intLength = kept.length - places;
  const intPart = kept.slice(0, intLength).replace(/^0+(?=\d)/, '') || '0';
  const text = places === 0 ? intPart : `${intPart}.${kept.slice(intLength)}`;
  return negative ? `-${text}` : text;
}

/** Adds one to a string of decimal digits, growing it by a digit on a carry out of the top. */
function incrementDecimal(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== '9') {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `1${chars.join('')}`;
}
