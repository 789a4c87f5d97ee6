/**
 * A chaos run against a running cluster (sim.chaos, the page's Chaos tab), on both runtimes of the
 * cluster contract: it runs on the cluster as it is, judges in place, and leaves the cluster
 * healed. The demo timings, as the page's e2e run has them: a crashed consumer leaves its group
 * after 3 s rather than Kafka's 45 s.
 */
import { describe, expect, it } from 'vitest';
import { runLiveChaos } from '../../src/chaos/live-chaos';
import type { ChaosProgress } from '../../src/chaos/chaos-run';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { formatVerdict } from '../../src/chaos/chaos-verdict';
import { RUNTIMES } from '../cluster/contract/runtimes';

describe.each(RUNTIMES)('chaos > a run against the running cluster ($name)', (runtime) => {
  it('refuses to start with fewer than 3 running brokers, and says how many run', async () => {
    const { cluster } = await runtime.start({ brokers: 2 });
    await expect(runLiveChaos(cluster, { seed: 1 })).rejects.toMatchObject({
      type: 'INVALID_REPLICATION_FACTOR',
      message: expect.stringMatching(/at least 3 running brokers.*2 are running/),
    });
    expect(cluster.describe().topics).toEqual([]);
  });

  it('refuses a fault count that is not a whole number, before touching the cluster', async () => {
    const { cluster } = await runtime.start({ brokers: 0 });
    await expect(runLiveChaos(cluster, { seed: 1, faults: 2.5 })).rejects.toMatchObject({
      type: 'INVALID_REQUEST',
      message: 'faults must be a whole number from 0 to 3600, got 2.5.',
    });
  });

  it('runs its workload and faults on the brokers running, judges in place, restarts what it stopped and leaves the broker the user had stopped as it was', async () => {
    const seed = 3;
    const { cluster } = await runtime.start({ brokers: 4, config: DEMO_PRESET.broker });
    await cluster.killBroker(4);
    const stages: string[] = [];
    const result = await runLiveChaos(
      cluster,
      { seed, faults: 6, durationMs: 6_000, settleMs: 20_000 },
      {
        onProgress: (p: ChaosProgress) => {
          if (stages.at(-1) !== p.stage) stages.push(p.stage);
        },
      },
    );
    const verdict = formatVerdict(result, `runLiveChaos(cluster, { seed: ${seed}, faults: 6 })`, 'wall-clock');
    expect(result.anomalies, verdict).toEqual([]);
    expect(result.unhealed, verdict).toEqual([]);
    expect(result.report.ackedCount, verdict).toBeGreaterThan(0);
    expect(result.history).toHaveLength(6);
    expect(result.history.flatMap((e) => e.brokers ?? [])).not.toContain(4);
    expect(result).toMatchObject({ topic: 'chaos-3', group: 'chaos-3', brokers: 3, stoppedEarly: false });
    expect(stages).toContain('injecting faults');
    expect(stages.at(-1)).toBe('judging');
    expect(cluster.describe().brokers.map((b) => [b.id, b.state])).toEqual([
      [1, 'running'],
      [2, 'running'],
      [3, 'running'],
      [4, 'killed'],
    ]);
    expect(cluster.cutLinks()).toEqual([]);
    expect(cluster.isolatedBrokers()).toEqual([]);
    expect(cluster.slowBrokers()).toEqual([]);
  }, 90_000);

  it('stopped early by its signal, injects no more faults, and still heals, restarts and judges; a second run takes a new topic', async () => {
    const { cluster, kafka } = await runtime.start({ brokers: 3, config: DEMO_PRESET.broker });
    await kafka.admin().createTopics({ topics: [{ topic: 'chaos-5', numPartitions: 1, replicationFactor: 1 }] });
    const stop = new AbortController();
    const result = await runLiveChaos(
      cluster,
      { seed: 5, faults: 50, durationMs: 60_000, settleMs: 20_000 },
      {
        signal: stop.signal,
        onProgress: (p) => {
          if (p.history.length >= 2) stop.abort();
        },
      },
    );
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(2);
    expect(result.topic).toBe('chaos-5-2');
    expect(result.unhealed, formatVerdict(result, 'seed 5', 'wall-clock')).toEqual([]);
    expect(result.virtualMs).toBeLessThan(60_000);
    expect(cluster.describe().brokers.every((b) => b.state === 'running')).toBe(true);
    expect(cluster.cutLinks()).toEqual([]);
  }, 90_000);
});
