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

/**
 * KIP-966 as Kafka's PartitionChangeBuilder runs it with eligible.leader.replicas.version=1: while
 * the ISR is below min.insync.replicas the HW stands still, so a replica leaving the ISR then still
 * holds every committed record and becomes an eligible leader replica (ELR); with the ISR empty, an
 * ELR member can lead without an unclean election. Partitions here have min ISR 2 unless told.
 */
describe('controller > eligible leader replicas (KIP-966)', () => {
  const elr = { eligibleLeaderReplicasEnabled: true, minIsr: 2 };
  const withElr = (base: PartitionRegistration, elrMembers: number[], lastKnownElr: number[] = []): PartitionRegistration => ({
    ...base,
    elr: elrMembers,
    lastKnownElr,
  });

  it('makes a replica that leaves the ISR while it is below min ISR eligible (maybePopulateTargetElr)', () => {
    const record = new PartitionChangeBuilder(partition([1, 2, 3], [1, 2], 1), alive(1, 2, 3), elr).setTargetIsr([1]).build();
    expect(record).toEqual({ type: 'PartitionChange', topicId: 'topic-id', partitionId: 0, isr: [1], elr: [2] });
  });

  it('keeps the ELR empty while the ISR stays at or above min ISR, and clears it once the ISR is back there', () => {
    expect(new PartitionChangeBuilder(partition([1, 2, 3], [1, 2, 3], 1), alive(1, 2, 3), elr).setTargetIsr([1, 2]).build()).toEqual({
      type: 'PartitionChange',
      topicId: 'topic-id',
      partitionId: 0,
      isr: [1, 2],
    });
    const below = withElr(partition([1, 2, 3], [1], 1), [2]);
    expect(new PartitionChangeBuilder(below, alive(1, 2, 3), elr).setTargetIsr([1, 3]).build()).toMatchObject({ isr: [1, 3], elr: [] });
  });

  it('lets the ISR become empty when its last member fails, keeping it eligible and remembering it as the last known leader', () => {
    const record = new PartitionChangeBuilder(partition([1, 2, 3], [1], 1), alive(2, 3), elr).setTargetIsr([]).build();
    expect(record).toEqual({
      type: 'PartitionChange',
      topicId: 'topic-id',
      partitionId: 0,
      leader: -1,
      isr: [],
      elr: [1],
      lastKnownElr: [1],
    });
  });

  it('elects a live ELR member when the ISR is empty: it becomes the ISR, cleanly, and leaves the ELR', () => {
    const record = new PartitionChangeBuilder(withElr(partition([1, 2, 3], [1], 1), [2]), alive(2, 3), elr).setTargetIsr([]).build();
    expect(record).toEqual({ type: 'PartitionChange', topicId: 'topic-id', partitionId: 0, leader: 2, isr: [2], elr: [1] });
  });

  it('prefers an ISR member to an ELR member, and elects from the ELR only when the ISR is empty', () => {
    const below = withElr(partition([3, 1, 2], [1, 2], 1), [3]);
    expect(new PartitionChangeBuilder(below, alive(2, 3), elr).setTargetIsr([2]).build()).toMatchObject({
      leader: 2,
      isr: [2],
      elr: [1, 3],
    });
  });

  it('takes a replica that restarted without a clean shutdown out of the ELR (uncleanShutdownReplicas)', () => {
    // Broker 1, the last leader, is still fenced; broker 2 registers again after a crash.
    const offline = withElr(partition([1, 2, 3], [], -1), [1, 2], [1]);
    const record = new PartitionChangeBuilder(offline, alive(), elr).setUncleanShutdownReplicas([2]).setTargetIsr([]).build();
    expect(record).toEqual({ type: 'PartitionChange', topicId: 'topic-id', partitionId: 0, elr: [1] });
  });

  it('elects the last known leader, uncleanly, once the ISR and ELR are empty and it may lead again (canElectLastKnownLeader)', () => {
    const lastLeaderOnly = withElr(partition([1, 2, 3], [], -1), [], [1]);
    expect(new PartitionChangeBuilder(lastLeaderOnly, alive(1, 2), elr).build()).toEqual({
      type: 'PartitionChange',
      topicId: 'topic-id',
      partitionId: 0,
      leader: 1,
      isr: [1],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
      lastKnownElr: [],
    });
    // KAFKA-19522: a fenced last known leader is not elected.
    expect(new PartitionChangeBuilder(lastLeaderOnly, alive(2), elr).build()).toBeUndefined();
  });

  it('does none of it with eligible.leader.replicas.version=0: the last ISR member stays in the ISR', () => {
    const off = { eligibleLeaderReplicasEnabled: false, minIsr: 2 };
    expect(new PartitionChangeBuilder(partition([1, 2, 3], [1, 2], 1), alive(1, 2, 3), off).setTargetIsr([1]).build()).toEqual({
      type: 'PartitionChange',
      topicId: 'topic-id',
      partitionId: 0,
      isr: [1],
    });
    expect(new PartitionChangeBuilder(partition([1, 2, 3], [1], 1), alive(2, 3), off).setTargetIsr([]).build()).toEqual({
      type: 'PartitionChange',
      topicId: 'topic-id',
      partitionId: 0,
      leader: -1,
    });
  });
});
