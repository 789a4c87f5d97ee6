import { describe, expect, it } from 'vitest';
import { CLEAR_SCREEN } from '../../src/shell/builtins';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 5;

describe('shell > completion, --help, help and clear', () => {
  it('completes tool names, options not yet given, and topic and group names', async () => {
    const { sh, shell } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    await sh(`kafka-topics.sh --create --topic outbox ${BOOTSTRAP}`);
    await sh(`kafka-console-consumer.sh --topic orders --group order-audit --timeout-ms 5000 ${BOOTSTRAP}`);
    expect(await shell.complete('kafka-con')).toEqual([
      'kafka-configs.sh',
      'kafka-console-consumer.sh',
      'kafka-console-producer.sh',
      'kafka-consumer-groups.sh',
    ]);
    expect(await shell.complete('cl')).toEqual(['clear']);
    expect(await shell.complete('kafka-topics.sh --de')).toEqual(['--delete', '--describe']);
    expect(await shell.complete('kafka-topics.sh --describe --de')).toEqual(['--delete']);
    expect(await shell.complete('kafka-topics.sh --describe --topic o')).toEqual(['orders', 'outbox']);
    expect(await shell.complete('bin/kafka-consumer-groups.sh --describe --group ')).toEqual(['order-audit']);
    expect(await shell.complete('kafka-topics.sh --topic o --list', 'kafka-topics.sh --topic o'.length)).toEqual(['orders', 'outbox']);
    expect(await shell.complete('nosuchtool --')).toEqual([]);
    expect(await shell.complete('kafka-leader-election.sh --election-type ')).toEqual(['preferred', 'unclean']);
    expect(await shell.complete('kafka-topics.sh --list --bootstrap-server localhost:909')).toEqual([
      'localhost:9092',
      'localhost:9093',
      'localhost:9094',
    ]);
  });

  it("prints every tool's usage with --help and exits 0", async () => {
    const { sh, shell } = await shellOnCluster(SEED);
    const tools = shell.commands().filter((name) => name.endsWith('.sh'));
    expect(tools).toHaveLength(12);
    for (const tool of tools) {
      // kafka.Kafka prints its usage through printUsageAndExit, which exits with 1.
      const { stdout, stderr } = await sh(`${tool} --help`, { exitCode: tool === 'kafka-server-start.sh' ? 1 : 0 });
      const usage = stdout + stderr;
      expect(usage, tool).toMatch(/^(This tool|Create, delete|USAGE|usage|An interactive shell)/);
      // ProducerPerformance takes bootstrap.servers among its --producer-props.
      if (!['kafka-storage.sh', 'kafka-server-start.sh', 'kafka-producer-perf-test.sh'].includes(tool))
        expect(usage, tool).toContain('--bootstrap-server');
    }
    const topics = (await sh('kafka-topics.sh --help')).stderr;
    expect(
      topics.startsWith(
        'This tool helps to create, delete, describe, or change a topic.\nOption                                   Description\n',
      ),
    ).toBe(true);
    expect(topics).toContain('\n--partitions <Integer: # of partitions>  The number of partitions for the topic\n');
  });

  it("lists the tools and the brokers' listeners with help, and asks the terminal to clear with clear", async () => {
    const { sh } = await shellOnCluster(SEED);
    const { stdout } = await sh('help');
    expect(stdout).toContain('kafka-topics.sh');
    expect(stdout).toContain('broker 2: localhost:9093 (or broker-2:9092)');
    expect(await sh('clear')).toEqual({ stdout: CLEAR_SCREEN, stderr: '', exitCode: 0, clear: true });
  });
});
