/**
 * The producer benchmark measured the way Kafka's own was (Kreps 2014: `ProducerPerformance test
 * 50000000 100 -1 acks=all`): kafka-producer-perf-test in the page's client worker through
 * window.sim, so the records never touch the main thread. A self-contained function that
 * Playwright runs inside the page (page.evaluate serialises it: nothing here may close over
 * module scope).
 */
import type { Simulator } from '../../../src/runtime/boot';
import type { ProducerPerformanceResult } from '../../../src/workload/producer-performance';

export interface ProducerPerformanceParams {
  topic: string;
  numRecords: number;
  /** Bytes of each record's value: 100 in Kafka's benchmark. */
  recordSize: number;
  /** Records per second at most; -1 unthrottled, as the benchmark ran. */
  throughput: number;
  /** Kafka's producer configs: { acks: 'all' } for the benchmark. */
  producerProps: Record<string, string>;
}

/**
 * Runs ProducerPerformance in the client worker; resolves to its total line's figures
 * (recordsPerSec, mbPerSec, avgLatencyMs, p50Ms ... p999Ms) and `lines`, what
 * kafka-producer-perf-test.sh would have printed.
 */
export async function producerPerformance(p: ProducerPerformanceParams): Promise<ProducerPerformanceResult> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  return sim.workloads.producerPerformance(p);
}
