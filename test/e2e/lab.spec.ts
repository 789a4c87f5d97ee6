/**
 * The lab (`?lab`): the deterministic engine in a worker, drawn by the page; seeking back rebuilds
 * an earlier moment, and a share link reopens the same run at the same moment.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './page-watch';
import { runChaosFromTab } from './chaos-form';

async function openLab(page: Page, url = '/?lab'): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.sim !== undefined && 'lab' in window.sim);
}

/** The lab's window.sim, as the page's scripts see it. */
type Lab = import('../../src/lab/boot-lab').LabSimulator;

test('seeking back before a kill shows the old leader again, and a shared link reopens the same moment', async ({
  page,
  context,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);

  await page.getByRole('button', { name: 'Add broker' }).click();
  await expect(page.locator('[data-broker-id="1"][data-state]')).toHaveAttribute('data-state', 'running');
  await page.evaluate(async () => {
    const sim = window.sim as unknown as Lab;
    await sim.cluster.addBroker();
    await sim.cluster.addBroker();
    await sim.cluster.act({ kind: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 3 });
  });
  const leaderChip = page.locator('[data-topic="orders"][data-partition="0"][data-role="leader"]');
  await expect(leaderChip).toHaveCount(1);
  const oldLeader = Number(await leaderChip.getAttribute('data-broker-id'));

  const killedAtMs = await page.evaluate(async (leader) => {
    const sim = window.sim as unknown as Lab;
    // A few seconds with the leader in place, so half a second before the kill it already led.
    await sim.cluster.wait(3_000);
    await sim.cluster.refresh();
    const at = sim.time.now();
    await sim.cluster.killBroker(leader);
    return at;
  }, oldLeader);
  // The demo timings fence the killed broker within seconds of virtual time, and a new leader is elected.
  await expect(leaderChip).not.toHaveAttribute('data-broker-id', String(oldLeader));

  await page.evaluate(async (at) => {
    const sim = window.sim as unknown as Lab;
    sim.time.pause();
    await sim.time.seek(at - 500);
  }, killedAtMs);
  await expect(leaderChip).toHaveAttribute('data-broker-id', String(oldLeader));
  await expect(page.locator(`[data-broker-id="${oldLeader}"][data-state]`)).toHaveAttribute('data-state', 'running');

  const { link, described } = await page.evaluate(() => {
    const sim = window.sim as unknown as Lab;
    return { link: sim.share(), described: JSON.stringify(sim.cluster.describe()) };
  });
  const other = await context.newPage();
  const otherSeen = watch(other, new URL(baseURL!).origin);
  await openLab(other, link);
  expect(await other.evaluate(() => JSON.stringify((window.sim as unknown as Lab).cluster.describe()))).toBe(described);
  expect(await other.evaluate(() => (window.sim as unknown as Lab).time.paused())).toBe(true);
  await expect(other.locator('[data-topic="orders"][data-partition="0"][data-role="leader"]')).toHaveAttribute(
    'data-broker-id',
    String(oldLeader),
  );
  expect([...seen.errors, ...otherSeen.errors]).toEqual([]);
  expect([...seen.foreignRequests, ...otherSeen.foreignRequests]).toEqual([]);
});

