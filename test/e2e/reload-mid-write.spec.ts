/**
 * A reload in the middle of an acks=all load loses nothing acknowledged (issue 17): the page is
 * reloaded mid-write, the brokers come back from IndexedDB, and the chaos checker
 * (src/chaos/checkers/acked-records.ts) reads every partition back and judges.
 */
import { expect, test } from '@playwright/test';
import { checkAckedRecords } from '../../src/chaos/checkers/acked-records';
import { collectAcks, readBack, startWriting, threeBrokersWith, wholeIsrs } from './acked-writes';
import { openWithDemoTimings } from './demo-timings';
import { watch } from './page-watch';

const TOPIC = 'payments';
const PARTITIONS = 3;

test('a reload in the middle of an acks=all load loses no acknowledged record', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const acked = await collectAcks(page);
  const { errors } = watch(page, baseURL!);
  await openWithDemoTimings(page);
  await threeBrokersWith(page, TOPIC, PARTITIONS);

  await startWriting(page, TOPIC);
  await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(300);
  const ackedBeforeReload = acked.length;
  await page.reload();
  await page.waitForFunction(() => window.sim !== undefined);
  // The brokers come back from IndexedDB, wait out their old sessions and register again.
  await expect(page.locator('[data-state="running"]')).toHaveCount(3, { timeout: 60_000 });
  await expect.poll(() => wholeIsrs(page, TOPIC), { timeout: 60_000 }).toBe(true);

  const reads = await readBack(page, TOPIC, PARTITIONS);
  const report = checkAckedRecords(acked, reads);
  console.log(
    `reload mid-write: ${acked.length} acknowledged (${ackedBeforeReload} when the reload began), ${reads.map((r) => r.records.length).join('+')} read back`,
  );
  expect(report.anomalies.map((anomaly) => `${anomaly.type}: ${anomaly.message}`)).toEqual([]);
  expect(report.ackedCount).toBe(acked.length);
  expect(errors).toEqual([]);
});
