import { describe, expect, it } from 'vitest';
import { minimalHistory, type ChaosEvent } from '../../src/chaos/chaos-history';
import type { Anomaly } from '../../src/chaos/checkers/anomaly';

// chaos-0 lives on brokers 1, 2, 3; broker 4 holds other partitions; __consumer_offsets-1 is on 4.
const context = {
  replicasOf: (topic: string) => (topic === 'chaos' ? [1, 2, 3] : [4]),
  offsetsPartitionOf: () => ({ topic: '__consumer_offsets', partition: 1 }),
};

const log: ChaosEvent[] = [
  { atMs: 1000, kind: 'fault', description: 'kill broker 3', brokers: [3] },
  { atMs: 1500, kind: 'fault', description: 'isolate broker 2', brokers: [2], network: true },
  { atMs: 1800, kind: 'recovery', description: 'heal every cut and slow broker', global: true },
  { atMs: 2000, kind: 'partition-change', description: 'chaos-0: isr [1, 2]', partitions: ['chaos-0'] },
  { atMs: 2100, kind: 'partition-change', description: 'chaos-1: leader 2 (epoch 3)', partitions: ['chaos-1'] },
  { atMs: 2500, kind: 'ack', description: 'ack "i7" at chaos-0@7', partitions: ['chaos-0'], value: 'i7' },
  { atMs: 2600, kind: 'ack', description: 'ack "i8" at chaos-0@8', partitions: ['chaos-0'], value: 'i8' },
  { atMs: 2700, kind: 'commit', description: 'group chaos-group committed chaos-0@5', partitions: ['chaos-0'], group: 'chaos-group' },
  { atMs: 3000, kind: 'fault', description: 'kill broker 1', brokers: [1] },
  { atMs: 3100, kind: 'fault', description: 'slow broker 4: +500 ms on every message', brokers: [4], network: true },
  { atMs: 3200, kind: 'consumer', description: 'crash consumer consumer-1 of group chaos-group (no LeaveGroup)', group: 'chaos-group' },
  { atMs: 4000, kind: 'partition-change', description: 'chaos-0: unclean election: leader 3 (epoch 4), isr [3]', partitions: ['chaos-0'] },
  { atMs: 4200, kind: 'partition-change', description: '__consumer_offsets-1: leader 4 (epoch 2)', partitions: ['__consumer_offsets-1'] },
  {
    atMs: 4500,
    kind: 'truncation',
    description: 'chaos-0: broker 2 gave up committed offsets 7..8',
    partitions: ['chaos-0'],
    brokers: [2],
  },
  { atMs: 5000, kind: 'commit', description: 'group chaos-group committed chaos-0@3', partitions: ['chaos-0'], group: 'chaos-group' },
  { atMs: 6000, kind: 'recovery', description: 'restart broker 1', brokers: [1] },
];

const descriptions = (events: ChaosEvent[]) => events.map((e) => e.description);

describe('sim > chaos > minimal history', () => {
  it('tells a lost write from its ack on: the crash still in effect, the leader that acknowledged it, the unclean election and the truncation, nothing about other records, partitions or consumers', () => {
    const lost: Anomaly = { type: 'lost-write', topic: 'chaos', partition: 0, value: 'i7', message: 'lost write' };
    expect(descriptions(minimalHistory(log, lost, context))).toEqual([
      'kill broker 3',
      'chaos-0: isr [1, 2]',
      'ack "i7" at chaos-0@7',
      'kill broker 1',
      'chaos-0: unclean election: leader 3 (epoch 4), isr [3]',
      'chaos-0: broker 2 gave up committed offsets 7..8',
      'restart broker 1',
    ]);
  });

  it("tells a committed offset moving backwards from the higher commit to the lower one, with the consumer crash and the faults on the group's __consumer_offsets partition", () => {
    const backwards: Anomaly = {
      type: 'committed-offset-backwards',
      topic: 'chaos',
      partition: 0,
      group: 'chaos-group',
      atMs: 5000,
      sinceMs: 2700,
      message: 'committed offset backwards',
    };
    expect(descriptions(minimalHistory(log, backwards, context))).toEqual([
      'kill broker 3',
      'chaos-0: isr [1, 2]',
      'group chaos-group committed chaos-0@5',
      'kill broker 1',
      'slow broker 4: +500 ms on every message',
      'crash consumer consumer-1 of group chaos-group (no LeaveGroup)',
      'chaos-0: unclean election: leader 3 (epoch 4), isr [3]',
      '__consumer_offsets-1: leader 4 (epoch 2)',
      'chaos-0: broker 2 gave up committed offsets 7..8',
      'group chaos-group committed chaos-0@3',
    ]);
  });
});
