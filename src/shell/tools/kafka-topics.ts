/**
 * kafka-topics.sh, as tools/src/main/java/org/apache/kafka/tools/TopicCommand.java runs it:
 * --create, --list, --describe (with its partition filters), --alter --partitions and --delete,
 * with the tool's checks, messages and its `Error while executing topic command : ...` on failure.
 */
import { ConfigResourceTypes } from '../../client/admin/admin-types';
import type { Admin } from '../../client/admin/admin';
import { javaStringKeyOrder } from '../../core/java-hash-order';
import { KafkaError } from '../../protocol/errors';
import type { PartitionRegistration } from '../../protocol/metadata-image';
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, JavaException, nodeAssignmentTimeout, toolError, type ToolError } from '../kafka-errors';
import { log4jLine } from '../log4j';
import { checkInvalidArgs, checkRequiredArgs, OptionParser, UsageError, type ParsedOptions } from '../options';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';
import { filterTopics } from '../topic-filter';

const ALTER_NOTE = ' (To alter topic configurations, the kafka-configs tool can be used.)';

const parser = new OptionParser([
  { name: 'bootstrap-server', description: 'REQUIRED: The Kafka server to connect to.', arg: { describedAs: 'server to connect to' } },
  {
    name: 'command-config',
    description: 'Property file containing configs to be passed to Admin Client.',
    arg: { describedAs: 'command config property file' },
  },
  { name: 'list', description: 'List all available topics.' },
  { name: 'create', description: 'Create a new topic.' },
  { name: 'delete', description: 'Delete a topic.' },
  { name: 'alter', description: `Alter the number of partitions and replica assignment.${ALTER_NOTE}` },
  { name: 'describe', description: 'List details for the given topics.' },
  {
    name: 'topic',
    description: 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option.',
    arg: { describedAs: 'topic' },
  },
  { name: 'topic-id', description: 'The topic-id to describe.', arg: { describedAs: 'topic-id' } },
  {
    name: 'config',
    description: `A topic configuration override for the topic being created. See the Kafka documentation for full details on the topic configs. It is supported only in combination with --create.${ALTER_NOTE}`,
    arg: { describedAs: 'name=value' },
  },
  {
    name: 'partitions',
    description:
      'The number of partitions for the topic being created or altered. If not supplied with --create, the topic uses the cluster default. (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected).',
    arg: { describedAs: '# of partitions', type: 'Integer' },
  },
  {
    name: 'replication-factor',
    description:
      'The replication factor for each partition in the topic being created. If not supplied, the topic uses the cluster default.',
    arg: { describedAs: 'replication factor', type: 'Integer' },
  },
  {
    name: 'replica-assignment',
    description: 'A list of manual partition-to-broker assignments for the topic being created or altered.',
    arg: {
      describedAs:
        'broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...',
    },
  },
  { name: 'under-replicated-partitions', description: 'If set when describing topics, only show under-replicated partitions.' },
  { name: 'unavailable-partitions', description: 'If set when describing topics, only show partitions whose leader is not available.' },
  {
    name: 'under-min-isr-partitions',
    description: 'If set when describing topics, only show partitions whose isr count is less than the configured minimum.',
  },
  {
    name: 'at-min-isr-partitions',
    description: 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum.',
  },
  { name: 'topics-with-overrides', description: 'If set when describing topics, only show topics that have overridden configs.' },
  {
    name: 'if-exists',
    description: 'If set when altering or deleting or describing topics, the action will only execute if the topic exists.',
  },
  {
    name: 'if-not-exists',
    description:
      'If set when creating topics, the create request will not fail if the topic already exists, but the request will still be sent.',
  },
  {
    name: 'exclude-internal',
    description: 'Exclude internal topics when listing or describing topics. By default, the internal topics are included.',
  },
]);

const ACTIONS = ['alter', 'create', 'describe', 'list', 'delete'];
const REPORTS = ['under-replicated-partitions', 'under-min-isr-partitions', 'at-min-isr-partitions', 'unavailable-partitions'];

/** IllegalArgumentException: TopicCommand prints only its message, to stderr, and exits with 1. */
class IllegalArgument extends Error {}

