/**
 * Record sizes as Kafka's DefaultRecord computes them, so that batch.size, the sticky
 * partitioner's byte count and the max.request.size check agree with the Java client.
 */
import { RECORD_BATCH_OVERHEAD, type RecordHeader } from '../../protocol/record-batch';
import { sizeOfVarint } from '../../protocol/varint';

export interface ProducerRecordBytes {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
  timestamp: number;
}

/** DefaultRecord.MAX_RECORD_OVERHEAD: length, attributes, offset and timestamp deltas at their widest. */
const MAX_RECORD_OVERHEAD = 21;

const utf8 = new TextEncoder();

function sizeOfBytes(bytes: Uint8Array | null): number {
  return bytes === null ? 1 : sizeOfVarint(bytes.length) + bytes.length;
}

/** DefaultRecord.sizeOf(keySize, valueSize, headers). */
function sizeOfKeyValueHeaders(record: ProducerRecordBytes): number {
  let size = sizeOfBytes(record.key) + sizeOfBytes(record.value) + sizeOfVarint(record.headers.length);
  for (const header of record.headers) size += sizeOfBytes(utf8.encode(header.key)) + sizeOfBytes(header.value);
  return size;
}

export { recordSizeInBytes } from '../../protocol/record-batch';

/**
 * AbstractRecords.estimateSizeInBytesUpperBound: what KafkaProducer checks against
 * max.request.size before a record is accepted.
 */
export function serializedSizeUpperBound(record: ProducerRecordBytes): number {
  return RECORD_BATCH_OVERHEAD + MAX_RECORD_OVERHEAD + sizeOfKeyValueHeaders(record);
}
