/**
 * Named conditions instead of fixed sleeps. A test that waits for something to happen says what it
 * waits for ("the follower rejoins the ISR") and runs virtual time only until that holds, rather than
 * advancing a guessed number of seconds: the wait ends soon after the condition holds, so it neither
 * depends on the guess being long enough nor hides how long the thing took, and a condition that
 * never holds fails here with its name and the time waited instead of at a later assertion with a
 * confusing message.
 *
 * Advancing a fixed time is still right when the duration is the point: "after
 * broker.session.timeout.ms the broker is fenced", "the follower stays in the ISR for 2 ×
 * replica.lag.time.max.ms".
 *
 * src/cluster/wait-until.ts's waitUntil is the runtime-neutral form, for any ClusterOperator (the
 * browser runtime on a real clock included) and the contract suite. This is the form for tests on
 * a VirtualClock, which includes the broker tests' TestCluster and a bare clock: a synchronous
 * condition is checked before every event, so the wait ends exactly when it starts to hold and
 * the time it returns is exact; one that must be awaited goes through waitUntil.
 */
import { waitUntil } from '../../src/cluster/wait-until';
import { formatElapsed, type VirtualClock } from '../../src/sim/virtual-clock';

/** The in-process Cluster, the broker tests' TestCluster, or a bare VirtualClock. */
export type OnVirtualTime = { readonly clock: VirtualClock } | VirtualClock;

export interface UntilLimits {
  /** Virtual time to wait at most (default UNTIL_MAX_VIRTUAL_MS). */
  maxVirtualMs?: number;
  /** For a condition that must be awaited (it reads the store, or asks the cluster): virtual ms between two checks. */
  pollEveryMs?: number;
}

/** Longer than any timeout a test here waits out (session.timeout.ms is 45 s, delivery.timeout.ms 120 s). */
export const UNTIL_MAX_VIRTUAL_MS = 180_000;
const POLL_EVERY_MS = 100;

/**
 * Runs virtual time until `condition` holds and returns the virtual ms that took (0 if it already
 * held). A synchronous condition is checked before every event, so the wait ends exactly when it
 * starts to hold; one that returns a promise (a store read, an admin request, which run on the same
 * clock) is checked every `pollEveryMs`. A condition that throws counts as not holding yet (a
 * partition with no leader, a broker that is down); if it never holds, the last thing it threw is in
 * the failure.
 */
export async function until(
  on: OnVirtualTime,
  what: string,
  condition: () => boolean | Promise<boolean>,
  limits: number | UntilLimits = {},
): Promise<number> {
  const { maxVirtualMs = UNTIL_MAX_VIRTUAL_MS, pollEveryMs = POLL_EVERY_MS } =
    typeof limits === 'number' ? { maxVirtualMs: limits } : limits;
  const clock = 'clock' in on ? on.clock : on;
  const startMs = clock.now();
  let lastError: unknown;
  const check = (): boolean | Promise<boolean> => {
    try {
      const holds = condition();
      return holds instanceof Promise ? holds.catch(failed) : holds;
    } catch (error) {
      return failed(error);
    }
  };
  const failed = (error: unknown): false => {
    lastError = error;
    return false;
  };
  const giveUp = (reason: string): never => {
    const threw = lastError === undefined ? '' : ` The condition last threw: ${String(lastError)}.`;
    throw new Error(
      `until "${what}": it did not happen in ${formatElapsed(clock.now() - startMs)} of virtual time, from t=${formatElapsed(startMs - clock.startMs)}. ${reason}${threw}`,
    );
  };

  const first = check();
  if (first === true) return 0;
  if (first instanceof Promise) {
    if (await first) return clock.now() - startMs;
    const virtualTime = { now: () => clock.now(), wait: (ms: number) => clock.advance(ms) };
    await waitUntil(virtualTime, what, check, { timeoutMs: maxVirtualMs, stepMs: pollEveryMs }).catch(() =>
      giveUp(`It was checked every ${pollEveryMs} ms.`),
    );
  } else {
    await clock.runUntil(() => check() === true, { maxVirtualMs, waitingFor: what }).catch((error: Error) => giveUp(error.message));
  }
  return clock.now() - startMs;
}
