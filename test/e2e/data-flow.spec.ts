/**
 * Data in motion, drawn: the Quickstart's producer is a card joined to the leaders it writes to,
 * and while it produces, tokens travel as Kafka's requests do: Produce into a leader, a follower's
 * Fetch out of it, a consumer's Fetch to a member of the group.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
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

  await page.screenshot({ path: test.info().outputPath('data-flow.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