export const kafkaTopics: Tool = {
  name: 'kafka-topics.sh',
  summary: 'Create, delete, describe, or change a topic.',
  parser,
  run(args, context) {
    const printError = (error: ToolError) => {
      context.out(`Error while executing topic command : ${error.message}\n`);
      context.err(log4jLine(context.clock.now(), 'ERROR', `${error.javaClass}: ${error.message}`, 'org.apache.kafka.tools.TopicCommand'));
    };
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage: 'This tool helps to create, delete, describe, or change a topic.',
        noArgsMessage: 'Create, delete, describe, or change a topic.',
        optionErrors: (error) => printError({ javaClass: error.javaClass, message: error.message }),
      },
      async (options) => {
        try {
          checkArgs(options);
          return await execute(options, context, printError);
        } catch (error) {
          if (!(error instanceof IllegalArgument)) throw error;
          context.err(`${error.message}\n`);
          return 1;
        }
      },
    );
  },
};

function checkArgs(options: ParsedOptions): void {
  if (ACTIONS.filter((action) => options.has(action)).length !== 1) {
    throw new UsageError('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
  }
  if (!options.has('bootstrap-server')) throw new IllegalArgument('--bootstrap-server must be specified');
  if (!options.has('list') && !options.has('describe')) checkRequiredArgs(options, 'topic');
  if (options.has('alter')) checkRequiredArgs(options, 'partitions');
  const actionsBut = (...allowed: string[]) => ACTIONS.filter((action) => !allowed.includes(action));
  checkInvalidArgs(options, 'config', actionsBut('alter', 'create'));
  checkInvalidArgs(options, 'partitions', actionsBut('alter', 'create'));
  checkInvalidArgs(options, 'replication-factor', actionsBut('create'));
  checkInvalidArgs(options, 'replica-assignment', actionsBut('alter', 'create'));
  if (options.has('create')) checkInvalidArgs(options, 'replica-assignment', ['partitions', 'replication-factor']);
  for (const report of REPORTS) checkInvalidArgs(options, report, [...actionsBut('describe'), 'topics-with-overrides']);
  checkInvalidArgs(options, 'topics-with-overrides', [...REPORTS, ...actionsBut('describe')]);
  checkInvalidArgs(options, 'if-exists', actionsBut('alter', 'delete', 'describe'));
  checkInvalidArgs(options, 'if-not-exists', actionsBut('create'));
  checkInvalidArgs(options, 'exclude-internal', actionsBut('list', 'describe'));
}

async function execute(options: ParsedOptions, context: ToolContext, printError: (error: ToolError) => void): Promise<number> {
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    printError(nodeAssignmentTimeout(options.has('create') ? 'createTopics' : 'listTopics'));
    return 1;
  }
  const admin = context.kafka.admin();
  try {
    if (options.has('create')) await createTopic(options, admin, context);
    else if (options.has('list')) context.out(`${(await topicsOf(options, admin)).join('\n')}\n`);
    else if (options.has('describe')) await describeTopics(options, admin, context);
    else if (options.has('alter')) {
      const topics = await existingTopics(options, admin);
      const count = options.intValueOf('partitions')!;
      const assignment = replicaAssignment(options);
      const { topics: current } = assignment === null ? { topics: [] } : await admin.fetchTopicMetadata({ topics });
      // With --replica-assignment, the entries past the current partitions place the new ones.
      const newAssignments = (topic: string) =>
        assignment === null ? {} : { assignments: assignment.slice(current.find((t) => t.name === topic)?.partitions.length ?? 0) };
      if (topics.length > 0)
        await admin.createPartitions({ topicPartitions: topics.map((topic) => ({ topic, count, ...newAssignments(topic) })) });
    } else {
      const topics = await existingTopics(options, admin);
      if (topics.length > 0) await admin.deleteTopics({ topics });
    }
    return 0;
  } catch (error) {
    if (error instanceof IllegalArgument || error instanceof UsageError) throw error;
    printError(toolError(error));
    return 1;
  }
}

