/**
 * What the browser scripts share (npm run bench, npm run chaos -- --browser, the profiler): Debian's
 * Chromium found or installed by scripts/ensure-chromium.mjs, the built page served by
 * `vite preview`, and a persistent profile so IndexedDB is on disk as a user's is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { findChromium } from '../../../scripts/chromium-path.mjs';

export const ROOT = new URL('../../../', import.meta.url).pathname;
/** The flags of playwright.config.ts: no phoning home on a closed network. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** esbuild (tsx) names functions with a __name helper; functions Playwright ships into the page need it too. */
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** Finds or installs Chromium; returns its path. */
export function ensureChromium(): string {
  execFileSync('node', [join(ROOT, 'scripts/ensure-chromium.mjs')], { stdio: 'inherit' });
  return findChromium() ?? '/usr/bin/chromium';
}

export function buildPage(): void {
  execFileSync('node', [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** `vite preview` (the built page, from dist/ or outDir) or, with dev, the dev server (the source's names, for profiles). */
export async function startServer(
  port: number,
  { dev = false, outDir }: { dev?: boolean; outDir?: string } = {},
): Promise<{ url: string; stop(): void }> {
  const listen = ['--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const args = dev ? listen : ['preview', ...listen, ...(outDir === undefined ? [] : ['--outDir', outDir])];
  const server: ChildProcess = spawn('node', [join(ROOT, 'node_modules/vite/bin/vite.js'), ...args], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => server.kill() };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error(`vite did not answer on ${url} within 60 s`);
}

/** A persistent profile in a new temporary directory, removed on close. */
export async function openProfile(executablePath: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kafka-in-a-tab-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS });
  await context.addInitScript(NAME_SHIM);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the page and waits for its runtime (window.sim). */
export async function openSimulator(context: BrowserContext, url: string, onError: (message: string) => void): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => onError(error.message));
  await page.goto(url);
  await page.waitForFunction(() => window.sim !== undefined, null, { timeout: 120_000 });
  return page;
}

/** page.evaluate for plain-data functions, failing after timeoutMs instead of waiting forever. */
export function evaluator(page: Page): <A, R>(fn: (arg: A) => Promise<R>, arg: A, timeoutMs: number) => Promise<R> {
  // Playwright's own generics unbox handles, which these plain-data functions never take.
  const inPage = page.evaluate.bind(page) as <A, R>(fn: (arg: A) => Promise<R>, arg: A) => Promise<R>;
  return (fn, arg, timeoutMs) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    // Cleared once answered, so a finished script exits at once instead of waiting out the timer.
    return Promise.race([inPage(fn, arg), timeout]).finally(() => clearTimeout(timer));
  };
}
