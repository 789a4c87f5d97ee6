import { describe, expect, it } from 'vitest';
import { groupPartition } from '../../src/protocol/internal-topics';
import { errorOf, groupHarness, joinRequest, siblingGroup } from './support';

const SEED = 7;

describe('group > classic protocol', () => {
  it("creates __consumer_offsets on the first FindCoordinator and names the leader of the group's partition", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, send, coordinator } = await groupHarness({ seed: SEED });
    const first = await send(1, 'FindCoordinator', { keyType: 0, coordinatorKeys: ['my-group'] });
    expect(errorOf(first.coordinators[0].errorCode)).toBe('COORDINATOR_NOT_AVAILABLE');
    const brokerId = await coordinator('my-group');
    const topic = cluster.describe().topics.find((t) => t.name === '__consumer_offsets')!;
    expect(topic.partitions).toHaveLength(5);
    expect(topic.partitions[0].replicas).toHaveLength(3);
    expect(topic.configs['cleanup.policy']).toBe('compact');
    expect(brokerId).toBe(cluster.leaderOf('__consumer_offsets', groupPartition('my-group', 5)));
    await cluster.close();
  });

  it('gives __consumer_offsets offsets.topic.replication.factor replicas: 1 on one broker, as createCluster sets it', async () => {
    const { cluster, coordinator } = await groupHarness({ seed: SEED, brokers: 1 });
    expect(cluster.config['offsets.topic.replication.factor']).toBe(1);
    await coordinator('g');
    expect(cluster.describePartition('__consumer_offsets', 0).replicas).toEqual([1]);
    await cluster.close();
  });

  it('joins three members: MEMBER_ID_REQUIRED first, then one generation with the first joiner as leader', async () => {
    const { cluster, send, start, coordinator } = await groupHarness({ seed: SEED });
    const brokerId = await coordinator('g1');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await send(brokerId, 'JoinGroup', joinRequest('g1', ''));
      expect(errorOf(response.errorCode)).toBe('MEMBER_ID_REQUIRED');
      expect(response.memberId).toMatch(/^client-1-consumer-1-[0-9a-f-]{36}$/);
      ids.push(response.memberId);
    }
    const joins = await cluster.run(Promise.all(ids.map((id) => start(brokerId, 'JoinGroup', joinRequest('g1', id)))));
    expect(joins.map((j) => errorOf(j.errorCode))).toEqual(['NONE', 'NONE', 'NONE']);
    expect(new Set(joins.map((j) => j.generationId))).toEqual(new Set([1]));
    expect(joins.every((j) => j.leader === ids[0] && j.protocolName === 'range')).toBe(true);
    expect(joins[0].members.map((m) => m.memberId).sort()).toEqual([...ids].sort());
    expect(joins[1].members).toEqual([]);

    const assignment = (i: number) => new Uint8Array([i]);
    const syncs = await cluster.run(
      Promise.all(
        ids.map((id, i) =>
          start(brokerId, 'SyncGroup', {
            groupId: 'g1',
            generationId: 1,
            memberId: id,
            groupInstanceId: null,
            protocolType: 'consumer',
            protocolName: 'range',
            assignments: i === 0 ? ids.map((memberId, j) => ({ memberId, assignment: assignment(j) })) : [],
          }),
        ),
      ),
    );
    expect(syncs.map((s) => [...s.assignment])).toEqual([[0], [1], [2]]);
    const described = await send(brokerId, 'DescribeGroups', { groups: ['g1'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.groups[0].members).toHaveLength(3);

    // A second round: generation 2 once everyone rejoined.
    const heartbeat = await send(brokerId, 'Heartbeat', { groupId: 'g1', generationId: 1, memberId: ids[1], groupInstanceId: null });
    expect(errorOf(heartbeat.errorCode)).toBe('NONE');
    await cluster.close();
  });
});

