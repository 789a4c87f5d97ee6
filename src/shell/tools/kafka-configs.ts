/**
 * kafka-configs.sh for topics, as ConfigCommand runs it: --describe (the dynamic configs, or every
 * config with --all, with their synonyms) and --alter with --add-config / --delete-config, sent as
 * IncrementalAlterConfigs. Failures print "Error while executing config command with args '...'"
 * and the exception, on stderr.
 */
import { ConfigResourceTypes, ConfigSource, type ConfigEntries } from '../../client/admin/admin-types';
import type { Admin } from '../../client/admin/admin';
import { TOPIC_CONFIGS } from '../../protocol/topic-configs';
import { KafkaError } from '../../protocol/errors';
import { canConnect } from '../bootstrap';
import { DEFAULT_API_TIMEOUT_MS, JavaException, nodeAssignmentTimeout, toolError } from '../kafka-errors';
import { OptionParser, UsageError, type ParsedOptions } from '../options';
import { runTool } from '../run-tool';
import type { Tool, ToolContext } from '../tool';

const parser = new OptionParser([
  { name: 'bootstrap-server', description: 'The Kafka servers to connect to.', arg: { describedAs: 'server to connect to' } },
  {
    name: 'command-config',
    description: 'Property file containing configs to be passed to Admin Client.',
    arg: { describedAs: 'command config property file' },
  },
  { name: 'describe', description: 'List configs for the given entity.' },
  { name: 'alter', description: 'Alter the configuration for the entity.' },
  {
    name: 'entity-type',
    description: 'Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)',
    arg: { describedAs: 'String' },
  },
  {
    name: 'entity-name',
    description: 'Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)',
    arg: { describedAs: 'String' },
  },
  { name: 'topic', description: "The topic's name.", arg: { describedAs: 'topic' } },
  { name: 'all', description: 'List all configs for the given entity, including static configs if available.' },
  {
    name: 'add-config',
    description:
      "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.",
    arg: { describedAs: 'String' },
  },
  { name: 'delete-config', description: "config keys to remove 'k1,k2'", arg: { describedAs: 'String' } },
]);

export const kafkaConfigs: Tool = {
  name: 'kafka-configs.sh',
  summary: 'Describe and change topic configs.',
  parser,
  run(args, context) {
    const printError = (error: { javaClass: string; message: string }) => {
      context.err(`Error while executing config command with args '${args.join(' ')}'\n${error.javaClass}: ${error.message}\n`);
    };
    return runTool(
      context,
      args,
      {
        parser,
        helpMessage:
          'This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group',
        optionErrors: (error) => printError(error),
      },
      async (options) => {
        try {
          return await configCommand(options, context);
        } catch (error) {
          if (error instanceof UsageError) throw error;
          const { javaClass, message } = toolError(error);
          // The admin client's failures reach the tool wrapped by KafkaFuture.get().
          printError({
            javaClass: error instanceof KafkaError ? `java.util.concurrent.ExecutionException: ${javaClass}` : javaClass,
            message,
          });
          return 1;
        }
      },
    );
  },
};

async function configCommand(options: ParsedOptions, context: ToolContext): Promise<number> {
  if (['describe', 'alter'].filter((action) => options.has(action)).length !== 1)
    throw new UsageError('Command must include exactly one action: --describe, --alter');
  if (!options.has('bootstrap-server'))
    throw new UsageError('One of the required bootstrap-server or bootstrap-controller arguments must be specified');
  const entityType = options.has('topic') ? 'topics' : options.valueOf('entity-type');
  if (entityType === undefined) throw new UsageError('At least one entity type must be specified');
  if (entityType !== 'topics') throw new UsageError(`This shell's kafka-configs.sh handles --entity-type topics only, not ${entityType}.`);
  const name = options.valueOf('topic') ?? options.valueOf('entity-name');
  if (options.has('alter')) {
    if (!options.has('add-config') && !options.has('delete-config'))
      throw new UsageError('At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter');
    if (name === undefined) throw new UsageError('An entity name must be specified with --alter of topics');
  }
  if (!canConnect(options.valueOf('bootstrap-server')!, context.cluster)) {
    await context.sleep(DEFAULT_API_TIMEOUT_MS);
    throw new KafkaError(
      'REQUEST_TIMED_OUT',
      nodeAssignmentTimeout(options.has('alter') ? 'incrementalAlterConfigs' : 'describeConfigs').message,
    );
  }
  const admin = context.kafka.admin();
  if (options.has('describe')) {
    const topics = name === undefined ? (await admin.listTopics()).sort() : [name];
    for (const topic of topics) await describeTopic(admin, context, topic, options.has('all'));
    return 0;
  }
  await alterTopic(admin, context, name!, options);
  return 0;
}

