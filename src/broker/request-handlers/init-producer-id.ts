/**
 * InitProducerId for idempotent producers (transactions are not modelled): a fresh producer id with
 * epoch 0 each time, as TransactionCoordinator.handleInitProducerId does without a transactional id.
 * Ids come from blocks the controller hands out through AllocateProducerIds (RPCProducerIdManager).
 */
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/apis/producer-id';
import { errorResponse } from '../../protocol/error-responses';
import { KafkaError } from '../../protocol/errors';
import { CONTROLLER_ADDRESS, type Transport } from '../../protocol/rpc';

export interface ProducerIdManagerOptions {
  brokerId: number;
  transport: Transport;
  requestTimeoutMs: number;
  brokerEpoch(): number;
}

export class ProducerIdManager {
  private nextProducerId = 0;
  private blockEnd = 0;
  /** One AllocateProducerIds at a time; concurrent callers share it. */
  private pendingBlock: Promise<void> | null = null;

  constructor(private readonly options: ProducerIdManagerOptions) {}

  async generateProducerId(): Promise<number> {
    while (this.nextProducerId >= this.blockEnd) {
      this.pendingBlock ??= this.fetchBlock().finally(() => (this.pendingBlock = null));
      await this.pendingBlock;
    }
    return this.nextProducerId++;
  }

  private async fetchBlock(): Promise<void> {
    const { transport, brokerId, brokerEpoch, requestTimeoutMs } = this.options;
    const response = await transport.request(
      CONTROLLER_ADDRESS,
      'AllocateProducerIds',
      { brokerId, brokerEpoch: brokerEpoch() },
      requestTimeoutMs,
    );
    if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
    this.nextProducerId = response.producerIdStart;
    this.blockEnd = response.producerIdStart + response.producerIdLen;
  }
}

export async function handleInitProducerId(
  request: InitProducerIdRequest,
  producerIds: ProducerIdManager,
): Promise<InitProducerIdResponse> {
  if (request.transactionalId !== null) return errorResponse('InitProducerId', request, new KafkaError('UNSUPPORTED_VERSION'));
  try {
    return { errorCode: 0, producerId: await producerIds.generateProducerId(), producerEpoch: 0 };
  } catch (error) {
    // The controller could not hand out ids now; the producer retries (RPCProducerIdManager's COORDINATOR_LOAD_IN_PROGRESS).
    if (!(error instanceof KafkaError)) throw error;
    return errorResponse('InitProducerId', request, new KafkaError('COORDINATOR_LOAD_IN_PROGRESS'));
  }
}
