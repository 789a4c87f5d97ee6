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
      },
    ]);
    expect(group.members[0].assignment).toEqual([
      { topic: 'orders', partition: 0, lag: 4 },
      { topic: 'orders', partition: 1 },
      { topic: 'orders', partition: 2 },
    ]);
  });
});
