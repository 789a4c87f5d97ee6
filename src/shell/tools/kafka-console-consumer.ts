/**
 * kafka-console-consumer.sh, as ConsoleConsumer runs it: a group consumer (`--group`, or a
 * throw-away console-consumer-<n> group that commits nothing) subscribed to --topic or --include,
 * or with --partition an assigned partition read from --offset without any group. It prints each
 * record with DefaultMessageFormatter and, when it ends (--max-messages reached, --timeout-ms
 * without a record, Ctrl-C), `Processed a total of N messages` on stderr.
 */
import type { Consumer } from '../../client/consumer/consumer';
import type { ConsumerConfig } from '../../client/consumer/consumer-config';
import { canConnect } from '../bootstrap';
import { toolError } from '../kafka-errors';
import { log4jLine } from '../log4j';
import { headerEntries, messageFormatter, type FormattedRecord } from '../message-formatter';
import { checkRequiredArgs, OptionParser, UsageError, type ParsedOptions } from '../options';
import { parseKeyValueArgs } from '../properties';
import { runTool } from '../run-tool';
import { INTERRUPTED, type Tool, type ToolContext } from '../tool';
import { warnUnreachable } from '../unreachable';

const parser = new OptionParser([
  { name: 'topic', description: 'The topic to consume on.', arg: { describedAs: 'topic' } },
  {
    name: 'include',
    description: 'Regular expression specifying list of topics to include for consumption.',
    arg: { describedAs: 'Java regex (String)' },
  },
  {
    name: 'partition',
    description: "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified.",
    arg: { describedAs: 'partition', type: 'Integer' },
  },
  {
    name: 'offset',
    description:
      "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end",
    arg: { describedAs: 'consume offset', defaultValue: 'latest' },
  },
  {
    name: 'consumer-property',
    description: 'A mechanism to pass user-defined properties in the form key=value to the consumer.',
    arg: { describedAs: 'consumer_prop' },
  },
  {
    name: 'property',
    description:
      'The properties to initialize the message formatter. Default properties include: \n print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.partition=true|false\n print.headers=true|false\n print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<line.separator>\n null.literal=<null.literal>',
    arg: { describedAs: 'prop' },
  },
  {
    name: 'from-beginning',
    description:
      'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message.',
  },
  {
    name: 'max-messages',
    description: 'The maximum number of messages to consume before exiting. If not set, consumption is continual.',
    arg: { describedAs: 'num_messages', type: 'Integer' },
  },
  {
    name: 'timeout-ms',
    description: 'If specified, exit if no message is available for consumption for the specified interval.',
    arg: { describedAs: 'timeout_ms', type: 'Long' },
  },
  { name: 'bootstrap-server', description: 'REQUIRED: The server(s) to connect to.', arg: { describedAs: 'server to connect to' } },
  {
    name: 'isolation-level',
    description:
      'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages.',
    arg: { describedAs: 'String', defaultValue: 'read_uncommitted' },
  },
  { name: 'group', description: 'The consumer group id of the consumer.', arg: { describedAs: 'consumer group id' } },
]);

/** fetch.max.wait.ms: how long an empty fetch of an assigned partition waits before the next one. */
const FETCH_MAX_WAIT_MS = 500;
const LOGGER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

export const kafkaConsoleConsumer: Tool = {
  name: 'kafka-console-consumer.sh',
  summary: 'Read records from a topic and print them.',
  parser,
  handlesInterrupt: true,
  run(args, context) {
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage: 'This tool helps to read data from Kafka topics and outputs it to standard output.',
      },
      (options) => consume(options, context),
    );
  },
};

interface Settings {
  topic: string | undefined;
  include: string | undefined;
  partition: number | undefined;
  /** 'earliest', 'latest' or an offset. */
  offset: string;
  groupId: string;
  groupGiven: boolean;
  autoOffsetReset: 'earliest' | 'latest';
  maxMessages: number;
  timeoutMs: number;
  bootstrap: string;
  readCommitted: boolean;
  /** --consumer-property settings the consumer understands, by Kafka's names. */
  consumerConfig: Partial<ConsumerConfig>;
}

/**
 * The --consumer-property settings passed on to the consumer, with their types; group.protocol=consumer
 * makes the console consumer a KIP-848 member, with group.remote.assignor naming the server assignor.
 */
