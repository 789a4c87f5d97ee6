// Run by test/wire/kcat.test.ts: finds kcat or installs Debian's package as ensure-chromium.mjs does
// for Chromium. Prints the path, or why there is none (the test is then skipped with that reason).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const KCAT = '/usr/bin/kcat';
if (!existsSync(KCAT)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'kcat'], { stdio: 'ignore', env });
    } catch (error) {
      console.log(`no kcat: apt-get install kcat failed (${error.message.split('\n')[0]})`);
      process.exit(0);
    }
  }
}
console.log(existsSync(KCAT) ? KCAT : 'no kcat: not at /usr/bin/kcat and not installable here (Debian: apt-get install kcat)');
