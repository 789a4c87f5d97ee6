/**
 * How the page explains a consumer group that cannot form because __consumer_offsets cannot be
 * created yet. Kafka asks for offsets.topic.replication.factor replicas (default 3) and the
 * controller refuses more than the registered brokers (AutoTopicCreationManager, StripedReplicaPlacer),
 * so FindCoordinator answers COORDINATOR_NOT_AVAILABLE until the cluster is big enough; Kafka's
 * quickstart server.properties sets the factor to 1 for its single broker.
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_PRESET,
  KAFKA_DEFAULTS,
  SINGLE_BROKER_CONFIGS,
  presetConfig,
  runsSingleBrokerConfigs,
} from '../../src/cluster/timing-presets';
import type { ConsumerGroupWorkloadSnapshot } from '../../src/workload/workload-types';
import { KafkaError } from '../../src/protocol/errors';
import { groupWaitingHint, offsetsTopicShortfall } from '../../src/ui/state/coordinator-hint';
import { errorText } from '../../src/ui/state/error-text';
import { describeCluster } from './fixtures';

const SHORT_OF_ONE =
  '__consumer_offsets needs offsets.topic.replication.factor (3) brokers and this cluster has 1, so no group coordinator can be found ' +
  '(COORDINATOR_NOT_AVAILABLE). Add 2 brokers, or reset the cluster with the single-broker settings ' +
  "(offsets.topic.replication.factor=1, as Kafka's quickstart server.properties has it).";

function group(memberIds: string[], state: 'running' | 'stopped' = 'running'): ConsumerGroupWorkloadSnapshot {
  return {
    kind: 'consumer-group',
    id: 'consumer-group-1',
    spec: { groupId: 'billing', topics: ['orders'] },
    state,
    members: memberIds.map((memberId, i) => ({
      clientId: `consumer-group-1-member-${i + 1}`,
      memberId,
      assignment: [],
      partitions: [],
      recordsReceived: 0,
      recordsLagMax: null,
      crashed: false,
    })),
    recordsReceived: 0,
    received: [],
    lastError: null,
  };
}

describe('ui > coordinator hint', () => {
  it('finds the shortfall: fewer registered brokers than offsets.topic.replication.factor, and no __consumer_offsets yet', () => {
    expect(offsetsTopicShortfall({}, describeCluster(1, []))).toEqual({ replicationFactor: 3, brokers: 1 });
    expect(offsetsTopicShortfall({ 'offsets.topic.replication.factor': 2 }, describeCluster(1, []))).toEqual({
      replicationFactor: 2,
      brokers: 1,
    });
  });

  it('finds none once the cluster is big enough, the factor fits it, or the topic exists', () => {
    expect(offsetsTopicShortfall({}, describeCluster(3, []))).toBeNull();
    expect(offsetsTopicShortfall({ 'offsets.topic.replication.factor': 1 }, describeCluster(1, []))).toBeNull();
    expect(offsetsTopicShortfall({}, describeCluster(1, [{ name: '__consumer_offsets', partitions: 1, replicationFactor: 1 }]))).toBeNull();
  });

  it('counts a fenced or stopped broker as registered, as the controller does', () => {
    const cluster = describeCluster(3, []);
    cluster.brokers[2] = { ...cluster.brokers[2], state: 'killed' };
    expect(offsetsTopicShortfall({}, cluster)).toBeNull();
  });

  it('explains a running group none of whose members has joined: which config, how many brokers, what to do', () => {
    const shortfall = offsetsTopicShortfall({}, describeCluster(1, []));
    expect(groupWaitingHint(group(['', '']), shortfall)).toBe(SHORT_OF_ONE);
    expect(groupWaitingHint(group(['', '']), offsetsTopicShortfall({}, describeCluster(2, [])))).toContain('Add 1 broker, or reset');
  });

  it('says nothing of a group that has joined, has stopped, or could form', () => {
    const shortfall = offsetsTopicShortfall({}, describeCluster(1, []));
    expect(groupWaitingHint(group(['member-a']), shortfall)).toBeNull();
    expect(groupWaitingHint(group([''], 'stopped'), shortfall)).toBeNull();
    expect(groupWaitingHint(group(['']), null)).toBeNull();
  });

  it('gives COORDINATOR_NOT_AVAILABLE the same advice when the shortfall explains it, and a general one otherwise', () => {
    const shortfall = offsetsTopicShortfall({}, describeCluster(1, []));
    expect(errorText(new KafkaError('COORDINATOR_NOT_AVAILABLE'), { shortfall })).toBe(
      `COORDINATOR_NOT_AVAILABLE: The coordinator is not available. ${SHORT_OF_ONE}`,
    );
    expect(errorText(new KafkaError('COORDINATOR_NOT_AVAILABLE'))).toBe(
      "COORDINATOR_NOT_AVAILABLE: The coordinator is not available. The leader of the group's __consumer_offsets partition is not " +
        'available yet; the client asks again. If it lasts, restart the brokers that host __consumer_offsets.',
    );
  });

  it('says the shortfall in Korean, with the config key, the numbers and the error name', () => {
    const shortfall = offsetsTopicShortfall({}, describeCluster(1, []));
    const hint = groupWaitingHint(group(['']), shortfall, 'ko');
    expect(hint).toContain('__consumer_offsets 토픽에는 브로커가 offsets.topic.replication.factor(3)개 필요한데 이 클러스터에는 1개뿐');
    expect(hint).toContain('COORDINATOR_NOT_AVAILABLE');
    expect(hint).toContain('브로커를 2개 추가하거나');
    expect(errorText(new KafkaError('COORDINATOR_NOT_AVAILABLE'), { shortfall }, 'ko')).toBe(
      `COORDINATOR_NOT_AVAILABLE: The coordinator is not available. ${hint}`,
    );
  });

  it("offers the quickstart's single-broker settings with either timing preset", () => {
    expect(SINGLE_BROKER_CONFIGS).toEqual({ 'offsets.topic.replication.factor': 1 });
    expect(presetConfig(DEMO_PRESET, true)).toEqual({ ...DEMO_PRESET.broker, 'offsets.topic.replication.factor': 1 });
    expect(presetConfig(KAFKA_DEFAULTS, false)).toEqual(KAFKA_DEFAULTS.broker);
    expect(runsSingleBrokerConfigs(presetConfig(KAFKA_DEFAULTS, true))).toBe(true);
    expect(runsSingleBrokerConfigs({})).toBe(false);
    expect(runsSingleBrokerConfigs({ 'offsets.topic.replication.factor': '1' })).toBe(true);
  });
});
