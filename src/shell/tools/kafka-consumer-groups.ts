/**
 * kafka-consumer-groups.sh, as ConsumerGroupCommand runs it: --list, --describe (offsets, --members
 * [--verbose], --state) with the tool's own column formats, --reset-offsets (--dry-run by default,
 * --execute) and --delete. Errors print as the tool's printError does: "\nError: ..." on stdout.
 */
import type { Admin } from '../../client/admin/admin';
import type { GroupDescriptionResult } from '../../client/admin/group-admin';
import { decodeAssignment } from '../../protocol/consumer-protocol';
import { KafkaError } from '../../protocol/errors';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../protocol/internal-topics';
import { compareTopicPartitions, parseTopicPartitionKey, topicPartitionKey } from '../../protocol/topic-partition';
import { canConnect, listenerOf } from '../bootstrap';
import { nodeAssignmentTimeout, toolError } from '../kafka-errors';
import { log4jLine } from '../log4j';
import { checkRequiredArgs, OptionParser, UsageError, type ParsedOptions } from '../options';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';
import { resetTargets, type ResetPlan } from './reset-offsets';

const parser = new OptionParser([
  { name: 'bootstrap-server', description: 'REQUIRED: The server(s) to connect to.', arg: { describedAs: 'server to connect to' } },
  { name: 'group', description: 'The consumer group we wish to act on.', arg: { describedAs: 'consumer group' } },
  {
    name: 'topic',
    description:
      'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs.',
    arg: { describedAs: 'topic' },
  },
  { name: 'all-topics', description: 'Consider all topics assigned to a group in the `reset-offsets` process.' },
  { name: 'list', description: 'List all consumer groups.' },
  {
    name: 'describe',
    description: 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group.',
  },
  { name: 'all-groups', description: 'Apply to all consumer groups.' },
  {
    name: 'delete',
    description:
      'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2',
  },
  {
    name: 'timeout',
    description:
      'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes).',
    arg: { describedAs: 'timeout (ms)', type: 'Long', defaultValue: '5000' },
  },
  {
    name: 'reset-offsets',
    description:
      "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive\nHas 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format.\nYou must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset.\nTo define the scope use --all-topics or --topic. One scope must be specified unless you use '--from-file'.",
  },
  { name: 'dry-run', description: 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets.' },
  { name: 'execute', description: 'Execute operation. Supported operations: reset-offsets.' },
  { name: 'to-offset', description: 'Reset offsets to a specific offset.', arg: { describedAs: 'offset', type: 'Long' } },
  {
    name: 'to-datetime',
    description: "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'",
    arg: { describedAs: 'datetime' },
  },
  { name: 'to-earliest', description: 'Reset offsets to earliest offset.' },
  { name: 'to-latest', description: 'Reset offsets to latest offset.' },
  { name: 'to-current', description: 'Reset offsets to current offset.' },
  {
    name: 'shift-by',
    description: "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.",
    arg: { describedAs: 'number-of-offsets', type: 'Long' },
  },
  {
    name: 'members',
    description:
      "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members",
  },
  {
    name: 'verbose',
    description:
      "Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose",
  },
  {
    name: 'offsets',
    description:
      "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --offsets",
  },
  {
    name: 'state',
    description:
      "When specified with '--describe', includes the state of the group.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --state\nWhen specified with '--list', it displays the state of all groups. It can also be used to list groups with specific states.\nExample: --bootstrap-server localhost:9092 --list --state stable,empty\nThis option may be used with '--describe', '--list' and '--bootstrap-server' options only.",
    arg: { describedAs: 'String', optional: true },
  },
]);

const ACTIONS = ['list', 'describe', 'delete', 'reset-offsets'];
const RESET_SCENARIOS = ['to-datetime', 'to-earliest', 'to-latest', 'shift-by', 'to-current', 'to-offset'];
const MISSING = '-';

export const kafkaConsumerGroups: Tool = {
  name: 'kafka-consumer-groups.sh',
  summary: 'List, describe, delete consumer groups and reset their offsets.',
  parser,
  run(args, context) {
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage:
          'This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.',
      },
      (options) => command(options, context),
    );
  },
};

