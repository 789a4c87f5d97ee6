import { describe, expect, it } from 'vitest';
import { PartitionChangeBuilder } from '../../src/controller/partition-change-builder';
import type { PartitionRegistration } from '../../src/protocol/metadata-image';
import { LeaderRecoveryState } from '../../src/protocol/metadata-records';

const partition = (replicas: number[], isr: number[], leader: number): PartitionRegistration => ({
  topicId: 'topic-id',
  topicName: 't',
  partition: 0,
  replicas,
  isr,
  leader,
  leaderEpoch: 5,
  partitionEpoch: 9,
  leaderRecoveryState: LeaderRecoveryState.RECOVERED,
  elr: [],
  lastKnownElr: [],
  addingReplicas: [],
  removingReplicas: [],
});
const alive =
  (...ids: number[]) =>
  (id: number) =>
    ids.includes(id);

describe('controller > election', () => {
  it('picks the first live ISR replica in replica order', () => {
    const record = new PartitionChangeBuilder(partition([1, 2, 3], [3, 2, 1], 1), alive(2, 3)).setTargetIsr([3, 2]).build();
    expect(record).toMatchObject({ leader: 2, isr: [3, 2] });
  });

  it('keeps the current leader when it is still in the ISR and active', () => {
    const record = new PartitionChangeBuilder(partition([1, 2, 3], [1, 2, 3], 2), alive(1, 2)).setTargetIsr([1, 2]).build();
    expect(record).toEqual({ type: 'PartitionChange', topicId: 'topic-id', partitionId: 0, isr: [1, 2] });
  });

  it('leaves the last ISR member in the ISR with no leader when it fails', () => {
    const record = new PartitionChangeBuilder(partition([1, 2], [2], 2), alive(1)).setTargetIsr([]).build();
    expect(record).toEqual({ type: 'PartitionChange', topicId: 'topic-id', partitionId: 0, leader: -1 });
  });

  it('elects the first live replica outside the ISR in an unclean election, which becomes the ISR and recovers', () => {
    const record = new PartitionChangeBuilder(partition([3, 1, 2], [2], 2), alive(1, 3)).setElection('UNCLEAN').setTargetIsr([]).build();
    expect(record).toMatchObject({ leader: 3, isr: [3], leaderRecoveryState: LeaderRecoveryState.RECOVERING });
  });

  it('prefers a clean ISR leader even when unclean election is allowed', () => {
    const record = new PartitionChangeBuilder(partition([3, 1, 2], [1, 2], 2), alive(1, 3))
      .setElection('UNCLEAN')
      .setTargetIsr([1])
      .build();
    expect(record).toMatchObject({ leader: 1, isr: [1] });
    expect(record?.leaderRecoveryState).toBeUndefined();
  });

  it('moves leadership to the preferred replica in a PREFERRED election when it is in the ISR and active', () => {
    expect(new PartitionChangeBuilder(partition([1, 2], [1, 2], 2), alive(1, 2)).setElection('PREFERRED').build()).toMatchObject({
      leader: 1,
    });
    expect(new PartitionChangeBuilder(partition([1, 2], [2], 2), alive(1, 2)).setElection('PREFERRED').build()).toBeUndefined();
  });

  it('changes nothing when nothing would change', () => {
    expect(new PartitionChangeBuilder(partition([1, 2], [1, 2], 1), alive(1, 2)).build()).toBeUndefined();
  });
});
