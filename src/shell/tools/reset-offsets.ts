/**
 * The new offsets of kafka-consumer-groups.sh --reset-offsets (ConsumerGroupCommand.prepareOffsetsToReset):
 * which partitions (--all-topics: those with a committed offset; --topic t or t:0,1), and where each
 * goes. Targets outside [log start, high watermark] are clamped, with the tool's warning.
 */
import type { Admin } from '../../client/admin/admin';
import { JavaException } from '../kafka-errors';
import { UsageError, type ParsedOptions } from '../options';
import { offsetForTimestamp } from '../offset-for-timestamp';
import type { ToolContext } from '../tool';
import { parseTopicPartitionKey, topicPartitionKey, type TopicPartition } from '../../protocol/topic-partition';

export type ResetPlan = { topic: string; partition: number; offset: number }[];

export async function resetTargets(
  options: ParsedOptions,
  admin: Admin,
  context: ToolContext,
  committed: Map<string, number>,
): Promise<{ offsets: ResetPlan; warnings: string[] }> {
  const partitions = await partitionsToReset(options, admin, committed);
  const ranges = new Map<string, { low: number; high: number }>();
  for (const topic of new Set(partitions.map((p) => p.topic))) {
    for (const p of await admin.fetchTopicOffsets(topic))
      ranges.set(topicPartitionKey(topic, p.partition), { low: Number(p.low), high: Number(p.high) });
  }
  const warnings: string[] = [];
  const offsets: ResetPlan = [];
  for (const tp of partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)) {
    const { low, high } = ranges.get(topicPartitionKey(tp)) ?? { low: 0, high: 0 };
    const current = committed.get(topicPartitionKey(tp));
    let target: number;
    if (options.has('to-earliest')) target = low;
    else if (options.has('to-latest')) target = high;
    else if (options.has('to-current')) target = current ?? high;
    else if (options.has('to-datetime'))
      target = await offsetForTimestamp(context, tp, parseDateTime(options.valueOf('to-datetime')!), low, high);
    else if (options.has('shift-by')) {
      if (current === undefined)
        throw new UsageError(`Cannot shift offset for partition ${topicPartitionKey(tp)} since there is no current committed offset`);
      target = current + options.intValueOf('shift-by')!;
    } else target = options.intValueOf('to-offset')!;
    // ConsumerGroupCommand.checkOffsetRange.
    if (target > high) {
      warnings.push(
        `New offset (${target}) is higher than latest offset for topic partition ${topicPartitionKey(tp)}. Value will be set to ${high}`,
      );
      target = high;
    } else if (target < low) {
      warnings.push(
        `New offset (${target}) is lower than earliest offset for topic partition ${topicPartitionKey(tp)}. Value will be set to ${low}`,
      );
      target = low;
    }
    offsets.push({ ...tp, offset: target });
  }
  return { offsets, warnings };
}

async function partitionsToReset(options: ParsedOptions, admin: Admin, committed: Map<string, number>): Promise<TopicPartition[]> {
  if (options.has('all-topics')) {
    return [...committed.keys()].map((k) => parseTopicPartitionKey(k));
  }
  const result: TopicPartition[] = [];
  for (const spec of options.valuesOf('topic')) {
    const colon = spec.indexOf(':');
    if (colon >= 0) {
      const topic = spec.slice(0, colon);
      result.push(
        ...spec
          .slice(colon + 1)
          .split(',')
          .map((p) => ({ topic, partition: Number(p.trim()) })),
      );
    } else {
      result.push(...(await admin.fetchTopicOffsets(spec)).map((p) => ({ topic: spec, partition: p.partition })));
    }
  }
  return result;
}

/** Utils.getDateTime: 'yyyy-MM-ddTHH:mm:ss.SSS' with an optional zone ('Z', '+01:00'); no zone reads as UTC here. */
function parseDateTime(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const ms = match === null ? NaN : Date.parse(`${match[1]}${match[2] ?? 'Z'}`);
  if (Number.isNaN(ms)) throw new JavaException('java.text.ParseException', `Unparseable date: "${text}"`);
  return ms;
}
