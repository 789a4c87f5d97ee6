/**
 * `npm run chaos -- --browser`: a shorter chaos sweep in Chromium against the built page, with real
 * broker workers over IndexedDB in a persistent profile. Each seed gets a fresh cluster (demo
 * timings, 3 brokers), then runs the page's own chaos checker, `window.sim.chaos.run` (the Chaos
 * panel's code, src/chaos/sim-chaos.ts), which judges in the page with the in-process sweep's checkers;
 * this prints its verdict. Wall-clock timing makes a browser run only approximately repeatable from
 * its seed: the seed fixes the faults and their times, not the interleaving.
 */
import type { LiveChaosResult } from '../../../src/runtime/boot';
import { formatEvent } from '../../../src/chaos/chaos-history';
import { formatVerdict, isValid } from '../../../src/chaos/chaos-verdict';
import { DEMO_PRESET } from '../../../src/cluster/timing-presets';
import { buildPage, ensureChromium, evaluator, openProfile, openSimulator, startServer } from './browser-harness';

const PORT = 4184;
const BROKERS = 3;
/** After the faults: up to this long for elections, fencing and catch-up. */
const SETTLE_MS = 45_000;
/** Kafka's timeouts set small so a short run sees fencing and elections; one __consumer_offsets partition keeps the picture small. */
const CONFIG = { ...DEMO_PRESET.broker, 'offsets.topic.num.partitions': 1 };
/** The controller's periodic unclean election (KAFKA-12670) every second instead of every 5 minutes. */
const UNCLEAN = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };

export interface BrowserChaosOptions {
  firstSeed: number;
  seeds: number;
  faults: number;
  durationMs: number;
  unclean: boolean;
  diskFaults: boolean;
  /** The command that replays one seed. */
  reproduce: (seed: number) => string;
}

interface RunArgs {
  seed: number;
  faults: number;
  durationMs: number;
  settleMs: number;
  unclean: boolean;
  diskFaults: boolean;
  brokers: number;
  config: Record<string, string | number | boolean>;
}

/** Runs in the page: a fresh cluster, then sim.chaos.run; its progress stays on window for a report if it hangs. */
async function runInPage(args: RunArgs): Promise<LiveChaosResult> {
  const sim = window.sim!;
  const progress = window as unknown as { chaosStage: string; chaosHistory: { atMs: number; description: string }[] };
  for (const workload of sim.workloads.list()) await sim.workloads.stop(workload.id);
  await sim.cluster.reset({ config: args.config });
  for (let i = 0; i < args.brokers; i++) await sim.cluster.addBroker();
  return sim.chaos.run(
    {
      seed: args.seed,
      faults: args.faults,
      durationMs: args.durationMs,
      settleMs: args.settleMs,
      unclean: args.unclean,
      diskFaults: args.diskFaults,
    },
    {
      onProgress: ({ stage, history }) => {
        progress.chaosStage = stage;
        progress.chaosHistory = history;
      },
    },
  );
}

export async function runBrowserChaos({
  firstSeed,
  seeds,
  faults,
  durationMs,
  unclean,
  diskFaults,
  reproduce,
}: BrowserChaosOptions): Promise<number> {
  const executablePath = ensureChromium();
  buildPage();
  const server = await startServer(PORT);
  const profile = await openProfile(executablePath);
  let failed = 0;
  try {
    const page = await openSimulator(profile.context, server.url, (message) => console.log(`page error: ${message}`));
    const evaluate = evaluator(page);
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const args: RunArgs = {
        seed,
        faults,
        durationMs,
        settleMs: SETTLE_MS,
        unclean,
        diskFaults,
        brokers: BROKERS,
        config: unclean ? { ...CONFIG, ...UNCLEAN } : CONFIG,
      };
      const result = await evaluate(runInPage, args, durationMs + SETTLE_MS + 240_000).catch(async (error: Error) => {
        // A run that never finishes is a liveness failure: say where it stuck and what it had done.
        const where = await page
          .evaluate(() => {
            const progress = window as unknown as { chaosStage?: string; chaosHistory?: { atMs: number; description: string }[] };
            return { stage: progress.chaosStage ?? 'unknown', history: progress.chaosHistory ?? [] };
          })
          .catch(() => ({ stage: 'unknown', history: [] }));
        console.log(`seed ${seed}: ${error.message}, stuck at: ${where.stage}`);
        for (const event of where.history) console.log(`  ${formatEvent({ ...event, kind: 'fault' })}`);
        return null;
      });
      if (result === null) {
        failed++;
        // The stuck run goes on in the page: a reload ends it before the next seed.
        await page.reload();
        await page.waitForFunction(() => window.sim !== undefined, null, { timeout: 120_000 });
        continue;
      }
      if (!isValid(result)) failed++;
      console.log(formatVerdict(result, `${reproduce(seed)} (wall-clock: faults replay, interleavings may not)`, 'wall-clock'));
      // With unclean election on, whether one happened says whether this seed could have lost anything.
      if (unclean)
        console.log(
          `  ${result.log.filter((e) => e.kind === 'partition-change' && e.description.includes('unclean election')).length} unclean elections`,
        );
      console.log('');
    }
  } finally {
    await profile.close();
    server.stop();
  }
  console.log(`browser: ${seeds - failed} of ${seeds} seeds valid${unclean ? ' (unclean.leader.election.enable=true)' : ''}`);
  return failed > 0 ? 1 : 0;
}