const CONSUMER_PROPERTIES: Record<string, 'string' | 'number' | 'boolean'> = {
  'group.instance.id': 'string',
  'session.timeout.ms': 'number',
  'max.poll.interval.ms': 'number',
  'heartbeat.interval.ms': 'number',
  'fetch.min.bytes': 'number',
  'fetch.max.bytes': 'number',
  'fetch.max.wait.ms': 'number',
  'max.partition.fetch.bytes': 'number',
  'partition.assignment.strategy': 'string',
  'client.rack': 'string',
  'enable.auto.commit': 'boolean',
  'auto.commit.interval.ms': 'number',
  'allow.auto.create.topics': 'boolean',
  'request.timeout.ms': 'number',
  'retry.backoff.ms': 'number',
  'group.protocol': 'string',
  'group.remote.assignor': 'string',
};

function consumerConfigOf(props: Map<string, string>): Partial<ConsumerConfig> {
  const config: Record<string, string | number | boolean> = {};
  for (const [name, value] of props) {
    const type = CONSUMER_PROPERTIES[name];
    if (type === 'number' && /^\d+$/.test(value.trim())) config[name] = Number(value);
    else if (type === 'boolean') config[name] = value.trim().toLowerCase() === 'true';
    else if (type === 'string') config[name] = value;
  }
  return config as Partial<ConsumerConfig>;
}

