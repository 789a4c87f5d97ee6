/**
 * kafka-producer-perf-test.sh, as ProducerPerformance runs it: argparse4j's options, usage and
 * errors; the producer properties from --producer-props and --producer.config (bootstrap.servers
 * required, client.id perf-producer-client by default); then the run of
 * src/workload/producer-performance.ts, which prints a window line every 5 s and the total line.
 * A failed send prints its exception, as the callback's printStackTrace does (without the frames).
 * Transactions are not modelled and are refused with a message saying so.
 */
import type { ProducerMetricValues } from '../../client/producer/producer-metrics';
import { KafkaError } from '../../protocol/errors';
import { performanceProducerSettings } from '../../workload/producer-performance-config';
import { runProducerPerformance, type ProducerPerformanceSpec } from '../../workload/producer-performance';
import { javaFixed, PerformanceStats } from '../../workload/producer-performance-stats';
import { canConnect } from '../bootstrap';
import { toolError } from '../kafka-errors';
import { OptionParser } from '../options';
import { INTERRUPTED, type Tool, type ToolContext } from '../tool';
import { warnUnreachable } from '../unreachable';

const PROG = 'producer-performance';

interface Argument {
  flag: string;
  /** Absent for a flag (storeTrue). */
  metavar?: string;
  type?: 'Long' | 'Integer' | 'Double';
  /** nargs("+"): one or more values. */
  many?: boolean;
  required?: boolean;
  /** In the required mutually exclusive group of the payload options. */
  payload?: boolean;
  help: string;
  defaultValue?: string;
}

const ONE_OF = 'Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic.';

/** ProducerPerformance.argParser, in its order. */
const ARGUMENTS: Argument[] = [
  { flag: '--topic', metavar: 'TOPIC', required: true, help: 'produce messages to this topic' },
  { flag: '--num-records', metavar: 'NUM-RECORDS', type: 'Long', required: true, help: 'number of messages to produce' },
  { flag: '--record-size', metavar: 'RECORD-SIZE', type: 'Integer', payload: true, help: `message size in bytes. ${ONE_OF}` },
  {
    flag: '--payload-file',
    metavar: 'PAYLOAD-FILE',
    payload: true,
    help: `file to read the message payloads from. This works only for UTF-8 encoded text files. Payloads will be read from this file and a payload will be randomly selected when sending messages. ${ONE_OF}`,
  },
  {
    flag: '--payload-monotonic',
    payload: true,
    help: 'payload is monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic.',
    defaultValue: 'false',
  },
  {
    flag: '--payload-delimiter',
    metavar: 'PAYLOAD-DELIMITER',
    help: 'provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided.',
    defaultValue: '\\n',
  },
  {
    flag: '--throughput',
    metavar: 'THROUGHPUT',
    type: 'Double',
    required: true,
    help: 'throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling.',
  },
  {
    flag: '--producer-props',
    metavar: 'PROP-NAME=PROP-VALUE',
    many: true,
    help: 'kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config.',
  },
  { flag: '--producer.config', metavar: 'CONFIG-FILE', help: 'producer config properties file.' },
  { flag: '--print-metrics', help: 'print out metrics at the end of the test.', defaultValue: 'false' },
  {
    flag: '--transactional-id',
    metavar: 'TRANSACTIONAL-ID',
    help: 'The transactional id to use. This config takes precedence over the transactional.id specified via --producer.config or --producer-props. Note that if the transactional id is not specified while --transaction-duration-ms is provided, the default value for the transactional id will be performance-producer- followed by a random uuid.',
  },
  {
    flag: '--transaction-duration-ms',
    metavar: 'TRANSACTION-DURATION',
    type: 'Long',
    help: 'The max age of each transaction. The commitTransaction will be called after this time has elapsed. The value should be greater than 0. If the transactional id is specified via --producer-props, --producer.config, or --transactional-id but --transaction-duration-ms is not specified, the default value will be 3000.',
  },
  {
    flag: '--warmup-records',
    metavar: 'WARMUP-RECORDS',
    type: 'Long',
    help: 'The number of records to treat as warmup; these initial records will not be included in steady-state statistics. An additional summary line will be printed describing the steady-state statistics. (default: 0).',
    defaultValue: '0',
  },
];

const usageOf = (arg: Argument) =>
  arg.metavar === undefined ? arg.flag : arg.many ? `${arg.flag} ${arg.metavar} [${arg.metavar} ...]` : `${arg.flag} ${arg.metavar}`;

