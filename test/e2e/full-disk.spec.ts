/**
 * A full disk is a log-directory failure, as in Kafka (issue 17): under an acks=all load the
 * leader's disk is filled from its inspector; that broker's log directory fails and it halts, the
 * controller moves leadership to the ISR, writes go on, and the chaos checker
 * (src/chaos/checkers/acked-records.ts) finds every acknowledged record.
 */
import { expect, test } from '@playwright/test';
import { checkAckedRecords } from '../../src/chaos/checkers/acked-records';
import { collectAcks, readBack, startWriting, stopWriting, threeBrokersWith, wholeIsrs } from './acked-writes';
import { openWithDemoTimings } from './demo-timings';
import { watch } from './page-watch';

const TOPIC = 'ledger';

test('filling the leader’s disk halts that broker, leadership moves, and nothing acknowledged is lost', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const acked = await collectAcks(page);
  const { errors } = watch(page, baseURL!);
  await openWithDemoTimings(page);
  await threeBrokersWith(page, TOPIC, 1);
  const leader = await page.evaluate((topic) => window.sim!.cluster.leaderOf(topic, 0), TOPIC);

  await startWriting(page, TOPIC);
  await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(100);
  await page.locator(`g.broker[data-broker-id="${leader}"] .title`).click();
  await page.getByRole('button', { name: `Fill the disk of broker ${leader}` }).click();

  // Its log directory fails and it halts: the timeline says why, the controller moves leadership.
  await expect(page.locator(`g.broker[data-broker-id="${leader}"]`)).toHaveAttribute('data-state', 'killed', { timeout: 30_000 });
  await expect(page.locator('.timeline')).toContainText(`broker ${leader}'s log directory failed (QuotaExceededError`);
  await expect.poll(() => page.evaluate((topic) => window.sim!.cluster.leaderOf(topic, 0), TOPIC), { timeout: 30_000 }).not.toBe(leader);
  const ackedAtFailover = acked.length;
  await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(ackedAtFailover + 100);

  await stopWriting(page);
  // A restart frees the space; the broker catches up and rejoins the ISR.
  await page.evaluate((id) => window.sim!.cluster.restartBroker(id), leader);
  await expect.poll(() => wholeIsrs(page, TOPIC), { timeout: 60_000 }).toBe(true);
  const report = checkAckedRecords(acked, await readBack(page, TOPIC, 1));
  console.log(`full disk: ${acked.length} acknowledged, ${ackedAtFailover} before the new leader`);
  expect(report.anomalies.map((anomaly) => `${anomaly.type}: ${anomaly.message}`)).toEqual([]);
  expect(errors).toEqual([]);
});
