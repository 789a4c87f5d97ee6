/**
 * What the e2e tests that judge acknowledged writes share: the page writes distinct records with
 * acks=all, several in flight, and each acknowledgement reaches the test through a binding (so it
 * survives a reload); at the end every partition is read back for the chaos checker
 * (src/chaos/checkers/acked-records.ts).
 */
import type { Page } from '@playwright/test';
import type { AckedRecord, PartitionRead } from '../../src/chaos/checkers/acked-records';

/** Creates `topic` (RF 3, min.insync.replicas 2) on three new brokers. */
export async function threeBrokersWith(page: Page, topic: string, partitions: number): Promise<void> {
  await page.evaluate(
    async ({ topic, partitions }) => {
      const sim = window.sim!;
      for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
      await sim.kafka.admin().createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
      });
    },
    { topic, partitions },
  );
}

/** Collects acknowledgements: call before the first page load. */
export async function collectAcks(page: Page): Promise<AckedRecord[]> {
  const acked: AckedRecord[] = [];
  await page.exposeFunction('recordAck', (ack: AckedRecord) => void acked.push(ack));
  return acked;
}

/** Starts sending forever from the page: distinct values, eight sends in flight, each ack reported. */
export function startWriting(page: Page, topic: string): Promise<void> {
  return page.evaluate(
    ({ topic }) => {
      const producer = window.sim!.kafka.producer();
      void (async () => {
        await producer.connect();
        let next = 0;
        const state = window as unknown as { writing?: boolean };
        state.writing = true;
        const send = async (): Promise<void> => {
          while (state.writing) {
            const value = `${topic}-${next++}`;
            try {
              const [metadata] = await producer.send({ topic, acks: -1, messages: [{ key: value, value }] });
              const report = (window as unknown as { recordAck: (ack: object) => Promise<void> }).recordAck;
              void report({ topic, partition: metadata.partition, offset: Number(metadata.baseOffset), value });
            } catch {
              // Not acknowledged (a send that failed for good): the checker asks nothing of it.
            }
          }
        };
        for (let i = 0; i < 8; i++) void send();
      })();
    },
    { topic },
  );
}

/** Stops the page's writes; the sends in flight finish (or fail) on their own. */
export async function stopWriting(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { writing?: boolean }).writing = false));
}

/** Every record of every partition of `topic`, read from its leader up to its high watermark. */
export function readBack(page: Page, topic: string, partitions: number): Promise<PartitionRead[]> {
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
    { topic, partitions },
  );
}

/** Whether every partition of `topic` has its whole ISR back. */
export function wholeIsrs(page: Page, topic: string): Promise<boolean> {
  return page.evaluate(
    (topic) =>
      window
        .sim!.cluster.describe()
        .topics.find((t) => t.name === topic)
        ?.partitions.every((p) => p.isr.length === 3) ?? false,
    topic,
  );
}
