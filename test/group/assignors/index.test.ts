import { describe, expect, it } from 'vitest';
import { SERVER_ASSIGNORS, serverAssignor } from '../../../src/group/assignors';

describe('group > assignors > index', () => {
  it("lists 'uniform' first, as group.consumer.assignors does by default", () => {
    expect(SERVER_ASSIGNORS.map((a) => a.name)).toEqual(['uniform', 'range']);
  });

  it('finds an assignor by the name a member asks for in group.remote.assignor', () => {
    expect(serverAssignor('range')?.name).toBe('range');
    expect(serverAssignor('sticky')).toBeUndefined();
  });
});