async function createTopic(options: ParsedOptions, admin: Admin, context: ToolContext): Promise<void> {
  const topic = options.valueOf('topic')!;
  const partitions = options.intValueOf('partitions');
  const replicationFactor = options.intValueOf('replication-factor');
  const configEntries = options.valuesOf('config').map((entry) => {
    const pair = entry.split(/\s*=\s*/);
    if (pair.length !== 2)
      throw new IllegalArgument('requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".');
    return { name: pair[0].trim(), value: pair[1].trim() };
  });
  // Topic.hasCollisionChars: metric names turn '.' into '_'.
  if (topic.includes('.') || topic.includes('_')) {
    context.out(
      "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n",
    );
  }
  if (replicationFactor !== undefined && (replicationFactor > 32767 || replicationFactor < 1)) {
    throw new IllegalArgument('The replication factor must be between 1 and 32767 inclusive');
  }
  if (partitions !== undefined && partitions < 1) throw new IllegalArgument('The partitions must be greater than 0');
  const assignment = replicaAssignment(options);
  const created = await admin.createTopics({
    topics: [
      assignment === null
        ? { topic, numPartitions: partitions ?? -1, replicationFactor: replicationFactor ?? -1, configEntries }
        : { topic, replicaAssignment: assignment.map((replicas, partition) => ({ partition, replicas })), configEntries },
    ],
  });
  if (created) context.out(`Created topic ${topic}.\n`);
  else if (!options.has('if-not-exists')) throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${topic}' already exists.`);
}

/** TopicCommand.parseReplicaAssignment: "1:2,2:3" is partition 0 on brokers 1 and 2, partition 1 on 2 and 3. */
function replicaAssignment(options: ParsedOptions): number[][] | null {
  const text = options.valueOf('replica-assignment');
  if (text === undefined || text === '') return null;
  const partitions = text.split(',').map((list) =>
    list.split(':').map((id) => {
      if (!/^[+-]?\d+$/.test(id.trim())) throw new JavaException('java.lang.NumberFormatException', `For input string: "${id.trim()}"`);
      return Number(id.trim());
    }),
  );
  partitions.forEach((brokers, partition) => {
    const duplicates = brokers.filter((id, i) => brokers.indexOf(id) !== i);
    if (duplicates.length > 0)
      throw new JavaException(
        'kafka.admin.AdminCommandFailedException',
        `Partition replica lists may not contain duplicate entries: ${[...new Set(duplicates)].join(',')}`,
      );
    if (brokers.length !== partitions[0].length)
      throw new JavaException(
        'org.apache.kafka.server.common.AdminOperationException',
        `Partition ${partition} has different replication factor: [${brokers.join(', ')}]`,
      );
  });
  return partitions;
}

async function topicsOf(options: ParsedOptions, admin: Admin): Promise<string[]> {
  return filterTopics(await admin.listTopics(), options.valueOf('topic'), options.has('exclude-internal'));
}

/**
 * The matching topics; a named topic that matches none is an error unless --if-exists. The message
 * is 4.1's: 3.7 to 4.0 printed "Error while executing topic command : Topic 'Optional[orders]' does
 * not exist as expected", a quirk of the tool's port to Java.
 */
async function existingTopics(options: ParsedOptions, admin: Admin): Promise<string[]> {
  const topics = await topicsOf(options, admin);
  const requested = options.valueOf('topic');
  if (requested !== undefined && requested !== '' && !options.has('if-exists') && topics.length === 0) {
    throw new IllegalArgument(`Topic '${requested}' does not exist as expected`);
  }
  return topics;
}

/** --topic-id names one topic by its id; a zero id means none was given (TopicCommand.describeTopic). */
function topicById(options: ParsedOptions, context: ToolContext): string[] {
  const id = options.valueOf('topic-id')!;
  const topic = [...context.cluster.controller.image.topicsByName.values()].find((t) => t.topicId === id);
  if (topic === undefined && !options.has('if-exists')) throw new IllegalArgument(`TopicId '${id}' does not exist as expected`);
  return topic === undefined ? [] : [topic.name];
}

