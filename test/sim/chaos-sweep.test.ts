import { describe, expect, it } from 'vitest';
import { describeSwarm, drawSwarm, runChaos, type InProcessChaosResult, type SwarmParameters } from '../../src/sim/in-process-chaos';
import { formatVerdict } from '../../src/chaos/chaos-verdict';

const FIRST_SEED = 1;
/** `npm test` sweeps 200 seeds; `npm run test:unit` sets CHAOS_SEEDS lower to stay fast. */
const SEEDS = Number(process.env.CHAOS_SEEDS ?? 200);
/** Seeds run with the disk's faults added (full disks are drawn only when a run asks for them). */
const DISK_SEEDS = Math.max(5, Math.round(SEEDS / 10));

const explain = (result: InProcessChaosResult) =>
  `${describeSwarm(result.swarm)}\n${formatVerdict(result, `runChaos({ seed: ${result.seed} })`)}`;

describe('sim > chaos sweep', () => {
  it(`loses, reorders and skips no acknowledged acks=all record and never moves a committed offset backwards over ${SEEDS} swarm seeds (brokers, latency, message loss, fault mix and clients drawn from each seed) of kills, restarts, shutdowns, network cuts, slow brokers and disks and consumer crashes, with invariants checked after every event, and heals every ISR afterwards`, async () => {
    const startedMs = performance.now();
    const totals = { events: 0, faults: 0, acked: 0, duplicates: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      let result: InProcessChaosResult;
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

  it(`with the disk's faults added (slow disks, and full disks that fail a broker's log directory and halt it), loses nothing acknowledged over ${DISK_SEEDS} seeds`, async () => {
    const kinds = new Set<string>();
    let fullDisks = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + DISK_SEEDS; seed++) {
      const result = await runChaos({ seed, faults: 15, diskFaults: true });
      const explained = `${explain(result)}\nreproduce: runChaos({ seed: ${seed}, faults: 15, diskFaults: true })`;
      if (result.anomalies.length > 0) expect.fail(explained);
      expect(result.unhealed, `seed ${seed}: partitions never healed\n${explained}`).toEqual([]);
      for (const event of result.history) kinds.add(event.description.split(' ')[0]);
      fullDisks += result.log.filter((event) => event.description.startsWith('fill the disk')).length;
    }
    console.log(
      `disk faults: seeds ${FIRST_SEED}..${FIRST_SEED + DISK_SEEDS - 1}, ${fullDisks} full disks; fault kinds: ${[...kinds].sort().join(', ')}`,
    );
    expect(fullDisks, 'no seed filled a disk').toBeGreaterThan(0);
  }, 900_000);

  it('names the lost writes when unclean.leader.election.enable=true, so the checker is known to fail when it should', async () => {
    const unclean = { 'unclean.leader.election.enable': true, 'unclean.leader.election.interval.ms': 1000 };
    for (let seed = 1; seed <= 100; seed++) {
      // The sweep's pre-swarm draws find one at once (seed 1); the checker, not the swarm, is under test here.
      const result = await runChaos({ seed, faults: 20, config: unclean, legacyDraws: true });
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

  it('replays a seed of the sweep from before swarm testing fault for fault with legacyDraws', async () => {
    // Recorded from the sweep as it was before swarm testing (runChaos({ seed: 42 }) then; the
    // simulation ran the same 11,798 events then). A change to how the engine behaves may change
    // which faults a run can draw (a broker still down, a consumer already crashed): then the
    // commit that changes it records the new history here, and says why.
    const result = await runChaos({ seed: 42, legacyDraws: true });
    expect(result.swarm).toMatchObject({ brokers: 3, minLatencyMs: 1, maxLatencyMs: 5, lossRate: 0, producerPairs: 1, consumers: 2 });
    expect(result.brokers).toBe(3);
    expect(result.history.map((e) => e.description)).toEqual([
      'cut broker 3 -> broker 2 (one way)',
      'crash consumer consumer-1 of group chaos-group (no LeaveGroup)',
      'kill broker 3',
      'restart broker 3',
      'isolate broker 2',
      'start consumer consumer-3 in group chaos-group',
      'cut broker 1 -> broker 3 (one way)',
      'kill broker 2',
      'cut broker 3 -> broker 2 (one way)',
      'crash consumer consumer-2 of group chaos-group (no LeaveGroup)',
    ]);
    expect(result.sent).toBe(1_200);
  }, 60_000);

  it('draws every run parameter from the seed: the same seed gives the same swarm, other seeds give others', () => {
    expect(drawSwarm(9)).toEqual(drawSwarm(9));
    const swarms = Array.from({ length: 50 }, (_, i) => drawSwarm(i + 1));
    const seen = (read: (swarm: SwarmParameters) => unknown) => new Set(swarms.map((swarm) => JSON.stringify(read(swarm)))).size;
    expect(seen((s) => s.brokers)).toBe(3);
    expect(seen((s) => [s.minLatencyMs, s.maxLatencyMs])).toBeGreaterThan(10);
    expect(seen((s) => s.lossRate)).toBeGreaterThan(3);
    expect(swarms.some((s) => s.lossRate === 0)).toBe(true);
    expect(seen((s) => s.mix)).toBeGreaterThan(10);
    expect(seen((s) => s.producerPairs)).toBe(2);
    expect(seen((s) => s.consumers)).toBe(3);
  });
});
