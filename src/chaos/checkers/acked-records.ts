/**
 * The end-of-run check of a produce workload: every record the cluster acknowledged (acks=all) is
 * in the log exactly once, at the offset it was acknowledged with, and reading the log back skips
 * nothing. Anomalies are named as Maelstrom's Kafka workload names them, so a failure reads like a
 * Jepsen report: lost write, duplicate, reordering, skipped offset.
 *
 * Meant for plain topics (cleanup.policy=delete, no transactions): compaction and transaction
 * markers leave legitimate gaps in offsets that this checker would report as skipped.
 */
import { topicPartitionKey } from '../../protocol/topic-partition';
import type { Anomaly } from './anomaly';

export type { Anomaly, AnomalyType } from './anomaly';

export interface AckedRecord {
  topic: string;
  partition: number;
  /** The offset the produce response acknowledged. */
  offset: number;
  /** Unique per record: this is how the checker recognises it in the log. */
  value: string;
}

export interface ReadRecord {
  offset: number;
  value: string | null;
  /** The producer id and epoch of the batch that holds it, where the reader kept them: they judge an idempotent producer's duplicates. */
  producerId?: number;
  producerEpoch?: number;
}

/** What reading one partition from its log start offset to its high watermark returned. */
export interface PartitionRead {
  topic: string;
  partition: number;
  records: ReadRecord[];
}

export interface AckedRecordsReport {
  ok: boolean;
  ackedCount: number;
  anomalies: Anomaly[];
}

export function checkAckedRecords(acked: readonly AckedRecord[], reads: readonly PartitionRead[]): AckedRecordsReport {
  const anomalies: Anomaly[] = [];
  const readsByPartition = new Map(reads.map((read) => [topicPartitionKey(read.topic, read.partition), read]));

  for (const read of reads) anomalies.push(...skippedOffsets(read));

  const ackedByPartition = groupBy(acked, (record) => topicPartitionKey(record.topic, record.partition));
  for (const [key, records] of ackedByPartition) {
    const { topic, partition } = records[0];
    const offsetsByValue = new Map<string, number[]>();
    for (const record of readsByPartition.get(key)?.records ?? []) {
      if (record.value === null) continue;
      const offsets = offsetsByValue.get(record.value) ?? [];
      offsets.push(record.offset);
      offsetsByValue.set(record.value, offsets);
    }
    for (const record of records) {
      const found = offsetsByValue.get(record.value) ?? [];
      const where = topicPartitionKey(topic, partition);
      if (found.length === 0) {
        anomalies.push({
          type: 'lost-write',
          topic,
          partition,
          value: record.value,
          message: `lost write: ${JSON.stringify(record.value)} was acknowledged at ${where}@${record.offset} but is not in the log`,
        });
      } else if (found.length > 1) {
        anomalies.push({
          type: 'duplicate',
          topic,
          partition,
          value: record.value,
          message: `duplicate: ${JSON.stringify(record.value)} is in ${where} ${found.length} times, at offsets ${found.join(', ')}`,
        });
      } else if (found[0] !== record.offset) {
        anomalies.push({
          type: 'reordering',
          topic,
          partition,
          value: record.value,
          message: `reordering: ${JSON.stringify(record.value)} was acknowledged at ${where}@${record.offset} but is at offset ${found[0]}`,
        });
      }
    }
  }
  return { ok: anomalies.length === 0, ackedCount: acked.length, anomalies };
}

function skippedOffsets(read: PartitionRead): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (let i = 1; i < read.records.length; i++) {
    const previous = read.records[i - 1].offset;
    const offset = read.records[i].offset;
    if (offset !== previous + 1) {
      anomalies.push({
        type: 'skipped-offset',
        topic: read.topic,
        partition: read.partition,
        message: `skipped offset: reading ${read.topic}-${read.partition} went from offset ${previous} to ${offset}`,
      });
    }
  }
  return anomalies;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }
  return groups;
}