function printError(context: ToolContext, message: string): void {
  context.out(`\nError: ${message}\n`);
}

function checkArgs(options: ParsedOptions): void {
  if (ACTIONS.filter((action) => options.has(action)).length !== 1) {
    throw new UsageError('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets');
  }
  checkRequiredArgs(options, 'bootstrap-server');
  const scoped = ['describe', 'delete', 'reset-offsets'].find((action) => options.has(action));
  if (scoped !== undefined && !options.has('group') && !options.has('all-groups')) {
    throw new UsageError(`Option [${scoped}] takes one of these options: [all-groups], [group]`);
  }
  if (options.has('reset-offsets')) {
    if (options.has('dry-run') && options.has('execute'))
      throw new UsageError('Option [reset-offsets] only accepts one of [execute], [dry-run]');
    if (RESET_SCENARIOS.filter((s) => options.has(s)).length !== 1) {
      throw new UsageError(
        'Option [reset-offsets] takes exactly one of these options: [to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [from-file], [to-current], [to-offset]',
      );
    }
    if (!options.has('topic') && !options.has('all-topics'))
      throw new UsageError('Option [reset-offsets] takes one of these options: [all-topics], [topic]');
  }
}

async function command(options: ParsedOptions, context: ToolContext): Promise<number> {
  checkArgs(options);
  const timeoutMs = options.intValueOf('timeout')!;
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(timeoutMs);
    const call =
      options.has('list') || options.has('all-groups')
        ? 'listGroups'
        : options.has('delete')
          ? 'deleteConsumerGroups'
          : 'describeConsumerGroups';
    const { javaClass, message } = nodeAssignmentTimeout(call);
    printError(context, `Executing consumer group command failed due to ${javaClass}: ${message}`);
    return 1;
  }
  // Every call of the tool waits at most --timeout (ConsumerGroupCommand.withTimeoutMs).
  const admin = context.kafka.admin({ defaultApiTimeoutMs: timeoutMs });
  try {
    const groups = options.has('all-groups') ? (await admin.listGroups()).groups.map((g) => g.groupId) : options.valuesOf('group');
    if (options.has('list')) await listGroups(options, admin, context);
    else if (options.has('describe')) {
      for (const groupId of groups) await describeGroup(options, admin, context, groupId);
    } else if (options.has('delete')) await deleteGroups(admin, context, groups);
    else return await resetOffsets(options, admin, context, groups);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const { javaClass, message } = toolError(error);
    printError(context, `Executing consumer group command failed due to ${javaClass}: ${message}`);
    return 1;
  }
}

