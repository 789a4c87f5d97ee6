/**
 * Producer id blocks (Kafka's ProducerIdControlManager, KIP-730): each AllocateProducerIds hands a
 * broker the next 1000 ids, and the ProducerIdsRecord moves the cluster's next free id past them.
 */
import type { AllocateProducerIdsRequest, AllocateProducerIdsResponse } from '../protocol/apis/producer-id';
import type { MetadataImage } from '../protocol/metadata-image';
import type { ClusterControlManager } from './cluster-control';
import type { ControllerResult } from './controller-result';

/** ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export function allocateProducerIds(
  image: MetadataImage,
  cluster: ClusterControlManager,
  request: AllocateProducerIdsRequest,
): ControllerResult<AllocateProducerIdsResponse> {
  cluster.checkBrokerEpoch(request.brokerId, request.brokerEpoch);
  const producerIdStart = image.nextProducerId;
  return {
    records: [
      {
        type: 'ProducerIds',
        brokerId: request.brokerId,
        brokerEpoch: request.brokerEpoch,
        nextProducerId: producerIdStart + PRODUCER_ID_BLOCK_SIZE,
      },
    ],
    response: { errorCode: 0, producerIdStart, producerIdLen: PRODUCER_ID_BLOCK_SIZE },
  };
}
