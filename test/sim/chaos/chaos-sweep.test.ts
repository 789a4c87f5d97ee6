import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosResult } from '../../../src/sim/chaos/chaos-run';
import { formatVerdict } from '../../../src/sim/chaos/chaos-verdict';

const FIRST_SEED = 1;
const SEEDS = 200;

const explain = (result: ChaosResult) => formatVerdict(result, `runChaos({ seed: ${result.seed} })`);

describe('sim > chaos sweep', () => {
  it(`loses, reorders and skips no acknowledged acks=all record and never moves a committed offset backwards over ${SEEDS} seeds of kills, restarts, shutdowns, network cuts, slow brokers and consumer crashes, with invariants checked after every event, and heals every ISR afterwards`, async () => {
    const startedMs = performance.now();
    const totals = { events: 0, faults: 0, acked: 0, duplicates: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      let result: ChaosResult;
      try {
        result = await runChaos({ seed });
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}\nreproduce: runChaos({ seed: ${seed} })`, { cause: error });
      }
      // Duplicates Kafka allows are already left out by runChaos: every anomaly left is a violation.
      if (result.anomalies.length > 0) expect.fail(explain(result));
      // Liveness: once every fault is healed, every replica catches up and rejoins the ISR.
      expect(result.unhealed, `seed ${seed}: partitions never healed\n${explain(result)}`).toEqual([]);
      expect(result.report.ackedCount, `seed ${seed} acknowledged nothing: the workload did not run`).toBeGreaterThan(0);
      totals.events += result.events;
      totals.faults += result.history.length;
      totals.acked += result.report.ackedCount;
      totals.duplicates += result.allowedDuplicates;
    }
    console.log(
      `chaos sweep: seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}, ${totals.faults} faults, ${totals.events} events, ` +
        `${totals.acked} acknowledged records, ${totals.duplicates} duplicates Kafka allows, ${((performance.now() - startedMs) / 1000).toFixed(1)} s wall`,
    );
  }, 900_000);

  it('names the lost writes when unclean.leader.election.enable=true, so the checker is known to fail when it should', async () => {
    const unclean = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };
    for (let seed = 1; seed <= 100; seed++) {
      const result = await runChaos({ seed, faults: 20, config: unclean });
      const lost = result.anomalies.find(({ anomaly }) => anomaly.type === 'lost-write');
      if (lost !== undefined) {
        console.log(`unclean election lost acknowledged writes at seed ${seed}: ${lost.anomaly.message}`);
        // The history names the unclean election that gave the record up.
        expect(lost.history.map((e) => e.description).join('\n')).toMatch(/unclean election/);
        return;
      }
    }
    expect.fail('no seed in 1..100 lost an acknowledged write with unclean leader election on');
  }, 900_000);
});
