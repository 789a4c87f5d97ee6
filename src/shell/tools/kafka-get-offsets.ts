/**
 * kafka-get-offsets.sh, as GetOffsetShell runs it: `topic:partition:offset` for every matching
 * partition, sorted, at --time -1 (latest, the high watermark), -2 (earliest, the log start) or
 * a timestamp (the first offset at or after it).
 */
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, nodeAssignmentTimeout, toolError } from '../kafka-errors';
import { offsetForTimestamp } from '../offset-for-timestamp';
import { OptionParser, UsageError, type ParsedOptions } from '../options';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';
import { filterTopics } from '../topic-filter';

const parser = new OptionParser([
  {
    name: 'bootstrap-server',
    description: 'REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.',
    arg: { describedAs: 'HOST1:PORT1,...,HOST3:PORT3' },
  },
  {
    name: 'topic-partitions',
    description:
      "Comma separated list of topic-partition patterns to get the offsets for, with the format of '([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after ':' describes a 'partition' pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper exclusive), an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the format of '-NUMBER' or may be omitted to accept all partitions.",
    arg: { describedAs: 'topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3' },
  },
  {
    name: 'topic',
    description:
      'The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present.',
    arg: { describedAs: 'topic' },
  },
  {
    name: 'partitions',
    description:
      'Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present.',
    arg: { describedAs: 'partition ids' },
  },
  {
    name: 'time',
    description:
      'timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]',
    arg: {
      describedAs: '<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered',
      defaultValue: 'latest',
    },
  },
  {
    name: 'command-config',
    description: 'Property file containing configs to be passed to Admin Client.',
    arg: { describedAs: 'config file' },
  },
  { name: 'exclude-internal-topics', description: 'By default, internal topics are included. If specified, internal topics are excluded.' },
]);

export const kafkaGetOffsets: Tool = {
  name: 'kafka-get-offsets.sh',
  summary: "Print each partition's offset at a time (latest, earliest or a timestamp).",
  parser,
  run(args, context) {
    return runTool(context, args, { parser, helpMessage: 'An interactive shell for getting topic-partition offsets.' }, async (options) => {
      try {
        return await getOffsets(options, context);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        context.err(`Error occurred: ${toolError(error).message}\n`);
        return 1;
      }
    });
  },
};

const TIMES: Record<string, number> = { latest: -1, earliest: -2, 'max-timestamp': -3, 'earliest-local': -4, 'latest-tiered': -5 };

async function getOffsets(options: ParsedOptions, context: ToolContext): Promise<number> {
  if (!options.has('bootstrap-server')) throw new UsageError('Missing required argument "[bootstrap-server]"');
  if (options.has('topic-partitions') && (options.has('topic') || options.has('partitions'))) {
    throw new UsageError('Option "[topic-partitions]" can\'t be used with option "[topic]" or "[partitions]"');
  }
  const timeText = options.valueOf('time')!;
  const time = TIMES[timeText] ?? (/^-?\d+$/.test(timeText) ? Number(timeText) : NaN);
  if (Number.isNaN(time))
    throw new UsageError(
      `Malformed time argument ${timeText}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp`,
    );
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    throw new Error(nodeAssignmentTimeout('listTopics').message);
  }
  const admin = context.kafka.admin();
  const wanted = partitionFilter(options);
  const topics = filterTopics(await admin.listTopics(), undefined, options.has('exclude-internal-topics')).filter((topic) =>
    wanted.topic(topic),
  );
  const lines: string[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (!wanted.partition(topic, p.partition)) continue;
      const [low, high] = [Number(p.low), Number(p.high)];
      const offset =
        time === -1
          ? high
          : time === -2 || time === -4
            ? low
            : time < 0
              ? null
              : await offsetForTimestamp(context, { topic, partition: p.partition }, time, low, high);
      if (offset !== null && !(time >= 0 && offset === high)) lines.push(`${topic}:${p.partition}:${offset}`);
    }
  }
  if (lines.length === 0 && topics.length === 0) throw new Error('Could not match any topic-partitions with the specified filters');
  context.out(lines.map((line) => `${line}\n`).join(''));
  return 0;
}

/** GetOffsetShell's TopicPartitionFilter from --topic-partitions, or from --topic and --partitions. */
function partitionFilter(options: ParsedOptions): { topic(name: string): boolean; partition(topic: string, partition: number): boolean } {
  const matches = (pattern: string, name: string) => pattern === '' || new RegExp(`^(?:${pattern})$`).test(name);
  if (options.has('topic-partitions')) {
    const specs = options
      .valueOf('topic-partitions')!
      .split(',')
      .map((spec) => {
        const m = /^([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?$/.exec(spec.trim());
        if (m === null) throw new UsageError(`Invalid topic-partition pattern: ${spec}`);
        const [, topic, exact, lower, upper] = m;
        const accepts = (p: number) =>
          exact !== undefined && exact !== ''
            ? p === Number(exact)
            : (lower === undefined || lower === '' || p >= Number(lower)) && (upper === undefined || upper === '' || p < Number(upper));
        return { topic, accepts };
      });
    return {
      topic: (name) => specs.some((s) => matches(s.topic, name)),
      partition: (topic, p) => specs.some((s) => matches(s.topic, topic) && s.accepts(p)),
    };
  }
  const topic = options.valueOf('topic') ?? '';
  const partitions = options.has('partitions')
    ? new Set(
        options
          .valueOf('partitions')!
          .split(',')
          .map((p) => Number(p.trim())),
      )
    : null;
  return { topic: (name) => matches(topic, name), partition: (_, p) => partitions === null || partitions.has(p) };
}
