import { describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { BOOTSTRAP, shellOnCluster, untilGroupStable } from './support';

const SEED = 7;

describe('shell > the Kafka quickstart as a transcript', () => {
  it('creates test-topic, produces two events and reads them back from the beginning', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect((await sh(`bin/kafka-topics.sh --create --topic test-topic --partitions 1 --replication-factor 1 ${BOOTSTRAP}`)).stdout).toBe(
      'Created topic test-topic.\n',
    );
    expect(
      await sh(`bin/kafka-console-producer.sh --topic test-topic ${BOOTSTRAP}`, { input: ['hello kafka', 'this is a test message'] }),
    ).toMatchObject({ stdout: '', stderr: '' });
    expect(await sh(`bin/kafka-console-consumer.sh --topic test-topic --from-beginning --max-messages 2 ${BOOTSTRAP}`)).toMatchObject({
      stdout: 'hello kafka\nthis is a test message\n',
      stderr: 'Processed a total of 2 messages\n',
    });
  });

  it('runs the 4.0 quickstart command by command: the storage and server steps find the cluster already there', async () => {
    const { sh, shell, cluster } = await shellOnCluster(SEED);
    await sh('KAFKA_CLUSTER_ID="$(bin/kafka-storage.sh random-uuid)"');
    const clusterId = (await sh('echo $KAFKA_CLUSTER_ID')).stdout;
    expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}\n$/);
    expect(
      (await sh('bin/kafka-storage.sh format --standalone -t $KAFKA_CLUSTER_ID -c config/server.properties', { exitCode: 1 })).stderr,
    ).toBe(
      'Log directory /tmp/kraft-combined-logs is already formatted. Use --ignore-formatted to ignore this directory and format the others.\n',
    );
    expect((await sh('bin/kafka-server-start.sh config/server.properties', { exitCode: 1 })).stderr).toMatch(
      /ERROR Exiting Kafka due to fatal exception during startup\. \(kafka\.Kafka\$\)\norg\.apache\.kafka\.common\.KafkaException: Socket server failed to bind to 0\.0\.0\.0:9092: Address already in use\.\n$/,
    );
    expect((await sh('bin/kafka-topics.sh --create --topic quickstart-events --bootstrap-server localhost:9092')).stdout).toBe(
      'Created topic quickstart-events.\n',
    );
    const { topicId } = cluster.describe().topics[0];
    const leader = cluster.leaderOf('quickstart-events', 0);
    expect((await sh('bin/kafka-topics.sh --describe --topic quickstart-events --bootstrap-server localhost:9092')).stdout).toBe(
      `Topic: quickstart-events\tTopicId: ${topicId}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n` +
        `\tTopic: quickstart-events\tPartition: 0\tLeader: ${leader}\tReplicas: ${leader}\tIsr: ${leader}\tElr: \tLastKnownElr: \n`,
    );
    await sh('bin/kafka-console-producer.sh --topic quickstart-events --bootstrap-server localhost:9092', {
      input: ['This is my first event', 'This is my second event'],
    });
    const ctrlC = new AbortController();
    const consumed = await shell.run(
      'bin/kafka-console-consumer.sh --topic quickstart-events --from-beginning --bootstrap-server localhost:9092',
      {
        signal: ctrlC.signal,
        stdout: (chunk) => {
          if (chunk.startsWith('This is my second event')) ctrlC.abort();
        },
      },
    );
    expect(consumed).toEqual({
      stdout: 'This is my first event\nThis is my second event\n',
      stderr: 'Processed a total of 2 messages\n',
      exitCode: 130,
    });
    expect(await sh('rm -rf /tmp/kafka-logs /tmp/kraft-combined-logs')).toMatchObject({ stdout: '', stderr: '' });
  });

  it('does the same with 3 partitions and keys, printing each key before its value', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic keyed --partitions 3 --replication-factor 3 ${BOOTSTRAP}`);
    const lines = ['user1:hello kafka', 'user2:this is a test message', 'user1:and another one'];
    await sh(`kafka-console-producer.sh --topic keyed --property parse.key=true --property key.separator=: ${BOOTSTRAP}`, { input: lines });
    const { stdout, stderr } = await sh(
      `kafka-console-consumer.sh --topic keyed --from-beginning --max-messages 3 --property print.key=true --property key.separator=: ${BOOTSTRAP}`,
    );
    expect(stderr).toBe('Processed a total of 3 messages\n');
    // Partitions are read in no fixed order, but one key's records come in the order they were sent.
    const printed = stdout.split('\n').filter((line) => line !== '');
    expect([...printed].sort()).toEqual([...lines].sort());
    expect(printed.filter((line) => line.startsWith('user1:'))).toEqual(['user1:hello kafka', 'user1:and another one']);
  });

  it('prints the producer prompt before each line when stdin is a terminal', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic test-topic ${BOOTSTRAP}`);
    const typed = (async function* () {
      yield 'first';
      yield 'second';
    })();
    expect((await sh(`kafka-console-producer.sh --topic test-topic ${BOOTSTRAP}`, { input: typed })).stdout).toBe('>>>');
  });

  it('streams records as they come and stops at Ctrl-C with the count', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic test-topic ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic test-topic ${BOOTSTRAP}`, { input: 'a\nb\nc\n' });
    const ctrlC = new AbortController();
    const chunks: string[] = [];
    const result = await sh(`kafka-console-consumer.sh --topic test-topic --from-beginning ${BOOTSTRAP}`, {
      exitCode: 130,
      signal: ctrlC.signal,
      stdout: (chunk) => {
        chunks.push(chunk);
        if (chunks.length === 2) ctrlC.abort();
      },
    });
    expect(chunks).toEqual(['a\n', 'b\n']);
    expect(result.stderr).toBe('Processed a total of 2 messages\n');
  });

  it('reads one partition from an offset with --partition and --offset, printing partition and offset', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic test-topic ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic test-topic ${BOOTSTRAP}`, { input: ['a', 'b', 'c'] });
    const { stdout, stderr } = await sh(
      `kafka-console-consumer.sh --topic test-topic --partition 0 --offset 1 --property print.partition=true --property print.offset=true --timeout-ms 2000 ${BOOTSTRAP}`,
    );
    expect(stdout).toBe('Partition:0\tOffset:1\tb\nPartition:0\tOffset:2\tc\n');
    expect(stderr).toMatch(
      /^\[[\d-]+ [\d:,]+\] ERROR Error processing message, terminating consumer process: {2}\(org\.apache\.kafka\.tools\.consumer\.ConsoleConsumer\)\norg\.apache\.kafka\.common\.errors\.TimeoutException\nProcessed a total of 2 messages\n$/,
    );
  });
});

