/**
 * The readings of the brokers' running totals that a link's rate is taken over: a window of about
 * two seconds, as Kafka's own rates are sampled over a window (SampledStat, metrics.sample.window.ms)
 * rather than between two readings. Between two polls a partition's producer link often carries one
 * batch or none, so a rate from the last poll alone flips its line between idle and busy twice a
 * second: a line that blinks, and, since a client's lines cross the whole picture, a repaint of most
 * of it each time (issue 17, UI frame time).
 */
import type { ServedTotals } from '../../cluster/traffic';
import { linkRates } from './flight-paths';

export interface TotalsReading {
  totals: readonly ServedTotals[];
  /** Cluster time of the reading, in milliseconds. */
  atMs: number;
}

/** How far back a rate looks. */
export const RATE_WINDOW_MS = 2_000;

/** The readings with `next` added, less those no rate needs: the newest at least `windowMs` before `next` is the oldest kept. */
export function addReading(readings: readonly TotalsReading[], next: TotalsReading, windowMs = RATE_WINDOW_MS): TotalsReading[] {
  const kept = [...readings, next];
  while (kept.length > 2 && kept[1].atMs <= next.atMs - windowMs) kept.shift();
  return kept;
}

/** Records per second on each link between the oldest and the newest reading kept (empty with fewer than two). */
export function windowRates(readings: readonly TotalsReading[]): Map<string, number> {
  if (readings.length < 2) return new Map();
  const first = readings[0];
  const last = readings[readings.length - 1];
  return linkRates(first.totals, last.totals, last.atMs - first.atMs);
}
