import { describe, expect, it } from 'vitest';
import type { ServedTotals } from '../../src/cluster/traffic';
import { linkKey } from '../../src/ui/layout/flight-paths';
import { addReading, windowRates, type TotalsReading } from '../../src/ui/layout/rate-window';

const LINK = { api: 'Produce' as const, from: 'client-w1-producer-1', to: 'broker-1', topic: 'orders', partition: 0 };
const reading = (atMs: number, records: number): TotalsReading => ({
  totals: [{ ...LINK, records, bytes: 0 } satisfies ServedTotals],
  atMs,
});

describe('rates over a window of readings', () => {
  it('takes a link that carries one batch every other poll as a steady rate, not busy and idle by turns', () => {
    expect(ratesOfEveryOtherPoll(2_000).every((rate) => rate >= 75 && rate <= 125)).toBe(true);
    // Between two polls only, as the page took it before: 200/s and idle by turns.
    expect(ratesOfEveryOtherPoll(500)).toContain(0);
  });

  function ratesOfEveryOtherPoll(windowMs: number): number[] {
    let readings: TotalsReading[] = [];
    const rates: number[] = [];
    // A batch of 100 records every second, read every 500 ms: the totals move at every other poll.
    for (let poll = 0; poll <= 12; poll++) {
      readings = addReading(readings, reading(poll * 500, Math.floor(poll / 2) * 100), windowMs);
      rates.push(windowRates(readings).get(linkKey(LINK)) ?? 0);
    }
    return rates.slice(5);
  }

  it('keeps only the readings the window needs', () => {
    let readings: TotalsReading[] = [];
    for (let poll = 0; poll <= 20; poll++) readings = addReading(readings, reading(poll * 500, poll * 10), 2_000);
    expect(readings.map((r) => r.atMs)).toEqual([8_000, 8_500, 9_000, 9_500, 10_000]);
    expect(windowRates(readings).get(linkKey(LINK))).toBe(20);
  });

  it('has no rate from a single reading', () => {
    expect(windowRates([reading(0, 100)]).size).toBe(0);
  });
});
