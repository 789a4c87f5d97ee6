/**
 * Seeded randomness. Every random choice in the engine (replica placement offsets, UUIDs,
 * jitter) goes through a `Random`, so one seed reproduces a whole run.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  nextInt(bound: number): number;
}

/** mulberry32: small, fast and good enough for simulation; not for cryptography. */
export class SeededRandom implements Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}

/** Fisher-Yates, in place, like java.util.Collections.shuffle. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * A new stream seeded from `parent`. Every component of a simulated cluster gets its own, so one
 * component drawing more (a client retrying, a new broker) does not shift what the others draw,
 * and small changes to a scenario keep the rest of the run recognisable.
 */
export function deriveRandom(parent: Random): Random {
  return new SeededRandom(parent.nextInt(0x1_0000_0000));
}
