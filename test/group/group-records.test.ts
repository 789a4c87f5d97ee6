import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, MemberState, type CoordinatorRecord } from '../../src/group/group-records';

const TOPIC_ID = 'AAECAwQFBgcICQoLDA0ODw';

describe('group > records', () => {
  it('writes an offset commit as OffsetCommitKey (type 1) and OffsetCommitValue v3, byte for byte', () => {
    const { key, value } = encodeRecord({
      type: 'OffsetCommit',
      groupId: 'g',
      topic: 't',
      partition: 1,
      value: { offset: 42, leaderEpoch: 3, metadata: '', commitTimestamp: 1000 },
    });
    expect([...key]).toEqual([0, 1, 0, 1, 103, 0, 1, 116, 0, 0, 0, 1]);
    expect([...value!]).toEqual([0, 3, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8]);
  });

  it('reads back every record type it writes, tombstones included', () => {
    const records: CoordinatorRecord[] = [
      {
        type: 'OffsetCommit',
        groupId: 'g',
        topic: 'orders',
        partition: 7,
        value: { offset: 2 ** 40, leaderEpoch: -1, metadata: 'm', commitTimestamp: 5 },
      },
      { type: 'OffsetCommit', groupId: 'g', topic: 'orders', partition: 7, value: null },
      {
        type: 'GroupMetadata',
        groupId: 'g',
        value: {
          protocolType: 'consumer',
          generation: 4,
          protocol: 'range',
          leader: 'm1',
          currentStateTimestamp: 99,
          members: [
            {
              memberId: 'm1',
              groupInstanceId: 'i1',
              clientId: 'c',
              clientHost: '/h',
              rebalanceTimeout: 300000,
              sessionTimeout: 45000,
              subscription: new Uint8Array([1, 2]),
              assignment: new Uint8Array([3]),
            },
          ],
        },
      },
      { type: 'ConsumerGroupMetadata', groupId: 'g', value: { epoch: 12, metadataHash: -5 } },
      {
        type: 'ConsumerGroupMemberMetadata',
        groupId: 'g',
        memberId: 'm',
        value: {
          instanceId: null,
          rackId: 'r1',
          clientId: 'c',
          clientHost: '/h',
          subscribedTopicNames: ['a', 'b'],
          subscribedTopicRegex: null,
          rebalanceTimeoutMs: 30000,
          serverAssignor: 'uniform',
        },
      },
      { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: { assignmentEpoch: 12 } },
      {
        type: 'ConsumerGroupTargetAssignmentMember',
        groupId: 'g',
        memberId: 'm',
        value: { topicPartitions: [{ topicId: TOPIC_ID, partitions: [0, 2] }] },
      },
      {
        type: 'ConsumerGroupCurrentMemberAssignment',
        groupId: 'g',
        memberId: 'm',
        value: {
          memberEpoch: 12,
          previousMemberEpoch: 11,
          state: MemberState.UNREVOKED_PARTITIONS,
          assignedPartitions: [{ topicId: TOPIC_ID, partitions: [0] }],
          partitionsPendingRevocation: [{ topicId: TOPIC_ID, partitions: [1] }],
        },
      },
      { type: 'ConsumerGroupCurrentMemberAssignment', groupId: 'g', memberId: 'm', value: null },
    ];
    for (const record of records) {
      const { key, value } = encodeRecord(record);
      expect(decodeRecord(key, value)).toEqual(record);
    }
  });

  it('skips record types it does not keep (share and streams groups)', () => {
    expect(decodeRecord(new Uint8Array([0, 11, 0, 1, 103]), null)).toBeNull();
  });
});
