/**
 * kafka-reassign-partitions.sh, as ReassignPartitionsCommand runs it over the admin client's
 * alterPartitionReassignments and listPartitionReassignments (KIP-455): --generate proposes an
 * assignment with AdminUtils' algorithm, --execute starts one from a JSON file (printing the
 * current assignment to save for a rollback), --verify reports each partition's progress, --list
 * and --cancel. The JSON files are the shell's in-memory files (`echo '...' > plan.json`).
 */
import type { Admin } from '../../client/admin/admin';
import type { OngoingPartitionReassignment } from '../../client/admin/admin-types';
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, nodeAssignmentTimeout, toolError } from '../kafka-errors';
import { checkRequiredArgs, OptionParser, UsageError, type ParsedOptions } from '../options';
import { assignReplicasToBrokers } from '../replica-assignment';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';
import { compareTopicPartitions, topicPartitionKey } from '../../protocol/topic-partition';

const parser = new OptionParser([
  {
    name: 'bootstrap-server',
    description: 'REQUIRED: the server(s) to use for bootstrapping.',
    arg: { describedAs: 'Server(s) to use for bootstrapping' },
  },
  {
    name: 'command-config',
    description: 'Property file containing configs to be passed to Admin Client.',
    arg: { describedAs: 'Admin client property file' },
  },
  {
    name: 'generate',
    description:
      'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it.',
  },
  { name: 'execute', description: 'Kick off the reassignment as specified by the --reassignment-json-file option.' },
  {
    name: 'verify',
    description:
      'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed',
  },
  { name: 'cancel', description: 'Cancel an active reassignment.' },
  { name: 'list', description: 'List all active partition reassignments.' },
  {
    name: 'reassignment-json-file',
    description:
      'The JSON file with the partition reassignment configuration. The format to use is - \n{"partitions":\n\t[{"topic": "foo",\n\t  "partition": 1,\n\t  "replicas": [1,2,3],\n\t  "log_dirs": ["dir1","dir2","dir3"] }],\n"version":1\n}\nNote that "log_dirs" is optional. When it is specified, its length must equal the length of the replicas list. The value in this list can be either "any" or the absolution path of the log directory on the broker. If absolute log directory path is specified, the replica will be moved to the specified log directory on the broker.',
    arg: { describedAs: 'manual assignment json file path' },
  },
  {
    name: 'topics-to-move-json-file',
    description:
      'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - \n{"topics":\n\t[{"topic": "foo"},{"topic": "foo1"}],\n"version":1\n}',
    arg: { describedAs: 'topics to reassign json file path' },
  },
  {
    name: 'broker-list',
    description:
      'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration',
    arg: { describedAs: 'brokerlist' },
  },
  { name: 'disable-rack-aware', description: 'Disable rack aware replica assignment' },
  {
    name: 'additional',
    description:
      'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment.',
  },
  { name: 'preserve-throttles', description: 'Do not modify broker or topic throttles.' },
  {
    name: 'timeout',
    description: 'The maximum time in ms to wait for log directory replica assignment to begin.',
    arg: { describedAs: 'Long', type: 'Long', defaultValue: '10000' },
  },
]);

const ACTIONS = ['generate', 'execute', 'verify', 'cancel', 'list'];
const CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE =
  'Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment on top of the existing one.';

/** TerseException: ReassignPartitionsCommand prints its message alone. */
class Terse extends Error {}

export const kafkaReassignPartitions: Tool = {
  name: 'kafka-reassign-partitions.sh',
  summary: 'Move partitions to other brokers: --generate, --execute, --verify.',
  parser,
  run(args, context) {
    return runTool(
      context,
      args,
      { parser, helpMessage: 'This tool helps to move topic partitions between replicas.' },
      async (options) => {
        checkArgs(options);
        try {
          await handleAction(options, context);
          return 0;
        } catch (error) {
          if (error instanceof UsageError) throw error;
          context.out(error instanceof Terse ? `${error.message}\n` : `Error: ${toolError(error).message}\n`);
          return 1;
        }
      },
    );
  },
};