async function describeTopics(options: ParsedOptions, admin: Admin, context: ToolContext): Promise<void> {
  const byId = options.has('topic-id');
  const topics = byId ? topicById(options, context) : await existingTopics(options, admin);
  if (topics.length === 0) return;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  const configs = await admin.describeConfigs({ resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
  const liveBrokers = new Set((await admin.describeCluster()).brokers.map((b) => b.nodeId));
  const reports = REPORTS.filter((report) => options.has(report));
  const image = context.cluster.controller.image;
  // describeTopics answers a HashMap by name, so topics come out in Java's hash order.
  for (const name of javaStringKeyOrder(topics)) {
    const topic = metadata.find((t) => t.name === name);
    const entries = configs.resources.find((r) => r.resourceName === name)?.configEntries ?? [];
    if (topic === undefined || topic.partitions.length === 0) continue;
    const partitions = [...topic.partitions].sort((a, b) => a.partitionId - b.partitionId);
    const minIsr = Number(entries.find((e) => e.configName === 'min.insync.replicas')?.configValue ?? '1');
    // Admin's Config keeps its entries in a HashMap, so Configs: lists them in Java's hash order.
    const order = javaStringKeyOrder(entries.map((e) => e.configName));
    const nonDefault = entries.filter((e) => !e.isDefault).sort((a, b) => order.indexOf(a.configName) - order.indexOf(b.configName));
    const registration = (partition: number) => image.partition(name, partition);
    // During a reassignment the replica list holds the adding replicas too (TopicCommand.getReplicationFactor).
    const replicationFactor = (partition: (typeof partitions)[number]) =>
      partition.replicas.length - (registration(partition.partitionId)?.addingReplicas.length ?? 0);
    if (reports.length === 0 && (!options.has('topics-with-overrides') || nonDefault.length > 0)) {
      const topicId = image.topicsByName.get(name)?.topicId;
      context.out(
        `Topic: ${name}${topicId === undefined ? '' : `\tTopicId: ${topicId}`}\tPartitionCount: ${partitions.length}` +
          `\tReplicationFactor: ${replicationFactor(partitions[0])}\tConfigs: ${nonDefault.map((e) => `${e.configName}=${e.configValue}`).join(',')}\n`,
      );
    }
    if (options.has('topics-with-overrides')) continue;
    for (const partition of partitions) {
      const hasLeader = partition.leader >= 0;
      const shown =
        reports.length === 0 ||
        (options.has('under-replicated-partitions') && replicationFactor(partition) - partition.isr.length > 0) ||
        (options.has('unavailable-partitions') && (!hasLeader || !liveBrokers.has(partition.leader))) ||
        (options.has('under-min-isr-partitions') && (!hasLeader || partition.isr.length < minIsr)) ||
        (options.has('at-min-isr-partitions') && partition.isr.length === minIsr);
      if (!shown) continue;
      const state = registration(partition.partitionId);
      const reassigning = state !== undefined && (state.addingReplicas.length > 0 || state.removingReplicas.length > 0);
      context.out(
        `\tTopic: ${name}\tPartition: ${partition.partitionId}\tLeader: ${hasLeader ? partition.leader : 'none'}` +
          `\tReplicas: ${partition.replicas.join(',')}\tIsr: ${partition.isr.join(',')}` +
          (reassigning
            ? `\tAdding Replicas: ${state.addingReplicas.join(',')}\tRemoving Replicas: ${state.removingReplicas.join(',')}`
            : '') +
          elrColumns(state, byId),
      );
    }
  }
}

/**
 * PartitionDescription.printDescription's ELR columns. By name, TopicCommand's describeTopics asks
 * DescribeTopicPartitions, which carries each partition's ELR and LastKnownElr (empty with ELR off);
 * by id it asks the Metadata API, which does not, so TopicPartitionInfo's lists are null: N/A.
 */
function elrColumns(state: PartitionRegistration | undefined, byId: boolean): string {
  if (byId) return '\tElr: N/A\tLastKnownElr: N/A\n';
  return `\tElr: ${state?.elr.join(',') ?? ''}\tLastKnownElr: ${state?.lastKnownElr.join(',') ?? ''}\n`;
}