describe('group > classic protocol > membership', () => {
  async function stableGroup(groupId: string, members: number, overrides: Parameters<typeof joinRequest>[2] = {}) {
    const harness = await groupHarness({ seed: SEED });
    const brokerId = await harness.coordinator(groupId);
    const ids: string[] = [];
    for (let i = 0; i < members; i++) ids.push((await harness.send(brokerId, 'JoinGroup', joinRequest(groupId, '', overrides))).memberId);
    const joins = await harness.cluster.run(
      Promise.all(ids.map((id) => harness.start(brokerId, 'JoinGroup', joinRequest(groupId, id, overrides)))),
    );
    await harness.cluster.run(
      Promise.all(
        ids.map((id, i) =>
          harness.start(brokerId, 'SyncGroup', {
            groupId,
            generationId: joins[i].generationId,
            memberId: id,
            groupInstanceId: null,
            protocolType: 'consumer',
            protocolName: 'range',
            assignments: id === joins[0].leader ? ids.map((memberId) => ({ memberId, assignment: new Uint8Array([1]) })) : [],
          }),
        ),
      ),
    );
    return { ...harness, brokerId, ids, generationId: joins[0].generationId };
  }

  it('refuses a new member past group.max.size with GROUP_MAX_SIZE_REACHED: a code alone, JoinGroupResponse has no message', async () => {
    const { cluster, send, coordinator } = await groupHarness({ seed: SEED, config: { 'group.max.size': 1 } });
    const brokerId = await coordinator('full');
    const first = await send(brokerId, 'JoinGroup', joinRequest('full', ''));
    const joined = await send(brokerId, 'JoinGroup', joinRequest('full', first.memberId));
    expect(errorOf(joined.errorCode)).toBe('NONE');
    const refused = await send(brokerId, 'JoinGroup', joinRequest('full', ''));
    expect(errorOf(refused.errorCode)).toBe('GROUP_MAX_SIZE_REACHED');
    expect(refused.memberId).toBe('');
    expect(refused).not.toHaveProperty('errorMessage');
    await cluster.close();
  });

  it('removes a member that stops heartbeating after its session timeout, and the others rebalance without it', async () => {
    const { cluster, send, start, brokerId, ids, generationId } = await stableGroup('g2', 3);
    const heartbeat = (memberId: string) => send(brokerId, 'Heartbeat', { groupId: 'g2', generationId, memberId, groupInstanceId: null });
    // Members 0 and 1 heartbeat every 3 s; member 2 has gone silent. The session timeout is 10 s.
    let seen = 'NONE';
    for (let i = 0; i < 5 && seen === 'NONE'; i++) {
      await cluster.advance(3_000);
      seen = errorOf((await heartbeat(ids[0])).errorCode);
      await heartbeat(ids[1]);
    }
    expect(seen).toBe('REBALANCE_IN_PROGRESS');
    const joins = await cluster.run(Promise.all(ids.slice(0, 2).map((id) => start(brokerId, 'JoinGroup', joinRequest('g2', id)))));
    expect(joins[0].generationId).toBe(generationId + 1);
    expect(joins[0].members.map((m) => m.memberId).sort()).toEqual(ids.slice(0, 2).sort());
    expect(errorOf((await heartbeat(ids[2])).errorCode)).toBe('UNKNOWN_MEMBER_ID');
    await cluster.close();
  });

  it('fences the old member id when a static member rejoins with its group.instance.id, without a rebalance', async () => {
    const { cluster, send, brokerId } = await groupHarness({ seed: SEED }).then(async (h) => ({
      ...h,
      brokerId: await h.coordinator('g3'),
    }));
    const first = await send(brokerId, 'JoinGroup', joinRequest('g3', '', { groupInstanceId: 'instance-a' }));
    expect(errorOf(first.errorCode)).toBe('NONE');
    expect(first.memberId).toMatch(/^instance-a-/);
    await send(brokerId, 'SyncGroup', {
      groupId: 'g3',
      generationId: first.generationId,
      memberId: first.memberId,
      groupInstanceId: 'instance-a',
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: first.memberId, assignment: new Uint8Array([7]) }],
    });
    // The process restarts and joins again with the same instance id but no member id.
    const second = await send(brokerId, 'JoinGroup', joinRequest('g3', '', { groupInstanceId: 'instance-a' }));
    expect(errorOf(second.errorCode)).toBe('NONE');
    expect(second.memberId).not.toBe(first.memberId);
    expect(second.generationId).toBe(first.generationId);
    const old = await send(brokerId, 'Heartbeat', {
      groupId: 'g3',
      generationId: first.generationId,
      memberId: first.memberId,
      groupInstanceId: 'instance-a',
    });
    expect(errorOf(old.errorCode)).toBe('FENCED_INSTANCE_ID');
    const sync = await send(brokerId, 'SyncGroup', {
      groupId: 'g3',
      generationId: second.generationId,
      memberId: second.memberId,
      groupInstanceId: 'instance-a',
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [],
    });
    expect([...sync.assignment]).toEqual([7]);
    await cluster.close();
  });

  it("answers with Kafka's errors: INVALID_SESSION_TIMEOUT, INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, NOT_COORDINATOR", async () => {
    const { cluster, send, brokerId, ids, generationId } = await stableGroup('g4', 1);
    const join = (overrides: Parameters<typeof joinRequest>[2], memberId = '') =>
      send(brokerId, 'JoinGroup', joinRequest('g4', memberId, overrides));
    expect(errorOf((await join({ sessionTimeoutMs: 5_999 })).errorCode)).toBe('INVALID_SESSION_TIMEOUT');
    expect(errorOf((await join({ sessionTimeoutMs: 1_800_001 })).errorCode)).toBe('INVALID_SESSION_TIMEOUT');
    expect(errorOf((await join({ protocols: [{ name: 'roundrobin', metadata: new Uint8Array() }] })).errorCode)).toBe(
      'INCONSISTENT_GROUP_PROTOCOL',
    );
    expect(errorOf((await join({ protocolType: 'connect' })).errorCode)).toBe('INCONSISTENT_GROUP_PROTOCOL');
    const heartbeat = (memberId: string, generation: number) =>
      send(brokerId, 'Heartbeat', { groupId: 'g4', generationId: generation, memberId, groupInstanceId: null });
    expect(errorOf((await heartbeat('nobody', generationId)).errorCode)).toBe('UNKNOWN_MEMBER_ID');
    expect(errorOf((await heartbeat(ids[0], generationId + 1)).errorCode)).toBe('ILLEGAL_GENERATION');
    const other = cluster.brokerIds().find((id) => id !== brokerId)!;
    expect(
      errorOf((await send(other, 'Heartbeat', { groupId: 'g4', generationId, memberId: ids[0], groupInstanceId: null })).errorCode),
    ).toBe('NOT_COORDINATOR');
    // A group that hashes to the same shard but does not exist.
    const unknownGroup = await send(brokerId, 'LeaveGroup', {
      groupId: siblingGroup('g4', 'missing'),
      members: [{ memberId: 'm', groupInstanceId: null, reason: null }],
    });
    expect(errorOf(unknownGroup.errorCode)).toBe('UNKNOWN_MEMBER_ID');
    const leave = await send(brokerId, 'LeaveGroup', {
      groupId: 'g4',
      members: [{ memberId: 'stranger', groupInstanceId: null, reason: null }],
    });
    expect(errorOf(leave.members[0].errorCode)).toBe('UNKNOWN_MEMBER_ID');
    await cluster.close();
  });

  it('waits group.initial.rebalance.delay.ms before completing the first join of an empty group', async () => {
    const { cluster, send, start, coordinator } = await groupHarness({ seed: SEED });
    const brokerId = await coordinator('g6');
    const memberId = (await send(brokerId, 'JoinGroup', joinRequest('g6', ''))).memberId;
    const startedMs = cluster.elapsedMs();
    const joined = await cluster.run(start(brokerId, 'JoinGroup', joinRequest('g6', memberId)));
    expect(joined.generationId).toBe(1);
    expect(cluster.elapsedMs() - startedMs).toBeGreaterThanOrEqual(3_000);
    expect(cluster.elapsedMs() - startedMs).toBeLessThan(3_100);
    await cluster.close();
  });

  it('removes a member that keeps heartbeating but does not rejoin within the rebalance timeout', async () => {
    const { cluster, send, start, brokerId, ids, generationId } = await stableGroup('g7', 2);
    // The leader rejoins, which starts a rebalance; the other member only heartbeats.
    let rejoined: Awaited<ReturnType<typeof start<'JoinGroup'>>> | undefined;
    const join = start(brokerId, 'JoinGroup', joinRequest('g7', ids[0])).then((response) => (rejoined = response));
    const startedMs = cluster.elapsedMs();
    while (rejoined === undefined) {
      await cluster.advance(3_000);
      const heartbeat = await send(brokerId, 'Heartbeat', { groupId: 'g7', generationId, memberId: ids[1], groupInstanceId: null });
      if (rejoined === undefined) expect(errorOf(heartbeat.errorCode)).toBe('REBALANCE_IN_PROGRESS');
    }
    await join;
    // rebalanceTimeoutMs is 30 s in joinRequest.
    expect(cluster.elapsedMs() - startedMs).toBeGreaterThanOrEqual(30_000);
    expect(rejoined.generationId).toBe(generationId + 1);
    expect(rejoined.members.map((m) => m.memberId)).toEqual([ids[0]]);
    await cluster.close();
  });

  it('starts a rebalance at once when a member leaves', async () => {
    const { cluster, send, brokerId, ids, generationId } = await stableGroup('g5', 2);
    const leave = await send(brokerId, 'LeaveGroup', {
      groupId: 'g5',
      members: [{ memberId: ids[1], groupInstanceId: null, reason: 'closing' }],
    });
    expect(errorOf(leave.members[0].errorCode)).toBe('NONE');
    const heartbeat = await send(brokerId, 'Heartbeat', { groupId: 'g5', generationId, memberId: ids[0], groupInstanceId: null });
    expect(errorOf(heartbeat.errorCode)).toBe('REBALANCE_IN_PROGRESS');
    const described = await send(brokerId, 'DescribeGroups', { groups: ['g5'], includeAuthorizedOperations: false });
    expect(described.groups[0].groupState).toBe('PreparingRebalance');
    await cluster.close();
  });
});
