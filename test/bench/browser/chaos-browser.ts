/**
 * `npm run chaos -- --browser`: a shorter chaos sweep in Chromium against the built page, with real
 * broker workers over IndexedDB in a persistent profile (test/bench/browser/chaos-page.ts runs each
 * seed in the page), judged in Node by the same checkers and printed as the same verdict as the
 * in-process sweep. Wall-clock timing makes a browser run only approximately repeatable from its
 * seed: the seed fixes the faults and their times, not the interleaving.
 */
import { judgeRun, type ChaosResult } from '../../../src/sim/chaos/chaos-run';
import { formatEvent } from '../../../src/sim/chaos/chaos-history';
import { formatVerdict, isValid } from '../../../src/sim/chaos/chaos-verdict';
import { buildPage, ensureChromium, evaluator, openProfile, openSimulator, startServer } from './browser-harness';
import { runChaosInPage } from './chaos-page';

const PORT = 4184;
const BROKERS = 3;
/** Wall-clock time per seed: faults over DURATION_MS, then up to SETTLE_MS for elections, fencing and catch-up. */
const DURATION_MS = 30_000;
const SETTLE_MS = 45_000;
/** Kafka's timeouts set small so a 30 s run sees fencing and elections (as the e2e tests do). */
const CONFIG = { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500, 'replica.lag.time.max.ms': 3000 };
const UNCLEAN = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };

export async function runBrowserChaos({ firstSeed, seeds, faults, unclean }: { firstSeed: number; seeds: number; faults: number; unclean: boolean }): Promise<number> {
  const executablePath = ensureChromium();
  buildPage();
  const server = await startServer(PORT);
  const profile = await openProfile(executablePath);
  let failed = 0;
  try {
    const page = await openSimulator(profile.context, server.url, (message) => console.log(`page error: ${message}`));
    const evaluate = evaluator(page);
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const observed = await evaluate(runChaosInPage, {
        seed, faults, brokers: BROKERS, durationMs: DURATION_MS, settleMs: SETTLE_MS, config: unclean ? { ...CONFIG, ...UNCLEAN } : CONFIG,
      }, DURATION_MS + SETTLE_MS + 240_000).catch(async (error: Error) => {
        // A run that never finishes is a liveness failure: say where it stuck and what happened.
        const where = await page.evaluate(() => {
          const progress = window as unknown as { chaosStage?: string; chaosLog?: { atMs: number; kind: string; description: string }[] };
          return { stage: progress.chaosStage, log: (progress.chaosLog ?? []).filter((e) => e.kind !== 'ack') };
        }).catch(() => ({ stage: 'unknown', log: [] }));
        console.log(`seed ${seed}: ${error.message}, stuck at: ${where.stage}`);
        for (const event of where.log) console.log(`  ${formatEvent({ ...event, kind: 'fault' })}`);
        return null;
      });
      if (observed === null) {
        failed++;
        // The stuck run goes on in the page: a reload ends it before the next seed.
        await page.reload();
        await page.waitForFunction(() => window.sim !== undefined, null, { timeout: 120_000 });
        continue;
      }
      const verdict = judgeRun({
        ...observed,
        context: {
          replicasOf: (topic, partition) => observed.replicas[`${topic}-${partition}`] ?? [],
          offsetsPartitionOf: () => ({ topic: '__consumer_offsets', partition: observed.offsetsPartition }),
        },
      });
      const result: ChaosResult = {
        seed,
        brokers: BROKERS,
        history: observed.log.filter((e) => e.kind === 'fault' || e.kind === 'recovery'),
        log: observed.log,
        events: observed.log.length,
        virtualMs: observed.elapsedMs,
        sent: observed.sent,
        ...verdict,
        unhealed: observed.unhealed,
      };
      if (!isValid(result)) failed++;
      console.log(formatVerdict(result, `npm run chaos -- --browser --seed ${seed} --faults ${faults}${unclean ? ' --unclean' : ''} (wall-clock: faults replay, interleavings may not)`));
      console.log('');
    }
  } finally {
    await profile.close();
    server.stop();
  }
  console.log(`browser: ${seeds - failed} of ${seeds} seeds valid${unclean ? ' (unclean.leader.election.enable=true)' : ''}`);
  return failed > 0 ? 1 : 0;
}
