import { describe, expect, it } from 'vitest';
import { ElectionType } from '../../src/protocol/apis/elect-leaders';
import { AlterConfigOp, ConfigResourceType } from '../../src/protocol/apis/configs';
import { errorCode } from '../../src/protocol/errors';
import { LeaderRecoveryState } from '../../src/protocol/metadata-records';
import { advanceWithHeartbeats, alterIsr, harness, type Harness } from './harness';

async function threeBrokerTopic(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  await h.start([1, 2, 3]);
  await h.createTopic('t', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1, 2, 3] }] });
  return h;
}

describe('controller > alter partition', () => {
  it('shrinks the ISR, bumping the partition epoch but not the leader epoch', async () => {
    const h = await threeBrokerTopic();
    const response = await alterIsr(h, [1, 2]);
    expect(response.topics[0].partitions[0]).toMatchObject({ errorCode: 0, leaderId: 1, leaderEpoch: 0, partitionEpoch: 1, isr: [1, 2] });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 });
  });

  it('answers FENCED_LEADER_EPOCH for an old leader epoch and INVALID_UPDATE_VERSION for an old partition epoch', async () => {
    const h = await threeBrokerTopic();
    await alterIsr(h, [1, 2]);
    await h.controller.handle('ElectLeaders', { electionType: ElectionType.PREFERRED, topicPartitions: null, timeoutMs: 1 }, 'c');
    const stalePartitionEpoch = await alterIsr(h, [1, 2, 3], { partitionEpoch: 0 });
    expect(stalePartitionEpoch.topics[0].partitions[0].errorCode).toBe(errorCode('INVALID_UPDATE_VERSION'));
    // Move leadership to 2 and back to 1: leader epoch 2.
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    await h.register(1, { incarnationId: 'back' });
    await h.heartbeat(1);
    const p = h.controller.image.partition('t', 0)!;
    expect(p.leader).toBe(2);
    const staleLeaderEpoch = await alterIsr(h, [2], { leaderEpoch: p.leaderEpoch - 1 });
    expect(staleLeaderEpoch.topics[0].partitions[0].errorCode).toBe(errorCode('FENCED_LEADER_EPOCH'));
  });

  it('answers INVALID_REQUEST to a broker that is not the leader', async () => {
    const h = await threeBrokerTopic();
    const response = await alterIsr(h, [1, 2], {}, 2);
    expect(response.topics[0].partitions[0].errorCode).toBe(errorCode('INVALID_REQUEST'));
  });

  it('answers INELIGIBLE_REPLICA when the new ISR holds a fenced broker or a stale broker epoch', async () => {
    const h = await threeBrokerTopic();
    await alterIsr(h, [1, 2]);
    const wrongEpoch = await h.controller.handle(
      'AlterPartition',
      {
        brokerId: 1,
        brokerEpoch: h.epoch(1),
        topics: [
          {
            topicName: 't',
            partitions: [
              {
                partitionIndex: 0,
                leaderEpoch: 0,
                partitionEpoch: h.controller.image.partition('t', 0)!.partitionEpoch,
                leaderRecoveryState: 0,
                newIsrWithEpochs: [
                  { brokerId: 1, brokerEpoch: h.epoch(1) },
                  { brokerId: 3, brokerEpoch: 999 },
                ],
              },
            ],
          },
        ],
      },
      'broker-1',
    );
    expect(wrongEpoch.topics[0].partitions[0].errorCode).toBe(errorCode('INELIGIBLE_REPLICA'));
    await advanceWithHeartbeats(h, 9000, [1, 2]);
    const fenced = await alterIsr(h, [1, 2, 3]);
    expect(fenced.topics[0].partitions[0].errorCode).toBe(errorCode('INELIGIBLE_REPLICA'));
  });

  it('answers INVALID_REQUEST to a new ISR without the leader, and changes nothing (validateAlterPartitionData)', async () => {
    const h = await threeBrokerTopic();
    const response = await alterIsr(h, [2, 3]);
    expect(response.topics[0].partitions[0].errorCode).toBe(errorCode('INVALID_REQUEST'));
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 1, isr: [1, 2, 3], leaderEpoch: 0, partitionEpoch: 0 });
  });

  it('answers FENCED_LEADER_EPOCH to a former leader with an old leader epoch, before checking it leads, as Kafka orders it', async () => {
    const h = await threeBrokerTopic();
    // Broker 1 is fenced and comes back: 2 leads in leader epoch 1.
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    await h.register(1, { incarnationId: 'back' });
    await h.heartbeat(1);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 2, leaderEpoch: 1 });
    const stale = await alterIsr(h, [1, 2, 3], { leaderEpoch: 0 }, 1);
    expect(stale.topics[0].partitions[0].errorCode).toBe(errorCode('FENCED_LEADER_EPOCH'));
  });

  it('rejects the whole request with STALE_BROKER_EPOCH from an old registration', async () => {
    const h = await threeBrokerTopic();
    const response = await h.controller.handle('AlterPartition', { brokerId: 1, brokerEpoch: 12345, topics: [] }, 'broker-1');
    expect(response.errorCode).toBe(errorCode('STALE_BROKER_EPOCH'));
  });

  it('lets a recovering leader mark the partition recovered', async () => {
    const h = harness({ config: { 'unclean.leader.election.enable': true } });
    await h.start([1, 2]);
    await h.createTopic('t', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }] });
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      leader: 2,
      isr: [2],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
    await alterIsr(h, [2], { leaderRecoveryState: LeaderRecoveryState.RECOVERED });
    expect(h.controller.image.partition('t', 0)!.leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERED);
  });
});

