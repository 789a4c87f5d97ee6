import { describe, expect, it } from 'vitest';
import type { ConsumerGroupHeartbeatRequest, TopicPartitions } from '../../src/protocol/apis/groups';
import { errorOf, groupHarness, untilCoordinatorPartitionMoves } from './support';

const SEED = 13;

async function consumerGroup(groupId: string, config: Record<string, number> = {}) {
  console.log(`seed ${SEED}`);
  const harness = await groupHarness({ seed: SEED, config });
  await harness.cluster
    .client()
    .admin()
    .createTopics({ topics: [{ topic: 'orders', numPartitions: 4, replicationFactor: 3 }] });
  const topicId = harness.cluster.describe().topics.find((t) => t.name === 'orders')!.topicId;
  const brokerId = await harness.coordinator(groupId);
  const heartbeat = (request: Partial<ConsumerGroupHeartbeatRequest> & { memberEpoch: number }) =>
    harness.send(brokerId, 'ConsumerGroupHeartbeat', {
      groupId,
      memberId: '',
      instanceId: null,
      rackId: null,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      serverAssignor: null,
      topicPartitions: null,
      ...request,
    });
  const join = () => heartbeat({ memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], topicPartitions: [] });
  const owned = (partitions: number[]): TopicPartitions[] => [{ topicId, partitions }];
  return { ...harness, brokerId, topicId, heartbeat, join, owned };
}

const partitionsOf = (assignment: { topicPartitions: TopicPartitions[] } | null) =>
  assignment?.topicPartitions.flatMap((t) => t.partitions) ?? null;

