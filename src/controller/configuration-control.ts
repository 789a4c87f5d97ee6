/**
 * Topic and broker configs as the controller keeps them (Kafka's ConfigurationControlManager):
 * validates IncrementalAlterConfigs and the configs of new topics, and turns them into ConfigRecords.
 */
import type { AlterConfigsRequest, IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../protocol/apis/configs';
import { AlterConfigOp, ConfigResourceType } from '../protocol/apis/configs';
import { BROKER_CONFIGS } from '../protocol/broker-configs';
import { BrokerConfig, logConfig, validateTopicConfigs, type LogConfig } from '../protocol/configs';
import { TOPIC_CONFIGS } from '../protocol/topic-configs';
import { ERRORS, KafkaError, fail } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import { resourceKey } from '../protocol/metadata-image';
import { ConfigResource, type ClearElrRecord, type ConfigRecord } from '../protocol/metadata-records';
import type { ControllerResult } from './controller-result';
import { invalidTopicNameMessage } from './topic-names';

type Resource = IncrementalAlterConfigsRequest['resources'][number];
type ResourceResult = IncrementalAlterConfigsResponse['responses'][number];

const MIN_IN_SYNC_REPLICAS = 'min.insync.replicas';

const OP_NAMES: Record<AlterConfigOp, string> = {
  [AlterConfigOp.SET]: 'SET',
  [AlterConfigOp.DELETE]: 'DELETE',
  [AlterConfigOp.APPEND]: 'APPEND',
  [AlterConfigOp.SUBTRACT]: 'SUBTRACT',
};

export class ConfigurationControlManager {
  private cached: { offset: number; config: BrokerConfig } | undefined;

  constructor(
    private readonly image: MetadataImage,
    private readonly staticConfig: BrokerConfig,
  ) {}

  /** The controller's server.properties overlaid with the dynamic cluster-wide broker defaults. */
  brokerConfig(): BrokerConfig {
    if (this.cached?.offset !== this.image.highestOffset) {
      const dynamicDefaults = this.image.configs.get(resourceKey(ConfigResource.BROKER, ''));
      const config =
        dynamicDefaults === undefined
          ? this.staticConfig
          : BrokerConfig.from({ ...this.staticConfig.overrides(), ...knownBrokerConfigs(dynamicDefaults) });
      this.cached = { offset: this.image.highestOffset, config };
    }
    return this.cached.config;
  }

  logConfig(topicName: string): LogConfig {
    return logConfig(this.image.topicConfig(topicName), this.brokerConfig());
  }

  /**
   * The records of a new topic's configs; throws INVALID_CONFIG like CreateTopics does. Kafka makes
   * them with incrementalAlterConfig, so a min.insync.replicas among them brings a ClearElrRecord.
   */
  topicCreationRecords(topicName: string, configs: { name: string; value: string | null }[]): (ConfigRecord | ClearElrRecord)[] {
    const overrides: Record<string, string> = {};
    for (const { name, value } of configs) {
      if (value === null) fail('INVALID_CONFIG', `Null value not supported for topic configs: ${name}`);
      overrides[name] = value;
    }
    validateTopicConfigs(overrides);
    const records = Object.entries(overrides).map(([name, value]): ConfigRecord => ({
      type: 'Config',
      resourceType: ConfigResource.TOPIC,
      resourceName: topicName,
      name,
      value,
    }));
    return [...records, ...this.clearElrRecordsAsNeeded(records)];
  }

  /**
   * ConfigurationControlManager.createClearElrRecordsAsNeeded: with ELR on, each change of
   * min.insync.replicas clears the ELRs it could make stale, of its topic or (a broker config) of
   * every topic, since a lower min ISR lets the HW pass what the eligible replicas hold.
   */
  private clearElrRecordsAsNeeded(records: readonly ConfigRecord[]): ClearElrRecord[] {
    if (!this.image.isElrFeatureEnabled()) return [];
    return records
      .filter((record) => record.name === MIN_IN_SYNC_REPLICAS)
      .map((record) => ({ type: 'ClearElr', topicName: record.resourceType === ConfigResource.TOPIC ? record.resourceName : '' }));
  }

  /**
   * ConfigurationControlManager.legacyAlterConfigs: a resource's dynamic configs become exactly the
   * ones named; each current one left out is deleted (a ConfigRecord with a null value). The same
   * checks as an incremental change apply, so it is expressed as one: a SET per named config, a
   * DELETE per dropped one.
   */
  legacyAlterConfigs(request: AlterConfigsRequest): ControllerResult<IncrementalAlterConfigsResponse> {
    const resources = request.resources.map((resource): Resource => {
      const named = new Set(resource.configs.map((config) => config.name));
      const type = resource.resourceType === ConfigResourceType.TOPIC ? ConfigResource.TOPIC : ConfigResource.BROKER;
      const current = [...(this.image.configs.get(resourceKey(type, resource.resourceName))?.keys() ?? [])];
      return {
        ...resource,
        configs: [
          ...resource.configs.map(({ name, value }) => ({ name, value, configOperation: AlterConfigOp.SET })),
          ...current.filter((name) => !named.has(name)).map((name) => ({ name, value: null, configOperation: AlterConfigOp.DELETE })),
        ],
      };
    });
    return this.incrementalAlterConfigs({ resources, validateOnly: request.validateOnly });
  }

  incrementalAlterConfigs(request: IncrementalAlterConfigsRequest): ControllerResult<IncrementalAlterConfigsResponse> {
    const records: ConfigRecord[] = [];
    const responses = request.resources.map((resource): ResourceResult => {
      const result = { resourceType: resource.resourceType, resourceName: resource.resourceName };
      try {
        const resourceRecords = this.alterResource(resource);
        if (!request.validateOnly) records.push(...resourceRecords);
        return { ...result, errorCode: 0, errorMessage: null };
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        return { ...result, errorCode: error.code, errorMessage: error.message };
      }
    });
    return { records: [...records, ...this.clearElrRecordsAsNeeded(records)], response: { responses } };
  }

  private alterResource(resource: Resource): ConfigRecord[] {
    const type = this.checkResource(resource);
    if (type === ConfigResource.BROKER) this.checkMinIsrTransition(resource);
    const current = Object.fromEntries(this.image.configs.get(resourceKey(type, resource.resourceName)) ?? []);
    const next: Record<string, string> = { ...current };
    for (const { name, configOperation, value } of resource.configs) {
      switch (configOperation) {
        case AlterConfigOp.SET:
          if (value === null) fail('INVALID_CONFIG', `Null value not supported for ${name}`);
          next[name] = value;
          break;
        case AlterConfigOp.DELETE:
          delete next[name];
          break;
        case AlterConfigOp.APPEND:
        case AlterConfigOp.SUBTRACT: {
          const def = (type === ConfigResource.TOPIC ? TOPIC_CONFIGS : BROKER_CONFIGS).get(name);
          if (def?.type !== 'list') {
            fail('INVALID_CONFIG', `Can't ${OP_NAMES[configOperation]} to key ${name} because its type is not LIST.`);
          }
          const parts = splitList(next[name] ?? def.defaultValue ?? '');
          const operands = splitList(value ?? '');
          const updated =
            configOperation === AlterConfigOp.APPEND
              ? [...parts, ...operands.filter((part) => !parts.includes(part))]
              : parts.filter((part) => !operands.includes(part));
          next[name] = updated.join(',');
          break;
        }
        default:
          fail('INVALID_REQUEST', `Unknown alter configs operation ${configOperation as number}`);
      }
    }
    if (type === ConfigResource.TOPIC) {
      validateTopicConfigs(next);
    } else {
      BrokerConfig.from({ ...this.staticConfig.overrides(), ...knownBrokerConfigs(Object.entries(next)) });
    }
    const names = new Set([...Object.keys(current), ...Object.keys(next)]);
    return [...names]
      .filter((name) => current[name] !== next[name])
      .map((name) => ({ type: 'Config', resourceType: type, resourceName: resource.resourceName, name, value: next[name] ?? null }));
  }

  /**
   * ConfigurationControlManager.isDisallowedBrokerMinIsrTransition and
   * isDisallowedClusterMinIsrTransition: with ELR on, min ISR is a topic or cluster-wide matter, so a
   * broker may not have its own and the cluster-wide one may not be removed.
   */
  private checkMinIsrTransition(resource: Resource): void {
    if (!this.image.isElrFeatureEnabled()) return;
    for (const { name, configOperation } of resource.configs) {
      if (name !== MIN_IN_SYNC_REPLICAS) continue;
      if (resource.resourceName !== '') {
        fail('INVALID_CONFIG', `Broker-level ${MIN_IN_SYNC_REPLICAS} cannot be altered while ELR is enabled.`);
      }
      if (configOperation === AlterConfigOp.DELETE) {
        fail('INVALID_CONFIG', `Cluster-level ${MIN_IN_SYNC_REPLICAS} cannot be removed while ELR is enabled.`);
      }
    }
  }

  /** ConfigurationControlManager.checkConfigResource plus the topic existence check. */
  private checkResource(resource: Resource): ConfigResource {
    const name = resource.resourceName;
    switch (resource.resourceType) {
      case ConfigResourceType.BROKER:
        // A BROKER resource with an empty name is the cluster-wide default for every broker.
        if (name !== '') {
          if (!/^-?\d+$/.test(name)) fail('INVALID_REQUEST', 'Illegal non-integral BROKER resource type name.');
          if (Number(name) < 0) fail('INVALID_REQUEST', 'Illegal negative broker ID in BROKER resource.');
        }
        return ConfigResource.BROKER;
      case ConfigResourceType.TOPIC:
        if (invalidTopicNameMessage(name) !== undefined) fail('INVALID_REQUEST', 'Illegal topic name.');
        if (!this.image.topicsByName.has(name)) fail('UNKNOWN_TOPIC_OR_PARTITION', ERRORS.UNKNOWN_TOPIC_OR_PARTITION.message);
        return ConfigResource.TOPIC;
      default:
        return fail('INVALID_REQUEST', `Unsupported configuration resource type ${resource.resourceType as number}.`);
    }
  }
}

/**
 * The broker configs Kafka knows among dynamic ones. DynamicConfig.Broker.validate allows custom
 * props: a name Kafka does not know is stored as it is and read by nobody, while a known name
 * must have a valid value.
 */
function knownBrokerConfigs(entries: Iterable<[string, string]>): Record<string, string> {
  return Object.fromEntries([...entries].filter(([name]) => BROKER_CONFIGS.has(name)));
}

function splitList(value: string): string[] {
  return value.trim() === '' ? [] : value.split(',').map((part) => part.trim());
}
