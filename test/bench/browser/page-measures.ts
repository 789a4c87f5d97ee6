/**
 * The benchmark's measurements, each a self-contained function that Playwright runs inside the page
 * (page.evaluate serialises it, so nothing here may close over module scope). They drive the page's
 * own runtime through window.sim: the brokers are real module workers over IndexedDB, the client
 * and controller run on the main thread, as a user's page does.
 */
import type { Simulator } from '../../../src/runtime/boot';

/** Kafka's published benchmark shape: 100-byte values, 6 partitions (Kreps 2014). */
export interface ProduceParams {
  topic: string;
  replicationFactor: number;
  acks: -1 | 1;
  records: number;
  batchRecords: number;
  valueBytes: number;
  /** Sends in flight at once, as the producer's max.in.flight.requests.per.connection pipelines. */
  inFlight: number;
  partitions: number;
}

/** Empties the cluster and starts `brokers` broker workers with `config`. */
export async function freshCluster({
  brokers,
  config,
}: {
  brokers: number;
  config: Record<string, string | number | boolean>;
}): Promise<void> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  for (const workload of sim.workloads.list()) await sim.workloads.stop(workload.id);
  await sim.cluster.reset({ config });
  for (let i = 0; i < brokers; i++) await sim.cluster.addBroker();
}

export async function createTopic({
  topic,
  partitions,
  replicationFactor,
}: {
  topic: string;
  partitions: number;
  replicationFactor: number;
}): Promise<void> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  await sim.kafka.admin().createTopics({
    topics: [
      {
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: [{ name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) }],
      },
    ],
  });
}

/** Produces `records` records in batches, `inFlight` sends at a time; returns records per second. */
export async function produceThroughput(p: ProduceParams): Promise<{ recordsPerSecond: number; seconds: number }> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  const producer = sim.kafka.producer();
  await producer.connect();
  const value = 'x'.repeat(p.valueBytes);
  const messages = Array.from({ length: p.batchRecords }, () => ({ value }));
  // A warm-up send per partition: metadata, connections and the leader's first segment are not the steady state.
  await producer.send({
    topic: p.topic,
    acks: p.acks,
    messages: Array.from({ length: p.partitions }, (_, partition) => ({ value, partition })),
  });
  let sent = 0;
  const started = performance.now();
  const lane = async () => {
    while (sent < p.records) {
      sent += p.batchRecords;
      await producer.send({ topic: p.topic, acks: p.acks, messages });
    }
  };
  await Promise.all(Array.from({ length: p.inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return { recordsPerSecond: sent / seconds, seconds };
}

/** A new group reads the topic from the beginning until it has seen `records`; returns records per second. */
export async function consumeThroughput({
  topic,
  records,
  groupId,
}: {
  topic: string;
  records: number;
  groupId: string;
}): Promise<{ recordsPerSecond: number; seconds: number }> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  const consumer = sim.kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (started === 0) started = performance.now();
      seen += batch.messages.length;
      if (seen >= records) done();
    },
  });
  const joinedAt = performance.now();
  await finished;
  const seconds = (performance.now() - (started || joinedAt)) / 1000;
  await consumer.disconnect();
  return { recordsPerSecond: seen / seconds, seconds };
}

/**
 * Produce-to-receipt latency at a fixed light rate: each value carries its send time and the
 * consumer, on the same page and clock, subtracts it on receipt. `lingerMs` is the producer's
 * linger.ms (Kafka's EndToEndLatency tool sets 0, "to ensure writes are synchronous").
 */
export async function endToEndLatency({
  topic,
  recordsPerSecond,
  seconds,
  groupId,
  lingerMs,
}: {
  topic: string;
  recordsPerSecond: number;
  seconds: number;
  groupId: string;
  lingerMs: number;
}): Promise<number[]> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  const consumer = sim.kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const latencies: number[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      latencies.push(performance.now() - Number(new TextDecoder().decode(message.value!)));
    },
  });
  // Let the group settle before measuring: a join delay is not a latency.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const producer = sim.kafka.producer({ lingerMs });
  await producer.connect();
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((recordsPerSecond * tickMs) / 1000));
  const end = performance.now() + seconds * 1000;
  const sends: Promise<unknown>[] = [];
  while (performance.now() < end) {
    const now = performance.now();
    sends.push(
      producer.send({ topic, acks: -1, messages: Array.from({ length: perTick }, () => ({ value: now.toFixed(3).padStart(100, '0') })) }),
    );
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(sends);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await consumer.disconnect();
  await producer.disconnect();
  return latencies;
}

/**
 * Kills the worker of the broker leading the topic's first partition and measures how long until
 * an acks=all produce to every partition it led succeeds again, from a producer that was sending
 * all along (it learns of the new leaders at its next metadata refresh, which backs off up to
 * retry.backoff.max.ms while the old leader is unreachable). To tell the cluster's part from that,
 * it also notes when the controller fenced the broker (its BrokerRegistrationChange record), and
 * how long a producer created at that moment takes to get the same acks=all produces through.
 */
