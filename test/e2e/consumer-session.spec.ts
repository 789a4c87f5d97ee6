/**
 * A crashed consumer, as the group card tells it: the member sends no LeaveGroup, so the
 * coordinator keeps it until its session times out; its card counts the session down with the
 * config that sets it, then the member is gone and the group rebalances.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PRESET, KAFKA_DEFAULTS } from '../../src/cluster/timing-presets';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../src/protocol/internal-topics';
import { BROKER_CONFIGS } from '../../src/protocol/broker-configs';

const OFFSETS_TOPIC_PARTITIONS = Number(BROKER_CONFIGS.get('offsets.topic.num.partitions')!.defaultValue);
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

test('killing the broker that coordinates a group does not stop it reading the partitions whose leaders are alive', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  // The dead coordinator stays the coordinator for broker.session.timeout.ms (20 s here), while the
  // followers drop it from their ISRs after replica.lag.time.max.ms (2 s here) and move their high watermarks on.
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), {
    ...KAFKA_DEFAULTS.broker,
    'broker.session.timeout.ms': 20_000,
    'replica.lag.time.max.ms': 2_000,
  });
  await page.evaluate(async () => {
    const { cluster, kafka, workloads } = window.sim!;
    for (let i = 0; i < 3; i++) await cluster.addBroker();
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3 }] });
    await workloads.startProducer({ topic: 'orders', recordsPerSecond: 30, keys: 'user-30' });
    await workloads.startConsumerGroup({ groupId: 'billing', topics: ['orders'], members: 1, fromBeginning: true });
  });
  const readPerPartition = () =>
    page.evaluate(() => {
      const group = window.sim!.workloads.list().find((w) => w.kind === 'consumer-group');
      return group?.kind === 'consumer-group' ? [0, 1, 2].map((p) => group.received.find((r) => r.partition === p)?.distinct ?? 0) : [];
    });
  await expect.poll(async () => (await readPerPartition()).every((n) => n > 0), { timeout: 30_000 }).toBe(true);

  const { coordinator, alive } = await page.evaluate(
    ({ topic, partition }) => {
      const { cluster } = window.sim!;
      const coordinator = cluster.leaderOf(topic, partition);
      return { coordinator, alive: [0, 1, 2].filter((p) => cluster.leaderOf('orders', p) !== coordinator) };
    },
    { topic: GROUP_METADATA_TOPIC_NAME, partition: groupPartition('billing', OFFSETS_TOPIC_PARTITIONS) },
  );
  expect(alive.length).toBeGreaterThan(0);
  await page.evaluate((id) => window.sim!.cluster.killBroker(id), coordinator);
  const atKill = await readPerPartition();
  // Well inside the 20 s before the controller fences the dead coordinator and moves its partitions.
  await page.waitForTimeout(8_000);
  expect(await page.evaluate((id) => window.sim!.cluster.describe().brokers.find((b) => b.id === id)?.state, coordinator)).toBe('killed');
  const later = await readPerPartition();
  for (const partition of alive) expect(later[partition]! - atKill[partition]!, `orders-${partition}`).toBeGreaterThan(20);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
