/**
 * kafka-metadata-quorum.sh describe --status | --replication, as MetadataQuorumCommand prints
 * them. The simulated cluster has one KRaft controller (the quorum's only voter and leader) and the
 * brokers as observers. The shell cannot see each broker's fetch position, so an observer is listed
 * while it is unfenced, which the controller grants only to a broker caught up with the metadata
 * log, with the leader's log end offset and -1 for the fetch times it does not know.
 * Unlike the other tools it parses with argparse4j, so its usage errors look different.
 */
import { ZERO_UUID } from '../../core/uuid';
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, nodeAssignmentTimeout } from '../kafka-errors';
import { OptionParser } from '../options';
import type { Tool, ToolContext } from '../tool';

const USAGE =
  'usage: kafka-metadata-quorum [-h] [--command-config COMMAND_CONFIG]\n' +
  '                             (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER)\n' +
  '                             {describe,add-controller,remove-controller} ...\n';

const HELP = `${USAGE}
This tool describes kraft metadata quorum status.

positional arguments:
  {describe,add-controller,remove-controller}
    describe             Describe the metadata quorum info

optional arguments:
  -h, --help             show this help message and exit
  --command-config COMMAND_CONFIG
                         Property file containing configs to be passed to Admin Client.
  --bootstrap-server BOOTSTRAP_SERVER
                         A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster.

describe options:
  --status               A short summary of the quorum status and the other provides detailed information about the status of replication.
  --replication          Detailed information about the status of replication
  --human-readable       Human-readable output
`;

/** For completion only: argparse4j, not joptsimple, parses this tool's arguments. */
const parser = new OptionParser(
  [
    { name: 'bootstrap-server', description: 'A comma-separated list of host:port pairs.', arg: { describedAs: 'BOOTSTRAP_SERVER' } },
    {
      name: 'command-config',
      description: 'Property file containing configs to be passed to Admin Client.',
      arg: { describedAs: 'COMMAND_CONFIG' },
    },
    { name: 'status', description: 'A short summary of the quorum status.' },
    { name: 'replication', description: 'Detailed information about the status of replication' },
    { name: 'human-readable', description: 'Human-readable output' },
  ],
  { defaults: false },
);

export const kafkaMetadataQuorum: Tool = {
  name: 'kafka-metadata-quorum.sh',
  summary: 'Describe the KRaft metadata quorum (describe --status or --replication).',
  parser,
  run: (args, context) => quorumCommand(args, context),
};

async function quorumCommand(args: string[], context: ToolContext): Promise<number> {
  const usageError = (message: string) => {
    context.err(`${USAGE}kafka-metadata-quorum: error: ${message}\n`);
    return 1;
  };
  if (args.includes('-h') || args.includes('--help')) {
    context.out(HELP);
    return 0;
  }
  let bootstrap: string | undefined;
  let command: string | undefined;
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--bootstrap-server' || arg === '--command-config') {
      if (i + 1 >= args.length) return usageError(`argument ${arg}: expected one argument`);
      if (arg === '--bootstrap-server') bootstrap = args[i + 1];
      i++;
    } else if (arg.startsWith('--bootstrap-server=')) bootstrap = arg.slice('--bootstrap-server='.length);
    else if (command === undefined && !arg.startsWith('-')) {
      if (!['describe', 'add-controller', 'remove-controller'].includes(arg))
        return usageError(`argument command: invalid choice: '${arg}' (choose from 'describe', 'add-controller', 'remove-controller')`);
      command = arg;
    } else if (command === 'describe' && ['--status', '--replication', '--human-readable'].includes(arg)) flags.add(arg);
    else return usageError(`unrecognized arguments: '${arg}'`);
  }
  if (bootstrap === undefined) return usageError('one of the arguments --bootstrap-server --bootstrap-controller is required');
  if (command === undefined) return usageError('too few arguments');
  if (command !== 'describe') {
    context.err('This simulated cluster has a single KRaft controller; it cannot add or remove controllers.\n');
    return 1;
  }
  if (flags.has('--status') && flags.has('--replication'))
    return terse(context, 'Only one of --status or --replication should be specified with describe sub-command');
  if (!flags.has('--status') && !flags.has('--replication'))
    return terse(context, 'One of --status or --replication must be specified with describe sub-command');
  if (flags.has('--status') && flags.has('--human-readable'))
    return terse(context, 'The option --human-readable is only supported along with --replication');
  if (!canConnect(bootstrap, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    const { javaClass, message } = nodeAssignmentTimeout(flags.has('--status') ? 'describeCluster' : 'describeMetadataQuorum');
    context.err(`java.util.concurrent.ExecutionException: ${javaClass}: ${message}\n`);
    return 1;
  }
  const { clusterId } = await context.kafka.admin().describeCluster();
  const quorum = quorumOf(context);
  if (flags.has('--status')) {
    const endpoints = (id: number) => (id === quorum.leaderId ? ', "endpoints": ["CONTROLLER://controller:9093"]' : '');
    const nodes = (ids: number[]) => `[${ids.map((id) => `{"id": ${id}${endpoints(id)}}`).join(', ')}]`;
    context.out(
      `ClusterId:              ${clusterId}\nLeaderId:               ${quorum.leaderId}\nLeaderEpoch:            1\n` +
        `HighWatermark:          ${quorum.logEndOffset}\nMaxFollowerLag:         0\nMaxFollowerLagTimeMs:   0\n` +
        `CurrentVoters:          ${nodes([quorum.leaderId])}\nCurrentObservers:       ${nodes(quorum.observers)}\n`,
    );
    return 0;
  }
  const now = String(context.clock.now());
  const humanNow = flags.has('--human-readable') ? '0 ms ago' : now;
  const rows = [
    [String(quorum.leaderId), ZERO_UUID, String(quorum.logEndOffset), '0', humanNow, humanNow, 'Leader'],
    ...quorum.observers.map((id) => [String(id), ZERO_UUID, String(quorum.logEndOffset), '0', '-1', '-1', 'Observer']),
  ];
  context.out(
    prettyPrintTable(['NodeId', 'DirectoryId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status'], rows),
  );
  return 0;
}

/** TerseException: its message alone, on stderr. */
function terse(context: ToolContext, message: string): number {
  context.err(`${message}\n`);
  return 1;
}

function quorumOf(context: ToolContext): { leaderId: number; logEndOffset: number; observers: number[] } {
  const image = context.cluster.controller.image;
  const observers = [...image.brokers.values()]
    .filter((b) => !b.fenced)
    .map((b) => b.brokerId)
    .sort((a, b) => a - b);
  return { leaderId: context.cluster.controllerId, logEndOffset: image.highestOffset + 1, observers };
}

/** ToolsUtils.prettyPrintTable: every cell padded to its column's width and followed by a tab. */
function prettyPrintTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  return [headers, ...rows].map((row) => row.map((cell, i) => `${cell.padEnd(widths[i])}\t`).join('') + '\n').join('');
}
