import { describe, expect, it } from 'vitest';
import { InvariantChecker, type PartitionView } from '../../src/sim/invariants';

const leader = (brokerId: number, leaderEpoch: number, highWatermark: number, logEndOffset = highWatermark): PartitionView => ({
  brokerId,
  topicId: 'T1',
  topic: 'orders',
  partition: 0,
  isLeader: true,
  leaderEpoch,
  highWatermark,
  logEndOffset,
});

describe('sim > invariants', () => {
  it('accepts a clean handover: new epoch, new leader, high watermark lagging at first', () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 0, 10)], '1.000s');
    checker.check([leader(1, 0, 12), leader(2, 1, 11, 12)], '2.000s');
    checker.check([leader(2, 1, 12)], '3.000s');
  });

  it('flags two leaders in one leaderEpoch', () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 3, 0)], '1.000s');
    expect(() => checker.check([leader(2, 3, 0)], '2.000s')).toThrow('brokers 1 and 2 both led orders-0 in leaderEpoch 3');
  });

  it('flags a high watermark going back on a leader', () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 0, 10)], '1.000s');
    expect(() => checker.check([leader(1, 0, 9)], '2.000s')).toThrow('went back from 10 to 9');
  });

  it('lets a restarted broker start again from its high-watermark checkpoint in the same epoch', () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 0, 10)], '1.000s');
    checker.restarted(1);
    checker.check([leader(1, 0, 8, 10)], '2.000s');
    expect(() => checker.check([leader(1, 0, 7, 10)], '3.000s')).toThrow('went back from 8 to 7');
  });

  it('flags a newest-epoch leader missing committed records, unless the election was unclean', () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 0, 10)], '1.000s');
    expect(() => checker.check([leader(2, 1, 5, 7)], '2.000s')).toThrow('logEndOffset 7, below the committed offset 10');

    const forgiving = new InvariantChecker();
    forgiving.check([leader(1, 0, 10)], '1.000s');
    forgiving.uncleanElection('T1', 0, 1);
    forgiving.check([leader(2, 1, 5, 7)], '2.000s');
  });

  it("after an unclean election, does not take the deposed leader's high watermark as committed", () => {
    const checker = new InvariantChecker();
    checker.check([leader(1, 0, 10)], '1.000s');
    checker.uncleanElection('T1', 0, 1);
    // Broker 1 has not heard yet that it was deposed and still shows HW 10.
    checker.check([leader(1, 0, 10), leader(2, 1, 3)], '2.000s');
    checker.check([leader(2, 2, 3)], '3.000s');
    expect(() => checker.check([leader(3, 3, 2)], '4.000s')).toThrow('below the committed offset 3');
  });

  it('lets a deposed leader lag behind its successor', () => {
    const checker = new InvariantChecker();
    checker.check([leader(2, 1, 20)], '1.000s');
    checker.check([leader(1, 0, 10)], '2.000s');
  });
});
