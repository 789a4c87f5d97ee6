import { describe, expect, it } from 'vitest';
import { Controller } from '../../src/controller/controller';
import { SeededRandom } from '../../src/core/random';
import { AlterConfigOp, ConfigResourceType } from '../../src/protocol/apis/configs';
import { BrokerConfig } from '../../src/protocol/configs';
import { errorCode } from '../../src/protocol/errors';
import type { PartitionChangeRecord } from '../../src/protocol/metadata-records';
import { CLUSTER_ID, advanceWithHeartbeats, alterIsr, harness, type Harness } from './harness';
import { ManualClock } from './manual-clock';

/** Four brokers, topic t with partition 0 on [1, 2], led by 1. */
async function fourBrokers(): Promise<Harness> {
  const h = harness();
  await h.start([1, 2, 3, 4]);
  await h.createTopic('t', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }] });
  return h;
}

function reassign(h: Harness, replicas: number[] | null, topic = 't', partitionIndex = 0) {
  return h.controller.handle(
    'AlterPartitionReassignments',
    {
      timeoutMs: 30_000,
      topics: [{ name: topic, partitions: [{ partitionIndex, replicas }] }],
    },
    'client-1',
  );
}

async function reassignOne(h: Harness, replicas: number[] | null, topic = 't', partitionIndex = 0) {
  return (await reassign(h, replicas, topic, partitionIndex)).responses[0].partitions[0];
}

function listReassignments(h: Harness, topics: { name: string; partitionIndexes: number[] }[] | null = null) {
  return h.controller.handle('ListPartitionReassignments', { timeoutMs: 30_000, topics }, 'client-1');
}

/** The PartitionChange records the controller wrote since `fromOffset`. */
function changesSince(h: Harness, fromOffset: number): Omit<PartitionChangeRecord, 'type' | 'topicId' | 'partitionId'>[] {
  return h.controller.metadataLog
    .filter((entry) => entry.offset >= fromOffset && entry.record.type === 'PartitionChange')
    .map((entry) => {
      const { type: _type, topicId: _topicId, partitionId: _partitionId, ...change } = entry.record as PartitionChangeRecord;
      return change;
    });
}

const nextOffset = (h: Harness) => h.controller.image.highestOffset + 1;