function settings(options: ParsedOptions, context: ToolContext): Settings | number {
  const topic = options.valueOf('topic');
  const include = options.valueOf('include');
  if ((topic === undefined) === (include === undefined)) throw new UsageError('Exactly one of --include/--topic is required. ');
  const partition = options.intValueOf('partition');
  if (partition !== undefined) {
    if (topic === undefined) throw new UsageError('The topic is required when partition is specified.');
    if (options.has('from-beginning') && options.has('offset'))
      throw new UsageError('Options from-beginning and offset cannot be specified together.');
  } else if (options.has('offset')) throw new UsageError('The partition is required when offset is specified.');
  checkRequiredArgs(options, 'bootstrap-server');
  const consumerProps = parseKeyValueArgs(options.valuesOf('consumer-property'));
  const groups = new Set([options.valueOf('group'), consumerProps.get('group.id')].filter((g): g is string => g !== undefined));
  if (groups.size > 1) {
    throw new UsageError(
      `The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: ${[...groups].map((g) => `'${g}'`).join(', ')}`,
    );
  }
  if (groups.size > 0 && partition !== undefined) throw new UsageError('Options group and partition cannot be specified together.');
  const reset = consumerProps.get('auto.offset.reset');
  if (reset !== undefined && options.has('from-beginning') && reset !== 'earliest') {
    context.err(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', please remove one option\n`);
    return 1;
  }
  const offset = options.valueOf('offset')!;
  const offsetArg = options.has('offset') ? offset.toLowerCase() : options.has('from-beginning') ? 'earliest' : 'latest';
  if (!['earliest', 'latest'].includes(offsetArg) && !/^\d+$/.test(offsetArg)) {
    throw new UsageError(
      `The provided offset value '${offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`,
    );
  }
  const timeoutMs = options.intValueOf('timeout-ms') ?? -1;
  return {
    topic,
    include,
    partition,
    offset: offsetArg,
    groupId: [...groups][0] ?? `console-consumer-${context.random.nextInt(100000)}`,
    groupGiven: groups.size > 0,
    autoOffsetReset: (reset ?? (options.has('from-beginning') ? 'earliest' : 'latest')) === 'earliest' ? 'earliest' : 'latest',
    maxMessages: options.intValueOf('max-messages') ?? -1,
    timeoutMs: timeoutMs >= 0 ? timeoutMs : Infinity,
    bootstrap: options.valueOf('bootstrap-server')!,
    readCommitted: (consumerProps.get('isolation.level') ?? options.valueOf('isolation-level')) === 'read_committed',
    consumerConfig: consumerConfigOf(consumerProps),
  };
}

async function consume(options: ParsedOptions, context: ToolContext): Promise<number> {
  const config = settings(options, context);
  if (typeof config === 'number') return config;
  const format = messageFormatter(parseKeyValueArgs(options.valuesOf('property')));
  const session = new Session(context, config, format);
  if (!canConnect(config.bootstrap, context.cluster)) {
    const client =
      config.partition === undefined
        ? `Consumer clientId=console-consumer, groupId=${config.groupId}`
        : 'Consumer clientId=console-consumer';
    await warnUnreachable(context, client, config.bootstrap, context.clock.now() + config.timeoutMs);
    session.timedOut();
  } else if (config.partition !== undefined) {
    await session.readAssigned(config.topic!, config.partition);
  } else {
    await session.readAsGroupMember();
  }
  context.err(`Processed a total of ${session.count} messages\n`);
  return context.signal.aborted ? INTERRUPTED : 0;
}

/** One run of the consumer: counts and prints records until one of the ways it ends. */
class Session {
  count = 0;
  private finished = false;
  private finish: () => void = () => undefined;
  private readonly done: Promise<void>;
  private timer: { cancel(): void } | null = null;

  constructor(
    private readonly context: ToolContext,
    private readonly config: Settings,
    private readonly format: (record: FormattedRecord) => string,
  ) {
    this.done = new Promise((resolve) => {
      this.finish = () => {
        this.finished = true;
        this.timer?.cancel();
        resolve();
      };
    });
    context.signal.addEventListener('abort', () => this.finish(), { once: true });
    if (context.signal.aborted) this.finish();
    this.armTimeout();
  }

  /** ConsoleConsumer.receive: no record within --timeout-ms ends the run with a TimeoutException. */
  timedOut(): void {
    if (this.finished) return;
    this.context.err(
      log4jLine(this.context.clock.now(), 'ERROR', 'Error processing message, terminating consumer process: ', LOGGER) +
        'org.apache.kafka.common.errors.TimeoutException\n',
    );
    this.finish();
  }

  print(record: FormattedRecord): void {
    if (this.finished) return;
    this.context.out(this.format(record));
    this.count++;
    if (this.count === this.config.maxMessages) this.finish();
    else this.armTimeout();
  }

  async readAsGroupMember(): Promise<void> {
    const { kafka } = this.context;
    const { topic, include, groupId, groupGiven, autoOffsetReset, readCommitted, consumerConfig } = this.config;
    // Without --group the tool turns auto-commit off unless a property says otherwise (ConsoleConsumerOptions).
    const autoCommit = consumerConfig['enable.auto.commit'] ?? groupGiven;
    const consumer: Consumer = kafka.consumer({ ...consumerConfig, autoCommit, groupId, autoOffsetReset, readUncommitted: !readCommitted });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic ?? new RegExp(`^(?:${include})$`)] });
      const running = consumer.run({
        eachMessage: async ({ partition, message }) =>
          this.print({
            partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key,
            value: message.value,
            headers: headerEntries(message.headers),
          }),
      });
      // Ctrl-C during the first join leaves run() to settle on its own; its outcome no longer matters.
      running.catch(() => undefined);
      await Promise.race([running, this.done]);
      await this.done;
    } catch (error) {
      this.fail(error);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }

  async readAssigned(topic: string, partition: number): Promise<void> {
    const { kafka } = this.context;
    try {
      const offsets = (await kafka.admin().fetchTopicOffsets(topic)).find((p) => p.partition === partition);
      const low = Number(offsets?.low ?? 0);
      const high = Number(offsets?.high ?? 0);
      const asked = this.config.offset;
      let position = asked === 'earliest' ? low : asked === 'latest' ? high : Number(asked);
      // Out of range: auto.offset.reset (latest unless --from-beginning) picks the position.
      if (position < low || position > high) position = this.config.autoOffsetReset === 'earliest' ? low : high;
      while (!this.finished) {
        const read = await kafka.readPartition({ topic, partition, fromOffset: position });
        for (const record of read.records) {
          this.print({
            partition,
            offset: record.offset,
            timestamp: record.timestamp,
            key: record.key,
            value: record.value,
            headers: headerEntries(record.headers),
          });
          position = Number(record.offset) + 1;
        }
        if (read.records.length === 0) await Promise.race([this.context.sleep(FETCH_MAX_WAIT_MS), this.done]);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const { javaClass, message } = toolError(error);
    this.context.err(
      log4jLine(this.context.clock.now(), 'ERROR', 'Error processing message, terminating consumer process: ', LOGGER) +
        `${javaClass}: ${message}\n`,
    );
    this.finish();
  }

  private armTimeout(): void {
    this.timer?.cancel();
    if (this.finished || this.config.timeoutMs === Infinity) return;
    this.timer = this.context.clock.schedule(this.config.timeoutMs, () => this.timedOut());
  }
}
