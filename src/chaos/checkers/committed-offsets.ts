/**
 * The consumer-group check: a group's committed offset for a partition only moves forward. Kafka's
 * coordinator accepts a commit only from a member of the current generation (ILLEGAL_GENERATION,
 * FENCED_MEMBER_EPOCH otherwise), and a member commits the position after what it processed, so a
 * committed offset that goes down means processed records will be handed out again, unless an
 * operator or the consumer reset it on purpose (admin resetOffsets or setOffsets, a seek,
 * auto.offset.reset after OFFSET_OUT_OF_RANGE, or a rewind to the divergence point after a
 * truncation, KIP-320), which the caller passes as resets.
 */
import { topicPartitionKey } from '../../protocol/topic-partition';
import type { Anomaly } from './anomaly';

/** The committed offset of one partition for one group, as read from the group coordinator (OffsetFetch). */
export interface CommittedOffsetObservation {
  atMs: number;
  group: string;
  topic: string;
  partition: number;
  offset: number;
}

/** A deliberate move of a group's offset, after which going down is expected. */
export interface OffsetReset {
  atMs: number;
  group: string;
  topic: string;
  partition: number;
}

/** Observations must be in the order they were made; reports the first decrease per group and partition. */
export function checkCommittedOffsets(observations: readonly CommittedOffsetObservation[], resets: readonly OffsetReset[] = []): Anomaly[] {
  const highest = new Map<string, CommittedOffsetObservation>();
  const reported = new Set<string>();
  const anomalies: Anomaly[] = [];
  for (const observation of observations) {
    const { group, topic, partition, offset, atMs } = observation;
    const key = `${group}/${topicPartitionKey(topic, partition)}`;
    const previous = highest.get(key);
    const resetSince =
      previous !== undefined &&
      resets.some((r) => r.group === group && r.topic === topic && r.partition === partition && r.atMs >= previous.atMs && r.atMs <= atMs);
    if (previous === undefined || offset >= previous.offset || resetSince) {
      highest.set(key, observation);
      continue;
    }
    if (reported.has(key)) continue;
    reported.add(key);
    anomalies.push({
      type: 'committed-offset-backwards',
      topic,
      partition,
      group,
      atMs,
      sinceMs: previous.atMs,
      message: `committed offset backwards: group ${JSON.stringify(group)} had committed ${topicPartitionKey(topic, partition)}@${previous.offset} and then @${offset}, with no reset in between`,
    });
  }
  return anomalies;
}
