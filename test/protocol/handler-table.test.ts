import { describe, expect, it } from 'vitest';
import { dispatch, requestHandler, type HandlerTable } from '../../src/protocol/handler-table';
import type { ApiKey, RequestOf } from '../../src/protocol/rpc';

const heartbeat: RequestOf<'Heartbeat'> = { groupId: 'billing', generationId: 4, memberId: 'member-a', groupInstanceId: null };

/** A node that serves Heartbeat (synchronously) and ListGroups (asynchronously) and nothing else. */
const heard: string[] = [];
const table: HandlerTable<'Heartbeat' | 'ListGroups'> = {
  Heartbeat: (request, from) => {
    heard.push(`${request.groupId} from ${from}`);
    return { throttleTimeMs: 0, errorCode: 0 };
  },
  ListGroups: async () => ({ throttleTimeMs: 0, errorCode: 0, groups: [] }),
};

describe('protocol > handler tables', () => {
  it("hands a served API's request and sender to its handler and answers with its response", async () => {
    const handle = requestHandler(table, 'Broker 1');
    await expect(handle('Heartbeat', heartbeat, 'broker-2')).resolves.toEqual({ throttleTimeMs: 0, errorCode: 0 });
    await expect(handle('ListGroups', { statesFilter: [], typesFilter: [] }, 'client-1')).resolves.toMatchObject({ groups: [] });
    expect(heard).toContain('billing from broker-2');
  });

  it('answers an API the node does not serve with UNSUPPORTED_VERSION, naming the node', async () => {
    const handle = requestHandler(table, 'Broker 1');
    const request = handle('SyncGroup', { ...heartbeat, protocolType: null, protocolName: null, assignments: [] }, 'client-1');
    await expect(request).rejects.toMatchObject({
      type: 'UNSUPPORTED_VERSION',
      message: 'Broker 1 does not serve SyncGroup requests.',
    });
  });

  it('fails an unserved API synchronously when dispatched directly, so a command queue sees the throw', () => {
    expect(() =>
      dispatch(table, 'Produce', { transactionalId: null, acks: 1, timeoutMs: 1, topicData: [] }, 'x', 'The controller'),
    ).toThrow('The controller does not serve Produce requests.');
  });

  it('does not take an API name that is only an Object.prototype member for a served API', async () => {
    // A request posted from another thread can name anything.
    const handle = requestHandler(table, 'Broker 1');
    await expect(handle('toString' as ApiKey, heartbeat as never, 'client-1')).rejects.toMatchObject({ type: 'UNSUPPORTED_VERSION' });
  });

  it("does not compile a handler that takes another API's request", () => {
    const wrong: HandlerTable<'Heartbeat'> = {
      // @ts-expect-error a SyncGroup request is not a Heartbeat request.
      Heartbeat: (request: RequestOf<'SyncGroup'>) => ({ throttleTimeMs: 0, errorCode: request.assignments.length }),
    };
    expect(Object.keys(wrong)).toEqual(['Heartbeat']);
  });
});