describe('controller > reassignment', () => {
  it('starts by adding the target replicas beside the current ones, without touching the ISR or the leader epoch', async () => {
    const h = await fourBrokers();
    const from = nextOffset(h);
    expect(await reassignOne(h, [3, 4])).toEqual({ partitionIndex: 0, errorCode: 0, errorMessage: null });
    expect(changesSince(h, from)).toEqual([{ replicas: [3, 4, 1, 2], removingReplicas: [1, 2], addingReplicas: [3, 4] }]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 });
    expect(await listReassignments(h)).toEqual({
      errorCode: 0,
      errorMessage: null,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, replicas: [3, 4, 1, 2], addingReplicas: [3, 4], removingReplicas: [1, 2] }] },
      ],
    });
  });

  it('waits until every adding replica is in the ISR, then completes in one record that elects a leader from the target', async () => {
    const h = await fourBrokers();
    await reassign(h, [3, 4]);
    const from = nextOffset(h);
    const partial = await alterIsr(h, [1, 2, 3]);
    expect(partial.topics[0].partitions[0].errorCode).toBe(0);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [3, 4, 1, 2], isr: [1, 2, 3], addingReplicas: [3, 4] });
    const completing = await alterIsr(h, [1, 2, 3, 4]);
    // The leader is no longer a replica: it learns of its successor through NEW_LEADER_ELECTED.
    expect(completing.topics[0].partitions[0].errorCode).toBe(errorCode('NEW_LEADER_ELECTED'));
    expect(changesSince(h, from)).toEqual([
      { isr: [1, 2, 3] },
      { leader: 3, isr: [3, 4], replicas: [3, 4], removingReplicas: [], addingReplicas: [] },
    ]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      replicas: [3, 4],
      isr: [3, 4],
      leader: 3,
      leaderEpoch: 1,
      partitionEpoch: 3,
    });
    expect((await listReassignments(h)).topics).toEqual([]);
  });

  it('keeps a leader that stays a replica, naming it in the completing record so that the leader epoch moves past the removed replicas', async () => {
    const h = await fourBrokers();
    expect(await reassignOne(h, [1, 3])).toMatchObject({ errorCode: 0 });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [1, 3, 2], addingReplicas: [3], removingReplicas: [2] });
    const from = nextOffset(h);
    const completing = await alterIsr(h, [1, 2, 3]);
    expect(completing.topics[0].partitions[0]).toMatchObject({ errorCode: 0, leaderId: 1, leaderEpoch: 1, isr: [1, 3] });
    expect(changesSince(h, from)).toEqual([{ leader: 1, isr: [1, 3], replicas: [1, 3], removingReplicas: [], addingReplicas: [] }]);
  });

  it('completes at once when the ISR already holds the target, moving leadership off a removed leader', async () => {
    const h = await fourBrokers();
    const from = nextOffset(h);
    expect(await reassignOne(h, [2])).toMatchObject({ errorCode: 0 });
    expect(changesSince(h, from)).toEqual([{ leader: 2, isr: [2], replicas: [2] }]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      replicas: [2],
      isr: [2],
      leader: 2,
      leaderEpoch: 1,
      addingReplicas: [],
      removingReplicas: [],
    });
  });

  it('reorders replicas without a reassignment in flight or a new leader epoch', async () => {
    const h = await fourBrokers();
    const from = nextOffset(h);
    await reassign(h, [2, 1]);
    expect(changesSince(h, from)).toEqual([{ replicas: [2, 1] }]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 0 });
  });

  it('cancels by dropping the replicas being added and keeping the ones being removed', async () => {
    const h = await fourBrokers();
    await reassign(h, [3, 4]);
    await alterIsr(h, [1, 2, 3]);
    const from = nextOffset(h);
    expect(await reassignOne(h, null)).toEqual({ partitionIndex: 0, errorCode: 0, errorMessage: null });
    // Replicas 3 and 4 leave, so the leader epoch moves on (the record names the same leader).
    expect(changesSince(h, from)).toEqual([{ leader: 1, isr: [1, 2], replicas: [1, 2], removingReplicas: [], addingReplicas: [] }]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [1, 2], isr: [1, 2], leader: 1, leaderEpoch: 1 });
    expect((await listReassignments(h)).topics).toEqual([]);
  });

  it('replaces a reassignment in progress by moving towards the new target from the current replica set', async () => {
    const h = await fourBrokers();
    await reassign(h, [3, 4]);
    const from = nextOffset(h);
    // Back to [1, 2] without cancelling: 3 and 4 are now the ones to remove, and the ISR already holds the target.
    await reassign(h, [1, 2]);
    expect(changesSince(h, from)).toEqual([{ leader: 1, replicas: [1, 2], removingReplicas: [], addingReplicas: [] }]);
    await reassign(h, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] });
    await reassign(h, [2, 4]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [2, 4, 1, 3], addingReplicas: [4], removingReplicas: [1, 3] });
  });

  it('answers NO_REASSIGNMENT_IN_PROGRESS when cancelling a partition that is not moving', async () => {
    const h = await fourBrokers();
    expect(await reassignOne(h, null)).toEqual({
      partitionIndex: 0,
      errorCode: 85,
      errorMessage: 'No partition reassignment is in progress.',
    });
  });

  it('refuses to cancel when only added replicas are in the ISR, unless the topic allows unclean election', async () => {
    const h = await fourBrokers();
    await reassign(h, [3, 4]);
    await alterIsr(h, [1, 2, 3]);
    await advanceWithHeartbeats(h, 9000, [3, 4]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 3, isr: [3] });
    expect(await reassignOne(h, null)).toEqual({
      partitionIndex: 0,
      errorCode: errorCode('INVALID_REPLICA_ASSIGNMENT'),
      errorMessage: 'Unable to revert partition assignment for t:0 because it would require an unclean leader election.',
    });
    await h.controller.handle(
      'IncrementalAlterConfigs',
      {
        resources: [
          {
            resourceType: ConfigResourceType.TOPIC,
            resourceName: 't',
            configs: [{ name: 'unclean.leader.election.enable', configOperation: AlterConfigOp.SET, value: 'true' }],
          },
        ],
        validateOnly: false,
      },
      'c',
    );
    expect(await reassignOne(h, null)).toMatchObject({ errorCode: 0 });
    // Brokers 1 and 2 are fenced: the reverted partition has its first original replica as ISR and no leader.
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      replicas: [1, 2],
      isr: [1],
      leader: -1,
      addingReplicas: [],
      removingReplicas: [],
    });
  });

  it('answers INVALID_REPLICA_ASSIGNMENT for an empty list, a repeated broker or an unregistered broker', async () => {
    const h = await fourBrokers();
    const invalid = errorCode('INVALID_REPLICA_ASSIGNMENT');
    expect(await reassignOne(h, [])).toEqual({
      partitionIndex: 0,
      errorCode: invalid,
      errorMessage: 'The manual partition assignment includes an empty replica list.',
    });
    expect(await reassignOne(h, [3, 3])).toEqual({
      partitionIndex: 0,
      errorCode: invalid,
      errorMessage: 'The manual partition assignment includes the broker 3 more than once.',
    });
    expect(await reassignOne(h, [3, 9])).toEqual({
      partitionIndex: 0,
      errorCode: invalid,
      errorMessage: 'The manual partition assignment includes broker 9, but no such broker is registered.',
    });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [1, 2], partitionEpoch: 0 });
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic or partition, and still moves the valid partitions of the request', async () => {
    const h = await fourBrokers();
    const response = await h.controller.handle(
      'AlterPartitionReassignments',
      {
        timeoutMs: 30_000,
        topics: [
          { name: 'nope', partitions: [{ partitionIndex: 0, replicas: [3] }] },
          {
            name: 't',
            partitions: [
              { partitionIndex: 7, replicas: [3] },
              { partitionIndex: 0, replicas: [3, 4] },
            ],
          },
        ],
      },
      'client-1',
    );
    const unknown = errorCode('UNKNOWN_TOPIC_OR_PARTITION');
    expect(response).toEqual({
      errorCode: 0,
      errorMessage: null,
      responses: [
        { name: 'nope', partitions: [{ partitionIndex: 0, errorCode: unknown, errorMessage: 'Unable to find a topic named nope.' }] },
        {
          name: 't',
          partitions: [
            { partitionIndex: 7, errorCode: unknown, errorMessage: 'Unable to find partition t:7.' },
            { partitionIndex: 0, errorCode: 0, errorMessage: null },
          ],
        },
      ],
    });
    expect(h.controller.image.partition('t', 0)!.addingReplicas).toEqual([3, 4]);
  });

  it('lists only the named partitions that are moving, and leaves out unknown topics', async () => {
    const h = await fourBrokers();
    await h.createTopic('u', -1, -1, {
      assignments: [
        { partitionIndex: 0, brokerIds: [1] },
        { partitionIndex: 1, brokerIds: [2] },
      ],
    });
    await reassign(h, [3], 'u', 1);
    expect(
      (
        await listReassignments(h, [
          { name: 'u', partitionIndexes: [0, 1, 5] },
          { name: 'gone', partitionIndexes: [0] },
        ])
      ).topics,
    ).toEqual([{ name: 'u', partitions: [{ partitionIndex: 1, replicas: [3, 2], addingReplicas: [3], removingReplicas: [2] }] }]);
    expect((await listReassignments(h, [{ name: 't', partitionIndexes: [0] }])).topics).toEqual([]);
  });

  it('keeps a reassignment in flight across a controller rebuilt from the metadata log', async () => {
    const h = await fourBrokers();
    await reassign(h, [3, 4]);
    const rebuilt = new Controller({
      clock: new ManualClock(),
      random: new SeededRandom(1),
      config: BrokerConfig.from({}),
      clusterId: CLUSTER_ID,
      metadataLog: [...h.controller.metadataLog],
    });
    expect(rebuilt.image.partition('t', 0)).toEqual(h.controller.image.partition('t', 0));
    rebuilt.close();
  });
});
