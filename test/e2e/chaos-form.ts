/** Starts a chaos run from the Chaos tab's form, as a learner does: a seed, a number of faults and their duration in seconds. */
import type { Page } from '@playwright/test';

export async function runChaosFromTab(
  page: Page,
  { seed, faults, durationSeconds }: { seed: number; faults: number; durationSeconds: number },
) {
  await page.getByRole('tab', { name: 'Chaos' }).click();
  const form = page.getByRole('form', { name: 'Chaos run' });
  await form.locator('input[name="seed"]').fill(String(seed));
  await form.locator('input[name="faults"]').fill(String(faults));
  await form.locator('input[name="duration"]').fill(String(durationSeconds));
  await form.getByRole('button', { name: 'Run chaos' }).click();
}
