import { afterEach, describe, expect, it } from 'vitest';
import type { Kafka } from '../../src/client/kafka';
import type { Clock } from '../../src/core/clock';
import { SeededRandom } from '../../src/core/random';
import { KafkaError } from '../../src/protocol/errors';
import { VirtualClock } from '../../src/sim/virtual-clock';
import {
  runProducerPerformance,
  type ProducerPerformanceResult,
  type ProducerPerformanceSpec,
} from '../../src/workload/producer-performance';
import { workloadCluster, type WorkloadCluster } from './support';

const TOTAL_LINE =
  /^(\d+) records sent, (\d+\.\d{6}) records\/sec \((\d+\.\d{2}) MB\/sec\), (\d+\.\d{2}) ms avg latency, (\d+\.\d{2}) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/;
const WINDOW_LINE = /^\d+ records sent, \d+\.\d records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$/;

let current: WorkloadCluster | null = null;

afterEach(async () => {
  await current?.cluster.close();
  current = null;
});

/** Runs the tool's engine against a fresh 3-broker cluster with a 6-partition, RF 3 topic. */
async function perfTest(
  seed: number,
  spec: Omit<ProducerPerformanceSpec, 'topic'>,
): Promise<ProducerPerformanceResult & { printed: string[] }> {
  current = await workloadCluster(seed, [{ topic: 'perf', numPartitions: 6 }]);
  const { cluster, client, run } = current;
  const printed: string[] = [];
  const result = await run(
    runProducerPerformance(
      { topic: 'perf', ...spec },
      { kafka: client, clock: cluster.clock, random: new SeededRandom(seed), print: (line) => printed.push(line) },
    ),
  );
  return { ...result, printed };
}

describe('workload > producer performance (kafka-producer-perf-test)', () => {
  it("sends every record with acks=all and prints the total line in ProducerPerformance's format (seed 1)", async () => {
    const result = await perfTest(1, { numRecords: 3000, recordSize: 100, throughput: -1, producerProps: { acks: 'all' } });
    expect(result.failed).toBe(0);
    expect(result.printed).toEqual(result.lines);
    expect(result.printed).toHaveLength(1);
    const match = TOTAL_LINE.exec(result.printed[0]);
    expect(match, result.printed[0]).not.toBeNull();
    expect(Number(match![1])).toBe(3000);
    expect(result.records).toBe(3000);
    const described = current!.cluster.describe().topics.find((t) => t.name === 'perf')!;
    expect(described.partitions.length).toBe(6);
  });

  it('replays: the same seed prints the same lines', async () => {
    const first = await perfTest(2, { numRecords: 500, recordSize: 100, throughput: -1 });
    await current!.cluster.close();
    const second = await perfTest(2, { numRecords: 500, recordSize: 100, throughput: -1 });
    expect(second.lines).toEqual(first.lines);
  });

  it('throttles to --throughput: 600 records at 200 records/s take 3 s of virtual time and print window lines every 5 s at 1000 records/s', async () => {
    const throttled = await perfTest(3, { numRecords: 600, recordSize: 100, throughput: 200 });
    expect(throttled.elapsedMs).toBeGreaterThanOrEqual(2990);
    expect(throttled.elapsedMs).toBeLessThan(3300);
    await current!.cluster.close();
    const long = await perfTest(4, { numRecords: 12_000, recordSize: 10, throughput: 1000 });
    const windows = long.printed.slice(0, -1);
    expect(windows.length).toBe(2);
    for (const line of windows) expect(line).toMatch(WINDOW_LINE);
    expect(Number(windows[0].split(' ')[0])).toBeGreaterThanOrEqual(4900);
    expect(Number(windows[0].split(' records sent, ')[1].split(' ')[0])).toBeCloseTo(1000, -2);
  });

  it('announces a warm-up, prints the steady-state total after the overall one, and counts only the records after it there', async () => {
    const result = await perfTest(5, { numRecords: 1000, recordSize: 50, throughput: -1, warmupRecords: 300 });
    expect(result.printed[0]).toBe('Warmup first 300 records. Steady state results will print after the complete test summary.');
    expect(result.printed.at(-2)).toMatch(/^1000 records sent, /);
    expect(result.printed.at(-1)).toMatch(/^700 steady state records sent, \d+\.\d{6} records\/sec/);
    expect(result.steadyState?.records).toBe(700);
  });

  it("refuses transactions, which the simulator does not model, and a bad config value with ConfigDef's message", async () => {
    await expect(
      perfTest(6, { numRecords: 10, recordSize: 10, throughput: -1, producerProps: { 'transactional.id': 'tx' } }),
    ).rejects.toThrow(/Transactions are not modelled/);
    await current!.cluster.close();
    await expect(perfTest(6, { numRecords: 10, recordSize: 10, throughput: -1, producerProps: { 'linger.ms': 'soon' } })).rejects.toThrow(
      'Invalid value soon for configuration linger.ms: Not a number of type LONG',
    );
  });
});

