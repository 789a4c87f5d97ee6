/**
 * kafka-leader-election.sh, as LeaderElectionCommand runs it: a preferred or unclean election for
 * one partition (--topic with --partition) or every partition (--all-topic-partitions), reported as
 * succeeded, already elected (not printed for --all-topic-partitions, where the controller leaves
 * those out) and failed; any failure ends with "N replica(s) could not be elected" and exit code 1.
 */
import type { ElectLeadersResult } from '../../client/admin/admin-types';
import { javaHashOrder, javaTopicPartitionHash } from '../../core/java-hash-order';
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, nodeAssignmentTimeout, toolError } from '../kafka-errors';
import { OptionException, OptionParser, type ParsedOptions } from '../options';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';
import { topicPartitionKey } from '../../protocol/topic-partition';

const parser = new OptionParser([
  {
    name: 'bootstrap-server',
    description:
      'A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given. REQUIRED.',
    arg: { describedAs: 'host:port' },
  },
  { name: 'admin.config', description: 'Configuration properties files to pass to the admin client', arg: { describedAs: 'config file' } },
  {
    name: 'path-to-json-file',
    description:
      'The JSON file with the list  of partition for which leader elections should be performed. This is an example format. \n{"partitions":\n\t[{"topic": "foo", "partition": 1},\n\t {"topic": "foobar", "partition": 2}]\n}\nNot allowed if --all-topic-partitions or --topic flags are specified.',
    arg: { describedAs: 'Path to JSON file' },
  },
  {
    name: 'topic',
    description:
      'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified.',
    arg: { describedAs: 'topic name' },
  },
  {
    name: 'partition',
    description: 'Partition id for which to perform an election. REQUIRED if --topic is specified.',
    arg: { describedAs: 'partition id', type: 'Integer' },
  },
  {
    name: 'election-type',
    description:
      'Type of election to attempt. Possible values are "preferred" for preferred leader election or "unclean" for unclean leader election. If preferred election is selection, the election is only performed if the current leader is not the preferred leader for the topic partition. If unclean election is selected, the election is only performed if there are no leader for the topic partition. REQUIRED.',
    arg: { describedAs: 'election type' },
  },
  {
    name: 'all-topic-partitions',
    description:
      'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified.',
  },
]);

export const kafkaLeaderElection: Tool = {
  name: 'kafka-leader-election.sh',
  summary: 'Elect the preferred (or an unclean) leader for partitions.',
  parser,
  run(args, context) {
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage:
          'This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.',
      },
      async (options) => {
        const invalid = validate(options);
        if (invalid !== null) {
          context.err(`${invalid}\n`);
          return 1;
        }
        return elect(options, context);
      },
    );
  },
};

/** LeaderElectionCommand.validate: its AdminCommandFailedException messages. */
function validate(options: ParsedOptions): string | null {
  const missing = ['bootstrap-server', 'election-type'].filter((name) => !options.has(name));
  if (missing.length > 0) return `Missing required option(s): ${missing.join(', ')}`;
  const scopes = ['topic', 'all-topic-partitions', 'path-to-json-file'];
  if (scopes.filter((name) => options.has(name)).length !== 1)
    return `One and only one of the following options is required: ${scopes.join(', ')}`;
  if (options.has('topic') && !options.has('partition')) return 'Missing required option(s): partition';
  if (!options.has('topic') && options.has('partition')) return 'Option partition is only allowed if topic is used';
  if (options.has('path-to-json-file')) return 'This shell has no files: use --topic with --partition, or --all-topic-partitions.';
  return null;
}

async function elect(options: ParsedOptions, context: ToolContext): Promise<number> {
  const type = options.valueOf('election-type')!.toUpperCase();
  if (type !== 'PREFERRED' && type !== 'UNCLEAN')
    throw new OptionException(
      'joptsimple.OptionArgumentConversionException',
      `Cannot parse argument '${options.valueOf('election-type')}' of option election-type`,
    );
  const all = options.has('all-topic-partitions');
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    const { javaClass, message } = nodeAssignmentTimeout('electLeaders');
    context.err(`${javaClass}: ${message}\n`);
    return 1;
  }
  const admin = context.kafka.admin();
  let results: ElectLeadersResult[];
  try {
    results = await admin.electLeaders({
      electionType: type,
      ...(all ? {} : { topicPartitions: [{ topic: options.valueOf('topic')!, partitions: [options.intValueOf('partition')!] }] }),
    });
  } catch (error) {
    const { javaClass, message } = toolError(error);
    context.err(`${javaClass}: ${message}\n`);
    return 1;
  }
  const name = (r: ElectLeadersResult) => topicPartitionKey(r);
  // The tool collects each outcome in a HashSet (or HashMap) of TopicPartition and prints it in that order.
  const hashSet = (rs: ElectLeadersResult[]) => javaHashOrder(rs, (r) => javaTopicPartitionHash(r.topic, r.partition));
  const succeeded = hashSet(results.filter((r) => r.error === null));
  const noop = hashSet(results.filter((r) => r.error?.type === 'ELECTION_NOT_NEEDED'));
  const failed = hashSet(results.filter((r) => r.error !== null && r.error.type !== 'ELECTION_NOT_NEEDED'));
  if (succeeded.length > 0)
    context.out(`Successfully completed leader election (${type}) for partitions ${succeeded.map(name).join(', ')}\n`);
  if (noop.length > 0 && !all) context.out(`Valid replica already elected for partitions ${noop.map(name).join(', ')}\n`);
  if (failed.length === 0) return 0;
  for (const result of failed) {
    const { javaClass, message } = toolError(result.error);
    context.out(`Error completing leader election (${type}) for partition: ${name(result)}: ${javaClass}: ${message}\n`);
  }
  context.err(`${failed.length} replica(s) could not be elected\n`);
  return 1;
}
