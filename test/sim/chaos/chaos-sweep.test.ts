import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosResult } from '../../../src/sim/chaos/chaos-run';

const FIRST_SEED = 1;
const SEEDS = 200;

/**
 * Kafka's idempotent producer promises no duplicates within one producer epoch only: after a batch
 * expires unanswered it bumps the epoch and re-sends what was in flight under new sequences
 * (KIP-360), which may write a record twice. Lost, reordered or skipped records are never allowed.
 */
const violations = (result: ChaosResult) => result.report.anomalies.filter((a) => a.type !== 'duplicate');

const explain = (result: ChaosResult) =>
  `seed ${result.seed} (${result.brokers} brokers): ${violations(result).map((a) => a.message).join('; ')}\n` +
  `history:\n${result.history.map((e) => `  ${(e.atMs / 1000).toFixed(1)}s ${e.description}`).join('\n')}\n` +
  `reproduce: runChaos({ seed: ${result.seed} })`;

describe('sim > chaos sweep', () => {
  it(`loses no acknowledged acks=all record over ${SEEDS} seeds of kills, restarts, shutdowns and network cuts, with invariants checked after every event, and heals every ISR afterwards`, async () => {
    const startedMs = performance.now();
    const totals = { events: 0, faults: 0, acked: 0, duplicates: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      let result: ChaosResult;
      try {
        result = await runChaos({ seed });
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}\nreproduce: runChaos({ seed: ${seed} })`, { cause: error });
      }
      if (violations(result).length > 0) expect.fail(explain(result));
      // Liveness: once every fault is healed, every replica catches up and rejoins the ISR.
      expect(result.unhealed, `seed ${seed}: partitions never healed\n${explain(result)}`).toEqual([]);
      expect(result.report.ackedCount, `seed ${seed} acknowledged nothing: the workload did not run`).toBeGreaterThan(0);
      totals.events += result.events;
      totals.faults += result.history.length;
      totals.acked += result.report.ackedCount;
      totals.duplicates += result.report.anomalies.length;
    }
    console.log(`chaos sweep: seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}, ${totals.faults} faults, ${totals.events} events, ` +
      `${totals.acked} acknowledged records, ${totals.duplicates} duplicates after epoch bumps, ${((performance.now() - startedMs) / 1000).toFixed(1)} s wall`);
  }, 900_000);

  it('names the lost writes when unclean.leader.election.enable=true, so the checker is known to fail when it should', async () => {
    const unclean = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };
    for (let seed = 1; seed <= 100; seed++) {
      const result = await runChaos({ seed, faults: 20, config: unclean });
      if (result.report.anomalies.some((a) => a.type === 'lost-write')) {
        console.log(`unclean election lost acknowledged writes at seed ${seed}: ${result.report.anomalies[0].message}`);
        return;
      }
    }
    expect.fail('no seed in 1..100 lost an acknowledged write with unclean leader election on');
  }, 900_000);
});
