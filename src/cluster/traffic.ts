/**
 * The data in motion across a cluster, read from every running broker's TrafficRecorder the same
 * way on both runtimes: the flights each recorded after a reader's cursor (a cursor remembers the
 * last flight seen of each broker process), and each broker's running totals per link, from which
 * a view draws flow when there are too many flights to draw one by one.
 */
import type { Flight, LinkTotals } from '../broker/traffic-recorder';
import type { NodeAddress } from '../protocol/rpc';

export type { Flight, LinkTotals };

/** Where a reader of the traffic is: the last flight seen of each broker process, by its origin. */
export type TrafficCursor = Readonly<Record<string, number>>;

export interface ServedTotals extends LinkTotals {
  /** The broker that served the link. */
  to: NodeAddress;
}

export interface Traffic {
  /** The flights after the cursor, oldest first for each broker. */
  flights: Flight[];
  /** Every running broker's totals per link since it started. */
  totals: ServedTotals[];
  /** Pass it back to get only what came after. */
  cursor: TrafficCursor;
}

/** One running broker's traffic as its runtime can read it. */
export interface TrafficSource {
  address: NodeAddress;
  origin: string;
  since(seq: number): Flight[];
  totals(): LinkTotals[];
}

export function collectTraffic(sources: readonly TrafficSource[], cursor: TrafficCursor = {}): Traffic {
  const flights: Flight[] = [];
  const totals: ServedTotals[] = [];
  const next: Record<string, number> = {};
  for (const source of sources) {
    const seen = cursor[source.origin] ?? 0;
    const recent = source.since(seen);
    flights.push(...recent);
    // Only the processes running now stay in the cursor: a stopped one records nothing more.
    next[source.origin] = recent.at(-1)?.seq ?? seen;
    for (const link of source.totals()) totals.push({ ...link, to: source.address });
  }
  return { flights, totals, cursor: next };
}
