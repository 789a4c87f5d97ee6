/**
 * The page on every screen: the legend docked where it covers no broker, even at 12.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not on screen`);
  return box;
}

async function openFresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
}

const picture = (page: Page) => page.getByRole('img', { name: /^Cluster topology/ });

/** Every broker card that shares area with the box, by id. */
async function cardsUnder(page: Page, box: Box): Promise<string[]> {
  const cards = page.locator('[data-broker-id][data-state]');
  const covered: string[] = [];
  for (const card of await cards.all()) {
    if (overlap(box, await boxOf(card))) covered.push((await card.getAttribute('data-broker-id'))!);
  }
  return covered;
}

test('at 12 brokers the docked legend covers no broker', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFresh(page);
  await page.evaluate(async () => {
    const sim = window.sim!;
    for (let i = 0; i < 12; i++) await sim.cluster.addBroker();
    // Enough replicas per broker for tall cards, as a real cluster has.
    await sim.kafka.admin().createTopics({
      topics: [
        { topic: 'orders', numPartitions: 12, replicationFactor: 3 },
        { topic: 'payments', numPartitions: 12, replicationFactor: 3 },
      ],
    });
  });
  await expect(page.locator('[data-state="running"]')).toHaveCount(12);
  await expect(page.locator('[data-in-sync="true"]')).toHaveCount(72);

  const legend = page.getByRole('region', { name: 'Legend' });
  const toggle = legend.getByRole('button', { name: 'Legend' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(legend.getByText('out of sync')).toBeVisible();
  expect(await cardsUnder(page, await boxOf(legend))).toEqual([]);
  // Beside the picture, not over it: nothing the picture shows can be under it, however it is panned.
  expect(overlap(await boxOf(legend), await boxOf(picture(page)))).toBe(false);

  expect(seen.errors).toEqual([]);
});
