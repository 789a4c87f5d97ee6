/**
 * ListOffsets by timestamp, answered by reading the partition: the first offset whose record's
 * timestamp is at or after `timestampMs`, or the high watermark when there is none (the admin
 * client has no offsets-for-times call yet).
 */
import type { ToolContext } from './tool';

export async function offsetForTimestamp(
  context: ToolContext,
  { topic, partition }: { topic: string; partition: number },
  timestampMs: number,
  low: number,
  high: number,
): Promise<number> {
  let position = low;
  while (position < high) {
    const { records } = await context.kafka.readPartition({ topic, partition, fromOffset: position });
    if (records.length === 0) break;
    const found = records.find((r) => Number(r.timestamp) >= timestampMs);
    if (found !== undefined) return Number(found.offset);
    position = Number(records[records.length - 1].offset) + 1;
  }
  return high;
}
