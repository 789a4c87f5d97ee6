/**
 * Eligible leader replicas (KIP-966) in the controller, behind the eligible.leader.replicas.version
 * feature as Kafka 4.1 has it: FeatureControlManager finalizes the level a new cluster was formatted
 * with (1 from 4.1 on), ReplicationControlManager hands the ELR switch and the topic's effective min
 * ISR to every PartitionChangeBuilder, handleBrokerShutdown takes a broker that restarted without a
 * clean shutdown out of the ELR, and ConfigurationControlManager clears the ELR when min ISR changes.
 */
import { describe, expect, it } from 'vitest';
import { AlterConfigOp, ConfigResourceType } from '../../src/protocol/apis/configs';
import type { MetadataLogEntry } from '../../src/protocol/apis/kraft';
import { errorCode } from '../../src/protocol/errors';
import { LeaderRecoveryState } from '../../src/protocol/metadata-records';
import { advanceWithHeartbeats, alterIsr, harness } from './harness';

const ELR = 'eligible.leader.replicas.version';

/** Brokers 1-3, topic t with one partition on [1, 2, 3] led by 1, min.insync.replicas=2. */
async function minIsrTwo(features?: Record<string, number>) {
  const h = harness(features === undefined ? {} : { features });
  await h.start([1, 2, 3]);
  await h.createTopic('t', -1, -1, {
    assignments: [{ partitionIndex: 0, brokerIds: [1, 2, 3] }],
    configs: [{ name: 'min.insync.replicas', value: '2' }],
  });
  return h;
}

const alterConfig = (h: ReturnType<typeof harness>, resourceType: ConfigResourceType, resourceName: string, value: string | null) =>
  h.controller
    .handle(
      'IncrementalAlterConfigs',
      {
        resources: [
          {
            resourceType,
            resourceName,
            configs: [{ name: 'min.insync.replicas', configOperation: value === null ? AlterConfigOp.DELETE : AlterConfigOp.SET, value }],
          },
        ],
        validateOnly: false,
      },
      'client-1',
    )
    .then((response) => response.responses[0]);

describe('controller > eligible.leader.replicas.version', () => {
  it('starts a new metadata log with the feature at 1, as Kafka 4.1 formats a new cluster (FeatureLevelRecord)', async () => {
    const h = harness();
    expect(h.controller.metadataLog[0].record).toEqual({ type: 'FeatureLevel', name: ELR, featureLevel: 1 });
    expect(h.controller.image.features.get(ELR)).toBe(1);
    const off = harness({ features: { [ELR]: 0 } });
    expect(off.controller.metadataLog[0].record).toEqual({ type: 'FeatureLevel', name: ELR, featureLevel: 0 });
    expect(off.controller.image.features.has(ELR)).toBe(false);
  });

  it('replays an old metadata log, written before the feature and the ELR fields, with ELR off', async () => {
    const old = await minIsrTwo({ [ELR]: 0 });
    // What an older build persisted: no FeatureLevelRecord, PartitionRecords without elr and lastKnownElr.
    const log: MetadataLogEntry[] = old.controller.metadataLog
      .filter((entry) => entry.record.type !== 'FeatureLevel')
      .map((entry, offset) => {
        if (entry.record.type !== 'Partition') return { ...entry, offset };
        const { elr: _elr, lastKnownElr: _lastKnownElr, ...record } = entry.record;
        return { ...entry, offset, record };
      });
    const h = harness({ metadataLog: log, clock: old.clock });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1, 2, 3], elr: [], lastKnownElr: [] });
    expect(h.controller.image.isElrFeatureEnabled()).toBe(false);
    await alterIsr(h, [1]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [] });
  });
});

