/**
 * kafka-server-start.sh: the simulated brokers are already running, and broker 1 holds the
 * quickstart's localhost:9092, so starting another server fails as Kafka does when its port is
 * taken (with -daemon the script returns at once and the failure goes to the server's log).
 */
import { log4jLine } from '../log4j';
import { OptionParser } from '../options';
import type { Tool } from '../tool';

const parser = new OptionParser(
  [
    {
      name: 'override',
      description: 'Optional property that should override values set in server.properties file',
      arg: { describedAs: 'String' },
    },
    { name: 'version', description: 'Print version information and exit.' },
  ],
  { defaults: false },
);

export const kafkaServerStart: Tool = {
  name: 'kafka-server-start.sh',
  summary: 'Start a server: here the brokers are already running (see help).',
  parser,
  run: async (args, context) => {
    const daemon = args[0] === '-daemon';
    if (args.length === (daemon ? 1 : 0)) {
      context.out('USAGE: bin/kafka-server-start.sh [-daemon] server.properties [--override property=value]*\n');
      return 1;
    }
    if (args.includes('--help')) {
      // kafka.Kafka's own usage, through CommandLineUtils.printUsageAndExit (exit code 1).
      context.err(`USAGE: java [options] kafka.Kafka server.properties [--override property=value]*\n${parser.helpText()}`);
      return 1;
    }
    if (daemon) return 0;
    context.err(
      log4jLine(context.clock.now(), 'ERROR', 'Exiting Kafka due to fatal exception during startup.', 'kafka.Kafka$') +
        'org.apache.kafka.common.KafkaException: Socket server failed to bind to 0.0.0.0:9092: Address already in use.\n',
    );
    return 1;
  },
};
