import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../../src/protocol/errors';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../src/protocol/internal-topics';
import { GROUP_COORDINATOR_ADDRESS, brokerAddress, type ApiKey, type RequestOf, type ResponseOf } from '../../src/protocol/rpc';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { groupHarness } from './support';

let cluster: InProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** Sends straight to the group coordinator from `from`, as a broker forwarding a request does. */
function toCoordinator<K extends ApiKey>(from: string, api: K, body: RequestOf<K>): Promise<ResponseOf<K>> {
  return cluster!.run(cluster!.network.transport(from).request(GROUP_COORDINATOR_ADDRESS, api, body, 30_000), api);
}

/** A group whose shard another broker than `brokerId` leads (the harness has 5 partitions). */
function groupNotLedBy(brokerId: number): string {
  return Array.from({ length: 100 }, (_, i) => `other-${i}`).find(
    (id) => cluster!.leaderOf(GROUP_METADATA_TOPIC_NAME, groupPartition(id, 5)) !== brokerId,
  )!;
}

describe('group > group coordinator', () => {
  it('rejects an API it does not serve with UNSUPPORTED_VERSION', async () => {
    cluster = (await groupHarness()).cluster;
    const produce = toCoordinator('client-1', 'Produce', { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [] });
    await expect(produce).rejects.toMatchObject({
      type: 'UNSUPPORTED_VERSION',
      message: 'The group coordinator does not serve Produce requests.',
    });
  });

  it("answers an OffsetCommit forwarded by a broker that does not lead the group's shard with NOT_COORDINATOR on every partition", async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    const other = cluster.brokerIds().find((id) => id !== coordinator)!;
    const response = await toCoordinator(brokerAddress(other), 'OffsetCommit', {
      groupId: 'billing',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        { name: 'orders', partitions: [{ partitionIndex: 3, committedOffset: 10, committedLeaderEpoch: -1, committedMetadata: null }] },
      ],
    });
    expect(response).toEqual({
      throttleTimeMs: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 3, errorCode: errorCode('NOT_COORDINATOR') }] }],
    });
  });

  it("answers a DescribeGroups group by group: the sending broker's shards answer theirs, the others are NOT_COORDINATOR", async () => {
    const harness = await groupHarness();
    cluster = harness.cluster;
    const coordinator = await harness.coordinator('billing');
    const elsewhere = groupNotLedBy(coordinator);
    await harness.coordinator(elsewhere);
    const response = await toCoordinator(brokerAddress(coordinator), 'DescribeGroups', {
      groups: ['billing', elsewhere],
      includeAuthorizedOperations: false,
    });
    expect(response.groups.map(({ groupId, errorCode }) => ({ groupId, errorCode }))).toEqual([
      // The shard answered: there is no such group yet.
      { groupId: 'billing', errorCode: errorCode('GROUP_ID_NOT_FOUND') },
      { groupId: elsewhere, errorCode: errorCode('NOT_COORDINATOR') },
    ]);
    const described = await toCoordinator(brokerAddress(coordinator), 'ConsumerGroupDescribe', {
      groupIds: [elsewhere],
      includeAuthorizedOperations: false,
    });
    expect(described.groups).toEqual([
      expect.objectContaining({ groupId: elsewhere, errorCode: errorCode('NOT_COORDINATOR'), groupEpoch: -1, members: [] }),
    ]);
  });
});