/** argparse4j's usage: optional arguments in order, then the mutually exclusive group. */
const USAGE = (() => {
  const parts = [
    '[-h]',
    ...ARGUMENTS.filter((a) => !a.payload).map((a) => (a.required ? usageOf(a) : `[${usageOf(a)}]`)),
    `(${ARGUMENTS.filter((a) => a.payload)
      .map(usageOf)
      .join(' | ')})`,
  ];
  const indent = ' '.repeat(`usage: ${PROG} `.length);
  const lines: string[] = [];
  let line = `usage: ${PROG}`;
  for (const part of parts) {
    if (line.length + 1 + part.length > 150 && line.trim() !== '') {
      lines.push(line);
      line = indent + part;
    } else line = `${line} ${part}`;
  }
  return [...lines, line].join('\n') + '\n';
})();

const DESCRIPTION =
  'This tool is used to verify the producer performance. To enable transactions, you can specify a transaction id or set a transaction duration using --transaction-duration-ms. There are three ways to specify the transaction id: set transaction.id=<id> via --producer-props, set transaction.id=<id> in the config file via --producer.config, or use --transaction-id <id>.';

/** argparse4j's help: defaultHelp(true) appends each non-null default. */
const HELP = (() => {
  const row = (left: string, help: string) => (left.length <= 21 ? `  ${left.padEnd(23)}${help}` : `  ${left}\n${' '.repeat(25)}${help}`);
  const helpOf = (arg: Argument) =>
    row(usageOf(arg), arg.defaultValue === undefined ? arg.help : `${arg.help} (default: ${arg.defaultValue})`);
  return (
    `${USAGE}\n${DESCRIPTION}\n\noptional arguments:\n${row('-h, --help', 'show this help message and exit')}\n` +
    `${ARGUMENTS.filter((a) => !a.payload)
      .map(helpOf)
      .join('\n')}\n\n` +
    '  either --record-size or --payload-file must be specified but not both.\n\n' +
    `${ARGUMENTS.filter((a) => a.payload)
      .map(helpOf)
      .join('\n')}\n`
  );
})();

/** For completion only: argparse4j parses this tool's arguments. */
const parser = new OptionParser(
  ARGUMENTS.map((a) => ({
    name: a.flag.slice(2),
    description: a.help,
    ...(a.metavar === undefined ? {} : { arg: { describedAs: a.metavar } }),
  })),
  { defaults: false },
);

export const kafkaProducerPerfTest: Tool = {
  name: 'kafka-producer-perf-test.sh',
  summary: 'Measure producer throughput and latency (ProducerPerformance).',
  parser,
  run: (args, context) => producerPerformance(args, context),
};

/** argparse4j's ArgumentParserException: handleError prints the usage and `prog: error: message`. */
class ArgumentParserError extends Error {}

/** A Java exception the tool does not catch: the JVM prints it and exits with 1. */
class Uncaught extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
}