async function listGroups(options: ParsedOptions, admin: Admin, context: ToolContext): Promise<void> {
  const { groups } = await admin.listGroups();
  if (!options.has('state')) {
    context.out(groups.map((g) => `${g.groupId}\n`).join(''));
    return;
  }
  const wanted = (options.valueOf('state') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const shown = groups.filter((g) => wanted.length === 0 || wanted.includes(g.groupState.toLowerCase()));
  const width = Math.max(15, ...shown.map((g) => g.groupId.length)) + 10;
  context.out(
    [['GROUP', 'STATE'], ...shown.map((g) => [g.groupId, g.groupState])]
      .map(([group, state]) => `${group.padEnd(width)} ${state.padEnd(20)}\n`)
      .join(''),
  );
}

/** The group as Admin.describeConsumerGroups tells it (classic or KIP-848); a group the coordinator does not know is Dead. */
async function describe(admin: Admin, groupId: string): Promise<GroupDescriptionResult> {
  try {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group;
  } catch (error) {
    if (error instanceof KafkaError && error.type === 'GROUP_ID_NOT_FOUND')
      return {
        groupId,
        errorCode: error.code,
        state: 'Dead',
        protocolType: '',
        protocol: '',
        members: [],
        type: 'classic',
        groupEpoch: null,
        targetAssignmentEpoch: null,
      };
    throw error;
  }
}

async function committedOffsets(admin: Admin, groupId: string): Promise<Map<string, number>> {
  try {
    const topics = await admin.fetchOffsets({ groupId });
    return new Map(
      topics.flatMap(({ topic, partitions }) =>
        partitions.filter((p) => Number(p.offset) >= 0).map((p) => [topicPartitionKey(topic, p.partition), Number(p.offset)] as const),
      ),
    );
  } catch (error) {
    if (error instanceof KafkaError && error.type === 'GROUP_ID_NOT_FOUND') return new Map();
    throw error;
  }
}

/** ConsumerGroupCommand.shouldPrintMemberState: the state messages, and whether a table follows. */
function shouldPrintMemberState(context: ToolContext, groupId: string, state: string, rows: number): boolean {
  if (state === 'Dead') {
    printError(context, `Consumer group '${groupId}' does not exist.`);
    return false;
  }
  if (state === 'Empty') context.err(`\nConsumer group '${groupId}' has no active members.\n`);
  if (['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling'].includes(state))
    context.err(`\nWarning: Consumer group '${groupId}' is rebalancing.\n`);
  return rows > 0;
}

type Partitions = { topic: string; partition: number }[];

/** ConsumerGroupCommand's MemberAssignmentState: a KIP-848 member also has epochs and a target assignment. */
interface Member {
  consumerId: string;
  groupInstanceId: string;
  host: string;
  clientId: string;
  partitions: Partitions;
  targetPartitions: Partitions;
  currentEpoch: number | null;
  targetEpoch: number | null;
}

function partitionsOf(assignment: Uint8Array | null): Partitions {
  // An empty assignment (before SyncGroup) has no bytes to decode.
  return assignment === null || assignment.length === 0
    ? []
    : decodeAssignment(assignment).partitions.map(({ topic, partition }) => ({ topic, partition }));
}

function membersOf(group: GroupDescriptionResult): Member[] {
  return group.members.map((m) => ({
    consumerId: m.memberId,
    groupInstanceId: m.groupInstanceId ?? '',
    host: m.clientHost,
    clientId: m.clientId,
    partitions: partitionsOf(m.memberAssignment),
    targetPartitions: partitionsOf(m.targetAssignment),
    currentEpoch: m.memberEpoch,
    targetEpoch: group.targetAssignmentEpoch,
  }));
}

async function describeGroup(options: ParsedOptions, admin: Admin, context: ToolContext, groupId: string): Promise<void> {
  const group = await describe(admin, groupId);
  if (options.has('members')) return describeMembers(context, group, options.has('verbose'));
  if (options.has('state') && !options.has('offsets')) return describeState(context, group, options.has('verbose'));
  const committed = await committedOffsets(admin, groupId);
  const members = membersOf(group)
    .filter((m) => m.partitions.length > 0)
    .sort((a, b) => b.partitions.length - a.partitions.length);
  const owned = new Set(members.flatMap((m) => m.partitions.map((p) => topicPartitionKey(p))));
  const unowned = [...committed.keys()]
    .filter((key) => !owned.has(key))
    .map((key) => parseTopicPartitionKey(key))
    .sort(compareTopicPartitions);
  const ends = await logEndOffsets(admin, context, [...members.flatMap((m) => m.partitions), ...unowned]);
  const row = (topic: string, partition: number, member: Member | null) => {
    const key = topicPartitionKey(topic, partition);
    const offset = committed.get(key);
    const end = ends.get(key);
    return [
      groupId,
      topic,
      String(partition),
      offset === undefined ? MISSING : String(offset),
      end === undefined ? MISSING : String(end),
      offset === undefined || end === undefined ? MISSING : String(end - offset),
      member?.consumerId ?? MISSING,
      member?.host ?? MISSING,
      member?.clientId ?? MISSING,
    ];
  };
  const rows = [
    ...members.flatMap((m) =>
      [...m.partitions]
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
        .map((p) => row(p.topic, p.partition, m)),
    ),
    ...unowned.map((p) => row(p.topic, p.partition, null)),
  ];
  if (!shouldPrintMemberState(context, groupId, group.state, rows.length)) return;
  const width = (column: number) => Math.max(15, ...rows.map((r) => r[column].length));
  const widths = [width(0), width(1), 10, 15, 15, 15, width(6), width(7)];
  const format = (cells: string[]) =>
    `\n${cells
      .slice(0, 8)
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' ')} ${cells[8]}`;
  context.out(
    format(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']) +
      rows.map(format).join('') +
      '\n',
  );
}

/**
 * Each partition's high watermark by ListOffsets, as the tool asks for LOG-END-OFFSET. A topic
 * with a partition that has no leader cannot answer; its partitions then show what the cluster
 * knows, and nothing ('-') for the offline ones.
 */
async function logEndOffsets(
  admin: Admin,
  context: ToolContext,
  partitions: { topic: string; partition: number }[],
): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  for (const topic of new Set(partitions.map((p) => p.topic))) {
    try {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(topicPartitionKey(topic, p.partition), Number(p.high));
    } catch {
      for (const p of context.cluster.describe().topics.find((t) => t.name === topic)?.partitions ?? []) {
        if (p.highWatermark >= 0) ends.set(topicPartitionKey(topic, p.partition), p.highWatermark);
      }
    }
  }
  return ends;
}

/** ConsumerGroupCommand.getAssignmentString: "topic:0,1,2", topics sorted and joined by ";". */
function assignmentString(partitions: Partitions): string {
  if (partitions.length === 0) return MISSING;
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  return [...byTopic]
    .map(([topic, ps]) => `${topic}:${[...ps].sort((a, b) => a - b).join(',')}`)
    .sort()
    .join(';');
}

/**
 * ConsumerGroupCommand.printMembers (Kafka 4, KIP-1099): --verbose adds each member's epoch and
 * current assignment, and the group's target assignment epoch with the member's target assignment
 * ('-' for a classic group, which has neither). The UPGRADED column of a group mid-migration is not
 * shown: the coordinator here does not convert classic members into a consumer group.
 */
function describeMembers(context: ToolContext, group: GroupDescriptionResult, verbose: boolean): void {
  const members = membersOf(group);
  // ConsumerGroupCommand.printMembers prints the header whatever the state said.
  shouldPrintMemberState(context, group.groupId, group.state, members.length);
  // ConsumerGroupCommand.printMembers: GROUP-INSTANCE-ID only when some member is static.
  const withInstanceId = members.some((m) => m.groupInstanceId !== '');
  const columns = (m: Member | null) => {
    const cells =
      m === null
        ? ['GROUP', 'CONSUMER-ID', 'GROUP-INSTANCE-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS']
        : [group.groupId, m.consumerId, m.groupInstanceId, m.host, m.clientId, String(m.partitions.length)];
    return withInstanceId ? cells : cells.filter((_, i) => i !== 2);
  };
  const verboseColumns = (m: Member | null) =>
    m === null
      ? ['CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT']
      : [
          m.currentEpoch?.toString() ?? MISSING,
          assignmentString(m.partitions),
          m.targetEpoch?.toString() ?? MISSING,
          assignmentString(m.targetPartitions),
        ];
  const minimums = withInstanceId ? [15, 15, 17, 15, 15, 15] : [15, 15, 15, 15, 15];
  // Every column but #PARTITIONS grows to its longest value; so do the two assignments (at least 20).
  const widths = minimums.map((minimum, i) =>
    i === minimums.length - 1 ? minimum : Math.max(minimum, ...members.map((m) => columns(m)[i].length)),
  );
  const verboseWidths = [15, 20, 15, 20].map((minimum, i) =>
    i % 2 === 0 ? minimum : Math.max(minimum, ...members.map((m) => verboseColumns(m)[i].length)),
  );
  const format = (m: Member | null) =>
    columns(m)
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' ') +
    ' ' +
    (verbose
      ? verboseColumns(m)
          .map((cell, i) => cell.padEnd(verboseWidths[i]))
          .join(' ')
      : '');
  context.out(`\n${format(null)}\n${members.map((m) => `${format(m)}\n`).join('')}`);
}