describe('shell > console producer settings', () => {
  it('takes --producer-property settings unless a tool option says otherwise, and rejects a bad value as KafkaProducer does', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic acks --replication-factor 3 --config min.insync.replicas=3 ${BOOTSTRAP}`);
    const leader = cluster.leaderOf('acks', 0);
    await cluster.killBroker(cluster.describePartition('acks', 0).replicas.find((id) => id !== leader)!);
    await until(cluster, 'the killed follower leaves the ISR of acks-0', () => cluster.describePartition('acks', 0).isr.length === 2);
    const produce = (options: string) =>
      sh(`kafka-console-producer.sh --topic acks ${options} --bootstrap-server localhost:${9091 + leader}`, { input: ['record'] });
    // The ISR is now below min.insync.replicas: acks=-1 (the tool's default) fails, acks=1 does not.
    expect((await produce('')).stderr).toContain(
      'with error:  (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\norg.apache.kafka.common.errors.NotEnoughReplicasException',
    );
    expect((await produce('--producer-property acks=1')).stderr).toBe('');
    expect((await produce('--producer-property acks=1 --request-required-acks all')).stderr).toContain('NotEnoughReplicasException');
    expect(
      (
        await sh(
          `kafka-console-producer.sh --topic acks --producer-property linger.ms=soon --bootstrap-server localhost:${9091 + leader}`,
          { input: ['x'], exitCode: 1 },
        )
      ).stderr,
    ).toBe('org.apache.kafka.common.config.ConfigException: Invalid value soon for configuration linger.ms: Not a number of type LONG\n');
    expect(
      (
        await sh(`kafka-console-producer.sh --topic acks --request-required-acks 2 --bootstrap-server localhost:${9091 + leader}`, {
          input: ['x'],
          exitCode: 1,
        })
      ).stderr,
    ).toBe('org.apache.kafka.common.config.ConfigException: Invalid value 2 for configuration acks: Invalid value 2\n');
  });
});

describe('shell > console consumer settings', () => {
  it('joins as a static member with --consumer-property group.instance.id, and commits nothing with enable.auto.commit=false', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, shell } = fixture;
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: ['a', 'b'] });
    await sh(
      `kafka-console-consumer.sh --topic orders --group g --from-beginning --max-messages 2 --consumer-property enable.auto.commit=false ${BOOTSTRAP}`,
    );
    // Nothing committed: the group has no rows to show.
    expect(await sh(`kafka-consumer-groups.sh --describe --group g ${BOOTSTRAP}`)).toMatchObject({
      stdout: '',
      stderr: "\nConsumer group 'g' has no active members.\n",
    });
    const ctrlC = new AbortController();
    const running = shell.run(
      `kafka-console-consumer.sh --topic orders --group g --consumer-property group.instance.id=reader-1 ${BOOTSTRAP}`,
      { signal: ctrlC.signal },
    );
    await untilGroupStable(fixture, 'g');
    const members = (await sh(`kafka-consumer-groups.sh --describe --group g --members ${BOOTSTRAP}`)).stdout.split('\n');
    expect(members[1]).toMatch(/^GROUP {11}CONSUMER-ID +GROUP-INSTANCE-ID +HOST +CLIENT-ID +#PARTITIONS {5}$/);
    expect(members[2]).toMatch(/^g {15}reader-1-\S+ reader-1 {10}\S+ +\S+ +1 {15}$/);
    ctrlC.abort();
    await running;
  });
});
