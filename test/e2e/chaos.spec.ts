/**
 * The Chaos tab against the live cluster: demo timings, three brokers, a short run from the panel
 * (its faults hit the real broker workers), and the verdict shown as text.
 */
import { expect, test } from '@playwright/test';
import { openWithDemoTimings } from './demo-timings';
import { watch } from './page-watch';
import { runChaosFromTab } from './chaos-form';

test('a short chaos run from the Chaos tab injects its faults on the live cluster and shows the verdict: valid', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);
  await openWithDemoTimings(page);
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await window.sim!.cluster.addBroker();
  });
  await expect(page.locator('[data-state="running"]')).toHaveCount(3);

  await runChaosFromTab(page, { seed: 7, faults: 3, durationSeconds: 15 });

  // While it runs: its stage, its topic in the picture, and its faults in words.
  await expect(page.getByRole('status').filter({ hasText: 'injecting faults' })).toBeVisible();
  await expect(page.locator('[data-topic="chaos-7"]').first()).toBeAttached();
  await expect(page.locator('ol.faults li')).toHaveCount(3, { timeout: 30_000 });

  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toBeVisible({ timeout: 75_000 });
  const output = await page.getByLabel('Chaos run output').innerText();
  expect(await verdict.getAttribute('data-verdict'), output).toBe('valid');
  await expect(verdict).toHaveText('valid: no anomaly');
  await expect(page.locator('code.replay')).toHaveText('npm run chaos -- --browser --seed 7 --faults 3 --duration 15');
  await expect(page.locator('[data-state="running"]')).toHaveCount(3);
  expect(errors).toEqual([]);
});
