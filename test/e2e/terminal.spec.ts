/**
 * The Kafka terminal in the page: a learner types the quickstart's commands and the picture
 * reacts, and the same tools answer `window.sim.shell.run` for scripts.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './page-watch';

async function threeBrokers(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate(async () => {
    const sim = window.sim!;
    await sim.cluster.reset({ config: { ...sim.presets.demo.broker } });
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
  });
}

/** What the terminal shows, row by row, as a person reads it. */
function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a command typed into the terminal creates a topic that appears in the picture, and the console tools round-trip records', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL!);
  await threeBrokers(page);

  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.locator('[data-testid="terminal"]').click();
  await typeLine(
    page,
    'kafka-topics.sh --create --topic quickstart-events --partitions 3 --replication-factor 3 --bootstrap-server localhost:9092',
  );
  await expect.poll(() => terminalText(page)).toContain('Created topic quickstart-events.');
  await expect(page.locator('[data-topic="quickstart-events"][data-role="leader"]')).toHaveCount(3);
  await expect(page.locator('[data-topic="quickstart-events"][data-in-sync="true"]')).toHaveCount(9);

  // The console producer reads typed lines after its `>` prompt until Ctrl-D.
  await typeLine(page, 'kafka-console-producer.sh --topic quickstart-events --bootstrap-server localhost:9092');
  await expect.poll(() => terminalText(page)).toMatch(/\n>\s*$/);
  await typeLine(page, 'hello kafka');
  await typeLine(page, 'this is a test message');
  await page.keyboard.press('Control+D');
  await expect.poll(() => terminalText(page)).toMatch(/\$\s*$/);

  await typeLine(
    page,
    'kafka-console-consumer.sh --topic quickstart-events --from-beginning --max-messages 2 --bootstrap-server localhost:9092',
  );
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('Processed a total of 2 messages');
  const text = await terminalText(page);
  expect(text).toContain('hello kafka');
  expect(text).toContain('this is a test message');

  // Tab completes a tool's name.
  await page.keyboard.type('kafka-consumer-gr');
  await page.keyboard.press('Tab');
  await expect.poll(() => terminalText(page)).toContain('kafka-consumer-groups.sh ');

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("window.sim.shell.run gives a script the tools' output and exit code, with a console producer fed from input", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL!);
  await threeBrokers(page);
  const results = await page.evaluate(async () => {
    const { shell } = window.sim!;
    const create = await shell.run('kafka-topics.sh --create --topic scripted --bootstrap-server localhost:9092');
    const produce = await shell.run('kafka-console-producer.sh --topic scripted --bootstrap-server localhost:9092', {
      input: ['one', 'two'],
    });
    const consume = await shell.run(
      'kafka-console-consumer.sh --topic scripted --from-beginning --max-messages 2 --bootstrap-server localhost:9092',
    );
    const unknown = await shell.run('kafka-topicz.sh --list');
    return { create, produce, consume, unknown };
  });
  expect(results.create).toMatchObject({ stdout: 'Created topic scripted.\n', exitCode: 0 });
  expect(results.produce.exitCode).toBe(0);
  expect(results.consume.stdout).toBe('one\ntwo\n');
  expect(results.consume.stderr).toContain('Processed a total of 2 messages');
  expect(results.unknown).toMatchObject({ stderr: 'bash: kafka-topicz.sh: command not found\n', exitCode: 127 });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("a ZooKeeper-era command gets Kafka's own error in the terminal, and beside it what changed and the modern command", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL!);
  await threeBrokers(page);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.locator('[data-testid="terminal"]').click();
  await typeLine(page, 'kafka-topics.sh --create --topic notes --zookeeper localhost:2181');
  await expect.poll(() => terminalText(page)).toContain('zookeeper is not a recognized option');

  const hint = page.locator('[data-legacy-hint="--zookeeper"]');
  await expect(hint).toContainText('Kafka no longer takes --zookeeper');
  await expect(hint.locator('[data-modern-command]')).toHaveText(
    'kafka-topics.sh --create --topic notes --bootstrap-server localhost:9092',
  );
  // The explanation is the page's, not the tool's: the terminal shows only what Kafka prints.
  expect(await terminalText(page)).not.toContain('no longer takes');

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
