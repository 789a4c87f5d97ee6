/**
 * A crashed consumer, as the group card tells it: the member sends no LeaveGroup, so the
 * coordinator keeps it until its session times out; its card counts the session down with the
 * config that sets it, then the member is gone and the group rebalances.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

test("a crashed consumer's member counts down its session.timeout.ms on the group card, then leaves the group", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await page.getByRole('button', { name: 'Quickstart' }).click();

  const group = page.locator('[data-group-id="orders-app"]');
  await expect(group).toHaveAttribute('data-group-state', 'Stable', { timeout: 20_000 });
  await expect(group.locator('[data-member-id]')).toHaveCount(2);

  await page.getByRole('button', { name: 'Crash a member of orders-app' }).click();
  const silent = group.locator('[data-session-ends-in-ms]');
  await expect(silent).toHaveCount(1, { timeout: 5_000 });
  await expect(silent.locator('.wait-text title')).toHaveText(
    /removed from the group in \d+\.\d s unless it heartbeats \(session\.timeout\.ms\)/,
  );
  // Read the countdown until the coordinator removes the member: it only ever goes down.
  const countdown: number[] = [];
  const readCountdown = () =>
    group.evaluate((card) => card.querySelector('[data-session-ends-in-ms]')?.getAttribute('data-session-ends-in-ms') ?? null);
  for (let attribute = await readCountdown(); attribute !== null; attribute = await readCountdown()) {
    countdown.push(Number(attribute));
    await page.waitForTimeout(100);
  }
  expect(countdown[0]).toBeLessThanOrEqual(DEMO_PRESET.consumer['session.timeout.ms']);
  expect(new Set(countdown).size).toBeGreaterThan(1);
  expect(countdown).toEqual([...countdown].sort((a, b) => b - a));

  await expect(group.locator('[data-member-id]')).toHaveCount(1, { timeout: 10_000 });
  await expect(group).toHaveAttribute('data-group-state', 'Stable', { timeout: 10_000 });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
