import { describe, expect, it } from 'vitest';
import { groupPartition } from '../../src/group/group-partition';
import { errorOf, groupHarness, joinRequest } from './support';

const SEED = 7;

describe('group > classic protocol', () => {
  it('creates __consumer_offsets on the first FindCoordinator and names the leader of the group\'s partition', async () => {
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

  it('caps the replication factor of __consumer_offsets at the live brokers', async () => {
    const { cluster, coordinator } = await groupHarness({ seed: SEED, brokers: 1 });
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
    const syncs = await cluster.run(Promise.all(ids.map((id, i) => start(brokerId, 'SyncGroup', {
      groupId: 'g1', generationId: 1, memberId: id, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range',
      assignments: i === 0 ? ids.map((memberId, j) => ({ memberId, assignment: assignment(j) })) : [],
    }))));
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
