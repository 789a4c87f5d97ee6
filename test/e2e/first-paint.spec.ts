/**
 * The page's first paint stays light (issue 17, Speed: at most 200 KiB of JavaScript, gzip): the
 * terminal (xterm.js and Kafka's tools), the chaos tab and the lessons are fetched when first
 * opened. The size is read from the build these tests run against (dist/), so it is deterministic.
 */
import { expect, test, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { FIRST_PAINT_BUDGET_BYTES, firstPaintJs } from '../bench/first-paint-js';
import { watch } from './page-watch';

const DIST = new URL('../../dist/', import.meta.url).pathname;

/** Every script of the build the page (or a worker) asked for so far, by file name. */
function scriptsFetched(page: Page): Set<string> {
  const fetched = new Set<string>();
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/assets/') && path.endsWith('.js')) fetched.add(basename(path));
  });
  return fetched;
}

test('the first paint needs at most 200 KiB of JavaScript, gzip', () => {
  const { files, gzipBytes } = firstPaintJs(DIST);
  expect(files.length).toBeGreaterThan(0);
  expect(gzipBytes, `${(gzipBytes / 1024).toFixed(1)} KiB gzip in ${files.join(', ')}`).toBeLessThanOrEqual(FIRST_PAINT_BUDGET_BYTES);
});

test('opening the page fetches only the first paint and the workers; the terminal, the chaos tab and the lessons arrive when first opened', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL!);
  const fetched = scriptsFetched(page);
  const eager = new Set(firstPaintJs(DIST).files.map((file) => basename(file)));
  await page.goto('/?lang=en');
  await page.waitForFunction(() => window.sim !== undefined);
  await expect(page.getByRole('tab', { name: 'Terminal' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect([...fetched].filter((name) => !eager.has(name) && !name.includes('.worker-'))).toEqual([]);

  let before = fetched.size;
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.locator('[data-testid="terminal"] .xterm-rows')).toContainText('Kafka command line');
  expect(fetched.size).toBeGreaterThan(before);

  before = fetched.size;
  await page.getByRole('tab', { name: 'Chaos' }).click();
  await expect(page.getByRole('form', { name: 'Chaos run' })).toBeVisible();
  expect(fetched.size).toBeGreaterThan(before);

  before = fetched.size;
  await page.locator('[data-open-lessons]').click();
  await expect(page.locator('[data-lesson-choice="failover"]')).toBeVisible();
  expect(fetched.size).toBeGreaterThan(before);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
