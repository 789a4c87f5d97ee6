import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster, type Consumer, type KafkaError } from '../../../src/index';
import type { GroupProtocol } from '../../../src/client/consumer/consumer-config';
import type { Kafka } from '../../../src/client/kafka';
import { decodeAssignment } from '../../../src/protocol/consumer-protocol';
import { until } from '../../support/until';

const SEED = 91;

async function setUp(): Promise<{ cluster: InProcessCluster; kafka: Kafka }> {
  const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
  await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3 }] });
  await kafka.producer().send({ topic: 'orders', messages: [0, 1, 2, 3, 4, 5].map((i) => ({ value: `v${i}`, partition: i % 2 })) });
  return { cluster, kafka };
}

async function consume(
  cluster: InProcessCluster,
  kafka: Kafka,
  groupId = 'billing',
  groupProtocol: GroupProtocol = 'classic',
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, groupProtocol });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
  const admin = kafka.admin();
  await until(cluster, `group ${groupId} is Stable with its one member`, async () => {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group.state === 'Stable' && group.members.length === 1;
  });
  return consumer;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: KafkaError) => error,
  );

describe('client > admin > consumer groups', () => {
  it('lists and describes a group with its members, state and assignor', async () => {
    const { cluster, kafka } = await setUp();
    const consumer = await consume(cluster, kafka);
    const admin = kafka.admin();
    expect((await admin.listGroups()).groups).toEqual([
      { groupId: 'billing', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
    ]);
    const [group] = (await admin.describeGroups(['billing'])).groups;
    expect(group).toMatchObject({ groupId: 'billing', errorCode: 0, state: 'Stable', protocolType: 'consumer', protocol: 'range' });
    expect(group.members).toHaveLength(1);
    expect(group.members[0].memberId).toBe(consumer.memberId());
    await consumer.disconnect();
    await cluster.close();
  });

  it('describes a KIP-848 group by ConsumerGroupDescribe and a classic one by DescribeGroups in the same call, in one shape', async () => {
    const { cluster, kafka } = await setUp();
    const modern = await consume(cluster, kafka, 'shipping', 'consumer');
    const classic = await consume(cluster, kafka, 'billing');
    const { groups } = await kafka.admin().describeGroups(['shipping', 'billing']);
    expect(groups.map(({ members: _members, ...group }) => group)).toEqual([
      {
        groupId: 'shipping',
        errorCode: 0,
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'uniform',
        type: 'consumer',
        groupEpoch: expect.any(Number),
        targetAssignmentEpoch: expect.any(Number),
      },
      {
        groupId: 'billing',
        errorCode: 0,
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'range',
        type: 'classic',
        groupEpoch: null,
        targetAssignmentEpoch: null,
      },
    ]);
    const [shipping, billing] = groups;
    expect(shipping.groupEpoch).toBeGreaterThan(0);
    expect(shipping.targetAssignmentEpoch).toBe(shipping.groupEpoch);
    expect(shipping.members).toHaveLength(1);
    const [member] = shipping.members;
    expect(member).toMatchObject({ memberId: modern.memberId(), groupInstanceId: null, memberEpoch: shipping.groupEpoch });
    expect(member.clientId).not.toBe('');
    expect(member.clientHost).not.toBe('');
    const partitions = [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ];
    expect(decodeAssignment(member.memberAssignment).partitions).toEqual(partitions);
    expect(decodeAssignment(member.targetAssignment!).partitions).toEqual(partitions);
    expect(billing.members.map((m) => [m.memberId, m.memberEpoch, m.targetAssignment])).toEqual([[classic.memberId(), null, null]]);
    expect(decodeAssignment(billing.members[0].memberAssignment).partitions).toEqual(partitions);
    await modern.disconnect();
    await classic.disconnect();
    await cluster.close();
  });

  it('describes a KIP-848 group whose last member left as Empty, with no members', async () => {
    const { cluster, kafka } = await setUp();
    const modern = await consume(cluster, kafka, 'shipping', 'consumer');
    await modern.disconnect();
    const [group] = (await kafka.admin().describeGroups(['shipping'])).groups;
    expect(group).toMatchObject({ groupId: 'shipping', state: 'Empty', type: 'consumer', members: [] });
    await cluster.close();
  });

  it('fetches committed offsets, with "-1" where nothing is committed, and resolves them on request', async () => {
    const { cluster, kafka } = await setUp();
    const admin = kafka.admin();
    await admin.setOffsets({ groupId: 'billing', topic: 'orders', partitions: [{ partition: 0, offset: '2' }] });
    expect(await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] })).toEqual([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: '2', metadata: null },
          { partition: 1, offset: '-1', metadata: null },
        ],
      },
    ]);
    expect(await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'], resolveOffsets: true })).toEqual([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: '2', metadata: null },
          { partition: 1, offset: '3', metadata: null },
        ],
      },
    ]);
    expect((await admin.fetchOffsets({ groupId: 'billing' }))[0].partitions.map((p) => p.offset)).toEqual(['2', '3']);
    await cluster.close();
  });

  it('refuses to set offsets while the group has members, and a consumer starts from offsets set once it is empty', async () => {
    const { cluster, kafka } = await setUp();
    const admin = kafka.admin();
    const active = await consume(cluster, kafka);
    const refused = await failure(admin.resetOffsets({ groupId: 'billing', topic: 'orders', earliest: true }));
    expect(refused?.type).toBe('UNKNOWN_MEMBER_ID');
    expect(refused?.message).toBe('The consumer group must have no running instances, current state: Stable');
    await active.disconnect();

    await admin.resetOffsets({ groupId: 'billing', topic: 'orders', earliest: true });
    expect((await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] }))[0].partitions.map((p) => p.offset)).toEqual(['0', '0']);
    await admin.resetOffsets({ groupId: 'billing', topic: 'orders' });
    expect((await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] }))[0].partitions.map((p) => p.offset)).toEqual(['3', '3']);
    await cluster.close();
  });

  it("deletes only empty groups, with Kafka's errors for the others", async () => {
    const { cluster, kafka } = await setUp();
    const admin = kafka.admin();
    const active = await consume(cluster, kafka);
    expect((await failure(admin.deleteGroups(['billing'])))?.type).toBe('NON_EMPTY_GROUP');
    expect((await failure(admin.deleteGroups(['nobody'])))?.type).toBe('GROUP_ID_NOT_FOUND');
    await active.disconnect();
    expect(await admin.deleteGroups(['billing'])).toEqual([{ groupId: 'billing', errorCode: 0 }]);
    expect((await admin.listGroups()).groups).toEqual([]);
    await cluster.close();
  });
});
