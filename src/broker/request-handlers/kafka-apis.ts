/**
 * The broker's request dispatcher (KafkaApis): each API to the component that owns it. Data-plane
 * APIs go to the ReplicaManager, Metadata and DescribeConfigs are answered from the metadata image,
 * InitProducerId from controller-allocated id blocks, and admin mutations are forwarded to the
 * controller.
 */
import type { Random } from '../../core/random';
import type { BrokerConfig } from '../../protocol/configs';
import { fail } from '../../protocol/errors';
import type { MetadataImage } from '../../protocol/metadata-image';
import type { CreatableTopic } from '../../protocol/apis/topics';
import type { ApiKey, NodeAddress, RequestHandler, RequestOf, ResponseOf, Transport } from '../../protocol/rpc';
import { isGroupApi } from '../../group/group-apis';
import type { ReplicaManager } from '../replica-manager';
import { handleDescribeConfigs } from './describe-configs';
import { handleFindCoordinator } from './find-coordinator';
import { FORWARDED_APIS, forwardToController, type ForwardedApi } from './forward';
import { forwardToGroupCoordinator } from './group-forward';
import { ProducerIdManager, handleInitProducerId } from './init-producer-id';
import { handleMetadata } from './metadata';

export interface KafkaApisOptions {
  brokerId: number;
  clusterId: string;
  config: BrokerConfig;
  random: Random;
  transport: Transport;
  image: MetadataImage;
  replicaManager: ReplicaManager;
  brokerEpoch(): number;
}

export function createKafkaApis(options: KafkaApisOptions): RequestHandler {
  const { brokerId, clusterId, config, random, transport, image, replicaManager } = options;
  const requestTimeoutMs = config.int('request.timeout.ms');
  const producerIds = new ProducerIdManager({ brokerId, transport, requestTimeoutMs, brokerEpoch: options.brokerEpoch });
  /** AutoTopicCreationManager's inflightTopics: one CreateTopics per name at a time. */
  const autoCreating = new Set<string>();
  /** A user topic takes the broker's defaults; an internal topic comes with its own settings. */
  const autoCreateTopic = (nameOrTopic: string | CreatableTopic) => {
    const topic =
      typeof nameOrTopic === 'string'
        ? { name: nameOrTopic, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }
        : nameOrTopic;
    const { name } = topic;
    if (autoCreating.has(name)) return;
    autoCreating.add(name);
    const request: RequestOf<'CreateTopics'> = {
      topics: [topic],
      timeoutMs: requestTimeoutMs,
      validateOnly: false,
    };
    void forwardToController(transport, 'CreateTopics', request, requestTimeoutMs).finally(() => autoCreating.delete(name));
  };

  const dispatch = async (api: ApiKey, body: unknown, from: NodeAddress): Promise<unknown> => {
    switch (api) {
      case 'Produce':
        // acks=0 still gets a response object here; the transport and clients ignore it (section 1.4).
        return replicaManager.appendRecords(body as RequestOf<'Produce'>);
      case 'Fetch':
        return replicaManager.fetchMessages(body as RequestOf<'Fetch'>);
      case 'ListOffsets':
        return replicaManager.listOffsets(body as RequestOf<'ListOffsets'>);
      case 'Metadata':
        return handleMetadata(body as RequestOf<'Metadata'>, { image, config, clusterId, random, autoCreateTopic });
      case 'DescribeConfigs':
        return handleDescribeConfigs(body as RequestOf<'DescribeConfigs'>, { brokerId, image, config });
      case 'InitProducerId':
        return handleInitProducerId(body as RequestOf<'InitProducerId'>, producerIds);
      case 'FindCoordinator':
        return handleFindCoordinator(body as RequestOf<'FindCoordinator'>, { image, config, autoCreateTopic });
      default:
        if (isGroupApi(api)) {
          return forwardToGroupCoordinator(api, body as never, from, { brokerId, image, config, transport, requestTimeoutMs });
        }
        if ((FORWARDED_APIS as readonly ApiKey[]).includes(api)) {
          return forwardToController(transport, api as ForwardedApi, body as RequestOf<ForwardedApi>, requestTimeoutMs);
        }
        return fail('UNSUPPORTED_VERSION', `Broker ${brokerId} does not serve ${api} requests.`);
    }
  };
  return <K extends ApiKey>(api: K, body: RequestOf<K>, from: NodeAddress) => dispatch(api, body, from) as Promise<ResponseOf<K>>;
}
