/**
 * Named conditions instead of fixed sleeps. A test that waits for something to happen says what it
 * waits for ("the follower rejoins the ISR") and runs virtual time only until that holds, rather than
 * advancing a guessed number of seconds: the wait ends at the first event after which the condition
 * holds, so it neither depends on the guess being long enough nor hides how long the thing took, and
 * a condition that never holds fails here with its name and the time waited instead of at a later
 * assertion with a confusing message.
 *
 * Advancing a fixed time is still right when the duration is the point: "after
 * broker.session.timeout.ms the broker is fenced", "the follower stays in the ISR for 2 ×
 * replica.lag.time.max.ms".
 */
import { formatElapsed, type VirtualClock } from '../../src/sim/virtual-clock';

/** The in-process Cluster, the broker tests' TestCluster, or a bare VirtualClock. */
export type OnVirtualTime = { readonly clock: VirtualClock } | VirtualClock;

/** Longer than any timeout a test here waits out (session.timeout.ms is 45 s, delivery.timeout.ms 120 s). */
export const UNTIL_MAX_VIRTUAL_MS = 180_000;

/**
 * Runs virtual time, event by event, until `condition` holds, and returns the virtual ms that took
 * (0 if it already held). A condition that throws counts as not holding yet (a partition with no
 * leader, a broker that is down); if it never holds, the last thing it threw is in the failure.
 */
export async function until(
  on: OnVirtualTime,
  what: string,
  condition: () => boolean,
  maxVirtualMs = UNTIL_MAX_VIRTUAL_MS,
): Promise<number> {
  const clock = 'clock' in on ? on.clock : on;
  const startMs = clock.now();
  let lastError: unknown;
  const holds = () => {
    try {
      return condition();
    } catch (error) {
      lastError = error;
      return false;
    }
  };
  try {
    await clock.runUntil(holds, { maxVirtualMs, waitingFor: what });
  } catch (error) {
    const threw = lastError === undefined ? '' : ` The condition last threw: ${String(lastError)}.`;
    throw new Error(
      `until "${what}": it did not happen in ${formatElapsed(clock.now() - startMs)} of virtual time, from t=${formatElapsed(startMs - clock.startMs)}. ${(error as Error).message}${threw}`,
      { cause: error },
    );
  }
  return clock.now() - startMs;
}
