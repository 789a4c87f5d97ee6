/**
 * The browser runtime for real: brokers in module workers over IndexedDB in Debian's Chromium,
 * driven through window.sim and the page's buttons, against the built site.
 */
import { expect, test, type Page } from '@playwright/test';
import { selectBroker } from './brokers';
import { watch } from './page-watch';

/** Kafka's configs, set small so failover takes seconds (the same configs the engine reads). */
const FAST = {
  'broker.session.timeout.ms': 3000,
  'broker.heartbeat.interval.ms': 500,
  'replica.lag.time.max.ms': 3000,
};
const SESSION_TIMEOUT_MS = FAST['broker.session.timeout.ms'];

async function openFresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), FAST);
}

async function createOrders(page: Page): Promise<void> {
  await page.evaluate(() =>
    window.sim!.kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    }),
  );
}

/** Produces acks=all; returns the offsets the leader acknowledged. */
function produce(page: Page, values: string[]): Promise<string[]> {
  return page.evaluate(async (values) => {
    const producer = window.sim!.kafka.producer();
    const results = await producer.send({ topic: 'orders', acks: -1, messages: values.map((value) => ({ value })) });
    return results.map((r) => r.baseOffset ?? '');
  }, values);
}

function readAll(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const read = await window.sim!.kafka.readPartition({ topic: 'orders', partition: 0, fromOffset: 0 });
    return read.records.map((r) => new TextDecoder().decode(r.value!));
  });
}

test('a killed leader worker is replaced after broker.session.timeout.ms, produce goes on, and the broker rejoins the ISR on restart', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openFresh(page);

  await page.getByRole('button', { name: 'Add broker' }).click();
  await expect(page.locator('[data-broker-id="1"][data-state]')).toHaveAttribute('data-state', 'running');
  await page.evaluate(async () => {
    await window.sim!.cluster.addBroker();
    await window.sim!.cluster.addBroker();
  });
  await expect(page.locator('[data-state="running"]')).toHaveCount(3);

  await createOrders(page);
  await produce(page, ['a', 'b', 'c']);
  const before = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0));
  expect(before.isr.sort()).toEqual([1, 2, 3]);

  await selectBroker(page, before.leader);
  await page.getByRole('button', { name: `Kill broker ${before.leader}` }).click();
  const killedAt = Date.now();
  await expect(page.locator(`[data-broker-id="${before.leader}"][data-state]`)).toHaveAttribute('data-state', 'killed');

  // The controller notices only when the session times out; then it elects from the ISR.
  await expect
    .poll(() => page.evaluate(() => window.sim!.cluster.describePartition('orders', 0).leaderEpoch), { timeout: SESSION_TIMEOUT_MS + 5000 })
    .toBe(before.leaderEpoch + 1);
  const after = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0));
  expect(after.leader).not.toBe(before.leader);
  expect(after.isr).not.toContain(before.leader);
  await expect(page.locator('[data-topic="orders"][data-partition="0"][data-role="leader"]')).toHaveAttribute(
    'data-broker-id',
    String(after.leader),
  );

  await produce(page, ['d']);
  const failoverMs = Date.now() - killedAt;
  test.info().annotations.push({ type: 'failover', description: `kill to first acknowledged produce: ${failoverMs} ms` });
  expect(failoverMs).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - 500);

  await page.getByRole('button', { name: `Restart broker ${before.leader}` }).click();
  await expect
    .poll(() => page.evaluate(() => window.sim!.cluster.describePartition('orders', 0).isr.sort()), { timeout: 20_000 })
    .toEqual([1, 2, 3]);
  expect(await readAll(page)).toEqual(['a', 'b', 'c', 'd']);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a reload brings back the same brokers, topic and records, and produce works on', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openFresh(page);
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await window.sim!.cluster.addBroker();
  });
  await createOrders(page);
  await produce(page, ['x', 'y']);
  const before = await page.evaluate(() => window.sim!.cluster.describe());

  await page.reload();
  await page.waitForFunction(() => window.sim !== undefined);
  await expect(page.locator('[data-state="running"]')).toHaveCount(3);
  const after = await page.evaluate(() => window.sim!.cluster.describe());
  expect(after.brokers).toEqual(before.brokers);
  const shape = (d: typeof before) =>
    d.topics.map((t) => ({ name: t.name, topicId: t.topicId, partitions: t.partitions.map((p) => p.replicas) }));
  expect(shape(after)).toEqual(shape(before));
  // Leaders are not compared: a reload restarts every broker at once, and each re-registration
  // takes that broker out of the ISRs, so leadership moves as after a crash of the whole cluster.
  // The records are readable again once a follower is back in the ISR beside the leader and the
  // high watermark (restored from its checkpoint) has moved past them: min.insync.replicas is 2.
  await expect.poll(() => readAll(page), { timeout: 20_000 }).toEqual(['x', 'y']);
  await produce(page, ['z']);
  expect(await readAll(page)).toEqual(['x', 'y', 'z']);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("a leader's worker killed and restarted inside its old session is drawn starting with the time that session has left, serves nothing, and rejoins as a follower", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openFresh(page);
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await window.sim!.cluster.addBroker();
  });
  await createOrders(page);
  await produce(page, ['a']);
  const before = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0));
  const card = page.locator(`[data-broker-id="${before.leader}"][data-state]`);

  await selectBroker(page, before.leader);
  await page.getByRole('button', { name: `Kill broker ${before.leader}` }).click();
  await expect(card).toHaveAttribute('data-state', 'killed');
  // Its countdown to fencing: the controller's session, broker.session.timeout.ms after the last heartbeat.
  await expect.poll(async () => Number(await card.getAttribute('data-fence-in-ms')), { timeout: SESSION_TIMEOUT_MS }).toBeGreaterThan(0);
  const firstCount = Number(await card.getAttribute('data-fence-in-ms'));
  await expect
    .poll(async () => Number(await card.getAttribute('data-fence-in-ms')), { timeout: SESSION_TIMEOUT_MS })
    .toBeLessThan(firstCount);

  await page.getByRole('button', { name: `Restart broker ${before.leader}` }).click();
  await expect(card).toHaveAttribute('data-state', 'starting');
  await expect(card).toHaveAttribute('data-waiting-for', 'old-session-to-expire');
  await expect(page.getByText(/broker \d restarted inside its old session/).first()).toBeVisible();

  // The write goes through once a new leader is elected, never to the old incarnation.
  await produce(page, ['b']);
  const during = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0));
  expect(during.leader).not.toBe(before.leader);
  expect(during.leaderEpoch).toBeGreaterThan(before.leaderEpoch);

  await expect(card).toHaveAttribute('data-state', 'running', { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => window.sim!.cluster.describePartition('orders', 0).isr.length), { timeout: 20_000 }).toBe(3);
  expect(await readAll(page)).toEqual(['a', 'b']);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
