import { describe, expect, it } from 'vitest';
import { forwardToController } from '../../src/broker/request-handlers/forward';
import { KafkaError, errorCode } from '../../src/protocol/errors';
import type { Transport } from '../../src/protocol/rpc';

/** A broker whose controller connection is gone: every forwarded request fails at the transport. */
const cutOff: Transport = {
  address: 'broker-1',
  request: () => Promise.reject(new KafkaError('NETWORK_EXCEPTION', 'Disconnected from controller')),
};

describe('broker > forwarding to the controller', () => {
  it('answers an AlterPartitionReassignments it could not forward with the error on the request and on every partition', async () => {
    const response = await forwardToController(
      cutOff,
      'AlterPartitionReassignments',
      {
        timeoutMs: 30_000,
        topics: [
          {
            name: 'orders',
            partitions: [
              { partitionIndex: 0, replicas: [3, 4] },
              { partitionIndex: 1, replicas: null },
            ],
          },
        ],
      },
      30_000,
    );
    const failed = { errorCode: errorCode('NETWORK_EXCEPTION'), errorMessage: 'Disconnected from controller' };
    expect(response).toEqual({
      ...failed,
      responses: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, ...failed },
            { partitionIndex: 1, ...failed },
          ],
        },
      ],
    });
  });

  it('answers a ListPartitionReassignments it could not forward with the error and no topics', async () => {
    const response = await forwardToController(cutOff, 'ListPartitionReassignments', { timeoutMs: 30_000, topics: null }, 30_000);
    expect(response).toEqual({ errorCode: errorCode('NETWORK_EXCEPTION'), errorMessage: 'Disconnected from controller', topics: [] });
  });
});
