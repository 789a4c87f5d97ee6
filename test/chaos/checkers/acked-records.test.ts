import { describe, expect, it } from 'vitest';
import { checkAckedRecords, type AckedRecord } from '../../../src/chaos/checkers/acked-records';

const acked = (offset: number, value: string): AckedRecord => ({ topic: 'orders', partition: 0, offset, value });
const read = (...records: Array<[number, string]>) => [
  { topic: 'orders', partition: 0, records: records.map(([offset, value]) => ({ offset, value })) },
];

describe('sim > checkers > acked records', () => {
  it('passes when every acknowledged record is in the log once at its offset', () => {
    const report = checkAckedRecords([acked(0, 'a'), acked(1, 'b')], read([0, 'a'], [1, 'b'], [2, 'unacked']));
    expect(report).toEqual({ ok: true, ackedCount: 2, anomalies: [] });
  });

  it('names a lost write', () => {
    const report = checkAckedRecords([acked(0, 'a'), acked(1, 'b')], read([0, 'a']));
    expect(report.anomalies.map((a) => a.type)).toEqual(['lost-write']);
    expect(report.anomalies[0].message).toBe('lost write: "b" was acknowledged at orders-0@1 but is not in the log');
  });

  it('names a duplicate', () => {
    const report = checkAckedRecords([acked(0, 'a')], read([0, 'a'], [1, 'a']));
    expect(report.anomalies.map((a) => a.type)).toEqual(['duplicate']);
  });

  it('names a reordering when a record sits at another offset than acknowledged', () => {
    const report = checkAckedRecords([acked(0, 'a'), acked(1, 'b')], read([0, 'b'], [1, 'a']));
    expect(report.anomalies.map((a) => a.type)).toEqual(['reordering', 'reordering']);
  });

  it('names a skipped offset in the read', () => {
    const report = checkAckedRecords([acked(0, 'a')], read([0, 'a'], [2, 'c']));
    expect(report.ok).toBe(false);
    expect(report.anomalies[0]).toMatchObject({
      type: 'skipped-offset',
      message: 'skipped offset: reading orders-0 went from offset 0 to 2',
    });
  });
});
