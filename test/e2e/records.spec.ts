/**
 * A record, looked at closely: clicking it in the partition's inspector shows its offset, the
 * leader epoch it was appended in, its key and value as text, its batch, and which replicas hold it.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { watch } from './page-watch';

test('clicking a record shows its leader epoch, key and value, its batch and the replicas that hold it', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await page.evaluate(async () => {
    const { cluster, kafka } = window.sim!;
    for (let i = 0; i < 3; i++) await cluster.addBroker();
    await kafka.admin().createTopics({ topics: [{ topic: 'notes', numPartitions: 1, replicationFactor: 3 }] });
    // Markup in a value is text on the page, never HTML.
    await kafka.producer().send({ topic: 'notes', acks: -1, messages: [{ key: 'k-1', value: '<b>first</b> note' }] });
  });

  await page.locator('g.chip[data-topic="notes"][data-role="leader"]').click();
  const record = page.getByRole('button', { name: 'Show the record at offset 0' });
  await expect(record).toBeVisible({ timeout: 15_000 });
  await record.click();
  const details = page.locator('[data-record-details="0"]');
  await expect(details).toContainText('Record at offset 0');
  await expect(details).toContainText('<b>first</b> note');
  await expect(details).toContainText('k-1');
  await expect(details).toContainText(/offsets 0–0 \(1 records\), producer id \d+, epoch 0, base sequence 0/);
  await expect(details.locator('[data-held-by]')).toHaveAttribute('data-held-by', /^\d,\d,\d$/, { timeout: 15_000 });
  expect(await details.locator('b').count()).toBe(0);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("a chip's log cells show a record acknowledged with acks=1 but not yet visible, until the high watermark passes it", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
  await page.evaluate(async () => {
    const { cluster, kafka } = window.sim!;
    for (let i = 0; i < 3; i++) await cluster.addBroker();
    await kafka.admin().createTopics({ topics: [{ topic: 'hw', numPartitions: 1, replicationFactor: 3 }] });
    await kafka.producer().send({ topic: 'hw', acks: -1, messages: [{ value: 'committed' }] });
  });
  const leaderChip = page.locator('g.chip[data-topic="hw"][data-role="leader"]');
  await expect(leaderChip.locator('.cell.committed')).toHaveCount(1, { timeout: 10_000 });

  await page.evaluate(async () => {
    const { cluster, kafka } = window.sim!;
    const { leader, replicas } = cluster.describePartition('hw', 0);
    cluster.partition(
      leader,
      replicas.find((id) => id !== leader)!,
    );
    await kafka.producer().send({ topic: 'hw', acks: 1, messages: [{ value: 'acknowledged, not visible' }] });
  });
  // On the leader, offset 1 is written above the high watermark: the cut follower holds it back.
  await expect(leaderChip.locator('.cell.uncommitted')).toHaveCount(1, { timeout: 10_000 });
  // replica.lag.time.max.ms (3 s in the demo timings) takes the follower out of the ISR, and the high watermark moves.
  await expect(leaderChip.locator('.cell.committed')).toHaveCount(2, { timeout: 15_000 });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