test('a step runs one event and names it', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);
  await page.evaluate(() => (window.sim as unknown as Lab).cluster.addBroker());
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.locator('[data-lab-step]')).toContainText(/delivered|timer fired/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("the live page's Lab link opens the lab", async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await page.getByRole('link', { name: 'Lab' }).click();
  await expect(page.getByRole('heading', { name: 'Kafka in a tab: the lab' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Live page' })).toHaveAttribute('href', './');
  await page.waitForFunction(() => window.sim !== undefined && 'lab' in window.sim);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the lab is the same page: Quickstart draws its producer and group, records fly, and the timeline says what happened', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);
  await page.getByRole('button', { name: 'Quickstart' }).first().click();
  await expect(page.locator('[data-producer-id]')).toHaveCount(1);
  await expect(page.locator('[data-broker-id][data-state="running"]')).toHaveCount(3);
  // Produce into the leaders, replication to the followers, and the group's fetches, as tokens.
  for (const api of ['Produce', 'Fetch']) await expect(page.locator(`[data-flight][data-api="${api}"]`).first()).toBeAttached();
  await expect(page.locator('#panel-events')).toContainText('orders');
  // The lessons belong to the live cluster; they are not in the lab.
  await expect(page.locator('[data-open-lessons]')).toHaveCount(0);
  // Everything the Quickstart did is in the journal, so a share link replays it.
  const kinds = await page.evaluate(() => (window.sim as unknown as Lab).cluster.snapshot.journal.map((entry) => entry.action.kind));
  expect(kinds).toEqual(['addBroker', 'addBroker', 'addBroker', 'admin', 'startProducer', 'startConsumerGroup']);
  await expect(page.locator('[data-lab-failure]')).toHaveCount(0);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the lab speaks Korean too', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page, '/?lab&lang=ko');
  await expect(page.getByRole('heading', { name: 'Kafka in a tab: 실험실' })).toBeVisible();
  await expect(page.getByRole('button', { name: '한 단계' })).toBeVisible();
  await expect(page.getByRole('button', { name: '공유' })).toBeVisible();
  expect(seen.errors).toEqual([]);
});

test("the lab's terminal runs Kafka's tools in the worker, and a share link replays what was typed", async ({ page, context, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);
  await page.evaluate(async () => {
    const sim = window.sim as unknown as Lab;
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
  });
  const terminalText = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText();
  const typeLine = async (line: string) => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.locator('[data-testid="terminal"]').click();
  await typeLine('kafka-topics.sh --create --topic lab-events --partitions 1 --replication-factor 3 --bootstrap-server localhost:9092');
  await expect.poll(terminalText).toContain('Created topic lab-events.');
  await expect(page.locator('[data-topic="lab-events"][data-role="leader"]')).toHaveCount(1);
  await typeLine('kafka-console-producer.sh --topic lab-events --bootstrap-server localhost:9092');
  await expect.poll(terminalText).toMatch(/\n>\s*$/);
  await typeLine('typed in the lab');
  await page.keyboard.press('Control+D');
  await expect.poll(terminalText).toMatch(/\$\s*$/);
  await typeLine('kafka-console-consumer.sh --topic lab-events --from-beginning --max-messages 1 --bootstrap-server localhost:9092');
  await expect.poll(terminalText, { timeout: 30_000 }).toContain('Processed a total of 1 messages');
  expect(await terminalText()).toContain('typed in the lab');

  const { link, kinds } = await page.evaluate(() => {
    const sim = window.sim as unknown as Lab;
    sim.time.pause();
    return { link: sim.share(), kinds: sim.cluster.snapshot.journal.map((entry) => entry.action.kind) };
  });
  expect(kinds.filter((kind) => kind.startsWith('shell'))).toEqual(['shell', 'shell', 'shellInput', 'shellInput', 'shell']);
  // The inspector reads the record from the leader's log, in the worker, and names the replicas holding it.
  await page.locator('g.chip[data-topic="lab-events"][data-role="leader"]').click();
  await page.getByRole('button', { name: 'Show the record at offset 0' }).click();
  await expect(page.locator('[data-record-details="0"]')).toContainText('typed in the lab');
  await expect(page.locator('[data-record-details="0"] [data-held-by]')).toHaveAttribute('data-held-by', /^\d,\d,\d$/);

  const other = await context.newPage();
  await openLab(other, link);
  const partition = await other.evaluate(() => (window.sim as unknown as Lab).cluster.describePartition('lab-events', 0));
  expect(partition.highWatermark).toBe(1);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the lab builds checkpoints in its spare time and marks them on the Moment bar', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);
  await page.evaluate(async () => {
    const sim = window.sim as unknown as Lab;
    await sim.cluster.addBroker();
    sim.time.setSpeed(10);
  });
  // 30 s of the run (3 s at 10x), then the first grid checkpoint is built while time runs on.
  const bar = page.getByRole('slider', { name: 'Moment' });
  await expect(bar).toHaveAttribute('data-lab-checkpoints', '1', { timeout: 20_000 });
  await expect(page.locator('#lab-checkpoints option[value="30000"]')).toBeAttached();
  // A seek to just after it resumes it and answers at once.
  await page.evaluate(async () => {
    const sim = window.sim as unknown as Lab;
    sim.time.pause();
    await sim.time.seek(31_000);
  });
  await expect(page.locator('[data-lab-now="31000"]')).toBeVisible();
  expect(seen.errors).toEqual([]);
});

test("the lab's Chaos tab runs the checker on virtual time, and its verdict is in the run a share link replays", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openLab(page);
  await page.evaluate(async () => {
    const sim = window.sim as unknown as Lab;
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
    sim.time.setSpeed(10);
  });
  await runChaosFromTab(page, { seed: 7, faults: 3, durationSeconds: 15 });
  await expect(page.locator('[data-topic="chaos-7"]').first()).toBeAttached();
  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  expect(await verdict.getAttribute('data-verdict'), await page.getByLabel('Chaos run output').innerText()).toBe('valid');
  const kinds = await page.evaluate(() => (window.sim as unknown as Lab).cluster.snapshot.journal.map((entry) => entry.action.kind));
  expect(kinds).toContain('chaos');
  await expect(page.getByLabel('Chaos run output')).toContainText('Share gives a link that replays them');
  await expect(page.locator('[data-lab-failure]')).toHaveCount(0);
  expect(seen.errors).toEqual([]);
});