/** ConsumerGroupCommand.printStates (Kafka 4): --verbose adds GROUP-EPOCH and TARGET-ASSIGNMENT-EPOCH ('-' for a classic group). */
function describeState(context: ToolContext, group: GroupDescriptionResult, verbose: boolean): void {
  if (!shouldPrintMemberState(context, group.groupId, group.state, 1)) return;
  const offsets = context.cluster.controller.image.topicsByName.get(GROUP_METADATA_TOPIC_NAME);
  const leader = offsets?.partitions.get(groupPartition(group.groupId, offsets.partitions.size))?.leader ?? -1;
  const coordinator = leader < 0 ? `:-1  (-1)` : `${listenerOf(leader)}  (${leader})`;
  const widths = [Math.max(15, group.groupId.length), Math.max(25, coordinator.length), 20, 20, ...(verbose ? [15, 25] : [])];
  const format = (cells: string[]) => `\n${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join(' ')}`;
  const epochs = (values: string[]) => (verbose ? values : []);
  context.out(
    format([
      'GROUP',
      'COORDINATOR (ID)',
      'ASSIGNMENT-STRATEGY',
      'STATE',
      ...epochs(['GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH']),
      '#MEMBERS',
    ]) +
      format([
        group.groupId,
        coordinator,
        group.protocol === '' ? MISSING : group.protocol,
        group.state,
        ...epochs([group.groupEpoch?.toString() ?? MISSING, group.targetAssignmentEpoch?.toString() ?? MISSING]),
        String(group.members.length),
      ]) +
      '\n',
  );
}

