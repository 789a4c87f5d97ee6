/**
 * Reads a shard's __consumer_offsets partition from its log start to its high watermark and hands
 * every record to replay, as Kafka's CoordinatorLoaderImpl does when a broker becomes the
 * partition's leader. The end is taken from ListOffsets "latest", which a new leader answers only
 * once its high watermark covers everything the previous leader could have acknowledged
 * (OFFSET_NOT_AVAILABLE before that), so no committed write is left out.
 */
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/apis/list-offsets';
import { KafkaError, errorName } from '../protocol/errors';
import { decodeRecords, readBatchHeader } from '../protocol/record-batch';
import { brokerAddress, type Transport } from '../protocol/rpc';
import { GROUP_METADATA_TOPIC_NAME } from '../protocol/internal-topics';

export interface LoadTarget {
  /** __consumer_offsets unless said: a transaction coordinator loads __transaction_state the same way. */
  topic?: string;
  partition: number;
  leaderId: number;
  leaderEpoch: number;
}

const FETCH_MAX_BYTES = 1024 * 1024;

export async function loadPartition(
  transport: Transport,
  target: LoadTarget,
  requestTimeoutMs: number,
  replay: (key: Uint8Array, value: Uint8Array | null) => void,
): Promise<void> {
  const to = brokerAddress(target.leaderId);
  const topic = target.topic ?? GROUP_METADATA_TOPIC_NAME;
  const listOffset = async (timestamp: number): Promise<number> => {
    const response = await transport.request(
      to,
      'ListOffsets',
      {
        replicaId: -1,
        isolationLevel: 0,
        topics: [
          {
            name: topic,
            partitions: [{ partitionIndex: target.partition, currentLeaderEpoch: target.leaderEpoch, timestamp }],
          },
        ],
      },
      requestTimeoutMs,
    );
    const result = response.topics[0]?.partitions[0];
    if (result === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'ListOffsets answered without the partition.');
    if (result.errorCode !== 0) throw KafkaError.fromCode(result.errorCode);
    return result.offset;
  };
  const highWatermark = await listOffset(LATEST_TIMESTAMP);
  let fetchOffset = await listOffset(EARLIEST_TIMESTAMP);
  while (fetchOffset < highWatermark) {
    const response = await transport.request(
      to,
      'Fetch',
      {
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: FETCH_MAX_BYTES,
        isolationLevel: 0,
        topics: [
          {
            topic,
            partitions: [
              {
                partition: target.partition,
                currentLeaderEpoch: target.leaderEpoch,
                fetchOffset,
                lastFetchedEpoch: -1,
                logStartOffset: -1,
                partitionMaxBytes: FETCH_MAX_BYTES,
              },
            ],
          },
        ],
      },
      requestTimeoutMs,
    );
    const result = response.responses[0]?.partitions[0];
    if (response.errorCode !== 0) throw KafkaError.fromCode(response.errorCode);
    if (result === undefined) throw new KafkaError('UNKNOWN_SERVER_ERROR', 'Fetch answered without the partition.');
    if (result.errorCode !== 0) throw new KafkaError(errorName(result.errorCode));
    if (result.records.length === 0)
      throw new KafkaError(
        'COORDINATOR_LOAD_IN_PROGRESS',
        `No records below the high watermark ${highWatermark} at offset ${fetchOffset}.`,
      );
    for (const batch of result.records) {
      const header = readBatchHeader(batch);
      // Control batches (transaction markers) carry no group state.
      if (!header.isControl) {
        for (const record of decodeRecords(batch)) {
          if (record.offset >= fetchOffset && record.offset < highWatermark && record.key !== null) replay(record.key, record.value);
        }
      }
      fetchOffset = Math.max(fetchOffset, header.lastOffset + 1);
    }
  }
}
