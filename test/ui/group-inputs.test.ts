import { describe, expect, it } from 'vitest';
import { groupInputs } from '../../src/ui/layout/group-inputs';

describe('ui > group inputs', () => {
  it("gives each member's partition the group's committed-offset lag, and none where it is unknown", () => {
    const [group] = groupInputs([
      {
        groupId: 'billing',
        type: 'classic',
        state: 'Stable',
        protocol: 'range',
        generation: 3,
        members: [
          {
            memberId: 'm1',
            clientId: 'billing-1',
            assignment: [
              { topic: 'orders', partition: 0 },
              { topic: 'orders', partition: 1 },
              { topic: 'orders', partition: 2 },
            ],
          },
        ],
        offsets: [
          { topic: 'orders', partition: 0, committed: 5, highWatermark: 9, lag: 4 },
          { topic: 'orders', partition: 1, committed: 5, highWatermark: -1, lag: null },
        ],
        waits: [],
      },
    ]);
    expect(group.members[0].assignment).toEqual([
      { topic: 'orders', partition: 0, lag: 4 },
      { topic: 'orders', partition: 1 },
      { topic: 'orders', partition: 2 },
    ]);
  });

  it("puts the group's rebalance countdown on the group and each member's soonest countdown on the member", () => {
    const [group] = groupInputs([
      {
        groupId: 'billing',
        type: 'consumer',
        state: 'Reconciling',
        protocol: 'uniform',
        generation: 4,
        members: [
          { memberId: 'm1', clientId: 'billing-1', assignment: [] },
          { memberId: 'm2', clientId: 'billing-2', assignment: [] },
        ],
        offsets: [],
        waits: [
          { groupId: 'billing', memberId: null, kind: 'join', endsInMs: 2000, config: 'max.poll.interval.ms' },
          { groupId: 'billing', memberId: 'm1', kind: 'revocation', endsInMs: 9000, config: 'max.poll.interval.ms' },
          { groupId: 'billing', memberId: 'm1', kind: 'session', endsInMs: 4000, config: 'group.consumer.session.timeout.ms' },
        ],
      },
    ]);
    expect(group.wait).toEqual({ kind: 'join', endsInMs: 2000, config: 'max.poll.interval.ms' });
    expect(group.members[0].wait).toEqual({ kind: 'session', endsInMs: 4000, config: 'group.consumer.session.timeout.ms' });
    expect(group.members[1].wait).toBeUndefined();
  });
});
