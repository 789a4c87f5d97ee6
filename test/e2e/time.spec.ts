/**
 * The page's time in Chromium, with real broker workers: the Pause button stops every node's
 * timers at once, so a killed leader is not fenced however long the pause lasts and a producer
 * sends nothing, and after Resume the controller fences it within broker.session.timeout.ms.
 */
import { expect, test } from '@playwright/test';
import { selectBroker } from './brokers';
import { watch } from './page-watch';

const FAST = { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500, 'replica.lag.time.max.ms': 3000 };
const SESSION_TIMEOUT_MS = FAST['broker.session.timeout.ms'];

test('pausing for longer than the session timeout leaves a killed leader unfenced and leading; after resuming it is fenced within the session timeout', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), FAST);
  await page.evaluate(async () => {
    const sim = window.sim!;
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
    await sim.kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    await sim.workloads.startProducer({ topic: 'orders', recordsPerSecond: 20, keys: 'none', acks: -1 });
  });
  const sent = () => page.evaluate(() => window.sim!.workloads.list().find((w) => w.kind === 'producer')!.sent);
  await expect.poll(sent).toBeGreaterThan(5);
  const before = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0));

  await selectBroker(page, before.leader);
  await page.getByRole('button', { name: `Kill broker ${before.leader}` }).click();
  await page.getByRole('button', { name: /Pause/ }).click();
  await expect(page.locator('[data-time-paused="true"]')).toBeVisible();
  await expect(page.getByText('paused: no timer fires')).toBeVisible();
  const sentWhenPaused = await sent();

  await page.waitForTimeout(SESSION_TIMEOUT_MS + 2_000);
  const duringPause = await page.evaluate((id) => {
    const sim = window.sim!;
    return { partition: sim.cluster.describePartition('orders', 0), fenced: sim.cluster.controller.image.brokers.get(id)!.fenced };
  }, before.leader);
  expect(duringPause.fenced).toBe(false);
  expect(duringPause.partition.leader).toBe(before.leader);
  expect(duringPause.partition.leaderEpoch).toBe(before.leaderEpoch);
  // Snapshots of what was already under way may still arrive; nothing new is sent.
  expect(await sent()).toBeLessThanOrEqual(sentWhenPaused + 1);

  await page.getByRole('button', { name: /Resume/ }).click();
  const resumedAt = Date.now();
  await expect
    .poll(() => page.evaluate(() => window.sim!.cluster.describePartition('orders', 0).leader), { timeout: SESSION_TIMEOUT_MS + 3_000 })
    .not.toBe(before.leader);
  expect(Date.now() - resumedAt).toBeLessThanOrEqual(SESSION_TIMEOUT_MS + 2_000);
  await expect.poll(sent).toBeGreaterThan(sentWhenPaused + 5);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('slow motion is scriptable as window.sim.time and shown on the page', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate(() => window.sim!.time.setSpeed(0.25));
  await expect(page.locator('[data-time-speed="0.25"]')).toBeVisible();
  await expect(page.getByText('slow motion 0.25×')).toBeVisible();
  const refused = await page.evaluate(() => {
    try {
      window.sim!.time.setSpeed(4);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  });
  expect(refused).toBe('Time runs at 0.1× to 1× real time (slow motion), not 4×.');
  await page.evaluate(() => window.sim!.time.setSpeed(1));
  await expect(page.locator('[data-time-speed="1"]')).toBeVisible();
});

test('time stands still while the tab is hidden, and goes on when it is shown again', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((state) => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  expect(await page.evaluate(() => window.sim!.time.paused())).toBe(true);
  await setVisibility('visible');
  expect(await page.evaluate(() => window.sim!.time.paused())).toBe(false);
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('title', /Time also stands still while this tab is hidden/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
