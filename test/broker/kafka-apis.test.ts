import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../../src/protocol/errors';
import { BrokerConfig } from '../../src/protocol/configs';
import { GROUP_COORDINATOR_ADDRESS, type RequestOf } from '../../src/protocol/rpc';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { groupHarness, joinRequest } from '../group/support';

let cluster: InProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const offsetCommit = (groupId: string): RequestOf<'OffsetCommit'> => ({
  groupId,
  generationIdOrMemberEpoch: -1,
  memberId: '',
  groupInstanceId: null,
  topics: [
    {
      name: 'orders',
      partitions: [3, 7].map((partitionIndex) => ({
        partitionIndex,
        committedOffset: 10,
        committedLeaderEpoch: -1,
        committedMetadata: null,
      })),
    },
  ],
});

/** The KRaft APIs, which brokers send to the controller and do not serve themselves. */
type ControllerApi = 'BrokerRegistration' | 'BrokerHeartbeat' | 'AlterPartition' | 'AllocateProducerIds' | 'MetadataFetch';
const CONTROLLER_REQUESTS: { [A in ControllerApi]: RequestOf<A> } = {
  BrokerRegistration: { brokerId: 9, clusterId: 'c', incarnationId: 'i', listeners: [], rack: null, previousBrokerEpoch: -1 },
  BrokerHeartbeat: { brokerId: 2, brokerEpoch: 1, currentMetadataOffset: 0, wantFence: false, wantShutDown: false },
  AlterPartition: { brokerId: 2, brokerEpoch: 1, topics: [] },
  AllocateProducerIds: { brokerId: 2, brokerEpoch: 1 },
  MetadataFetch: { brokerId: 2, fetchOffset: 0, maxWaitMs: 0 },
};

describe('broker > KafkaApis', () => {
  it.each(Object.keys(CONTROLLER_REQUESTS) as ControllerApi[])(
    'answers %s, which only the controller serves, with UNSUPPORTED_VERSION',
    async (api) => {
      const harness = await groupHarness();
      cluster = harness.cluster;
      await expect(harness.send(1, api, CONTROLLER_REQUESTS[api])).rejects.toMatchObject({
        type: 'UNSUPPORTED_VERSION',
        message: `Broker 1 does not serve ${api} requests.`,
      });
    },
  );

  it('answers an OffsetCommit sent to a broker that does not lead the group with NOT_COORDINATOR on every partition', async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    const other = cluster.brokerIds().find((id) => id !== coordinator)!;
    const response = await harness.send(other, 'OffsetCommit', offsetCommit('billing'));
    expect(response.topics).toEqual([
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 3, errorCode: errorCode('NOT_COORDINATOR') },
          { partitionIndex: 7, errorCode: errorCode('NOT_COORDINATOR') },
        ],
      },
    ]);
  });

  it('answers a forwarded OffsetCommit whose coordinator is unreachable with COORDINATOR_NOT_AVAILABLE on every partition', async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    cluster.partition(coordinator, GROUP_COORDINATOR_ADDRESS);
    const response = await harness.send(coordinator, 'OffsetCommit', offsetCommit('billing'));
    expect(response.topics[0].partitions.map((p) => p.errorCode)).toEqual([
      errorCode('COORDINATOR_NOT_AVAILABLE'),
      errorCode('COORDINATOR_NOT_AVAILABLE'),
    ]);
  });

  it('answers a forwarded DescribeGroups whose coordinator is unreachable with COORDINATOR_NOT_AVAILABLE for each group it named', async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    cluster.partition(coordinator, GROUP_COORDINATOR_ADDRESS);
    const response = await harness.send(coordinator, 'DescribeGroups', {
      groups: ['billing', 'audit-trail'],
      includeAuthorizedOperations: false,
    });
    expect(response.groups.map(({ groupId, errorCode }) => ({ groupId, errorCode }))).toEqual([
      { groupId: 'billing', errorCode: errorCode('COORDINATOR_NOT_AVAILABLE') },
      { groupId: 'audit-trail', errorCode: errorCode('COORDINATOR_NOT_AVAILABLE') },
    ]);
  });

  it('waits for a forwarded JoinGroup up to its rebalance timeout past the request timeout, and for a Heartbeat only the request timeout', async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    // The harness leaves these at their defaults.
    const config = BrokerConfig.from({});
    const requestTimeoutMs = config.int('request.timeout.ms');
    cluster.partitionOneWay(coordinator, GROUP_COORDINATOR_ADDRESS);

    const heartbeatStart = cluster.clock.now();
    const heartbeat = await harness.send(coordinator, 'Heartbeat', {
      groupId: 'billing',
      generationId: 1,
      memberId: 'member-a',
      groupInstanceId: null,
    });
    expect(heartbeat.errorCode).toBe(errorCode('COORDINATOR_NOT_AVAILABLE'));
    const heartbeatWaitedMs = cluster.clock.now() - heartbeatStart;
    expect(heartbeatWaitedMs).toBeGreaterThanOrEqual(requestTimeoutMs);
    expect(heartbeatWaitedMs).toBeLessThan(requestTimeoutMs + 100);

    const joinStart = cluster.clock.now();
    const join = await harness.send(coordinator, 'JoinGroup', joinRequest('billing', 'member-a', { rebalanceTimeoutMs: 60_000 }));
    expect(join).toMatchObject({ errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), memberId: 'member-a', members: [] });
    const joinWaitedMs = cluster.clock.now() - joinStart;
    const expectedMs = 60_000 + config.int('group.initial.rebalance.delay.ms') + requestTimeoutMs;
    expect(joinWaitedMs).toBeGreaterThanOrEqual(expectedMs);
    expect(joinWaitedMs).toBeLessThan(expectedMs + 100);
  });
});