async function producerPerformance(args: string[], context: ToolContext): Promise<number> {
  if (args.length === 0) {
    context.out(HELP);
    return 0;
  }
  try {
    const parsed = parseArguments(args);
    if (parsed === 'help') {
      context.out(HELP);
      return 0;
    }
    return await perfTest(parsed, context);
  } catch (error) {
    if (error instanceof ArgumentParserError) {
      context.err(`${USAGE}${PROG}: error: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Uncaught) {
      context.err(`Exception in thread "main" ${error.javaClass}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

type Namespace = Map<string, string | string[]>;

/** argparse4j's parseArgs: --flag value, --flag=value, unique prefixes of a flag, -1 taken as a value. */
function parseArguments(args: string[]): Namespace | 'help' {
  const values: Namespace = new Map();
  const isValue = (arg: string | undefined) => arg !== undefined && (!arg.startsWith('-') || /^-\d+$|^-\d*\.\d+$/.test(arg));
  let payloadGiven: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word.startsWith('-') || word === '-') throw new ArgumentParserError(`unrecognized arguments: '${word}'`);
    const equals = word.indexOf('=');
    const name = equals < 0 ? word : word.slice(0, equals);
    if (name === '-h' || name === '--help') return 'help';
    const arg = findArgument(name);
    if (arg.payload) {
      if (payloadGiven !== null && payloadGiven !== arg.flag)
        throw new ArgumentParserError(`argument ${arg.flag}: not allowed with argument ${payloadGiven}`);
      payloadGiven = arg.flag;
    }
    if (arg.metavar === undefined) {
      if (equals >= 0) throw new ArgumentParserError(`argument ${arg.flag}: ignored explicit argument '${word.slice(equals + 1)}'`);
      values.set(arg.flag, 'true');
      continue;
    }
    const given: string[] = [];
    if (equals >= 0) given.push(word.slice(equals + 1));
    else if (arg.many) while (isValue(args[i + 1])) given.push(args[++i]);
    else if (isValue(args[i + 1])) given.push(args[++i]);
    if (given.length === 0)
      throw new ArgumentParserError(`argument ${arg.flag}: ${arg.many ? 'expected at least one argument' : 'expected one argument'}`);
    const converted = given.map((value) => String(convert(arg, value)));
    values.set(arg.flag, arg.many ? converted : converted[0]);
  }
  for (const arg of ARGUMENTS) {
    if (arg.required && !values.has(arg.flag)) throw new ArgumentParserError(`argument ${arg.flag} is required`);
  }
  if (payloadGiven === null)
    throw new ArgumentParserError(
      `one of the arguments ${ARGUMENTS.filter((a) => a.payload)
        .map((a) => a.flag)
        .join(' ')} is required`,
    );
  return values;
}

/** The flag `name` is, or uniquely begins (argparse4j abbreviates long options). */
function findArgument(name: string): Argument {
  const exact = ARGUMENTS.find((a) => a.flag === name);
  if (exact !== undefined) return exact;
  const candidates = name.startsWith('--') ? ARGUMENTS.filter((a) => a.flag.startsWith(name)) : [];
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1)
    throw new ArgumentParserError(`ambiguous option: ${name} could match ${candidates.map((a) => a.flag).join(', ')}`);
  throw new ArgumentParserError(`unrecognized arguments: '${name}'`);
}

/** ReflectArgumentType: Long.valueOf, Integer.valueOf, Double.valueOf and their NumberFormatException messages. */
function convert(arg: Argument, value: string): number | string {
  if (arg.type === undefined) return value;
  const fail = (reason: string) => new ArgumentParserError(`argument ${arg.flag}: could not convert '${value}' to ${arg.type} (${reason})`);
  if (arg.type === 'Double') {
    const text = value.trim().replace(/[dDfF]$/, '');
    if (text === '') throw fail('empty String');
    if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(text)) throw fail(`For input string: "${value}"`);
    return Number(text.replace(/^([+-]?)Infinity$/, '$1Infinity'));
  }
  const limit = arg.type === 'Long' ? 9223372036854775807n : 2147483647n;
  if (!/^[+-]?\d+$/.test(value) || BigInt(value) > limit || BigInt(value) < -limit - 1n) {
    throw fail(value === '' ? 'For input string: ""' : `For input string: "${value}"`);
  }
  return Number(value);
}

/** ConfigPostProcessor's checks, then the producer properties as readProps reads them. */
async function perfTest(values: Namespace, context: ToolContext): Promise<number> {
  const one = (flag: string) => values.get(flag) as string | undefined;
  const numberOf = (flag: string) => (values.has(flag) ? Number(one(flag)) : undefined);
  const numRecords = numberOf('--num-records')!;
  const warmupRecords = Math.max(numberOf('--warmup-records') ?? 0, 0);
  const recordSize = numberOf('--record-size');
  const transactionDurationMs = numberOf('--transaction-duration-ms');
  const producerConfigs = values.get('--producer-props') as string[] | undefined;
  const configFile = one('--producer.config');
  if (numRecords <= 0) throw new ArgumentParserError('--num-records should be greater than zero');
  if (warmupRecords >= numRecords)
    throw new ArgumentParserError(
      'The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.',
    );
  if (recordSize !== undefined && recordSize <= 0) throw new ArgumentParserError('--record-size should be greater than zero');
  if (producerConfigs === undefined && configFile === undefined)
    throw new ArgumentParserError('Either --producer-props or --producer.config must be specified.');
  if (transactionDurationMs !== undefined && transactionDurationMs <= 0)
    throw new ArgumentParserError('--transaction-duration-ms should be greater than zero');

  const payloads = readPayloadFile(context, one('--payload-file'), one('--payload-delimiter') ?? '\\n');
  const props = readProps(context, producerConfigs, configFile);
  if (values.has('--transactional-id') || transactionDurationMs !== undefined || props['transactional.id'] !== undefined) {
    throw new Uncaught(
      'org.apache.kafka.common.errors.UnsupportedVersionException',
      'Transactions are not modelled by this simulator (docs/FIDELITY.md): remove transactional.id, --transactional-id and --transaction-duration-ms.',
    );
  }
  // KafkaProducer's constructor: the config is read, and checked, before anything is sent.
  let maxBlockMs: number;
  try {
    maxBlockMs = performanceProducerSettings(props).maxBlockMs;
  } catch (error) {
    if (error instanceof KafkaError) throw new Uncaught('org.apache.kafka.common.config.ConfigException', error.message);
    throw error;
  }
  const bootstrap = props['bootstrap.servers'];
  if (bootstrap === undefined)
    throw new Uncaught(
      'org.apache.kafka.common.config.ConfigException',
      'Missing required configuration "bootstrap.servers" which has no default value.',
    );
  const clientId = props['client.id'] ?? 'perf-producer-client';
  const topic = one('--topic')!;

  const spec: ProducerPerformanceSpec = {
    topic,
    numRecords,
    throughput: Number(one('--throughput')),
    warmupRecords,
    producerProps: props,
    ...(recordSize !== undefined ? { recordSize } : payloads !== undefined ? { payloads } : { payloadMonotonic: true }),
  };
  const printError = (error: unknown) => {
    const { javaClass, message } = toolError(error);
    context.err(`${javaClass}: ${message}\n`);
  };
  if (!canConnect(bootstrap, context.cluster))
    return unreachable(context, { clientId, bootstrap, topic, maxBlockMs, numRecords, printError });
  const result = await runProducerPerformance(spec, {
    kafka: context.kafka,
    clock: context.clock,
    random: context.random,
    signal: context.signal,
    print: (line) => context.out(`${line}\n`),
    onError: printError,
  });
  if (result.interrupted) return INTERRUPTED;
  if (values.has('--print-metrics')) context.out(metricsTable(result.metrics, clientId));
  return 0;
}

