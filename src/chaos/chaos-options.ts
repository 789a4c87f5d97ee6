/**
 * What a chaos run against the live cluster takes (`sim.chaos.run(options)`), checked before
 * anything is touched: a bad value gets Kafka's INVALID_REQUEST with what to give instead, never a
 * run that half-starts.
 */
import { KafkaError } from '../protocol/errors';

export interface LiveChaosOptions {
  /** Draws the faults, their times and the records' partitions: the same seed gives the same faults. */
  seed: number;
  /** How many faults to inject. Default 10. */
  faults?: number;
  /** Wall-clock time over which the faults are spread. Default 30 s. */
  durationMs?: number;
  /** After the last fault: at most this long for elections, fencing and catch-up. Default 45 s. */
  settleMs?: number;
  /** unclean.leader.election.enable=true on the chaos topic: the checker should then find lost writes. */
  unclean?: boolean;
  /** Adds the disk's faults to the table: slow disks and full disks (a broker's log directory fails and it halts). */
  diskFaults?: boolean;
}

export type CheckedChaosOptions = Required<LiveChaosOptions>;

export const CHAOS_DEFAULTS = { faults: 10, durationMs: 30_000, settleMs: 45_000, unclean: false, diskFaults: false } as const;

/** The largest run the page accepts: an hour of faults, one every second at most. */
const MAX_DURATION_MS = 3_600_000;
const MAX_FAULTS = 3_600;

export function checkChaosOptions(options: LiveChaosOptions): CheckedChaosOptions {
  const {
    seed,
    faults = CHAOS_DEFAULTS.faults,
    durationMs = CHAOS_DEFAULTS.durationMs,
    settleMs = CHAOS_DEFAULTS.settleMs,
    unclean = CHAOS_DEFAULTS.unclean,
    diskFaults = CHAOS_DEFAULTS.diskFaults,
  } = options;
  wholeNumber('seed', seed, -2_147_483_648, 2_147_483_647);
  wholeNumber('faults', faults, 0, MAX_FAULTS);
  wholeNumber('durationMs', durationMs, 1_000, MAX_DURATION_MS);
  wholeNumber('settleMs', settleMs, 0, MAX_DURATION_MS);
  if (typeof unclean !== 'boolean')
    throw new KafkaError('INVALID_REQUEST', `unclean must be true or false, got ${JSON.stringify(unclean)}.`);
  if (typeof diskFaults !== 'boolean')
    throw new KafkaError('INVALID_REQUEST', `diskFaults must be true or false, got ${JSON.stringify(diskFaults)}.`);
  return { seed, faults, durationMs, settleMs, unclean, diskFaults };
}

function wholeNumber(name: string, value: unknown, min: number, max: number): void {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  throw new KafkaError('INVALID_REQUEST', `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`);
}