async function deleteGroups(admin: Admin, context: ToolContext, groups: string[]): Promise<void> {
  const failed = new Map<string, KafkaError>();
  for (const groupId of groups) {
    await admin.deleteGroups([groupId]).catch((error: unknown) => {
      if (!(error instanceof KafkaError)) throw error;
      // The admin client prefixes the group; the tool prints the exception's own message.
      failed.set(groupId, new KafkaError(error.type));
    });
  }
  const deleted = groups.filter((g) => !failed.has(g));
  if (failed.size === 0) {
    context.out(`Deletion of requested consumer groups ('${deleted.join("', '")}') was successful.\n`);
    return;
  }
  printError(context, 'Deletion of some consumer groups failed:');
  for (const [groupId, error] of failed) {
    const { javaClass, message } = toolError(error);
    context.out(`* Group '${groupId}' could not be deleted due to: ${javaClass}: ${message}\n`);
  }
  if (deleted.length > 0) context.out(`\nThese consumer groups were deleted successfully: '${deleted.join("', '")}'\n`);
}

async function resetOffsets(options: ParsedOptions, admin: Admin, context: ToolContext, groups: string[]): Promise<number> {
  if (!options.has('dry-run') && !options.has('execute')) {
    context.err(
      'WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n',
    );
  }
  const plans = new Map<string, ResetPlan>();
  for (const groupId of groups) {
    const group = await describe(admin, groupId);
    if (group.state !== 'Empty' && group.state !== 'Dead') {
      printError(context, `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${group.state}.`);
      plans.set(groupId, []);
      continue;
    }
    const plan = await resetTargets(options, admin, context, await committedOffsets(admin, groupId));
    for (const warning of plan.warnings)
      context.err(log4jLine(context.clock.now(), 'WARN', warning, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand'));
    if (options.has('execute')) {
      for (const topic of new Set(plan.offsets.map((o) => o.topic))) {
        await admin.setOffsets({
          groupId,
          topic,
          partitions: plan.offsets.filter((o) => o.topic === topic).map((o) => ({ partition: o.partition, offset: String(o.offset) })),
        });
      }
    }
    plans.set(groupId, plan.offsets);
  }
  const format = (cells: string[]) => `\n${cells[0].padEnd(30)} ${cells[1].padEnd(30)} ${cells[2].padEnd(10)} ${cells[3].padEnd(15)}`;
  if (plans.size > 0) {
    context.out(
      format(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']) +
        [...plans]
          .flatMap(([groupId, plan]) => plan.map((o) => format([groupId, o.topic, String(o.partition), String(o.offset)])))
          .join('') +
        '\n',
    );
  }
  return 0;
}
