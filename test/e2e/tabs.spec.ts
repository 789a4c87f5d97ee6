/**
 * One tab runs the cluster: a second tab of the same browser profile starts no broker, says why,
 * and on request takes the cluster over after the first tab has stopped its brokers cleanly, with
 * every record acknowledged before still readable.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

const VALUES = Array.from({ length: 20 }, (_, i) => `before the move ${i}`);

function readAll(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const read = await window.sim!.kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    return read.records.map((r) => new TextDecoder().decode(r.value!));
  });
}

test('a second tab runs no brokers, explains why, and takes the cluster over on request with nothing acknowledged lost', async ({
  context,
  baseURL,
}) => {
  const first = await context.newPage();
  const seenFirst = watch(first, new URL(baseURL!).origin);
  await first.goto('/');
  await first.waitForFunction(() => window.sim !== undefined);
  await first.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  const acknowledged = await first.evaluate(async (values) => {
    const sim = window.sim!;
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
    await sim.kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const results = await sim.kafka.producer().send({ topic: 'orders', acks: -1, messages: values.map((value) => ({ value })) });
    return results.length;
  }, VALUES);
  expect(acknowledged).toBe(1);
  // Three broker workers and the client worker.
  await expect.poll(() => first.workers().length).toBe(4);

  const second = await context.newPage();
  const seenSecond = watch(second, new URL(baseURL!).origin);
  await second.goto('/');
  await expect(second.locator('[data-tab-elsewhere="running"]')).toContainText('The cluster is running in another tab of this browser.');
  await second.waitForTimeout(1000);
  expect(second.workers()).toHaveLength(0);
  expect(await second.evaluate(() => window.sim === undefined)).toBe(true);

  await second.locator('[data-take-over]').click();
  await expect(first.locator('[data-tab-elsewhere="moved"]')).toContainText('The cluster moved to another tab.');
  await second.waitForFunction(() => window.sim !== undefined);
  await expect(second.locator('g.broker[data-state="running"]')).toHaveCount(3, { timeout: 20_000 });
  await expect.poll(() => readAll(second), { timeout: 20_000 }).toEqual(VALUES);
  expect(await first.evaluate(() => window.sim === undefined)).toBe(true);
  await expect.poll(() => first.workers().length).toBe(0);

  expect([...seenFirst.errors, ...seenSecond.errors]).toEqual([]);
  expect([...seenFirst.foreignRequests, ...seenSecond.foreignRequests]).toEqual([]);
});
