/**
 * The key of a producer workload's n-th record, from its KeyMode. Keys follow the record's number
 * rather than a PRNG, so a run is the same every time and each key recurs at a steady rate.
 */
import { invalidSpec } from './workload-error';
import type { KeyMode } from './workload-types';

const USERS = /^user-(\d+)$/;

/** Checks the mode and returns the key of record n (null for 'none'). */
export function recordKeys(mode: KeyMode): (n: number) => string | null {
  if (mode === 'none') return () => null;
  if (typeof mode === 'object' && mode !== null && Array.isArray(mode.fixed)) {
    const keys = mode.fixed;
    if (keys.length === 0 || keys.some((key) => typeof key !== 'string'))
      throw invalidSpec('keys.fixed must be a non-empty list of strings.');
    return (n) => keys[n % keys.length];
  }
  const users = typeof mode === 'string' ? USERS.exec(mode) : null;
  const count = users === null ? 0 : Number(users[1]);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw invalidSpec(`keys must be 'none', { fixed: [...] } or 'user-N' with N >= 1 (user-0 .. user-(N-1)); got ${JSON.stringify(mode)}.`);
  }
  return (n) => `user-${n % count}`;
}
