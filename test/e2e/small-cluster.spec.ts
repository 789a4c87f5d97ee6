/**
 * A group on a cluster too small for __consumer_offsets, as Kafka runs it: the topic needs
 * offsets.topic.replication.factor (3) brokers, so with one broker FindCoordinator answers
 * COORDINATOR_NOT_AVAILABLE and no member joins. The page says which config and what to do, and
 * its single-broker settings (the quickstart's server.properties) let the group form.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

async function oneBrokerWithAGroup(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const sim = window.sim!;
    await sim.cluster.addBroker();
    const admin = sim.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2, replicationFactor: 1 }] });
    await admin.disconnect();
    await sim.workloads.startConsumerGroup({ groupId: 'readers', topics: ['events'] });
  });
}

test('a group on one broker waits for offsets.topic.replication.factor brokers, the page says why, and the single-broker settings let it form', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await oneBrokerWithAGroup(page);

  const item = page.locator('li[data-workload]', { hasText: 'readers' });
  await expect(item.getByRole('status')).toContainText(
    'needs offsets.topic.replication.factor (3) brokers and this cluster has 1, so no group coordinator can be found (COORDINATOR_NOT_AVAILABLE)',
    { timeout: 10_000 },
  );
  // Kafka never creates __consumer_offsets with fewer replicas than it asks for.
  expect(await page.evaluate(() => window.sim!.cluster.describe().topics.map((t) => t.name))).not.toContain('__consumer_offsets');

  const reset = item.getByRole('button', { name: 'Reset with the single-broker settings' });
  await reset.click();
  await item.getByRole('button', { name: 'Wipe the cluster and restart?' }).click();
  await expect.poll(() => page.evaluate(() => window.sim!.cluster.config['offsets.topic.replication.factor'])).toBe(1);

  await oneBrokerWithAGroup(page);
  await expect(page.locator('[data-group-id="readers"]')).toHaveAttribute('data-group-state', 'Stable', { timeout: 20_000 });
  const offsetsTopic = await page.evaluate(() => window.sim!.cluster.describe().topics.find((t) => t.name === '__consumer_offsets'));
  expect(offsetsTopic?.partitions[0]?.replicas).toHaveLength(1);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
