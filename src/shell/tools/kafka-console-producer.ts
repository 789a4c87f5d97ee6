/**
 * kafka-console-producer.sh, as ConsoleProducer with its LineMessageReader runs it: one record per
 * line of standard input, `>` before each line when stdin is a terminal, keys split off at
 * key.separator with parse.key=true, sends asynchronously (ErrorLoggingCallback reports failures)
 * unless --sync, and the producer settings the tool forces (acks -1, linger.ms 1000 from --timeout,
 * retries 3, request.timeout.ms 1500).
 */
import type { Producer } from '../../client/producer/producer';
import { ACKS_BY_NAME } from '../../client/producer/producer-config';
import { canConnect } from '../bootstrap';
import { JavaException, toolError } from '../kafka-errors';
import { log4jLine } from '../log4j';
import { checkRequiredArgs, OptionParser, UsageError, type ParsedOptions } from '../options';
import { booleanProperty, parseKeyValueArgs } from '../properties';
import { runTool } from '../run-tool';
import { INTERRUPTED, type Tool, type ToolContext } from '../tool';
import { warnUnreachable } from '../unreachable';

const parser = new OptionParser([
  { name: 'topic', description: 'REQUIRED: The topic id to produce messages to.', arg: { describedAs: 'topic' } },
  {
    name: 'bootstrap-server',
    description:
      'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2.',
    arg: { describedAs: 'server to connect to' },
  },
  {
    name: 'broker-list',
    description:
      'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The broker list string in the form HOST1:PORT1,HOST2:PORT2.',
    arg: { describedAs: 'broker-list' },
  },
  { name: 'sync', description: 'If set message send requests to the brokers are synchronously, one at a time as they arrive.' },
  {
    name: 'batch-size',
    description:
      'Number of messages to send in a single batch if they are not being sent synchronously. please note that this option will be replaced if max-partition-memory-bytes is also set',
    arg: { describedAs: 'size', type: 'Integer', defaultValue: '16384' },
  },
  {
    name: 'message-send-max-retries',
    description:
      'Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs.',
    arg: { describedAs: 'Integer', type: 'Integer', defaultValue: '3' },
  },
  {
    name: 'retry-backoff-ms',
    description:
      'Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs.',
    arg: { describedAs: 'Long', type: 'Long', defaultValue: '100' },
  },
  {
    name: 'timeout',
    description:
      'If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs.',
    arg: { describedAs: 'timeout_ms', type: 'Long', defaultValue: '1000' },
  },
  {
    name: 'request-required-acks',
    description: 'The required `acks` of the producer requests',
    arg: { describedAs: 'request required acks', defaultValue: '-1' },
  },
  {
    name: 'request-timeout-ms',
    description: 'The ack timeout of the producer requests. Value must be non-negative and non-zero.',
    arg: { describedAs: 'request timeout ms', type: 'Integer', defaultValue: '1500' },
  },
  {
    name: 'max-block-ms',
    description: 'The max time that the producer will block for during a send request.',
    arg: { describedAs: 'max block on send', type: 'Long', defaultValue: '60000' },
  },
  {
    name: 'property',
    description:
      'A mechanism to pass user-defined properties in the form key=value to the message reader. This allows custom configuration for a user-defined message reader.Default properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n parse.key=true:\n  "key\\tvalue"',
    arg: { describedAs: 'prop' },
  },
  {
    name: 'producer-property',
    description: 'A mechanism to pass user-defined properties in the form key=value to the producer. ',
    arg: { describedAs: 'producer_prop' },
  },
]);

export const kafkaConsoleProducer: Tool = {
  name: 'kafka-console-producer.sh',
  summary: 'Read lines from standard input and publish them to a topic.',
  parser,
  handlesInterrupt: true,
  run(args, context) {
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage: 'This tool helps to read data from standard input and publish it to Kafka.',
      },
      async (options) => {
        try {
          return await produce(options, context);
        } catch (error) {
          // KafkaProducer's constructor rejects the config; ConsoleProducer prints the exception.
          if (!(error instanceof JavaException)) throw error;
          context.err(`${error.javaClass}: ${error.message}\n`);
          return 1;
        }
      },
    );
  },
};

const INT_CONFIGS = new Set(['batch.size', 'retries', 'request.timeout.ms']);

function configException(message: string): JavaException {
  return new JavaException('org.apache.kafka.common.config.ConfigException', message);
}

interface LineReader {
  parseKey: boolean;
  keySeparator: string;
  ignoreError: boolean;
  nullMarker: string | undefined;
}