/** A producer whose sends complete only when the test says so, to watch the send loop's backpressure. */
function heldProducer() {
  const pending: { value: Uint8Array; settle: (error?: Error) => void }[] = [];
  const sent: Uint8Array[] = [];
  const sends: Promise<unknown>[] = [];
  const producer = {
    connect: async () => undefined,
    partitionsFor: async () => [],
    metrics: () => ({}),
    // As KafkaProducer.close, waits for every send.
    disconnect: async () => {
      await Promise.allSettled(sends);
    },
    send: ({ messages }: { messages: { value: Uint8Array }[] }) => {
      const sending = new Promise((resolve, reject) => {
        // A producer copies the value into its batch at send(), so the tool may refill its array.
        sent.push(messages[0].value.slice());
        pending.push({ value: messages[0].value, settle: (error) => (error ? reject(error) : resolve([])) });
      });
      sends.push(sending);
      return sending;
    },
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, pending, sent };
}

function run(spec: Omit<ProducerPerformanceSpec, 'topic'>, kafka: Kafka, clock: Clock, errors: unknown[] = []) {
  const printed: string[] = [];
  const done = runProducerPerformance(
    { topic: 't', ...spec },
    { kafka, clock, random: new SeededRandom(7), print: (line) => printed.push(line), onError: (e) => errors.push(e) },
  );
  return { done, printed };
}

/** Runs the clock until the run has finished. */
async function finish<T>(clock: VirtualClock, done: Promise<T>): Promise<T> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  await clock.runUntil(() => finished);
  return done;
}

