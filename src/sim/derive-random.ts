import { SeededRandom, type Random } from '../core/random';

/**
 * A new stream seeded from `parent`. Every component of a simulated cluster gets its own, so one
 * component drawing more (a client retrying, a new broker) does not shift what the others draw,
 * and small changes to a scenario keep the rest of the run recognisable.
 */
export function deriveRandom(parent: Random): Random {
  return new SeededRandom(parent.nextInt(0x1_0000_0000));
}