async function produce(options: ParsedOptions, context: ToolContext): Promise<number> {
  if (!options.has('bootstrap-server') && !options.has('broker-list'))
    throw new UsageError('Missing required option(s) [bootstrap-server]');
  checkRequiredArgs(options, 'topic');
  const topic = options.valueOf('topic')!;
  const bootstrap = options.valueOf('bootstrap-server') ?? options.valueOf('broker-list')!;
  const props = parseKeyValueArgs(options.valuesOf('property'));
  const reader: LineReader = {
    parseKey: booleanProperty(props, 'parse.key', false),
    keySeparator: props.get('key.separator') ?? '\t',
    ignoreError: booleanProperty(props, 'ignore.error', false),
    nullMarker: props.get('null.marker'),
  };
  // CommandLineUtils.maybeMergeOptions: a tool option given explicitly wins over --producer-property,
  // which wins over the tool option's default.
  const producerProps = parseKeyValueArgs(options.valuesOf('producer-property'));
  const merged = (config: string, option: string) =>
    options.has(option) ? options.valueOf(option)! : (producerProps.get(config) ?? options.valueOf(option)!);
  const number = (config: string, option: string) => {
    const value = merged(config, option);
    if (!/^-?\d+$/.test(value.trim()))
      throw configException(
        `Invalid value ${value} for configuration ${config}: Not a number of type ${INT_CONFIGS.has(config) ? 'INT' : 'LONG'}`,
      );
    return Number(value);
  };
  const acksText = merged('acks', 'request-required-acks');
  const acks = ACKS_BY_NAME[acksText.trim().toLowerCase()];
  if (acks === undefined) throw configException(`Invalid value ${acksText} for configuration acks: Invalid value ${acksText}`);
  const maxBlockMs = number('max.block.ms', 'max-block-ms');
  const idempotence = producerProps.get('enable.idempotence');
  const sync = options.has('sync');
  // Read before connecting: KafkaProducer's constructor validates its config first.
  const config = {
    lingerMs: number('linger.ms', 'timeout'),
    batchSize: number('batch.size', 'batch-size'),
    retries: number('retries', 'message-send-max-retries'),
    retryBackoffMs: number('retry.backoff.ms', 'retry-backoff-ms'),
    requestTimeoutMs: number('request.timeout.ms', 'request-timeout-ms'),
    maxBlockMs,
    ...(idempotence === undefined ? {} : { idempotent: idempotence.trim().toLowerCase() === 'true' }),
  };
  const producer = canConnect(bootstrap, context.cluster) ? context.kafka.producer(config) : null;

  const sender = new LineSender(context, producer, { topic, acks, maxBlockMs, bootstrap });
  for (let lineNumber = 1; ; lineNumber++) {
    if (context.tty) context.out('>');
    const line = await context.readLine();
    if (line === null) break;
    const record = parseLine(line, lineNumber, reader);
    if (typeof record === 'string') {
      await sender.flush();
      context.err(`org.apache.kafka.common.KafkaException: ${record}\n`);
      return 1;
    }
    sender.add(record);
    // With no broker to answer, send() itself blocks on the metadata, so lines go one at a time.
    if (sync || producer === null) await sender.flush();
  }
  // Closing the producer flushes what is still queued (KafkaProducer.close).
  await sender.flush();
  await producer?.disconnect();
  return context.signal.aborted ? INTERRUPTED : 0;
}

interface LineRecord {
  key: string | null;
  value: string | null;
}

/** LineMessageReader: a record, or the message of the KafkaException the line causes. */
function parseLine(line: string, lineNumber: number, reader: LineReader): LineRecord | string {
  const orNull = (field: string) => (reader.nullMarker !== undefined && field === reader.nullMarker ? null : field);
  if (!reader.parseKey) return { key: null, value: orNull(line) };
  const at = line.indexOf(reader.keySeparator);
  if (at < 0) {
    if (reader.ignoreError) return { key: null, value: orNull(line) };
    return `No key separator found on line number ${lineNumber}: '${line}'`;
  }
  return { key: orNull(line.slice(0, at)), value: orNull(line.slice(at + reader.keySeparator.length)) };
}

interface Destination {
  topic: string;
  acks: number;
  maxBlockMs: number;
  bootstrap: string;
}

/**
 * Sends the lines in the order they were read; the lines read while a send is in flight go out
 * together in the next one, so a paste of many lines is batched as the console producer's
 * accumulator would batch it, and a failure is logged per line.
 */
class LineSender {
  private readonly queue: LineRecord[] = [];
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly context: ToolContext,
    private readonly producer: Producer | null,
    private readonly to: Destination,
  ) {}

  add(record: LineRecord): void {
    this.queue.push(record);
    this.inFlight ??= this.drain();
  }

  flush(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.send(this.queue.splice(0));
    this.inFlight = null;
  }

  /** A failure is logged for each record, as ErrorLoggingCallback logs it. */
  private async send(records: LineRecord[]): Promise<void> {
    const { context, producer, to } = this;
    const bytes = (text: string | null) => (text === null ? 'null' : `${new TextEncoder().encode(text).length} bytes`);
    const logFailures = (javaClass: string, message: string) => {
      for (const record of records) {
        context.err(
          log4jLine(
            context.clock.now(),
            'ERROR',
            `Error when sending message to topic ${to.topic} with key: ${bytes(record.key)}, value: ${bytes(record.value)} with error: `,
            'org.apache.kafka.clients.producer.internals.ErrorLoggingCallback',
          ) + `${javaClass}: ${message}\n`,
        );
      }
    };
    if (producer === null) {
      // Nothing answers: send() blocks max.block.ms waiting for the topic's metadata, then fails.
      await warnUnreachable(context, 'Producer clientId=console-producer', to.bootstrap, context.clock.now() + to.maxBlockMs);
      if (!context.signal.aborted)
        logFailures(
          'org.apache.kafka.common.errors.TimeoutException',
          `Topic ${to.topic} not present in metadata after ${to.maxBlockMs} ms.`,
        );
      return;
    }
    try {
      await producer.send({ topic: to.topic, acks: to.acks, messages: records.map(({ key, value }) => ({ key, value })) });
    } catch (error) {
      const { javaClass, message } = toolError(error);
      logFailures(javaClass, message);
    }
  }
}