describe('workload > producer performance > payloads and buffer.memory', () => {
  it('fills each payload with record-size random uppercase letters, new for every record', async () => {
    const clock = new VirtualClock();
    const { kafka, pending, sent } = heldProducer();
    const { done } = run({ numRecords: 3, recordSize: 20, throughput: -1 }, kafka, clock);
    await clock.runUntil(() => sent.length === 3);
    for (const item of pending.splice(0)) item.settle();
    await done;
    const texts = sent.map((bytes) => new TextDecoder().decode(bytes));
    for (const text of texts) expect(text).toMatch(/^[A-Z]{20}$/);
    expect(new Set(texts).size).toBe(3);
  });

  it('sends the record number with payloadMonotonic, and a random line of the payload file with payloads', async () => {
    const clock = new VirtualClock();
    const monotonic = heldProducer();
    const first = run({ numRecords: 3, payloadMonotonic: true, throughput: -1 }, monotonic.kafka, clock);
    await clock.runUntil(() => monotonic.sent.length === 3);
    for (const item of monotonic.pending.splice(0)) item.settle();
    await first.done;
    expect(monotonic.sent.map((bytes) => new TextDecoder().decode(bytes))).toEqual(['0', '1', '2']);
    const file = heldProducer();
    const second = run({ numRecords: 20, payloads: ['red', 'blue'], throughput: -1 }, file.kafka, clock);
    await clock.runUntil(() => file.sent.length === 20);
    for (const item of file.pending.splice(0)) item.settle();
    await second.done;
    expect(new Set(file.sent.map((bytes) => new TextDecoder().decode(bytes)))).toEqual(new Set(['red', 'blue']));
  });

  it('stops sending while buffer.memory is full, as KafkaProducer.send blocks, and goes on as answers free room', async () => {
    const clock = new VirtualClock();
    const { kafka, pending, sent } = heldProducer();
    // A 100-byte value takes 107 bytes in a batch: 1,000 bytes hold 9 of them.
    const { done } = run({ numRecords: 20, recordSize: 100, throughput: -1, producerProps: { 'buffer.memory': '1000' } }, kafka, clock);
    await clock.runUntil(() => sent.length === 9);
    await clock.advance(1000);
    expect(sent).toHaveLength(9);
    pending.shift()!.settle();
    await clock.runUntil(() => sent.length === 10);
    await clock.advance(1000);
    expect(sent).toHaveLength(10);
    while (sent.length < 20 || pending.length > 0) {
      pending.shift()?.settle();
      await clock.advance(1);
    }
    const result = await done;
    expect(result.records).toBe(20);
    expect(result.failed).toBe(0);
  });

  it("fails a record that found no room within max.block.ms with Kafka's message, and goes on with the next", async () => {
    const clock = new VirtualClock();
    const { kafka, pending, sent } = heldProducer();
    const errors: unknown[] = [];
    const { done } = run(
      { numRecords: 3, recordSize: 100, throughput: -1, producerProps: { 'buffer.memory': '150', 'max.block.ms': '500' } },
      kafka,
      clock,
      errors,
    );
    await clock.runUntil(() => errors.length === 2);
    expect(sent).toHaveLength(1);
    expect((errors[0] as KafkaError).message).toBe('Failed to allocate memory within the configured max blocking time 500 ms.');
    expect((errors[0] as KafkaError).type).toBe('REQUEST_TIMED_OUT');
    pending.shift()!.settle();
    const result = await finish(clock, done);
    expect(result.records).toBe(1);
    expect(result.failed).toBe(2);
  });

  it('stops waiting for room at Ctrl-C and ends without failing the record it held', async () => {
    const clock = new VirtualClock();
    const { kafka, pending, sent } = heldProducer();
    const ctrlC = new AbortController();
    const errors: unknown[] = [];
    const printed: string[] = [];
    const done = runProducerPerformance(
      { topic: 't', numRecords: 5, recordSize: 100, throughput: -1, producerProps: { 'buffer.memory': '150' } },
      {
        kafka,
        clock,
        random: new SeededRandom(7),
        print: (line) => printed.push(line),
        onError: (e) => errors.push(e),
        signal: ctrlC.signal,
      },
    );
    await clock.runUntil(() => sent.length === 1);
    await clock.advance(100);
    ctrlC.abort();
    pending.shift()!.settle();
    const result = await finish(clock, done);
    expect(result.interrupted).toBe(true);
    expect(sent).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(printed).toEqual([]);
  });

  it('counts a failed send as failed, not as sent, and reports its error', async () => {
    const clock = new VirtualClock();
    const { kafka, pending, sent } = heldProducer();
    const errors: unknown[] = [];
    const { done, printed } = run({ numRecords: 2, recordSize: 10, throughput: -1 }, kafka, clock, errors);
    await clock.runUntil(() => sent.length === 2);
    pending[0].settle(new KafkaError('NOT_ENOUGH_REPLICAS'));
    pending[1].settle();
    const result = await done;
    expect(result.records).toBe(1);
    expect(result.failed).toBe(1);
    expect((errors[0] as KafkaError).type).toBe('NOT_ENOUGH_REPLICAS');
    expect(printed.at(-1)).toMatch(/^1 records sent, /);
  });
});
