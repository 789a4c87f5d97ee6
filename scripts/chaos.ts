/**
 * `npm run chaos -- --seed S --faults N [--seeds K] [--unclean] [--disk-faults] [--quiet] [--browser [--duration SECONDS]]`: runs the chaos
 * checker (src/chaos/chaos-run.ts) on seeds S..S+K-1 and prints each verdict with the seed and,
 * for every anomaly, the events that lead to it. Exits 1 when any run found an anomaly.
 *
 * --unclean turns unclean.leader.election.enable on, so acknowledged writes can be lost: the checker
 * must say so (seed 1 with --faults 20 does; with --browser, seed 223 with --faults 20 lost 20 acknowledged
 * writes in one run, wall-clock permitting). --quiet leaves out the faults as they are injected.
 * --browser runs each seed in Chromium against the built page instead, with real broker workers over
 * IndexedDB (test/bench/browser/chaos-browser.ts): the page's own chaos run, as its Chaos panel
 * starts it, with faults over --duration wall-clock seconds (default 30), then up to 45 s to settle.
 */
import { parseArgs } from 'node:util';
import { describeSwarm, runChaos } from '../src/sim/in-process-chaos';
import { formatVerdict, isValid } from '../src/chaos/chaos-verdict';
import { CHAOS_DEFAULTS } from '../src/chaos/chaos-options';
import { replayCommand } from '../src/chaos/replay-command';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '1' },
    faults: { type: 'string', default: '10' },
    unclean: { type: 'boolean', default: false },
    'disk-faults': { type: 'boolean', default: false },
    legacy: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    duration: { type: 'string' },
  },
});

const wholeNumber = (name: string, text: string | undefined, min: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`chaos: --${name} must be a whole number >= ${min}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};
const firstSeed = wholeNumber('seed', values.seed, -2147483648);
const seeds = wholeNumber('seeds', values.seeds, 1);
const faults = wholeNumber('faults', values.faults, 0);
const uncleanConfig = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };

if (values.duration !== undefined && !values.browser) {
  console.error('chaos: --duration is for --browser runs (the in-process run spreads its faults over 120 s of virtual time)');
  process.exit(2);
}
if (values.browser) {
  const seconds = Number(values.duration ?? CHAOS_DEFAULTS.durationMs / 1000);
  if (!Number.isFinite(seconds) || seconds < 1) {
    console.error(`chaos: --duration must be a number of seconds >= 1, got ${JSON.stringify(values.duration)}`);
    process.exit(2);
  }
  const durationMs = Math.round(seconds * 1000);
  const { runBrowserChaos } = await import('../test/bench/browser/chaos-browser');
  process.exit(
    await runBrowserChaos({
      firstSeed,
      seeds,
      faults,
      durationMs,
      unclean: values.unclean,
      diskFaults: values['disk-faults'],
      reproduce: (seed) => replayCommand({ seed, faults, durationMs, unclean: values.unclean, diskFaults: values['disk-faults'] }),
    }),
  );
}

let failed = 0;
for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
  const result = await runChaos({
    seed,
    faults,
    legacyDraws: values.legacy,
    diskFaults: values['disk-faults'],
    ...(values.unclean ? { config: uncleanConfig } : {}),
    ...(values.quiet ? {} : { onFault: (event) => console.log(`  ${(event.atMs / 1000).toFixed(3).padStart(9)}s  ${event.description}`) }),
  });
  if (!isValid(result)) failed++;
  console.log(`seed ${seed}: ${describeSwarm(result.swarm)}`);
  const flags = `${values.unclean ? ' --unclean' : ''}${values.legacy ? ' --legacy' : ''}${values['disk-faults'] ? ' --disk-faults' : ''}`;
  console.log(formatVerdict(result, `npm run chaos -- --seed ${seed} --faults ${faults}${flags}`));
  console.log('');
}
console.log(`${seeds - failed} of ${seeds} seeds valid${values.unclean ? ' (unclean.leader.election.enable=true)' : ''}`);
process.exit(failed > 0 ? 1 : 0);
