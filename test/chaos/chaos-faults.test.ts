import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random';
import type { BrokerState } from '../../src/cluster/cluster-description';
import {
  DEFAULT_FAULT_MIX,
  describeFaultMix,
  drawFault,
  drawFaultMix,
  LEGACY_FAULT_MIX,
  slowMaxMs,
  SLOW_MAX_MS,
  type FaultConsumers,
  type FaultMix,
  type FaultTarget,
} from '../../src/chaos/chaos-faults';

/** A cluster of four brokers whose verbs only change their states, and a group of two members. */
function fakes(states: Record<number, BrokerState>, isolated: number[] = [], cuts: { from: string; to: string; oneWay: boolean }[] = []) {
  const calls: string[] = [];
  const set = (id: number, state: BrokerState) => async () => {
    calls.push(`${state} ${id}`);
    states[id] = state;
  };
  const cluster = {
    broker: (id: number) => ({ state: states[id] }),
    slow: (id: number, ms: number) => void calls.push(`slow ${id} ${ms}`),
    slowDisk: (id: number, ms: number) => void calls.push(`slow disk ${id} ${ms}`),
    restartBroker: (id: number) => set(id, 'running')(),
    killBroker: (id: number) => set(id, 'killed')(),
    shutdownBroker: (id: number) => set(id, 'shutdown')(),
    isolate: (id: number) => void calls.push(`isolate ${id}`),
    partition: (a: number, b: number | string) => void calls.push(`cut ${a} ${b}`),
    partitionOneWay: (a: number, b: number | string) => void calls.push(`cut ${a} -> ${b}`),
    heal: () => void calls.push('heal'),
    isolatedBrokers: () => isolated,
    cutLinks: () => cuts,
  } as unknown as FaultTarget;
  let live = ['consumer-1', 'consumer-2'];
  let crashed = 0;
  const consumers: FaultConsumers = {
    group: 'chaos-1',
    live: () => live,
    crashed: () => crashed,
    crash: (name) => {
      live = live.filter((n) => n !== name);
      crashed++;
      return name;
    },
    nextName: () => `consumer-${live.length + crashed + 1}`,
    restart: () => {
      crashed--;
      live = [...live, `consumer-${live.length + crashed + 1}`];
      return live[live.length - 1];
    },
  };
  return { cluster, consumers, calls };
}

async function draw(seed: number, count: number, mix: FaultMix = DEFAULT_FAULT_MIX) {
  const { cluster, consumers, calls } = fakes({ 1: 'running', 2: 'running', 3: 'running', 4: 'killed' });
  const random = new SeededRandom(seed);
  const events: string[] = [];
  for (let i = 0; i < count; i++) {
    const fault = drawFault(cluster, [1, 2, 3], consumers, random, { mix, maxSlowMs: SLOW_MAX_MS });
    events.push(fault.event.description);
    await fault.apply();
  }
  return { events, calls };
}