function checkArgs(options: ParsedOptions): void {
  if (ACTIONS.filter((action) => options.has(action)).length !== 1)
    throw new UsageError('Command must include exactly one action: --generate, --execute, --verify, --cancel, --list');
  checkRequiredArgs(options, 'bootstrap-server');
  if (options.has('generate')) checkRequiredArgs(options, 'topics-to-move-json-file', 'broker-list');
  if (options.has('execute') || options.has('verify') || options.has('cancel')) checkRequiredArgs(options, 'reassignment-json-file');
}

interface TopicPartitionReplicas {
  topic: string;
  partition: number;
  replicas: number[];
}

/** ReassignPartitionsCommand.formatAsReassignmentJson: compact, sorted by topic then partition. */
function reassignmentJson(parts: TopicPartitionReplicas[]): string {
  return JSON.stringify({
    version: 1,
    partitions: [...parts]
      .sort(compareTopicPartitions)
      .map(({ topic, partition, replicas }) => ({ topic, partition, replicas, log_dirs: replicas.map(() => 'any') })),
  });
}

function readJson(context: ToolContext, path: string): unknown {
  const text = context.readFile(path);
  if (text === undefined) throw new Error(path);
  try {
    return JSON.parse(text);
  } catch {
    throw new Terse(`The input string is not a valid JSON: ${text.trim()}`);
  }
}

/** parsePartitionReassignmentData: the "partitions" list of a reassignment file. */
function reassignmentFile(context: ToolContext, path: string): TopicPartitionReplicas[] {
  const json = readJson(context, path) as { partitions?: { topic?: unknown; partition?: unknown; replicas?: unknown }[] };
  if (!Array.isArray(json?.partitions)) throw new Terse('Partition reassignment list cannot be empty');
  const parts = json.partitions.map((p) => {
    if (
      typeof p.topic !== 'string' ||
      typeof p.partition !== 'number' ||
      !Array.isArray(p.replicas) ||
      !p.replicas.every((r) => typeof r === 'number')
    ) {
      throw new Terse(`Invalid partition in the reassignment file: ${JSON.stringify(p)}`);
    }
    return { topic: p.topic, partition: p.partition, replicas: p.replicas as number[] };
  });
  if (parts.length === 0) throw new Terse('Partition reassignment list cannot be empty');
  const duplicates = parts.filter((p, i) => parts.findIndex((q) => compareTopicPartitions(p, q) === 0) !== i);
  if (duplicates.length > 0)
    throw new Terse(`Partition reassignment contains duplicate topic partitions: ${duplicates.map(topicPartitionKey).join(',')}`);
  for (const p of parts) {
    if (p.replicas.length === 0) throw new Terse(`Partition replica list cannot be empty`);
    if (new Set(p.replicas).size < p.replicas.length) throw new Terse(`Duplicate replica assignment found: ${topicPartitionKey(p)}`);
  }
  return parts;
}

async function handleAction(options: ParsedOptions, context: ToolContext): Promise<void> {
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    throw new Error(
      `${nodeAssignmentTimeout('listPartitionReassignments').javaClass}: ${nodeAssignmentTimeout('listPartitionReassignments').message}`,
    );
  }
  const admin = context.kafka.admin();
  if (options.has('generate')) return generate(options, context, admin);
  if (options.has('list')) return list(context, admin);
  const parts = reassignmentFile(context, options.valueOf('reassignment-json-file')!);
  if (options.has('execute')) return execute(options, context, admin, parts);
  if (options.has('verify')) return verify(context, admin, parts);
  return cancel(context, admin, parts);
}

async function currentAssignment(admin: Admin, topics: string[]): Promise<TopicPartitionReplicas[]> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return metadata.flatMap(({ name, partitions }) =>
    partitions.map((p) => ({ topic: name, partition: p.partitionId, replicas: p.replicas })),
  );
}