describe('controller > leader election on failure', () => {
  it('elects the next ISR replica in replica order and bumps both epochs when the leader is fenced', async () => {
    const h = await threeBrokerTopic();
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 1, partitionEpoch: 1 });
  });

  it('without ELR, keeps the last ISR member as the ISR with no leader, and counts the partition offline', async () => {
    const h = await threeBrokerTopic({ features: { 'eligible.leader.replicas.version': 0 } });
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: -1, isr: [1] });
    expect(h.controller.metrics().OfflinePartitionsCount).toBe(1);
  });

  it('elects a live out-of-sync replica when the topic allows unclean election, and counts it', async () => {
    const h = await threeBrokerTopic();
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
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      leader: 2,
      isr: [2],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
    expect(h.controller.metrics().UncleanLeaderElectionsPerSec).toBe(1);
  });

  it('retries unclean elections every unclean.leader.election.interval.ms once the config allows it', async () => {
    const h = await threeBrokerTopic({ config: { 'unclean.leader.election.interval.ms': 60_000 } });
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)!.leader).toBe(-1);
    await h.controller.handle(
      'IncrementalAlterConfigs',
      {
        resources: [
          {
            resourceType: ConfigResourceType.BROKER,
            resourceName: '',
            configs: [{ name: 'unclean.leader.election.enable', configOperation: AlterConfigOp.SET, value: 'true' }],
          },
        ],
        validateOnly: false,
      },
      'c',
    );
    await advanceWithHeartbeats(h, 60_000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 2, isr: [2] });
  });
});

describe('controller > elect leaders', () => {
  const elect = (h: Harness, electionType: ElectionType) =>
    h.controller
      .handle('ElectLeaders', { electionType, topicPartitions: [{ topic: 't', partitions: [0] }], timeoutMs: 1000 }, 'c')
      .then((r) => r.replicaElectionResults[0].partitionResult[0]);

  it('answers ELECTION_NOT_NEEDED when the preferred replica already leads', async () => {
    const h = await threeBrokerTopic();
    expect((await elect(h, ElectionType.PREFERRED)).errorCode).toBe(errorCode('ELECTION_NOT_NEEDED'));
  });

  it('moves leadership back to the preferred replica once it is in the ISR', async () => {
    const h = await threeBrokerTopic({ config: { 'auto.leader.rebalance.enable': false } });
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    await h.register(1, { incarnationId: 'back' });
    await h.heartbeat(1);
    expect((await elect(h, ElectionType.PREFERRED)).errorCode).toBe(errorCode('PREFERRED_LEADER_NOT_AVAILABLE'));
    await alterIsr(h, [2, 3, 1]);
    expect(await elect(h, ElectionType.PREFERRED)).toEqual({ partitionId: 0, errorCode: 0, errorMessage: null });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 2 });
  });

  it('answers ELECTION_NOT_NEEDED to an unclean election of a partition that has a leader', async () => {
    const h = await threeBrokerTopic();
    expect((await elect(h, ElectionType.UNCLEAN)).errorCode).toBe(errorCode('ELECTION_NOT_NEEDED'));
  });

  it('elects an out-of-sync replica on request even when the topic forbids unclean election', async () => {
    const h = await threeBrokerTopic();
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect((await elect(h, ElectionType.UNCLEAN)).errorCode).toBe(0);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      leader: 2,
      isr: [2],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
  });

  it('answers ELIGIBLE_LEADERS_NOT_AVAILABLE when no replica is alive', async () => {
    const h = await threeBrokerTopic();
    await h.clock.advance(30_000);
    expect((await elect(h, ElectionType.UNCLEAN)).errorCode).toBe(errorCode('ELIGIBLE_LEADERS_NOT_AVAILABLE'));
  });

  it('names a missing topic or partition', async () => {
    const h = await threeBrokerTopic();
    const response = await h.controller.handle(
      'ElectLeaders',
      {
        electionType: ElectionType.PREFERRED,
        topicPartitions: [
          { topic: 'nope', partitions: [0] },
          { topic: 't', partitions: [7] },
        ],
        timeoutMs: 1,
      },
      'c',
    );
    expect(response.replicaElectionResults.map((r) => r.partitionResult[0].errorMessage)).toEqual([
      'No such topic as nope',
      'No such partition as t-7',
    ]);
  });
});