describe('chaos > faults', () => {
  it('draws the same faults from the same seed', async () => {
    expect((await draw(11, 40)).events).toEqual((await draw(11, 40)).events);
    expect((await draw(11, 40)).events).not.toEqual((await draw(12, 40)).events);
  });

  it('touches only the brokers that were running when the run started: one the user had stopped is never restarted, killed or cut', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { events, calls } = await draw(seed, 60);
      expect(events.join('\n'), `seed ${seed}`).not.toMatch(/broker 4\b/);
      expect(calls.join('\n'), `seed ${seed}`).not.toMatch(/\b4\b/);
    }
  });

  it('draws kills, restarts, shutdowns, isolation, cuts both ways and one way, slow brokers, consumer crashes and replacements, and heals', async () => {
    const { events } = await draw(7, 300);
    for (const shape of [
      /^kill broker \d$/,
      /^restart broker \d$/,
      /^controlled shutdown of broker \d$/,
      /^isolate broker \d$/,
      /^cut broker \d <-> broker \d \(both ways\)$/,
      /^cut broker \d <-> controller \(both ways\)$/,
      /^cut broker \d -> broker \d \(one way\)$/,
      /^cut broker \d -> controller \(one way\)$/,
      /^slow broker \d: \+\d+ ms on every message$/,
      /^crash consumer consumer-\d of group chaos-1 \(no LeaveGroup\)$/,
      /^start consumer consumer-\d in group chaos-1$/,
      /^heal every cut and slow broker$/,
    ]) {
      expect(
        events.some((e) => shape.test(e)),
        String(shape),
      ).toBe(true);
    }
  });

  it("holds a slow broker's messages back by the in-process run's range scaled to the session timeout, so heartbeat answers still arrive within half a session", () => {
    expect(slowMaxMs(9_000)).toBe(2_000);
    expect(slowMaxMs(45_000)).toBe(2_000);
    expect(slowMaxMs(3_000)).toBe(666);
    expect(2 * slowMaxMs(3_000)).toBeLessThan(3_000 / 2);
  });

  it("lets a controlled shutdown of a broker cut off from the controller go unfinished, and ends it as Kafka's broker does after 5 minutes: it stops anyway", async () => {
    const shutdownOf2 = (target: ReturnType<typeof fakes>) => {
      for (let seed = 0; ; seed++) {
        const fault = drawFault(target.cluster, [2], target.consumers, new SeededRandom(seed), {
          mix: DEFAULT_FAULT_MIX,
          maxSlowMs: SLOW_MAX_MS,
        });
        if (fault.event.description === 'controlled shutdown of broker 2') return fault;
      }
    };
    const reachable = fakes({ 1: 'running', 2: 'running', 3: 'running' }, [3], [{ from: 'broker-1', to: 'controller', oneWay: true }]);
    expect(shutdownOf2(reachable).whyStuck?.()).toBeNull();
    const isolated = fakes({ 1: 'running', 2: 'running', 3: 'running' }, [2]);
    const stuck = shutdownOf2(isolated).whyStuck?.();
    expect(stuck?.reason).toBe('broker 2 cannot reach the controller, so it stopped without its approval');
    await stuck?.end();
    expect(isolated.calls).toEqual(['killed 2']);
    const cut = fakes({ 1: 'running', 2: 'running', 3: 'running' }, [], [{ from: 'controller', to: 'broker-2', oneWay: true }]);
    expect(shutdownOf2(cut).whyStuck?.()).not.toBeNull();
  });

  it('restarts a stopped broker rather than kill the last one running', async () => {
    const { cluster, consumers } = fakes({ 1: 'running', 2: 'killed', 3: 'shutdown' });
    for (let seed = 0; seed < 20; seed++) {
      const fault = drawFault(cluster, [1, 2, 3], consumers, new SeededRandom(seed), { mix: DEFAULT_FAULT_MIX, maxSlowMs: SLOW_MAX_MS });
      expect(fault.event.description).toMatch(/^restart broker [23]$/);
    }
  });

  it('cuts only one way with the legacy mix, as the sweep did before swarm testing, so its old seeds replay', async () => {
    const { events } = await draw(7, 300, LEGACY_FAULT_MIX);
    expect(events.some((e) => e.includes('(one way)'))).toBe(true);
    expect(events.some((e) => e.includes('(both ways)'))).toBe(false);
  });

  it('draws a swarm mix from the seed: the same seed gives the same mix, kills and heals are always possible, and some mixes leave a kind out', () => {
    const mixes = Array.from({ length: 40 }, (_, seed) => drawFaultMix(new SeededRandom(seed)));
    expect(describeFaultMix(drawFaultMix(new SeededRandom(3)))).toBe(describeFaultMix(mixes[3]));
    for (const mix of mixes) {
      expect(mix.bands.some((band) => band.kind === 'kill')).toBe(true);
      expect(mix.bands.at(-1)!.upTo).toBeLessThan(mix.total);
    }
    expect(mixes.some((mix) => mix.bands.length < 7)).toBe(true);
    expect(mixes.some((mix) => mix.bands.some((band) => band.kind === 'slow-disk'))).toBe(true);
  });

  it('gives a broker a slow disk when the mix has them, and heals it with the rest', async () => {
    const slowDisks: FaultMix = { restartBelow: 0, bands: [{ kind: 'slow-disk', upTo: 50 }], total: 100, cutsBothWays: true };
    const { events, calls } = await draw(5, 20, slowDisks);
    expect(events.some((e) => /^slow disk on broker \d: \+\d+ ms on every write$/.test(e))).toBe(true);
    expect(calls).toContain('slow disk 1 0');
  });
});