async function ongoing(admin: Admin): Promise<Map<string, OngoingPartitionReassignment>> {
  const { topics } = await admin.listPartitionReassignments();
  return new Map(
    topics.flatMap(({ name, partitions }) =>
      partitions.map((p) => [topicPartitionKey({ topic: name, partition: p.partition }), p] as const),
    ),
  );
}

async function generate(options: ParsedOptions, context: ToolContext, admin: Admin): Promise<void> {
  const brokerList = options
    .valueOf('broker-list')!
    .split(',')
    .map((id) => Number(id.trim()));
  const duplicateBrokers = brokerList.filter((id, i) => brokerList.indexOf(id) !== i);
  if (duplicateBrokers.length > 0) throw new Error(`Broker list contains duplicate entries: ${duplicateBrokers.join(',')}`);
  const json = readJson(context, options.valueOf('topics-to-move-json-file')!) as { topics?: { topic?: unknown }[] };
  if (!Array.isArray(json?.topics) || json.topics.some((t) => typeof t.topic !== 'string'))
    throw new Terse('The topics-to-move JSON must have a "topics" list of {"topic": "name"}');
  const topics = json.topics.map((t) => t.topic as string);
  const duplicateTopics = topics.filter((t, i) => topics.indexOf(t) !== i);
  if (duplicateTopics.length > 0) throw new Error(`List of topics to reassign contains duplicate entries: ${duplicateTopics.join(',')}`);
  const current = await currentAssignment(admin, topics);
  const rackAware = !options.has('disable-rack-aware');
  const brokers = context.cluster
    .describe()
    .brokers.filter((b) => brokerList.includes(b.id) && b.state !== 'killed' && b.state !== 'shutdown')
    .map((b) => ({ id: b.id, rack: rackAware ? b.rack : null }));
  const racked = brokers.filter((b) => b.rack !== null).length;
  if (racked > 0 && racked < brokers.length) {
    throw new Error(
      'Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.',
    );
  }
  const proposed = topics.flatMap((topic) => {
    const parts = current.filter((p) => p.topic === topic).sort(compareTopicPartitions);
    return assignReplicasToBrokers(brokers, parts.length, parts[0].replicas.length, context.random).map((replicas, partition) => ({
      topic,
      partition,
      replicas,
    }));
  });
  context.out(
    `Current partition replica assignment\n${reassignmentJson(current)}\n\nProposed partition reassignment configuration\n${reassignmentJson(proposed)}\n`,
  );
}

async function execute(options: ParsedOptions, context: ToolContext, admin: Admin, parts: TopicPartitionReplicas[]): Promise<void> {
  if (!options.has('additional') && (await ongoing(admin)).size > 0) throw new Terse(CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE);
  const known = new Set((await admin.describeCluster()).brokers.map((b) => b.nodeId));
  const unknown = parts.flatMap((p) => p.replicas).find((id) => !known.has(id));
  if (unknown !== undefined) throw new Error(`Unknown broker id ${unknown}`);
  const current = (await currentAssignment(admin, [...new Set(parts.map((p) => p.topic))])).filter((c) =>
    parts.some((p) => compareTopicPartitions(p, c) === 0),
  );
  const missing = parts.filter((p) => !current.some((c) => compareTopicPartitions(p, c) === 0));
  if (missing.length > 0) throw new Error(`Unable to find partition: ${missing.map(topicPartitionKey).join(', ')}`);
  context.out(
    `Current partition replica assignment\n\n${reassignmentJson(current)}\n\nSave this to use as the --reassignment-json-file option during rollback\n`,
  );
  const topics = [...new Set(parts.map((p) => p.topic))];
  try {
    await admin.alterPartitionReassignments({
      topics: topics.map((topic) => ({
        topic,
        partitionAssignment: parts.filter((p) => p.topic === topic).map(({ partition, replicas }) => ({ partition, replicas })),
      })),
    });
  } catch (error) {
    throw new Terse(`Error reassigning partition(s):\n${reassignmentErrors(error)}`);
  }
  const sorted = [...parts].sort(compareTopicPartitions);
  context.out(
    `Successfully started partition reassignment${sorted.length === 1 ? '' : 's'} for ${sorted.map(topicPartitionKey).join(',')}\n`,
  );
}

