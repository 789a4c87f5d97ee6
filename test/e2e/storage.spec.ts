/**
 * The page's storage (issue 17): it asks the browser to keep the cluster's data and says how much of
 * the quota the brokers' logs use, and whether the browser keeps them.
 */
import { expect, test } from '@playwright/test';
import { watch } from './page-watch';

test('the side bar says how much of the browser quota the cluster uses, and whether the browser keeps it', async ({ page, baseURL }) => {
  const { errors } = watch(page, baseURL!);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate(async () => {
    const sim = window.sim!;
    await sim.cluster.addBroker();
    await sim.kafka.admin().createTopics({ topics: [{ topic: 'notes', numPartitions: 1, replicationFactor: 1 }] });
    const producer = sim.kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'notes', messages: Array.from({ length: 200 }, (_, i) => ({ value: `note ${i} `.repeat(20) })) });
    await producer.disconnect();
  });

  const line = page.locator('[data-storage-usage]');
  // Measured when the page opened; measured again on request, after the records were written.
  await line.getByRole('button', { name: 'measure again' }).click();
  await expect(line).toContainText(/^Storage: .+ of .+ \(.+\)\s+· (persistent: the browser keeps it|best effort: .+) measure again$/);
  const usage = Number(await line.getAttribute('data-storage-usage'));
  const quota = Number(await line.getAttribute('data-storage-quota'));
  expect(usage).toBeGreaterThan(0);
  expect(quota).toBeGreaterThan(usage);
  expect(['true', 'false']).toContain(await line.getAttribute('data-storage-persisted'));
  await expect(line).toHaveAttribute('title', /A write past the quota fails as a full disk does in Kafka/);
  expect(errors).toEqual([]);
});
