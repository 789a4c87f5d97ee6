import { describe, expect, it } from 'vitest';
import { AlterConfigOp, ConfigResourceType, type IncrementalAlterConfigsRequest } from '../../src/protocol/apis/configs';
import { errorCode } from '../../src/protocol/errors';
import { ConfigResource } from '../../src/protocol/metadata-records';
import { resourceKey } from '../../src/protocol/metadata-image';
import { harness, type Harness } from './harness';

type Op = { name: string; configOperation: AlterConfigOp; value: string | null };

const alter = (h: Harness, resourceType: ConfigResourceType, resourceName: string, configs: Op[], validateOnly = false) =>
  h.controller
    .handle(
      'IncrementalAlterConfigs',
      { resources: [{ resourceType, resourceName, configs }], validateOnly } satisfies IncrementalAlterConfigsRequest,
      'c',
    )
    .then((r) => r.responses[0]);

async function withTopic() {
  const h = harness();
  await h.start([1]);
  await h.createTopic('t', 1, 1);
  return h;
}

describe('controller > incremental alter configs', () => {
  it('sets and deletes topic overrides through ConfigRecords', async () => {
    const h = await withTopic();
    expect(
      await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'retention.ms', configOperation: AlterConfigOp.SET, value: '1000' }]),
    ).toEqual({ errorCode: 0, errorMessage: null, resourceType: ConfigResourceType.TOPIC, resourceName: 't' });
    expect(h.controller.metadataLog.at(-1)!.record).toEqual({
      type: 'Config',
      resourceType: ConfigResource.TOPIC,
      resourceName: 't',
      name: 'retention.ms',
      value: '1000',
    });
    expect(h.controller.image.topicConfig('t')).toEqual({ 'retention.ms': '1000' });
    await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'retention.ms', configOperation: AlterConfigOp.DELETE, value: null }]);
    expect(h.controller.image.topicConfig('t')).toEqual({});
  });

  it('appends to and subtracts from list configs, starting from the default', async () => {
    const h = await withTopic();
    await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'cleanup.policy', configOperation: AlterConfigOp.APPEND, value: 'compact' }]);
    expect(h.controller.image.topicConfig('t')['cleanup.policy']).toBe('delete,compact');
    await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'cleanup.policy', configOperation: AlterConfigOp.SUBTRACT, value: 'delete' }]);
    expect(h.controller.image.topicConfig('t')['cleanup.policy']).toBe('compact');
  });

  it('refuses APPEND to a config that is not a list', async () => {
    const h = await withTopic();
    expect(
      await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'retention.ms', configOperation: AlterConfigOp.APPEND, value: '5' }]),
    ).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
      errorMessage: "Can't APPEND to key retention.ms because its type is not LIST.",
    });
  });

  it('refuses unknown names and invalid values with INVALID_CONFIG, writing nothing', async () => {
    const h = await withTopic();
    const before = h.controller.metadataLog.length;
    expect(
      await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'bogus', configOperation: AlterConfigOp.SET, value: '1' }]),
    ).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
      errorMessage: 'Unknown topic config name: bogus',
    });
    expect(
      (await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'min.insync.replicas', configOperation: AlterConfigOp.SET, value: '0' }]))
        .errorCode,
    ).toBe(errorCode('INVALID_CONFIG'));
    expect(h.controller.metadataLog.length).toBe(before);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist', async () => {
    const h = await withTopic();
    expect(
      (await alter(h, ConfigResourceType.TOPIC, 'nope', [{ name: 'retention.ms', configOperation: AlterConfigOp.SET, value: '1' }]))
        .errorCode,
    ).toBe(errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
  });

  it('stores broker configs per broker and cluster-wide, and refuses bad broker resource names and values', async () => {
    const h = await withTopic();
    await alter(h, ConfigResourceType.BROKER, '', [{ name: 'min.insync.replicas', configOperation: AlterConfigOp.SET, value: '2' }]);
    await alter(h, ConfigResourceType.BROKER, '1', [{ name: 'log.retention.ms', configOperation: AlterConfigOp.SET, value: '5000' }]);
    expect(h.controller.image.configs.get(resourceKey(ConfigResource.BROKER, ''))?.get('min.insync.replicas')).toBe('2');
    expect(h.controller.image.configs.get(resourceKey(ConfigResource.BROKER, '1'))?.get('log.retention.ms')).toBe('5000');
    expect(await alter(h, ConfigResourceType.BROKER, 'one', [])).toMatchObject({
      errorCode: errorCode('INVALID_REQUEST'),
      errorMessage: 'Illegal non-integral BROKER resource type name.',
    });
    expect(
      (await alter(h, ConfigResourceType.BROKER, '1', [{ name: 'log.retention.ms', configOperation: AlterConfigOp.SET, value: 'soon' }]))
        .errorCode,
    ).toBe(errorCode('INVALID_CONFIG'));
  });

  it('keeps a name it does not know on a broker resource, as Kafka keeps custom broker configs', async () => {
    // DynamicConfig.Broker.validate allows custom props; kafkajs's alterConfigs spec sets cleanup.policy on a broker.
    const h = await withTopic();
    expect(
      (await alter(h, ConfigResourceType.BROKER, '1', [{ name: 'cleanup.policy', configOperation: AlterConfigOp.SET, value: 'compact' }]))
        .errorCode,
    ).toBe(0);
    expect(h.controller.image.configs.get(resourceKey(ConfigResource.BROKER, '1'))?.get('cleanup.policy')).toBe('compact');
    await alter(h, ConfigResourceType.BROKER, '', [{ name: 'custom.setting', configOperation: AlterConfigOp.SET, value: 'x' }]);
    // The cluster-wide defaults, read when a topic is created, still resolve.
    expect(await h.createTopic('u', 1, 1)).toMatchObject({ errorCode: 0 });
  });

  it('validates without writing for validateOnly', async () => {
    const h = await withTopic();
    const before = h.controller.metadataLog.length;
    expect(
      (await alter(h, ConfigResourceType.TOPIC, 't', [{ name: 'retention.ms', configOperation: AlterConfigOp.SET, value: '9' }], true))
        .errorCode,
    ).toBe(0);
    expect(h.controller.metadataLog.length).toBe(before);
  });
});

