/**
 * A reload in the middle of an acks=all load loses nothing acknowledged (issue 17). The page writes
 * distinct records as fast as its producer takes them; each acknowledgement reaches the test
 * through a binding, so what was acknowledged survives the reload; the page is reloaded mid-write,
 * the brokers come back from IndexedDB, and the chaos checker (src/chaos/checkers/acked-records.ts)
 * reads every partition back and judges.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkAckedRecords, type AckedRecord, type PartitionRead } from '../../src/chaos/checkers/acked-records';
import { openWithDemoTimings } from './demo-timings';
import { watch } from './page-watch';

const TOPIC = 'payments';
const PARTITIONS = 3;

/** Starts sending forever: distinct values, several sends in flight, each ack reported to the test. */
function startWriting(page: Page): Promise<void> {
  return page.evaluate(
    ({ topic }) => {
      const producer = window.sim!.kafka.producer();
      void (async () => {
        await producer.connect();
        let next = 0;
        const send = async (): Promise<void> => {
          for (;;) {
            const value = `payment-${next++}`;
            const [metadata] = await producer.send({ topic, acks: -1, messages: [{ key: value, value }] });
            const report = (window as unknown as { recordAck: (ack: object) => Promise<void> }).recordAck;
            void report({ topic, partition: metadata.partition, offset: Number(metadata.baseOffset), value });
          }
        };
        for (let i = 0; i < 8; i++) void send().catch(() => undefined);
      })();
    },
    { topic: TOPIC },
  );
}

async function readBack(page: Page): Promise<PartitionRead[]> {
  return page.evaluate(
    async ({ topic, partitions }) => {
      const sim = window.sim!;
      const reads = [];
      for (let partition = 0; partition < partitions; partition++) {
        const records: { offset: number; value: string | null }[] = [];
        for (;;) {
          const { highWatermark } = sim.cluster.describePartition(topic, partition);
          const from = records.length === 0 ? 0 : records[records.length - 1].offset + 1;
          if (from >= highWatermark) break;
          const read = await sim.kafka.readPartition({ topic, partition, fromOffset: from });
          for (const record of read.records)
            records.push({ offset: Number(record.offset), value: record.value === null ? null : new TextDecoder().decode(record.value) });
        }
        reads.push({ topic, partition, records });
      }
      return reads;
    },
    { topic: TOPIC, partitions: PARTITIONS },
  );
}

test('a reload in the middle of an acks=all load loses no acknowledged record', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const acked: AckedRecord[] = [];
  await page.exposeFunction('recordAck', (ack: AckedRecord) => void acked.push(ack));
  const { errors } = watch(page, baseURL!);
  await openWithDemoTimings(page);
  await page.evaluate(
    async ({ topic, partitions }) => {
      const sim = window.sim!;
      for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
      await sim.kafka.admin().createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
      });
    },
    { topic: TOPIC, partitions: PARTITIONS },
  );

  await startWriting(page);
  await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(300);
  const ackedBeforeReload = acked.length;
  await page.reload();
  await page.waitForFunction(() => window.sim !== undefined);
  // The brokers come back from IndexedDB, wait out their old sessions and register again.
  await expect(page.locator('[data-state="running"]')).toHaveCount(3, { timeout: 60_000 });
  await expect
    .poll(
      () =>
        page.evaluate(
          (topic) =>
            window
              .sim!.cluster.describe()
              .topics.find((t) => t.name === topic)
              ?.partitions.every((p) => p.isr.length === 3),
          TOPIC,
        ),
      {
        timeout: 60_000,
      },
    )
    .toBe(true);

  const reads = await readBack(page);
  const report = checkAckedRecords(acked, reads);
  console.log(
    `reload mid-write: ${acked.length} acknowledged (${ackedBeforeReload} when the reload began), ${reads.map((r) => r.records.length).join('+')} read back`,
  );
  expect(report.anomalies.map((anomaly) => `${anomaly.type}: ${anomaly.message}`)).toEqual([]);
  expect(report.ackedCount).toBe(acked.length);
  expect(errors).toEqual([]);
});