describe('controller > auto leader rebalance', () => {
  async function imbalanced(config: Record<string, string | number | boolean> = {}) {
    const h = await threeBrokerTopic({ config });
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    await h.register(1, { incarnationId: 'back' });
    await h.heartbeat(1);
    await alterIsr(h, [2, 3, 1]);
    expect(h.controller.image.partition('t', 0)!.leader).toBe(2);
    expect(h.controller.metrics().PreferredReplicaImbalanceCount).toBe(1);
    return h;
  }

  it('elects preferred leaders leader.imbalance.check.interval.seconds after the imbalance appeared', async () => {
    const h = await imbalanced({ 'leader.imbalance.check.interval.seconds': 30 });
    // The check was scheduled when broker 1 was fenced (9 s in), so it runs at 39 s.
    await advanceWithHeartbeats(h, 29_000, [1, 2, 3]);
    expect(h.controller.image.partition('t', 0)!.leader).toBe(2);
    await advanceWithHeartbeats(h, 2000, [1, 2, 3]);
    expect(h.controller.image.partition('t', 0)!.leader).toBe(1);
    expect(h.controller.metrics().PreferredReplicaImbalanceCount).toBe(0);
  });

  it('does nothing when auto.leader.rebalance.enable is false', async () => {
    const h = await imbalanced({ 'auto.leader.rebalance.enable': false, 'leader.imbalance.check.interval.seconds': 1 });
    await advanceWithHeartbeats(h, 10_000, [1, 2, 3]);
    expect(h.controller.image.partition('t', 0)!.leader).toBe(2);
  });

  it('elects at most 1000 leaders per pass and runs the next pass almost at once', async () => {
    const h = harness({ config: { 'leader.imbalance.check.interval.seconds': 5 } });
    await h.start([1, 2]);
    await h.createTopic('big', -1, -1, { assignments: Array.from({ length: 1200 }, (_, i) => ({ partitionIndex: i, brokerIds: [1, 2] })) });
    await advanceWithHeartbeats(h, 9000, [2]);
    await h.register(1, { incarnationId: 'back' });
    await h.heartbeat(1);
    for (let p = 0; p < 1200; p++) {
      const partition = h.controller.image.partition('big', p)!;
      await h.controller.handle(
        'AlterPartition',
        {
          brokerId: 2,
          brokerEpoch: h.epoch(2),
          topics: [
            {
              topicName: 'big',
              partitions: [
                {
                  partitionIndex: p,
                  leaderEpoch: partition.leaderEpoch,
                  partitionEpoch: partition.partitionEpoch,
                  leaderRecoveryState: 0,
                  newIsrWithEpochs: [
                    { brokerId: 2, brokerEpoch: h.epoch(2) },
                    { brokerId: 1, brokerEpoch: h.epoch(1) },
                  ],
                },
              ],
            },
          ],
        },
        'broker-2',
      );
    }
    const led = () => [...h.controller.image.topicsByName.get('big')!.partitions.values()].filter((p) => p.leader === 1).length;
    let firstPass = 0;
    const unsubscribe = h.controller.onAppend((entries) => {
      if (firstPass === 0 && entries.length >= 1000) firstPass = entries.length;
    });
    await advanceWithHeartbeats(h, 6000, [1, 2], 1000);
    unsubscribe();
    expect(firstPass).toBe(1000);
    expect(led()).toBe(1200);
  });
});
