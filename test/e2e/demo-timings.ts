/** What e2e tests that start from an empty page share. */
import { expect, type Page } from '@playwright/test';

/** Opens the page and resets it to the demo timings, through the preset selector and its confirmation. */
export async function openWithDemoTimings(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.locator('select[name="timing-preset"]').selectOption('demo');
  await page.getByRole('button', { name: 'Reset with these timings' }).click();
  await page.getByRole('button', { name: 'Wipe the cluster and restart?' }).click();
  await expect(page.getByText('Timings now: Demo timings')).toBeVisible();
}