/** readPayloadFile: split at the delimiter (a regex, as Scanner and String.split take it), trailing empties dropped. */
function readPayloadFile(context: ToolContext, path: string | undefined, delimiter: string): string[] | undefined {
  if (path === undefined) return undefined;
  context.out(`Reading payloads from: ${path.startsWith('/') ? path : `/${path}`}\n`);
  const text = context.readFile(path);
  if (text === undefined || text === '')
    throw new Uncaught('java.lang.IllegalArgumentException', 'File does not exist or empty file provided.');
  const payloads = text.split(new RegExp(delimiter === '\\n' ? '\n' : delimiter));
  while (payloads.length > 0 && payloads.at(-1) === '') payloads.pop();
  context.out(`Number of messages read: ${payloads.length}\n`);
  return payloads;
}

/** readProps: the config file, then --producer-props over it, each `name=value` split as Java's String.split("="). */
function readProps(context: ToolContext, producerProps: string[] | undefined, configFile: string | undefined): Record<string, string> {
  const props: Record<string, string> = {};
  if (configFile !== undefined) {
    const text = context.readFile(configFile);
    if (text === undefined) throw new Uncaught('java.nio.file.NoSuchFileException', configFile);
    Object.assign(props, loadProperties(text));
  }
  for (const prop of producerProps ?? []) {
    const pieces = prop.split('=');
    while (pieces.length > 0 && pieces.at(-1) === '') pieces.pop();
    if (pieces.length !== 2) throw new Uncaught('java.lang.IllegalArgumentException', `Invalid property: ${prop}`);
    props[pieces[0]] = pieces[1];
  }
  return props;
}

/** java.util.Properties.load, for the simple files a user writes: `key=value`, `key: value` or `key value`; # and ! comments. */
function loadProperties(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]*)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match === null) props[line] = '';
    else props[match[1]] = match[2];
  }
  return props;
}

interface Unreachable {
  clientId: string;
  bootstrap: string;
  topic: string;
  maxBlockMs: number;
  numRecords: number;
  printError(error: unknown): void;
}

/**
 * No broker of the bootstrap list answers: each send() waits max.block.ms for the topic's metadata,
 * warning as NetworkClient does, then its callback gets the TimeoutException; Ctrl-C ends it.
 */
async function unreachable(context: ToolContext, to: Unreachable): Promise<number> {
  const stats = new PerformanceStats(to.numRecords, context.clock, (line) => context.out(`${line}\n`));
  for (let i = 0; i < to.numRecords; i++) {
    await warnUnreachable(context, `Producer clientId=${to.clientId}`, to.bootstrap, context.clock.now() + to.maxBlockMs);
    if (context.signal.aborted) return INTERRUPTED;
    to.printError(new KafkaError('REQUEST_TIMED_OUT', `Topic ${to.topic} not present in metadata after ${to.maxBlockMs} ms.`));
  }
  stats.printTotal();
  return 0;
}

/** ToolsUtils.printMetrics: `group:name:{tags}` padded to the longest, then ` : ` and the value with %.3f. */
function metricsTable(metrics: ProducerMetricValues, clientId: string): string {
  const rows = Object.entries(metrics)
    .map(([name, value]) => [`producer-metrics:${name}:{client-id=${clientId}}`, value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(...rows.map(([name]) => name.length));
  return `\n${'Metric Name'.padEnd(width)}   Value\n${rows.map(([name, value]) => `${name.padEnd(width)} : ${javaFixed(value, 3)}\n`).join('')}`;
}
