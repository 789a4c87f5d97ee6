import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/chromium-path.mjs';

// E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4174);

// The e2e tests run against the built page (what users get), served by `vite preview`, in a system
// Chromium (scripts/ensure-chromium.mjs finds or installs it; Playwright's own browsers are never
// downloaded). The flags keep Chromium from phoning home, which the closed network here would turn
// into console noise, and one worker keeps the 2-core machines from timing out.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  // No retries: a test that fails once is a bug to find, in the page or in the test.
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: findChromium() ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The five browser chaos seeds, the slowest specs by far, run after every other spec, so a
  // failure of the page's own specs shows first.
  projects: [
    { name: 'page', testIgnore: '**/browser-chaos.spec.ts' },
    { name: 'chaos-seeds', testMatch: '**/browser-chaos.spec.ts', dependencies: ['page'] },
  ],
  webServer: {
    command: `node node_modules/vite/bin/vite.js build --logLevel warn && node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
