/**
 * `npm run bench:node`: how fast the in-process runtime simulates, in wall-clock terms.
 *
 * - simulated events per second: a 3-broker cluster under a steady acks=all producer, counting every
 *   event the virtual clock runs (timers, network deliveries) against the wall time it took;
 * - the producer's CPU per record (./producer-per-record.ts): kafka-producer-perf-test against sends
 *   of 1,000 records, as a ratio measured in the same run (issue 17's goal: at least 50%);
 * - seed-sweep seeds per second: the chaos run of the test suite (src/chaos/chaos-run.ts);
 * - lab replay speed (simulated seconds per wall second) and lab seek time within a 10-minute run
 *   (./lab-run.ts): a seek resumes the nearest checkpoint and replays the journal from there.
 *
 * Each figure is the median of 3 runs. Timing is measured here, never asserted in tests.
 */
import { availableParallelism, cpus } from 'node:os';
import { scheduleRepeating } from '../../src/core/clock';
import { createCluster } from '../../src/index';
import { runChaos } from '../../src/sim/in-process-chaos';
import { labFigures } from './lab-run';
import { producerPerRecord } from './producer-per-record';

const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function simulatedEventsPerSecond(): Promise<{ eventsPerSecond: number; recordsPerSecond: number }> {
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: 1 });
  await kafka.admin().createTopics({ topics: [{ topic: 'bench', numPartitions: 6, replicationFactor: 3 }] });
  const producer = kafka.producer();
  const value = 'x'.repeat(100);
  let acked = 0;
  // One send of 10 records every millisecond of virtual time: 10,000 records per virtual second.
  const load = scheduleRepeating(cluster.clock, 1, () => {
    producer.send({ topic: 'bench', acks: -1, messages: Array.from({ length: 10 }, () => ({ value })) }).then(
      () => {
        acked += 10;
      },
      () => undefined,
    );
  });
  const startSteps = cluster.clock.steps;
  const startedMs = performance.now();
  await cluster.advance(5_000);
  const wallMs = performance.now() - startedMs;
  load.cancel();
  const events = cluster.clock.steps - startSteps;
  await cluster.close();
  return { eventsPerSecond: events / (wallMs / 1000), recordsPerSecond: acked / (wallMs / 1000) };
}

async function seedsPerSecond(seeds: number): Promise<number> {
  const startedMs = performance.now();
  for (let seed = 1; seed <= seeds; seed++) await runChaos({ seed });
  return seeds / ((performance.now() - startedMs) / 1000);
}

const eventRuns = [];
for (let i = 0; i < RUNS; i++) eventRuns.push(await simulatedEventsPerSecond());
const producerRuns = [];
for (let i = 0; i < RUNS; i++) producerRuns.push(await producerPerRecord(100_000));
const seedRuns = [];
for (let i = 0; i < RUNS; i++) seedRuns.push(await seedsPerSecond(10));
// One run: replaying 10 minutes three times over takes about a minute per run on this machine.
const lab = await labFigures();

const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${availableParallelism()} cores), ${new Date().toISOString().slice(0, 10)}`,
);
console.log(`median of ${RUNS} runs:`);
console.table({
  'simulated events per second': format(median(eventRuns.map((r) => r.eventsPerSecond))),
  'acks=all records per wall second (RF 3, 100-byte values)': format(median(eventRuns.map((r) => r.recordsPerSecond))),
  'seed-sweep seeds per second (10 faults, 120 s virtual each)': median(seedRuns).toFixed(2),
});
console.log('the producer, 100,000 records of 100 bytes, RF 3, acks=all, records per wall second (./producer-per-record.ts):');
console.table({
  'kafka-producer-perf-test (one send() per record)': format(median(producerRuns.map((r) => r.perfTest))),
  'sends of 1,000 records, 5 in flight': format(median(producerRuns.map((r) => r.thousandRecordSends))),
  'perf test / 1,000-record sends, each run (goal >= 50%)': producerRuns
    .map((r) => `${((100 * r.perfTest) / r.thousandRecordSends).toFixed(0)}%`)
    .join(', '),
});
console.log('the lab, one run of a 10-minute journal (./lab-run.ts):');
console.table({
  'lab replay speed (simulated s per wall s)': lab.replaySecondsPerSecond.toFixed(1),
  [`lab checkpoints: ${lab.checkpoints} built in (ms)`]: format(lab.checkpointsBuiltMs),
  'lab seek back from 10:00 to 5:00 (ms)': format(lab.seekTo5MinMs),
  'lab seek forward again to 10:00 (ms)': format(lab.seekForwardTo10MinMs),
  'lab seek back from 10:00 to 9:50 (ms)': format(lab.seekTo9m50sMs),
  'lab seek, slowest of ten 29.9 s past a checkpoint (ms, goal < 1,000)': format(lab.worstSeekMs),
  'lab checkpoint used up by a seek, built again in (ms)': format(lab.rebuildMs),
});
