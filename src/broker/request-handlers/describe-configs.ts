/**
 * DescribeConfigs (api key 32), answered by the broker itself (ConfigHelper.describeConfigs): a
 * topic's configs are its overrides from the metadata image over the broker's defaults; the
 * broker's own configs are its static config, overridden by dynamic per-broker and cluster-wide
 * values from the image.
 */
import {
  ConfigResourceType,
  type ConfigSource,
  type DescribeConfigsRequest,
  type DescribeConfigsResourceResult,
  type DescribeConfigsResponse,
} from '../../protocol/apis/configs';
import { BROKER_CONFIGS } from '../../protocol/broker-configs';
import { resolveTopicConfig, type BrokerConfig } from '../../protocol/configs';
import { TOPIC_CONFIGS } from '../../protocol/topic-configs';
import { KafkaError } from '../../protocol/errors';
import { resourceKey, type MetadataImage } from '../../protocol/metadata-image';
import { ConfigResource } from '../../protocol/metadata-records';

export interface DescribeConfigsContext {
  brokerId: number;
  image: MetadataImage;
  config: BrokerConfig;
}

type ConfigEntry = DescribeConfigsResourceResult['configs'][number];

export function handleDescribeConfigs(request: DescribeConfigsRequest, context: DescribeConfigsContext): DescribeConfigsResponse {
  return {
    results: request.resources.map((resource) => {
      const result: DescribeConfigsResourceResult = {
        errorCode: 0,
        errorMessage: null,
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        configs: [],
      };
      try {
        const all =
          resource.resourceType === ConfigResourceType.TOPIC
            ? topicConfigs(resource.resourceName, context)
            : resource.resourceType === ConfigResourceType.BROKER
              ? brokerConfigs(resource.resourceName, context)
              : invalidResourceType(resource.resourceType);
        const keys = resource.configurationKeys;
        result.configs = keys === null ? all : all.filter((entry) => keys.includes(entry.name));
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        result.errorCode = error.code;
        result.errorMessage = error.message;
      }
      return result;
    }),
  };
}

function invalidResourceType(resourceType: number): never {
  throw new KafkaError('INVALID_REQUEST', `Unsupported resource type: ${resourceType}`);
}

function topicConfigs(topic: string, { image, config }: DescribeConfigsContext): ConfigEntry[] {
  if (!image.topicsByName.has(topic)) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${topic}' does not exist.`);
  const overrides = image.topicConfig(topic);
  return [...TOPIC_CONFIGS.keys()].map((name) => {
    const { value, source } = resolveTopicConfig(name, overrides, config);
    return { name, value, readOnly: false, configSource: source, isSensitive: false };
  });
}

/** Only this broker ("1") or the cluster default ("") may be described here, as in ConfigAdminManager. */
function brokerConfigs(resourceName: string, { brokerId, image, config }: DescribeConfigsContext): ConfigEntry[] {
  if (resourceName !== '' && resourceName !== String(brokerId)) {
    throw new KafkaError('INVALID_REQUEST', `Unexpected broker id, expected ${brokerId} or empty string, but received ${resourceName}`);
  }
  const dynamicBroker = resourceName === '' ? undefined : image.configs.get(resourceKey(ConfigResource.BROKER, resourceName));
  const dynamicDefault = image.configs.get(resourceKey(ConfigResource.BROKER, ''));
  return [...BROKER_CONFIGS.keys()].map((name) => {
    let value: string | null;
    let configSource: ConfigSource;
    if (dynamicBroker?.has(name)) {
      value = dynamicBroker.get(name)!;
      configSource = 'DYNAMIC_BROKER_CONFIG';
    } else if (dynamicDefault?.has(name)) {
      value = dynamicDefault.get(name)!;
      configSource = 'DYNAMIC_DEFAULT_BROKER_CONFIG';
    } else {
      const entry = config.entry(name);
      value = entry.value;
      configSource = entry.isDefault ? 'DEFAULT_CONFIG' : 'STATIC_BROKER_CONFIG';
    }
    return { name, value, readOnly: false, configSource, isSensitive: false };
  });
}