export async function failover({
  topic,
}: {
  topic: string;
}): Promise<{ ms: number; electedMs: number; freshMs: number; partitions: number; leader: number }> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  const producer = sim.kafka.producer();
  await producer.connect();
  const description = sim.cluster.describe().topics.find((t) => t.name === topic)!;
  const leader = description.partitions[0].leader;
  const led = description.partitions.filter((p) => p.leader === leader).map((p) => p.partition);
  await producer.send({ topic, acks: -1, messages: led.map((partition) => ({ value: 'before', partition })) });
  const produceToEach = (onto: typeof producer) =>
    Promise.all(
      led.map(async (partition) => {
        for (;;) {
          try {
            await onto.send({ topic, acks: -1, messages: [{ value: 'after', partition }] });
            return;
          } catch {
            // delivery.timeout.ms ran out while no leader was elected: send again
          }
        }
      }),
    );
  let electedAt = NaN;
  let freshDone: Promise<number> = Promise.resolve(NaN);
  const stopWatching = sim.cluster.controller.onAppend((entries) => {
    const fenced = entries.some(
      ({ record }) => record.type === 'BrokerRegistrationChange' && record.brokerId === leader && record.fenced === true,
    );
    if (!fenced || !Number.isNaN(electedAt)) return;
    electedAt = performance.now();
    const fresh = sim.kafka.producer();
    freshDone = fresh
      .connect()
      .then(() => produceToEach(fresh))
      .then(() => performance.now())
      .finally(() => fresh.disconnect());
  });
  const started = performance.now();
  await sim.cluster.killBroker(leader);
  await produceToEach(producer);
  const ms = performance.now() - started;
  const freshMs = (await freshDone) - started;
  stopWatching();
  await producer.disconnect();
  await sim.cluster.restartBroker(leader);
  return { ms, electedMs: electedAt - started, freshMs, partitions: led.length, leader };
}

/**
 * Restarts a broker holding the topic's records: the time until it is registered and unfenced
 * (its log opened and ready to serve fetches), then, with `behind` records written while it was
 * down, how fast it catches up to rejoin every ISR.
 */
export async function recovery({
  topic,
  broker,
  behind,
  batchRecords,
}: {
  topic: string;
  broker: number;
  behind: number;
  batchRecords: number;
}): Promise<{ restartMs: number; catchUpMs: number; catchUpRecordsPerSecond: number }> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  await sim.cluster.killBroker(broker);
  const producer = sim.kafka.producer();
  await producer.connect();
  const value = 'y'.repeat(100);
  const messages = Array.from({ length: batchRecords }, () => ({ value }));
  for (let sent = 0; sent < behind; sent += batchRecords) await producer.send({ topic, acks: 1, messages });
  await producer.disconnect();
  const started = performance.now();
  await sim.cluster.restartBroker(broker);
  const restartMs = performance.now() - started;
  const inEveryIsr = () =>
    sim.cluster
      .describe()
      .topics.find((t) => t.name === topic)!
      .partitions.every((p) => p.isr.includes(broker));
  while (!inEveryIsr()) await new Promise((resolve) => setTimeout(resolve, 20));
  const catchUpMs = performance.now() - started - restartMs;
  return { restartMs, catchUpMs, catchUpRecordsPerSecond: behind / (catchUpMs / 1000) };
}

/** Frame times (rAF deltas) and long animation frames over `seconds`, while whatever runs keeps running. */
export async function frames({ seconds }: { seconds: number }): Promise<{ deltas: number[]; longFrames: number; longestMs: number }> {
  const deltas: number[] = [];
  let longFrames = 0;
  let longestMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longFrames++;
      longestMs = Math.max(longestMs, entry.duration);
    }
  });
  observer.observe({ type: 'long-animation-frame', buffered: false });
  await new Promise<void>((resolve) => {
    const end = performance.now() + seconds * 1000;
    let last = performance.now();
    const tick = (now: number) => {
      deltas.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  observer.disconnect();
  return { deltas, longFrames, longestMs };
}

/**
 * The raw IndexedDB limit, run in bench-only workers (see raw-indexeddb-worker.ts): `workers` of
 * them at once, each writing `batches` batches; the rate is of all of them over the time from the
 * first start to the last end.
 */
export async function rawIndexedDb({
  source,
  batches,
  batchBytes,
  inFlight,
  workers = 1,
  withMeta = false,
}: {
  source: string;
  batches: number;
  batchBytes: number;
  inFlight: number;
  workers?: number;
  withMeta?: boolean;
}): Promise<{ batchesPerSecond: number; bytesPerSecond: number }> {
  interface Outcome {
    startedAt: number;
    endedAt: number;
    error?: string;
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const outcomes = await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = new Worker(url);
      const outcome = await new Promise<Outcome>((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage({ batches, batchBytes, inFlight, withMeta });
      });
      worker.terminate();
      return outcome;
    }),
  );
  URL.revokeObjectURL(url);
  const failed = outcomes.find((outcome) => outcome.error !== undefined);
  if (failed) throw new Error(failed.error);
  const seconds = (Math.max(...outcomes.map((o) => o.endedAt)) - Math.min(...outcomes.map((o) => o.startedAt))) / 1000;
  const total = batches * workers;
  return { batchesPerSecond: total / seconds, bytesPerSecond: (total * batchBytes) / seconds };
}
