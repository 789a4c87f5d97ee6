// Runs before the e2e tests: finds a system Chromium or installs one the platform's way.
// On Debian as root that is `apt-get install -y chromium`; anywhere else it stops with a message
// saying what to install, because `npx playwright install` (a browser download) is not an option.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, CHROMIUM_CANDIDATES } from './chromium-path.mjs';

function installWithApt() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log("ensure-chromium: no Chromium found; installing Debian's package with apt-get (this takes a minute).");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}

let path = findChromium();
if (path === null && !process.env.CHROMIUM_PATH) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get')) {
    installWithApt();
    path = findChromium();
  }
}
if (path === null) {
  console.error(
    [
      'ensure-chromium: the browser tests need a system Chromium and none was found.',
      process.env.CHROMIUM_PATH
        ? `  CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`
        : `  Looked in: ${CHROMIUM_CANDIDATES.join(', ')}.`,
      '  Install it with your package manager (Debian/Ubuntu: sudo apt-get install -y chromium),',
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary. Do not run `npx playwright install`.',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`ensure-chromium: using ${path}`);