/** Each failed partition as "topic-p: message", from the admin client's per-partition errors. */
function reassignmentErrors(error: unknown): string {
  const failures = (error as { errors?: unknown[] }).errors ?? [error];
  return failures
    .map((failure) => {
      const { topic, partition } = failure as { topic?: string; partition?: number };
      const { message } = toolError(failure);
      return topic === undefined ? message : `${topicPartitionKey(topic, partition!)}: ${message}`;
    })
    .join('\n');
}

async function verify(context: ToolContext, admin: Admin, parts: TopicPartitionReplicas[]): Promise<void> {
  const inFlight = await ongoing(admin);
  const current = await currentAssignment(admin, [...new Set(parts.map((p) => p.topic))]).catch(() => []);
  const lines = ['Status of partition reassignment:'];
  for (const part of [...parts].sort(compareTopicPartitions)) {
    if (inFlight.has(topicPartitionKey(part))) {
      lines.push(`Reassignment of partition ${topicPartitionKey(part)} is still in progress.`);
      continue;
    }
    const replicas = current.find((c) => compareTopicPartitions(c, part) === 0)?.replicas ?? [];
    lines.push(
      replicas.join(',') === part.replicas.join(',')
        ? `Reassignment of partition ${topicPartitionKey(part)} is completed.`
        : `There is no active reassignment of partition ${topicPartitionKey(part)}, but replica set is ${replicas.join(',')} rather than ${part.replicas.join(',')}.`,
    );
  }
  context.out(`${lines.join('\n')}\n\n`);
  if (inFlight.size > 0) return;
  // ReassignPartitionsCommand.clearAllThrottles: the live brokers and every target replica.
  const brokers = new Set([...(await admin.describeCluster()).brokers.map((b) => b.nodeId), ...parts.flatMap((p) => p.replicas)]);
  const topics = [...new Set(parts.map((p) => p.topic))];
  context.out(
    `Clearing broker-level throttles on broker${brokers.size === 1 ? '' : 's'} ${[...brokers].sort((a, b) => a - b).join(',')}\n` +
      `Clearing topic-level throttles on topic${topics.length === 1 ? '' : 's'} ${topics.join(',')}\n`,
  );
}

async function list(context: ToolContext, admin: Admin): Promise<void> {
  const inFlight = [...(await ongoing(admin))].sort(([a], [b]) => (a < b ? -1 : 1));
  if (inFlight.length === 0) {
    context.out('No partition reassignments found.\n');
    return;
  }
  context.out(
    `Current partition reassignments:\n${inFlight
      .map(
        ([name, r]) =>
          `${name}: replicas: ${r.replicas.join(',')}.` +
          (r.addingReplicas.length > 0 ? ` adding: ${r.addingReplicas.join(',')}.` : '') +
          (r.removingReplicas.length > 0 ? ` removing: ${r.removingReplicas.join(',')}.` : ''),
      )
      .join('\n')}\n`,
  );
}

async function cancel(context: ToolContext, admin: Admin, parts: TopicPartitionReplicas[]): Promise<void> {
  const inFlight = await ongoing(admin);
  const cancelling = parts.filter((p) => inFlight.has(topicPartitionKey(p))).sort(compareTopicPartitions);
  const topics = [...new Set(cancelling.map((p) => p.topic))];
  if (topics.length > 0) {
    try {
      await admin.alterPartitionReassignments({
        topics: topics.map((topic) => ({
          topic,
          partitionAssignment: cancelling.filter((p) => p.topic === topic).map(({ partition }) => ({ partition, replicas: null })),
        })),
      });
    } catch (error) {
      throw new Terse(`Error cancelling partition reassignment(s):\n${reassignmentErrors(error)}`);
    }
  }
  context.out(
    cancelling.length === 0
      ? 'None of the specified partition reassignments are active.\n'
      : `Successfully cancelled partition reassignment${cancelling.length === 1 ? '' : 's'} for: ${cancelling.map(topicPartitionKey).join(',')}\n`,
  );
}
