/**
 * The chaos checker in the browser, in every `npm test` (issue 17): real broker workers over real
 * IndexedDB, each seed's faults (kills, restarts, shutdowns, cuts, slow links, and with the disk's
 * faults slow disks and full disks that fail a broker's log directory) drawn and injected on the
 * live cluster while its own producers and group run, then the verdict. Each test prints its seed
 * and the command that replays it.
 */
import { expect, test } from '@playwright/test';
import { openWithDemoTimings } from './demo-timings';
import { watch } from './page-watch';

const SEEDS = [11, 22, 33, 44, 55];
const FAULTS = 15;
const DURATION_MS = 40_000;

for (const seed of SEEDS) {
  test(`browser chaos seed ${seed}: ${FAULTS} faults on real workers and IndexedDB lose nothing acknowledged`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    console.log(
      `browser chaos seed ${seed}: replay with npm run chaos -- --browser --seed ${seed} --faults ${FAULTS} --duration ${DURATION_MS / 1000} --disk-faults`,
    );
    const { errors } = watch(page, baseURL!);
    await openWithDemoTimings(page);
    await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) await window.sim!.cluster.addBroker();
    });
    await expect(page.locator('[data-state="running"]')).toHaveCount(3);

    const result = await page.evaluate(
      async ({ seed, faults, durationMs }) => {
        const run = await window.sim!.chaos.run({ seed, faults, durationMs, diskFaults: true });
        return {
          faults: run.history.filter((event) => event.kind === 'fault').map((event) => event.description),
          acknowledged: run.report.ackedCount,
          anomalies: run.anomalies.map(({ anomaly }) => `${anomaly.type}: ${anomaly.message}`),
          unhealed: run.unhealed,
        };
      },
      { seed, faults: FAULTS, durationMs: DURATION_MS },
    );
    console.log(`seed ${seed}: ${result.acknowledged} acknowledged; faults: ${result.faults.join('; ')}`);
    expect(result.faults.length, 'faults injected').toBeGreaterThan(0);
    expect(result.acknowledged, 'records acknowledged').toBeGreaterThan(0);
    expect(result.anomalies, `anomalies of seed ${seed}`).toEqual([]);
    expect(result.unhealed, `liveness of seed ${seed}`).toEqual([]);
    expect(errors).toEqual([]);
  });
}
