/**
 * The README's pictures, taken from the built page in the system Chromium: the page mid-failover
 * (tokens in flight, the killed broker counting down to its fencing), and a lesson in Korean.
 * `npx tsx scripts/screenshots.ts` writes docs/screenshot.png and docs/lesson-ko.png.
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
  await page.evaluate(() => window.sim!.lessons.start('failover'));
  await page.locator('[data-lesson-next]').click();
  await page.locator('[data-predict-choice="isr-after-session"]').click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/lesson-ko.png' });
  await browser.close();
} finally {
  server.kill();
}