describe('controller > eligible leader replicas (KIP-966)', () => {
  it('makes replicas that leave the ISR below min ISR eligible, and elects one when the last ISR member is fenced', async () => {
    const h = await minIsrTwo();
    await alterIsr(h, [1, 2]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1, 2], elr: [] });
    await alterIsr(h, [1]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [2], lastKnownElr: [] });
    // Broker 1 stops heartbeating: fenced, it leaves the ISR, which becomes empty; 2 leads from the ELR.
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      leader: 2,
      leaderEpoch: 1,
      isr: [2],
      elr: [1],
      lastKnownElr: [],
      leaderRecoveryState: LeaderRecoveryState.RECOVERED,
    });
    expect(h.controller.metrics()).toMatchObject({ ElectionFromEligibleLeaderReplicasPerSec: 1, UncleanLeaderElectionsPerSec: 0 });
  });

  it('with eligible.leader.replicas.version=0 keeps the last ISR member in the ISR and leaves the partition offline', async () => {
    const h = await minIsrTwo({ [ELR]: 0 });
    await alterIsr(h, [1]);
    await advanceWithHeartbeats(h, 9000, [2, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: -1, isr: [1], elr: [], lastKnownElr: [] });
    expect(h.controller.metrics().OfflinePartitionsCount).toBe(1);
  });

  it('empties the ISR when no eligible replica is left, remembering the last leader, and elects it uncleanly when it returns', async () => {
    const h = await minIsrTwo();
    await alterIsr(h, [1, 2]);
    await advanceWithHeartbeats(h, 9000, [1, 3]);
    await advanceWithHeartbeats(h, 9000, [3]);
    // 2, then 1, fenced: no live ISR or ELR member, and 3 was never eligible.
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: -1, isr: [], elr: [1, 2], lastKnownElr: [1] });
    // Both restart after a crash (previousBrokerEpoch -1): each leaves the ELR as it registers again.
    await h.register(2, { incarnationId: 'restarted-2' });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: -1, isr: [], elr: [1], lastKnownElr: [1] });
    await h.register(1, { incarnationId: 'restarted-1' });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ leader: -1, isr: [], elr: [], lastKnownElr: [1] });
    // Once 1 is unfenced, the last known leader is elected, as an unclean election.
    await h.heartbeat(1);
    expect(h.controller.image.partition('t', 0)).toMatchObject({
      leader: 1,
      isr: [1],
      lastKnownElr: [],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
    expect(h.controller.metrics().UncleanLeaderElectionsPerSec).toBe(1);
  });

  it('keeps in the ELR a broker that registers again after a clean shutdown, not one that crashed (handleBrokerShutdown)', async () => {
    const h = await minIsrTwo();
    await alterIsr(h, [1, 2]);
    await advanceWithHeartbeats(h, 9000, [1, 3]);
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [2] });
    const oldEpoch = h.epoch(2);
    await h.register(2, { incarnationId: 'clean-restart', previousBrokerEpoch: oldEpoch });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [2] });
    await h.register(2, { incarnationId: 'crashed' });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [] });
  });

  it('clears the ELR when min.insync.replicas changes, since the HW may then move (ClearElrRecord)', async () => {
    const h = await minIsrTwo();
    await alterIsr(h, [1]);
    expect(h.controller.image.partition('t', 0)!.elr).toEqual([2, 3]);
    const before = h.controller.image.partition('t', 0)!.partitionEpoch;
    expect((await alterConfig(h, ConfigResourceType.TOPIC, 't', '1')).errorCode).toBe(0);
    expect(h.controller.metadataLog.at(-1)!.record).toEqual({ type: 'ClearElr', topicName: 't' });
    expect(h.controller.image.partition('t', 0)).toMatchObject({ isr: [1], elr: [], lastKnownElr: [], partitionEpoch: before + 1 });
  });

  it('refuses a broker-level min.insync.replicas, and removing the cluster-level one, while ELR is enabled', async () => {
    const h = await minIsrTwo();
    expect(await alterConfig(h, ConfigResourceType.BROKER, '1', '2')).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
      errorMessage: 'Broker-level min.insync.replicas cannot be altered while ELR is enabled.',
    });
    expect(await alterConfig(h, ConfigResourceType.BROKER, '', null)).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
      errorMessage: 'Cluster-level min.insync.replicas cannot be removed while ELR is enabled.',
    });
    expect((await alterConfig(h, ConfigResourceType.BROKER, '', '2')).errorCode).toBe(0);
    expect(h.controller.metadataLog.at(-1)!.record).toEqual({ type: 'ClearElr', topicName: '' });
    const off = await minIsrTwo({ [ELR]: 0 });
    expect((await alterConfig(off, ConfigResourceType.BROKER, '1', '2')).errorCode).toBe(0);
  });
});
