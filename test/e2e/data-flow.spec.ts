/**
 * Data in motion, drawn: the Quickstart's producer is a card joined to the leaders it writes to,
 * and while it produces, tokens travel as Kafka's requests do: Produce into a leader, a follower's
 * Fetch out of it, a consumer's Fetch to a member of the group.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PRESET, KAFKA_DEFAULTS } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

test('producers are drawn, and tokens of Produce and Fetch travel while records flow', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await page.getByRole('button', { name: 'Quickstart' }).click();

  const producer = page.locator('[data-producer-id]');
  await expect(producer).toHaveCount(1);
  await expect(producer).toHaveAttribute('aria-label', /writing orders at 2 records\/s, acks=all, producer id \d+, epoch 0/);

  await expect(page.locator('[data-flight][data-api="Produce"]').first()).toBeAttached({ timeout: 15_000 });
  await expect(page.locator('[data-flight][data-api="Fetch"][data-kind="replication"]').first()).toBeAttached({ timeout: 15_000 });
  await expect(page.locator('[data-flight][data-api="Fetch"][data-kind="consume"]').first()).toBeAttached({ timeout: 15_000 });
  const title = await page.locator('[data-flight][data-api="Produce"] title').first().textContent();
  expect(title).toMatch(/^Produce orders-\d offsets? \d+/);
  // Tokens travel: each has one animation of its own, which moves it to the far end of its path (travel.ts).
  await expect(page.locator('[data-flight]').first()).toBeAttached();
  const animations = await page
    .locator('[data-flight]')
    .evaluateAll((tokens) =>
      tokens.map((token) => token.getAnimations().map((a) => (a.effect as KeyframeEffect).getKeyframes().at(-1)?.transform)),
    );
  expect(animations.length).toBeGreaterThan(0);
  for (const animation of animations) expect(animation).toEqual([expect.stringMatching(/^translate\(-?[\d.]+px, -?[\d.]+px\)$/)]);

  await page.screenshot({ path: test.info().outputPath('data-flow.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("a producer's batch for a dead leader counts down to delivery.timeout.ms on its card", async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  // Kafka's timings: the dead leader is fenced after broker.session.timeout.ms (9 s), long enough to watch.
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), KAFKA_DEFAULTS.broker);
  await page.evaluate(async () => {
    const { cluster, kafka, workloads } = window.sim!;
    for (let i = 0; i < 3; i++) await cluster.addBroker();
    await kafka.admin().createTopics({ topics: [{ topic: 'payments', numPartitions: 1, replicationFactor: 3 }] });
    await workloads.startProducer({ topic: 'payments', recordsPerSecond: 10 });
  });
  const producer = page.locator('[data-producer-id]');
  await expect(producer).toHaveAttribute('aria-label', /producer id \d+/, { timeout: 15_000 });
  await page.evaluate(() => window.sim!.cluster.killBroker(window.sim!.cluster.leaderOf('payments', 0)));

  const countdown: number[] = [];
  for (let i = 0; i < 30 && countdown.length < 5; i++) {
    const value = await producer.getAttribute('data-batch-expires-in-ms');
    if (value !== null) countdown.push(Number(value));
    await page.waitForTimeout(250);
  }
  expect(countdown.length).toBe(5);
  expect(countdown[0]).toBeLessThanOrEqual(120_000);
  expect(new Set(countdown).size).toBeGreaterThan(1);
  expect(countdown).toEqual([...countdown].sort((a, b) => b - a));
  await expect(producer.locator('text.wait')).toHaveText(/(unanswered|retrying): \d+\.\d s left$/);
  await expect(producer).toContainText('delivery.timeout.ms');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the heartbeats & metadata layer draws BrokerHeartbeat tokens to the controller, and only when asked', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await page.getByRole('button', { name: 'Quickstart' }).click();
  await expect(page.locator('[data-producer-id]')).toHaveCount(1);
  await page.waitForTimeout(1_500);
  await expect(page.locator('[data-flight][data-api="BrokerHeartbeat"]')).toHaveCount(0);

  await page.locator('[data-layer="control-plane"]').check();
  await expect(page.locator('[data-flight][data-api="BrokerHeartbeat"]').first()).toBeAttached({ timeout: 5_000 });
  await expect(page.locator('[data-flight][data-kind="heartbeat"] title').first()).toHaveText(
    /^BrokerHeartbeat, metadata applied up to offset \d+$/,
  );
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