async function topicConfigs(admin: Admin, topic: string): Promise<ConfigEntries[]> {
  const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  return [...resources[0].configEntries].sort((a, b) => a.configName.localeCompare(b.configName));
}

async function describeTopic(admin: Admin, context: ToolContext, topic: string, all: boolean): Promise<void> {
  const entries = (await topicConfigs(admin, topic)).filter((e) => all || e.configSource === ConfigSource.TOPIC_CONFIG);
  context.out(`${all ? 'All' : 'Dynamic'} configs for topic ${topic} are:\n`);
  for (const entry of entries) {
    context.out(
      `  ${entry.configName}=${entry.isSensitive ? null : entry.configValue} sensitive=${entry.isSensitive} synonyms={${synonyms(entry).join(', ')}}\n`,
    );
  }
}

/** The entry's own value, then where its default comes from (DescribeConfigs with includeSynonyms). */
function synonyms(entry: ConfigEntries): string[] {
  const def = TOPIC_CONFIGS.get(entry.configName);
  const defaultSynonym =
    def?.defaultValue === null || def === undefined ? [] : [`DEFAULT_CONFIG:${def.brokerSynonym ?? def.name}=${def.defaultValue}`];
  if (entry.configSource === ConfigSource.TOPIC_CONFIG)
    return [`DYNAMIC_TOPIC_CONFIG:${entry.configName}=${entry.configValue}`, ...defaultSynonym];
  if (entry.configSource === ConfigSource.DEFAULT_CONFIG) return defaultSynonym;
  return [`STATIC_BROKER_CONFIG:${def?.brokerSynonym ?? entry.configName}=${entry.configValue}`, ...defaultSynonym];
}

/** ConfigCommand.parseConfigsToBeAdded: k=v pairs split at commas outside square brackets. */
function parseConfigs(text: string): { name: string; value: string }[] {
  const pairs = text.match(/([^,=]+=(\[[^\]]*\]|[^,]*))/g) ?? [];
  if (pairs.join(',') !== text.trim()) {
    throw new JavaException(
      'java.lang.IllegalArgumentException',
      `requirement failed: Invalid entity config: all configs to be added must be in the format "key=val" or "key=[val1,val2]".`,
    );
  }
  return pairs.map((pair) => {
    const equals = pair.indexOf('=');
    return {
      name: pair.slice(0, equals).trim(),
      value: pair
        .slice(equals + 1)
        .trim()
        .replace(/^\[(.*)\]$/, '$1'),
    };
  });
}

async function alterTopic(admin: Admin, context: ToolContext, topic: string, options: ParsedOptions): Promise<void> {
  const added = options.valuesOf('add-config').flatMap(parseConfigs);
  const deleted = options.valuesOf('delete-config').flatMap((text) =>
    text
      .split(',')
      .map((name) => name.trim())
      .filter((n) => n !== ''),
  );
  const dynamic = new Set(
    (await topicConfigs(admin, topic)).filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG).map((e) => e.configName),
  );
  const invalid = deleted.filter((name) => !dynamic.has(name));
  if (invalid.length > 0)
    throw new JavaException('org.apache.kafka.common.errors.InvalidConfigurationException', `Invalid config(s): ${invalid.join(',')}`);
  await admin.alterConfigs({
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: topic,
        configEntries: [
          ...added.map(({ name, value }) => ({ name, value, operation: 'SET' as const })),
          ...deleted.map((name) => ({ name, value: null, operation: 'DELETE' as const })),
        ],
      },
    ],
  });
  context.out(`Completed updating config for topic ${topic}.\n`);
}
