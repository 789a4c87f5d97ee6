import { describe, expect, it } from 'vitest';
import type { Random } from '../../src/core/random';
import { SeededRandom } from '../../src/core/random';
import { placeReplicas, type UsableBroker } from '../../src/controller/striped-replica-placer';

/** Every random draw returns 0: start offsets 0, and shuffles that only rotate deterministically. */
const zeroRandom: Random = { next: () => 0, nextInt: () => 0 };

const brokers = (ids: number[], rack: (id: number) => string | null = () => null, fenced: number[] = []): UsableBroker[] =>
  ids.map((id) => ({ id, rack: rack(id), fenced: fenced.includes(id) }));

describe('controller > striped replica placement', () => {
  it('stripes consecutive partitions across sorted brokers from the start offset', () => {
    expect(placeReplicas(brokers([3, 1, 2]), 3, 3, zeroRandom)).toEqual([
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
    expect(placeReplicas(brokers([1, 2, 3, 4, 5, 6]), 3, 2, zeroRandom)).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('spreads the replicas of each partition over different racks', () => {
    const rackOf = (id: number) => ['a', 'b', 'c'][Math.floor((id - 1) / 2)];
    for (let seed = 0; seed < 50; seed++) {
      const placements = placeReplicas(brokers([1, 2, 3, 4, 5, 6], rackOf), 12, 3, new SeededRandom(seed));
      for (const replicas of placements) {
        expect(new Set(replicas.map(rackOf)).size, `seed=${seed}`).toBe(3);
      }
    }
  });

  it('with all offsets at zero, takes rack leaders round robin: a0 b0 c0, then b1 c1 a1', () => {
    const rackOf = (id: number) => ['a', 'b', 'c'][Math.floor((id - 1) / 2)];
    expect(placeReplicas(brokers([1, 2, 3, 4, 5, 6], rackOf), 2, 3, zeroRandom)).toEqual([
      [1, 3, 5],
      [4, 6, 2],
    ]);
  });

  it('never leads with a fenced broker and uses fenced brokers only after the unfenced ones', () => {
    for (let seed = 0; seed < 100; seed++) {
      const placements = placeReplicas(
        brokers([1, 2, 3], () => null, [2]),
        6,
        3,
        new SeededRandom(seed),
      );
      for (const replicas of placements) {
        expect(replicas[0], `seed=${seed}`).not.toBe(2);
        expect(replicas[2], `seed=${seed}`).toBe(2);
      }
    }
  });

  it('gives distinct replicas and balances leaders over the unfenced brokers', () => {
    for (let seed = 0; seed < 50; seed++) {
      const placements = placeReplicas(brokers([1, 2, 3, 4]), 8, 3, new SeededRandom(seed));
      const leaders = new Map<number, number>();
      for (const replicas of placements) {
        expect(new Set(replicas).size, `seed=${seed}`).toBe(3);
        leaders.set(replicas[0], (leaders.get(replicas[0]) ?? 0) + 1);
      }
      expect([...leaders.values()], `seed=${seed}`).toEqual([2, 2, 2, 2]);
    }
  });

  it('reshuffles after as many partitions as there are unfenced brokers, so stripes need not repeat', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      seen.add(JSON.stringify(placeReplicas(brokers([1, 2, 3]), 6, 3, new SeededRandom(seed)).slice(3)));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('is deterministic for a seed', () => {
    const place = () => placeReplicas(brokers([1, 2, 3, 4, 5]), 10, 3, new SeededRandom(7));
    expect(place()).toEqual(place());
  });

  it('refuses a replication factor larger than the registered brokers, with the placer message', () => {
    expect(() => placeReplicas(brokers([1, 2, 3]), 1, 4, zeroRandom)).toThrow(
      'The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.',
    );
  });

  it('refuses to place when every broker is fenced', () => {
    expect(() =>
      placeReplicas(
        brokers([1, 2], () => null, [1, 2]),
        1,
        1,
        zeroRandom,
      ),
    ).toThrow('All brokers are currently fenced.');
  });
});
