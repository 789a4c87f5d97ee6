/**
 * A Random for the browser runtime, seeded from the platform's CSPRNG. Real time makes a page run
 * unrepeatable anyway; the seed is still kept so a component's draws can be replayed in a test.
 */
import { SeededRandom } from '../core/random';

export function cryptoSeededRandom(): SeededRandom {
  return new SeededRandom(crypto.getRandomValues(new Uint32Array(1))[0]);
}