/**
 * The legacy AlterConfigs (api key 33), as KRaft's ConfigurationControlManager.legacyAlterConfigs
 * serves it: a resource's dynamic configs become exactly the ones named.
 */
describe('controller > legacy alter configs', () => {
  const legacyAlter = (h: Harness, resourceName: string, configs: { name: string; value: string | null }[], validateOnly = false) =>
    h.controller
      .handle('AlterConfigs', { resources: [{ resourceType: ConfigResourceType.TOPIC, resourceName, configs }], validateOnly }, 'c')
      .then((r) => r.responses[0]);
  const set = (h: Harness, name: string, value: string) =>
    alter(h, ConfigResourceType.TOPIC, 't', [{ name, configOperation: AlterConfigOp.SET, value }]);

  it('replaces the whole set of a topic’s dynamic configs, removing those it does not name', async () => {
    const h = await withTopic();
    await set(h, 'retention.ms', '1000');
    await set(h, 'cleanup.policy', 'compact');
    expect(await legacyAlter(h, 't', [{ name: 'max.message.bytes', value: '2048' }])).toEqual({
      errorCode: 0,
      errorMessage: null,
      resourceType: ConfigResourceType.TOPIC,
      resourceName: 't',
    });
    expect(h.controller.image.topicConfig('t')).toEqual({ 'max.message.bytes': '2048' });
  });

  it('changes nothing when asked to validate only, and nothing when a value is invalid', async () => {
    const h = await withTopic();
    await set(h, 'retention.ms', '1000');
    await legacyAlter(h, 't', [], true);
    expect(h.controller.image.topicConfig('t')).toEqual({ 'retention.ms': '1000' });
    expect(await legacyAlter(h, 't', [{ name: 'cleanup.policy', value: 'shred' }])).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
    });
    expect(h.controller.image.topicConfig('t')).toEqual({ 'retention.ms': '1000' });
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist', async () => {
    const h = await withTopic();
    expect(await legacyAlter(h, 'missing', [])).toMatchObject({ errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION') });
  });
});
