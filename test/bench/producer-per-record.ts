/**
 * The producer's CPU per record (issue 17, Speed): kafka-producer-perf-test (one send() per 100-byte
 * record, RF 3, acks=all, unthrottled) against sends of 1,000 records each, in one process on
 * virtual time, so wall time is CPU: brokers, network and producer alike. The brokers' share per
 * record is the same in both; what differs is the cost of a send() itself. The goal is the perf test
 * at >= 50% of the 1,000-record sends' rate, measured in the same run (the machine is shared, so
 * only the ratio within a run means anything).
 *
 * `npx tsx test/bench/producer-per-record.ts [records]` prints one run; `npm run bench:node`
 * reports the median of its runs.
 */
import { SeededRandom, type Random } from '../../src/core/random';
import { createCluster } from '../../src/index';
import { performanceProducerSettings } from '../../src/workload/producer-performance-config';
import { runProducerPerformance } from '../../src/workload/producer-performance';
import { workloadsOn } from '../workload/support';

export interface ProducerPerRecord {
  /** kafka-producer-perf-test, records per wall second. */
  perfTest: number;
  /** Sends of 1,000 records, 5 in flight, records per wall second. */
  thousandRecordSends: number;
}

const RECORD_SIZE = 100;
const SEND_RECORDS = 1000;
const SENDS_IN_FLIGHT = 5;

/** ProducerPerformance's payload: fresh random uppercase letters for every record, in both figures. */
function payload(random: Random): Uint8Array {
  const bytes = new Uint8Array(RECORD_SIZE);
  for (let j = 0; j < RECORD_SIZE; j++) bytes[j] = random.nextInt(26) + 65;
  return bytes;
}

export async function producerPerRecord(records: number, seed = 1): Promise<ProducerPerRecord> {
  const { cluster, kafka } = await createCluster({ brokers: 3, seed });
  await kafka.admin().createTopics({
    topics: ['perf', 'thousands'].map((topic) => ({ topic, numPartitions: 6, replicationFactor: 3 })),
  });
  // An undriven client, as the page's client worker has: its calls run inside the cluster's events.
  const { client } = workloadsOn(cluster, seed);
  const random = new SeededRandom(seed + 2);

  let started = performance.now();
  await cluster.run(
    runProducerPerformance(
      { topic: 'perf', numRecords: records, recordSize: RECORD_SIZE, throughput: -1, producerProps: { acks: 'all' } },
      { kafka: client, clock: cluster.clock, random, print: () => {} },
    ),
  );
  const perfTest = records / ((performance.now() - started) / 1000);

  const settings = performanceProducerSettings({ acks: 'all' });
  const producer = client.producer(settings.producer);
  await cluster.run(producer.connect());
  let sent = 0;
  const lane = async () => {
    while (sent < records) {
      sent += SEND_RECORDS;
      const messages = Array.from({ length: SEND_RECORDS }, () => ({ value: payload(random) }));
      await producer.send({ topic: 'thousands', acks: settings.acks, messages });
    }
  };
  started = performance.now();
  await cluster.run(
    (async () => {
      await Promise.all(Array.from({ length: SENDS_IN_FLIGHT }, lane));
      await producer.disconnect();
    })(),
  );
  const thousandRecordSends = sent / ((performance.now() - started) / 1000);
  await cluster.close();
  return { perfTest, thousandRecordSends };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const records = Number(process.argv[2] ?? 100_000);
  const { perfTest, thousandRecordSends } = await producerPerRecord(records);
  const format = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `${format(records)} records: perf test ${format(perfTest)}/s, 1,000-record sends ${format(thousandRecordSends)}/s, ratio ${((100 * perfTest) / thousandRecordSends).toFixed(0)}%`,
  );
}
