/**
 * kafka-storage.sh random-uuid and format, as StorageTool answers them. The simulated cluster's log
 * directories were formatted when it was created, so `format` finds them formatted, as it would on
 * a machine where Kafka already ran; `random-uuid` prints a new Kafka Uuid, as the quickstart uses.
 * StorageTool parses with argparse4j.
 */
import { randomUuid } from '../../core/uuid';
import { OptionParser } from '../options';
import type { Tool, ToolContext } from '../tool';

/** log.dirs of the quickstart's config/server.properties. */
const LOG_DIR = '/tmp/kraft-combined-logs';
const USAGE = 'usage: kafka-storage [-h] {info,format,version-mapping,feature-dependencies,random-uuid} ...\n';

/** For completion only: argparse4j parses this tool's arguments. */
const parser = new OptionParser(
  [
    { name: 'cluster-id', description: 'The cluster ID to use.', arg: { describedAs: 'CLUSTER_ID' } },
    { name: 'config', description: 'The Kafka configuration file to use.', arg: { describedAs: 'CONFIG' } },
    { name: 'standalone', description: 'Used to initialize a controller as a single-node dynamic quorum.' },
    {
      name: 'ignore-formatted',
      description: 'When this option is passed, the format command will skip over already formatted directories rather than failing.',
    },
  ],
  { defaults: false },
);

export const kafkaStorage: Tool = {
  name: 'kafka-storage.sh',
  summary: 'random-uuid, and format (the simulated log directories are already formatted).',
  parser,
  run: async (args, context) => storageCommand(args, context),
};

function storageCommand(args: string[], context: ToolContext): number {
  const [command, ...rest] = args;
  const usageError = (message: string, prefix = 'kafka-storage') => {
    context.err(`${USAGE}${prefix}: error: ${message}\n`);
    return 1;
  };
  if (command === undefined) return usageError('too few arguments');
  if (command === '-h' || command === '--help') {
    context.out(
      `${USAGE}\nThe Kafka storage tool.\n\npositional arguments:\n  {info,format,version-mapping,feature-dependencies,random-uuid}\n    format               Format the Kafka log directories on this node.\n    random-uuid          Print a random UUID.\n`,
    );
    return 0;
  }
  if (command === 'random-uuid') {
    context.out(`${randomUuid(context.random)}\n`);
    return 0;
  }
  if (command !== 'format') {
    if (['info', 'version-mapping', 'feature-dependencies'].includes(command)) {
      context.err(`This shell's kafka-storage.sh runs random-uuid and format, not ${command}.\n`);
      return 1;
    }
    return usageError(
      `argument command: invalid choice: '${command}' (choose from 'info', 'format', 'version-mapping', 'feature-dependencies', 'random-uuid')`,
    );
  }
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (
      ['-t', '--cluster-id', '-c', '--config', '-I', '--initial-controllers', '-r', '--release-version', '-f', '--feature'].includes(arg)
    ) {
      if (i + 1 >= rest.length) return usageError(`argument ${arg}: expected one argument`, 'kafka-storage format');
      flags.add(arg.startsWith('--') ? arg : ({ '-t': '--cluster-id', '-c': '--config' }[arg] ?? arg));
      i++;
    } else if (['-s', '--standalone', '-g', '--ignore-formatted', '-N', '--no-initial-controllers'].includes(arg)) {
      flags.add(arg === '-g' ? '--ignore-formatted' : arg);
    } else return usageError(`unrecognized arguments: '${arg}'`);
  }
  if (!flags.has('--config')) return usageError('argument --config/-c is required', 'kafka-storage format');
  if (!flags.has('--cluster-id')) {
    context.err('No cluster ID specified; use --cluster-id to specify one.\n');
    return 1;
  }
  if (flags.has('--ignore-formatted')) {
    context.out('All of the log directories are already formatted.\n');
    return 0;
  }
  context.err(`Log directory ${LOG_DIR} is already formatted. Use --ignore-formatted to ignore this directory and format the others.\n`);
  return 1;
}
