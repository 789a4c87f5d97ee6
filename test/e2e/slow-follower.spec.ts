/**
 * A slow follower and a one-way cut, made with the page's buttons (window.sim sets the timings and
 * the load, and is read to check): the slow follower falls out of the ISR under load and comes
 * back at normal speed; a follower with a slow disk does the same under the demo timings, where in
 * Kafka a slow network would get it fenced first; a one-way cut is drawn and listed with its direction.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PRESET, KAFKA_DEFAULTS } from '../../src/cluster/timing-presets';
import { selectBroker } from './brokers';
import { watch } from './page-watch';

/**
 * Kafka's session timings, so a broker 2 s away still heartbeats within its session (and is not
 * fenced), with the demo preset's replica.lag.time.max.ms, so a follower whose fetches take 4 s
 * there and back falls out of the ISR within seconds.
 */
const CONFIG = { ...KAFKA_DEFAULTS.broker, 'replica.lag.time.max.ms': 3000 };
const LAG_TIME_MAX_MS = CONFIG['replica.lag.time.max.ms'];
/** The ISR check runs every replica.lag.time.max.ms / 2, the brokers are polled every 500 ms, and the page shares 2 cores. */
const MARGIN_MS = 10_000;

async function threeBrokers(page: Page, partitions: number, config: Record<string, number> = CONFIG): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate(
    async ({ config, partitions }) => {
      const sim = window.sim!;
      await sim.cluster.reset({ config });
      for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
      await sim.kafka.admin().createTopics({
        topics: [
          {
            topic: 'orders',
            numPartitions: partitions,
            replicationFactor: 3,
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
      });
    },
    { config, partitions },
  );
  await expect(page.locator('[data-topic="orders"][data-in-sync="true"]')).toHaveCount(3 * partitions);
}

/** A fault offered by the broker row: its buttons' names, the card's attribute and tag, and the timings it is shown under. */
interface SlowFault {
  config: Record<string, number>;
  slowButton: (id: number) => string;
  normalButton: (id: number) => string;
  attribute: 'data-slow-ms' | 'data-slow-disk-ms';
  tag: string;
}

/**
 * Under load, slows a follower with its button until its replica is shown out of sync while its
 * broker stays running, then makes it normal until it is shown in sync again; says how long each took.
 */
async function slowFollowerAndBack(page: Page, fault: SlowFault): Promise<{ outMs: number; backMs: number }> {
  const lagTimeMaxMs = fault.config['replica.lag.time.max.ms'];
  await threeBrokers(page, 1, fault.config);
  const follower = await page.evaluate(() => {
    const { leader, replicas } = window.sim!.cluster.describePartition('orders', 0);
    return replicas.find((id) => id !== leader)!;
  });
  await page.evaluate(() => window.sim!.workloads.startProducer({ topic: 'orders', recordsPerSecond: 20 }));
  const chip = page.locator(`[data-topic="orders"][data-broker-id="${follower}"]`);
  const card = page.locator(`[data-broker-id="${follower}"][data-state]`);

  await selectBroker(page, follower);
  const slowedAt = Date.now();
  await page.getByRole('button', { name: fault.slowButton(follower) }).click();
  await expect(card).toHaveAttribute(fault.attribute, '2000');
  await expect(card.getByText(fault.tag, { exact: true })).toBeVisible();
  await expect(chip).toHaveAttribute('data-in-sync', 'false', { timeout: lagTimeMaxMs + MARGIN_MS });
  const outMs = Date.now() - slowedAt;
  // Out of sync, not fenced: its heartbeats still reach the controller within broker.session.timeout.ms.
  await expect(card).toHaveAttribute('data-state', 'running');
  const producer = await page.evaluate(() => window.sim!.workloads.list().find((w) => w.kind === 'producer')!);
  expect(producer.lastError).toBeNull();

  const restoredAt = Date.now();
  await page.getByRole('button', { name: fault.normalButton(follower) }).click();
  await expect(card).toHaveAttribute(fault.attribute, '0');
  await expect(chip).toHaveAttribute('data-in-sync', 'true', { timeout: lagTimeMaxMs + MARGIN_MS });
  await expect(card).toHaveAttribute('data-state', 'running');
  return { outMs, backMs: Date.now() - restoredAt };
}

test('a follower made slow with its button falls out of the ISR under load within replica.lag.time.max.ms, stays registered, and rejoins at normal speed', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);
  const { outMs, backMs } = await slowFollowerAndBack(page, {
    config: CONFIG,
    slowButton: (id) => `Slow broker ${id} by 2000 ms`,
    normalButton: (id) => `Broker ${id} at normal speed`,
    attribute: 'data-slow-ms',
    tag: 'slow +2 s',
  });
  test.info().annotations.push({
    type: 'slow follower',
    description: `replica.lag.time.max.ms ${LAG_TIME_MAX_MS}, +2 s at 20 records/s: shown out of sync ${outMs} ms after the click, back in sync ${backMs} ms after 'normal'`,
  });
  expect(errors).toEqual([]);
});

test('a follower given a slow disk with its button falls out of the ISR under the demo timings without being fenced, and rejoins once its disk is normal', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);
  // The demo's 3 s session, under which Kafka fences a broker 2 s away; a slow disk does not touch its heartbeats.
  const { outMs, backMs } = await slowFollowerAndBack(page, {
    config: { ...DEMO_PRESET.broker },
    slowButton: (id) => `Slow disk of broker ${id} by 2000 ms`,
    normalButton: (id) => `Normal disk for broker ${id}`,
    attribute: 'data-slow-disk-ms',
    tag: 'slow disk +2 s',
  });
  test.info().annotations.push({
    type: 'slow disk',
    description: `demo timings, +2 s per write at 20 records/s: shown out of sync ${outMs} ms after the click, back in sync ${backMs} ms after 'normal'`,
  });
  expect(errors).toEqual([]);
});

test('a link cut one way with the Network form is drawn with its direction and listed in words, and heal mends it', async ({
  page,
  baseURL,
}) => {
  const { errors } = watch(page, baseURL!);
  await threeBrokers(page, 1);
  await page.getByLabel('From node').selectOption('broker-2');
  await page.getByLabel('To node').selectOption('broker-1');
  await page.getByLabel('one way').check();
  await page.getByRole('button', { name: 'Cut one way' }).click();
  await expect(page.locator('[data-cut="broker-2|broker-1"][data-one-way="true"]')).toContainText('broker-2 → broker-1, cut one way');
  await expect(page.locator('[data-cut-line="broker-2->broker-1"][data-one-way="true"] .arrow')).toHaveCount(1);
  expect(await page.evaluate(() => window.sim!.cluster.cutLinks())).toEqual([{ from: 'broker-2', to: 'broker-1', oneWay: true }]);
  await page.getByRole('button', { name: 'Heal broker-2 to broker-1' }).click();
  await expect(page.locator('[data-cut]')).toHaveCount(0);
  await expect(page.locator('[data-cut-line]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
