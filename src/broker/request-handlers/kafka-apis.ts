/**
 * The broker's request dispatcher (KafkaApis): each API to the component that owns it. Data-plane
 * APIs go to the ReplicaManager, Metadata and DescribeConfigs are answered from the metadata image,
 * InitProducerId from controller-allocated id blocks (through the transaction coordinator when
 * it names a transactional id), and admin mutations are forwarded to the controller.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import { KafkaError } from '../../protocol/errors';
import { TransactionCoordinator } from '../transactions/transaction-coordinator';
import type { BrokerConfig } from '../../protocol/configs';
import { requestHandler, type HandlerTable } from '../../protocol/handler-table';
import type { MetadataImage } from '../../protocol/metadata-image';
import type { CreatableTopic } from '../../protocol/apis/topics';
import { brokerAddress, type ForwardedApi, type RequestHandler, type RequestOf, type Transport } from '../../protocol/rpc';
import type { GroupApi } from '../../group/group-apis';
import type { ReplicaManager } from '../replica-manager';
import { handleDescribeConfigs } from './describe-configs';
import { handleFindCoordinator } from './find-coordinator';
import { controllerForwardingHandlers, forwardToController } from './forward';
import { groupForwardingHandlers } from './group-forward';
import { ProducerIdManager, handleInitProducerId } from './init-producer-id';
import { handleMetadata } from './metadata';

/**
 * The APIs a broker serves (KafkaApis.handle). The KRaft APIs (BrokerRegistration, BrokerHeartbeat,
 * AlterPartition, AllocateProducerIds, the metadata log fetch) are the controller's: a broker
 * answers them with UNSUPPORTED_VERSION.
 */
type BrokerApi =
  | 'Produce'
  | 'Fetch'
  | 'ListOffsets'
  | 'OffsetForLeaderEpoch'
  | 'DeleteRecords'
  | 'Metadata'
  | 'DescribeConfigs'
  | 'InitProducerId'
  | 'FindCoordinator'
  | GroupApi
  | ForwardedApi;

export interface KafkaApisOptions {
  brokerId: number;
  clusterId: string;
  config: BrokerConfig;
  random: Random;
  transport: Transport;
  image: MetadataImage;
  replicaManager: ReplicaManager;
  clock: Clock;
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

  // The transaction coordinator reads and appends to this broker's own __transaction_state partitions.
  const local: Transport = {
    address: brokerAddress(brokerId),
    request: (to, api, body) => {
      if (to !== brokerAddress(brokerId)) return Promise.reject(new KafkaError('NOT_COORDINATOR'));
      return handler(api, body, brokerAddress(brokerId));
    },
  };
  const transactions = new TransactionCoordinator({ brokerId, clock: options.clock, config, image, producerIds, local });

  const handlers: HandlerTable<BrokerApi> = {
    // acks=0 still gets a response object here; the transport and clients ignore it, as Kafka's
    // KafkaApis.handleProduceRequest sends none for acks=0 (it closes the connection on an error).
    Produce: (request) => replicaManager.appendRecords(request),
    Fetch: (request) => replicaManager.fetchMessages(request),
    ListOffsets: (request) => replicaManager.listOffsets(request),
    OffsetForLeaderEpoch: (request) => replicaManager.lastOffsetForLeaderEpoch(request),
    DeleteRecords: (request) => replicaManager.deleteRecords(request),
    Metadata: (request) => handleMetadata(request, { image, config, clusterId, random, autoCreateTopic }),
    DescribeConfigs: (request) => handleDescribeConfigs(request, { brokerId, image, config }),
    InitProducerId: (request) =>
      request.transactionalId === null ? handleInitProducerId(request, producerIds) : transactions.handleInitProducerId(request),
    FindCoordinator: (request) => handleFindCoordinator(request, { image, config, autoCreateTopic }),
    ...groupForwardingHandlers({ brokerId, image, config, transport, requestTimeoutMs }),
    ...controllerForwardingHandlers(transport, requestTimeoutMs),
  };
  const handler = requestHandler(handlers, `Broker ${brokerId}`);
  return handler;
}
