/**
 * How a partition leader's ISR changes reach the controller, after Kafka's AlterPartitionManager
 * (KIP-497): one AlterPartition request per proposed change, carrying this broker's epoch, whose
 * answer is the partition's committed state (or its error). Partition decides when to expand or
 * shrink the ISR and retries a request that failed; this only sends and reads the answer.
 */
import type { BrokerConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import { CONTROLLER_ADDRESS, type Transport } from '../protocol/rpc';
import type { AlterPartitionItem, AlterPartitionRequestItem, Partition } from './partition';

export interface AlterPartitionManagerOptions {
  brokerId: number;
  transport: Transport;
  config: BrokerConfig;
  brokerEpoch(): number;
}

export class AlterPartitionManager {
  constructor(private readonly options: AlterPartitionManagerOptions) {}

  /** Sends one partition's proposed ISR; rejects on a request-level error or an answer without the partition. */
  async submit(partition: Pick<Partition, 'topic' | 'partition'>, item: AlterPartitionRequestItem): Promise<AlterPartitionItem> {
    const { transport, brokerId, brokerEpoch, config } = this.options;
    const response = await transport.request(
      CONTROLLER_ADDRESS,
      'AlterPartition',
      {
        brokerId,
        brokerEpoch: brokerEpoch(),
        topics: [{ topicName: partition.topic, partitions: [item] }],
      },
      config.int('request.timeout.ms'),
    );
    if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
    const result = response.topics
      .find((topic) => topic.topicName === partition.topic)
      ?.partitions.find((candidate) => candidate.partitionIndex === partition.partition);
    if (result === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'AlterPartition response without the partition');
    return result;
  }
}
