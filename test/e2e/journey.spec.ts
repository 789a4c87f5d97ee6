/**
 * A newcomer's journey through the page, by its buttons and forms only (window.sim is read to
 * check, never to act): demo timings, three brokers, a topic, a producer and a consumer group,
 * then a leader killed and restarted, watched in the picture's attributes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ConsumerGroupWorkloadSnapshot, ProducerWorkloadSnapshot } from '../../src/runtime/boot';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { openWithDemoTimings } from './demo-timings';
import { brokerCard, selectBroker } from './brokers';
import { watch } from './page-watch';

const SESSION_TIMEOUT_MS = DEMO_PRESET.broker['broker.session.timeout.ms'];

function leaderChip(page: Page, partition: number): Locator {
  return page.locator(`[data-topic="orders"][data-partition="${partition}"][data-role="leader"]`);
}

function snapshots(page: Page): Promise<{ producer: ProducerWorkloadSnapshot; group: ConsumerGroupWorkloadSnapshot }> {
  return page.evaluate(() => {
    const list = window.sim!.workloads.list();
    const producer = list.find((w) => w.kind === 'producer')!;
    const group = list.find((w) => w.kind === 'consumer-group')!;
    return { producer, group } as { producer: ProducerWorkloadSnapshot; group: ConsumerGroupWorkloadSnapshot };
  });
}

test('a newcomer builds a cluster in the page, kills the leader of orders-0, watches failover and recovery, and the consumers miss nothing acknowledged', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);

  await openWithDemoTimings(page);

  for (const rack of ['a', 'b', 'c']) {
    await page.getByLabel('broker.rack', { exact: true }).fill(rack);
    await page.getByRole('button', { name: 'Add broker' }).click();
    await expect(page.locator('[data-state="running"]')).toHaveCount(['a', 'b', 'c'].indexOf(rack) + 1);
  }

  const topicForm = page.getByRole('form', { name: 'Create topic' });
  await topicForm.getByLabel('name', { exact: true }).fill('orders');
  await topicForm.getByLabel('partitions', { exact: true }).fill('3');
  await topicForm.getByLabel('replication.factor', { exact: true }).fill('3');
  await topicForm.locator('input[name="min.insync.replicas"]').fill('2');
  await topicForm.getByRole('button', { name: 'Create topic' }).click();
  await expect(page.locator('[data-topic="orders"][data-in-sync="true"]')).toHaveCount(9);
  await expect(page.locator('[data-topic="orders"][data-role="leader"]')).toHaveCount(3);

  const producerForm = page.getByRole('form', { name: 'Start producer' });
  await producerForm.getByLabel('records/s', { exact: true }).fill('10');
  await producerForm.getByRole('button', { name: 'Start producer' }).click();
  const groupForm = page.getByRole('form', { name: 'Start consumer group' });
  await groupForm.getByLabel('group.id', { exact: true }).fill('journey');
  await groupForm.getByLabel('members', { exact: true }).fill('2');
  await groupForm.getByRole('button', { name: 'Start consumer group' }).click();
  await expect(page.locator('[data-group-id="journey"]')).toBeVisible();
  await expect.poll(async () => (await snapshots(page)).group.recordsReceived, { timeout: 30_000 }).toBeGreaterThan(10);

  // Kill the broker that leads orders-0, by its button in the inspector.
  const victim = Number(await leaderChip(page, 0).getAttribute('data-broker-id'));
  const led = await page
    .locator(`[data-topic="orders"][data-role="leader"][data-broker-id="${victim}"]`)
    .evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute('data-partition'))));
  const ackedBeforeKill = (await snapshots(page)).producer.acked;
  await selectBroker(page, victim);
  await page.getByRole('button', { name: `Kill broker ${victim}` }).click();
  await expect(brokerCard(page, victim)).toHaveAttribute('data-state', 'killed');

  // The controller notices after broker.session.timeout.ms and elects from the ISR; the picture follows.
  for (const partition of led) {
    await expect(leaderChip(page, partition)).not.toHaveAttribute('data-broker-id', String(victim), { timeout: SESSION_TIMEOUT_MS + 2000 });
    await expect(leaderChip(page, partition)).toHaveCount(1);
  }
  await expect(brokerCard(page, victim)).toHaveAttribute('data-state', 'killed');
  await expect(page.locator(`[data-topic="orders"][data-broker-id="${victim}"][data-in-sync="false"]`)).toHaveCount(3);

  // The timeline says it in words; choosing the event lights up the partition's replicas.
  const election = page.getByRole('button', { name: new RegExp(`orders-0 leader ${victim} → \\d+, epoch`) });
  await election.click();
  await expect(page.locator('[data-topic="orders"][data-partition="0"].highlighted')).toHaveCount(3);

  // With two of three replicas in sync, min.insync.replicas=2 still lets acks=all writes through.
  await expect.poll(async () => (await snapshots(page)).producer.acked, { timeout: 20_000 }).toBeGreaterThan(ackedBeforeKill + 20);

  await page.getByRole('button', { name: `Restart broker ${victim}` }).click();
  await expect(brokerCard(page, victim)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.locator(`[data-topic="orders"][data-broker-id="${victim}"][data-in-sync="true"]`)).toHaveCount(3, { timeout: 30_000 });

  // Every offset acknowledged so far must reach the group: per partition, offsets 0 .. lastAckedOffset
  // all received (distinct counts them, so none is missing).
  const { producer } = await snapshots(page);
  expect(producer.failed, `producer failures, the last: ${JSON.stringify(producer.lastError)}`).toBe(0);
  await expect
    .poll(
      async () => {
        const { group } = await snapshots(page);
        return producer.partitions
          .filter((p) => {
            const received = group.received.find((r) => r.topic === 'orders' && r.partition === p.partition);
            return received === undefined || received.highestOffset < p.lastAckedOffset || received.distinct !== received.highestOffset + 1;
          })
          .map((p) => p.partition);
      },
      { timeout: 30_000 },
    )
    .toEqual([]);

  await page.getByRole('button', { name: `Stop ${producer.id}` }).click();
  await expect(page.locator(`[data-workload="${producer.id}"]`)).toHaveCount(0);

  expect(errors).toEqual([]);
});

test('Quickstart gives three brokers, orders and a flowing producer and group within seconds; the keyboard reaches the picture; network faults show and heal', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await expect(page.getByText('The cluster is empty.')).toBeVisible();

  await page.getByRole('button', { name: 'Quickstart' }).click();
  await expect(page.getByRole('status')).toHaveText('Kill a broker to watch failover: select it in the picture for its Kill button.');
  await expect(page.locator('[data-state="running"]')).toHaveCount(3);
  await expect(page.locator('[data-topic="orders"][data-in-sync="true"]')).toHaveCount(9);
  await expect(page.locator('[data-group-id="orders-app"]')).toBeVisible();
  await expect.poll(async () => (await snapshots(page)).group.recordsReceived, { timeout: 20_000 }).toBeGreaterThan(0);

  // A replica chip takes focus and Enter selects its partition for the inspector.
  const chip = leaderChip(page, 1);
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Partition orders-1' })).toBeVisible();
  await expect(chip).toHaveAttribute('aria-label', /^orders-1 replica on broker \d, leader, epoch \d+, in sync$/);

  // "?" lists the shortcuts.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // Network faults: an isolated broker is marked, a cut link is drawn and listed, and heal mends both.
  await selectBroker(page, 3);
  await page.getByRole('button', { name: 'Isolate broker 3' }).click();
  await expect(brokerCard(page, 3)).toHaveAttribute('data-isolated', 'true');
  await page.getByLabel('From node').selectOption('broker-1');
  await page.getByLabel('To node').selectOption('broker-2');
  await page.getByRole('button', { name: 'Cut link' }).click();
  await expect(page.locator('[data-cut="broker-1|broker-2"]')).toBeVisible();
  await expect(page.locator('.cuts path')).toHaveCount(1);
  await page.getByRole('button', { name: 'Heal everything' }).click();
  await expect(page.locator('[data-cut]')).toHaveCount(0);
  await expect(brokerCard(page, 3)).toHaveAttribute('data-isolated', 'false');

  expect(errors).toEqual([]);
});