describe('group > consumer protocol (KIP-848)', () => {
  it("refuses a member past group.consumer.max.size with GROUP_MAX_SIZE_REACHED and Kafka's message, and keeps the members it has", async () => {
    // GroupMetadataManager.throwIfConsumerGroupIsFull: a member the group does not have yet is
    // refused once the group has group.consumer.max.size members.
    const { cluster, heartbeat, join, owned } = await consumerGroup('cg-full', { 'group.consumer.max.size': 1 });
    const a = await join();
    expect(errorOf(a.errorCode)).toBe('NONE');
    const b = await join();
    expect(errorOf(b.errorCode)).toBe('GROUP_MAX_SIZE_REACHED');
    expect(b.errorMessage).toBe('The consumer group has reached its maximum capacity of 1 members.');
    const stays = await heartbeat({ memberId: a.memberId!, memberEpoch: a.memberEpoch, topicPartitions: owned([0, 1, 2, 3]) });
    expect(errorOf(stays.errorCode)).toBe('NONE');
    await cluster.close();
  });

  it('gives a partition to a joining member only after its previous owner released it', async () => {
    const { cluster, heartbeat, join, owned, send, brokerId } = await consumerGroup('cg1');
    const a = await join();
    expect(errorOf(a.errorCode)).toBe('NONE');
    expect(a.memberEpoch).toBe(1);
    expect(a.heartbeatIntervalMs).toBe(5_000);
    expect(partitionsOf(a.assignment)).toEqual([0, 1, 2, 3]);

    // B joins: group epoch 2. Its target partitions are still A's, so it gets nothing yet.
    const b = await join();
    expect(b.memberEpoch).toBe(2);
    expect(partitionsOf(b.assignment)).toEqual([]);

    // A learns it must give up two partitions; it stays in epoch 1 until it has.
    const aRevoking = await heartbeat({ memberId: a.memberId!, memberEpoch: 1, topicPartitions: owned([0, 1, 2, 3]) });
    expect(aRevoking.memberEpoch).toBe(1);
    const kept = partitionsOf(aRevoking.assignment)!;
    expect(kept).toHaveLength(2);
    const released = [0, 1, 2, 3].filter((p) => !kept.includes(p));

    // B asks again: A still owns them.
    const bWaiting = await heartbeat({ memberId: b.memberId!, memberEpoch: 2, topicPartitions: owned([]) });
    expect(partitionsOf(bWaiting.assignment) ?? []).toEqual([]);

    // A's heartbeat no longer lists them: released, and A moves to epoch 2.
    const aDone = await heartbeat({ memberId: a.memberId!, memberEpoch: 1, topicPartitions: owned(kept) });
    expect(aDone.memberEpoch).toBe(2);
    const bAssigned = await heartbeat({ memberId: b.memberId!, memberEpoch: 2, topicPartitions: owned([]) });
    expect(partitionsOf(bAssigned.assignment)).toEqual(released);

    const described = await send(brokerId, 'ConsumerGroupDescribe', { groupIds: ['cg1'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupState: 'stable', groupEpoch: 2, assignmentEpoch: 2, assignorName: 'uniform' });
    expect(described.groups[0].members.map((m) => m.memberEpoch)).toEqual([2, 2]);
    await cluster.close();
  });

  it('fences a member that stops heartbeating for group.consumer.session.timeout.ms and gives its partitions to the others', async () => {
    const { cluster, heartbeat, join, owned } = await consumerGroup('cg2');
    const a = await join();
    const b = await join();
    let aEpoch = a.memberEpoch;
    let aOwned = partitionsOf(a.assignment)!;
    // Only A keeps heartbeating, every 5 s, for longer than the 45 s session timeout.
    for (let i = 0; i < 12; i++) {
      await cluster.advance(5_000);
      const response = await heartbeat({ memberId: a.memberId!, memberEpoch: aEpoch, topicPartitions: owned(aOwned) });
      expect(errorOf(response.errorCode)).toBe('NONE');
      aEpoch = response.memberEpoch;
      aOwned = partitionsOf(response.assignment) ?? aOwned;
    }
    expect(aOwned).toEqual([0, 1, 2, 3]);
    expect(aEpoch).toBeGreaterThan(b.memberEpoch);
    const late = await heartbeat({ memberId: b.memberId!, memberEpoch: b.memberEpoch, topicPartitions: owned([]) });
    expect(errorOf(late.errorCode)).toBe('UNKNOWN_MEMBER_ID');
    await cluster.close();
  });

  it('counts down what it waits for: a member that owes partitions until its rebalance timeout, a silent one until its session ends', async () => {
    const { cluster, heartbeat, join, owned } = await consumerGroup('cg5');
    const a = await join();
    const b = await join();
    await heartbeat({ memberId: a.memberId!, memberEpoch: 1, topicPartitions: owned([0, 1, 2, 3]) });
    const waitsOf = async (memberId: string) =>
      ((await cluster.describeGroups()).find((group) => group.groupId === 'cg5')?.waits ?? []).filter((wait) => wait.memberId === memberId);

    // A must revoke two partitions for B within its rebalance timeout (the 30 s it joined with).
    const [revocation, ...others] = await waitsOf(a.memberId!);
    expect(others).toEqual([]);
    expect(revocation).toMatchObject({ kind: 'revocation', config: 'max.poll.interval.ms' });
    expect(revocation.endsInMs).toBeGreaterThan(29_000);
    expect(revocation.endsInMs).toBeLessThanOrEqual(30_000);
    // B heartbeated a moment ago: no countdown until it is silent past 1.5 heartbeat intervals (7.5 s).
    expect(await waitsOf(b.memberId!)).toEqual([]);
    await cluster.advance(10_000);
    const [session] = (await waitsOf(b.memberId!)).filter((wait) => wait.kind === 'session');
    expect(session).toMatchObject({ kind: 'session', config: 'group.consumer.session.timeout.ms' });
    expect(session.endsInMs).toBeGreaterThan(34_000);
    expect(session.endsInMs).toBeLessThanOrEqual(35_000);
    await cluster.close();
  });

  it("answers with Kafka's errors: UNSUPPORTED_ASSIGNOR, FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID, and STALE_MEMBER_EPOCH on commit", async () => {
    const { cluster, heartbeat, join, owned, send, brokerId } = await consumerGroup('cg3');
    const unsupported = await heartbeat({
      memberEpoch: 0,
      rebalanceTimeoutMs: 30_000,
      subscribedTopicNames: ['orders'],
      topicPartitions: [],
      serverAssignor: 'sticky',
    });
    expect(errorOf(unsupported.errorCode)).toBe('UNSUPPORTED_ASSIGNOR');
    const a = await join();
    const ahead = await heartbeat({ memberId: a.memberId!, memberEpoch: a.memberEpoch + 1, topicPartitions: owned([]) });
    expect(errorOf(ahead.errorCode)).toBe('FENCED_MEMBER_EPOCH');
    const stranger = await heartbeat({ memberId: 'nobody', memberEpoch: 1, topicPartitions: owned([]) });
    expect(errorOf(stranger.errorCode)).toBe('UNKNOWN_MEMBER_ID');
    const commit = (epoch: number) =>
      send(brokerId, 'OffsetCommit', {
        groupId: 'cg3',
        generationIdOrMemberEpoch: epoch,
        memberId: a.memberId!,
        groupInstanceId: null,
        topics: [
          { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: -1, committedMetadata: null }] },
        ],
      });
    expect(errorOf((await commit(a.memberEpoch + 3)).topics[0].partitions[0].errorCode)).toBe('STALE_MEMBER_EPOCH');
    expect(errorOf((await commit(a.memberEpoch)).topics[0].partitions[0].errorCode)).toBe('NONE');
    const left = await heartbeat({ memberId: a.memberId!, memberEpoch: -1 });
    expect(left.memberEpoch).toBe(-1);
    const described = await send(brokerId, 'ConsumerGroupDescribe', { groupIds: ['cg3'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupState: 'empty', members: [] });
    await cluster.close();
  });

  it("rebuilds a consumer group from the log after the coordinator's leader dies", async () => {
    const { cluster, join, send, brokerId, coordinator } = await consumerGroup('cg4');
    const a = await join();
    await cluster.broker(brokerId).kill();
    await untilCoordinatorPartitionMoves(cluster, 'cg4', brokerId);
    const next = await coordinator('cg4');
    const described = await send(next, 'ConsumerGroupDescribe', { groupIds: ['cg4'], includeAuthorizedOperations: false });
    expect(described.groups[0].members.map((m) => [m.memberId, m.memberEpoch])).toEqual([[a.memberId, 1]]);
    expect(described.groups[0].members[0].assignment.topicPartitions[0].partitions).toEqual([0, 1, 2, 3]);
    await cluster.close();
  });
});
