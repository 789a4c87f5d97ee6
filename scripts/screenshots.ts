/**
 * The README's pictures, taken from the built page in the system Chromium: the page mid-failover
 * (tokens in flight, the killed broker counting down to its fencing), a lesson in Korean, and the
 * lab paused after a kill. `npx tsx scripts/screenshots.ts` writes docs/screenshot.png,
 * docs/lesson-ko.png and docs/lab.png.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from './chromium-path.mjs';

const PORT = 4181;
const BASE = `http://127.0.0.1:${PORT}/`;

async function ready(page: Page, query: string): Promise<void> {
  await page.goto(`${BASE}${query}`);
  await page.waitForFunction(() => window.sim !== undefined);
}

execFileSync('node', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
const server = spawn('node', ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
});
try {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const browser = await chromium.launch({ executablePath: findChromium() ?? '/usr/bin/chromium', args: ['--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

  await ready(page, '?lang=en');
  await page.evaluate(() => window.sim!.cluster.reset({ config: { ...window.sim!.presets.demo.broker } }));
  await page.getByRole('button', { name: 'Quickstart' }).click();
  await page.waitForFunction(() => window.sim!.workloads.list().some((w) => w.kind === 'consumer-group' && w.recordsReceived > 10), null, {
    timeout: 30_000,
  });
  const leader = await page.evaluate(() => window.sim!.cluster.leaderOf('orders', 0));
  await page.evaluate((id) => window.sim!.cluster.killBroker(id), leader);
  await page.waitForSelector(`g.broker[data-broker-id="${leader}"][data-fence-in-ms]`);
  await page.waitForTimeout(1200);
  await page.screenshot({ path: 'docs/screenshot.png' });

  await ready(page, '?lang=ko');
  await page.evaluate(async () => (await window.sim!.lessons()).start('failover'));
  await page.locator('[data-lesson-next]').click();
  await page.locator('[data-predict-choice="isr-after-session"]').click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/lesson-ko.png' });

  // The lab: the Quickstart on the deterministic engine, a kill, and time paused while it is fenced.
  await page.goto(`${BASE}?lab&lang=en`);
  await page.waitForFunction(() => window.sim !== undefined && 'lab' in window.sim);
  await page.getByRole('button', { name: 'Quickstart' }).first().click();
  await page.waitForSelector('[data-producer-id]');
  await page.waitForTimeout(8000);
  await page.evaluate(async () => {
    const sim = window.sim as unknown as import('../src/lab/boot-lab').LabSimulator;
    await sim.cluster.killBroker(sim.cluster.leaderOf('orders', 0));
  });
  await page.waitForTimeout(1800);
  await page.evaluate(() => (window.sim as unknown as import('../src/lab/boot-lab').LabSimulator).time.pause());
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/lab.png' });
  await browser.close();
} finally {
  server.kill();
}
