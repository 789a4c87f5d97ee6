import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 3;
const OPTION_TABLE_HEADER = 'Option                                   Description\n------                                   -----------\n';

describe("shell > the error messages Kafka's tools print", () => {
  it('an unknown option: kafka-topics.sh reports it as a failed topic command, other tools with their usage', async () => {
    const { sh } = await shellOnCluster(SEED);
    const topics = await sh(`kafka-topics.sh --list --colour ${BOOTSTRAP}`, { exitCode: 1 });
    expect(topics.stdout).toBe('Error while executing topic command : colour is not a recognized option\n');
    expect(topics.stderr).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ERROR joptsimple\.UnrecognizedOptionException: colour is not a recognized option \(org\.apache\.kafka\.tools\.TopicCommand\)\n$/,
    );
    const consumer = await sh(`kafka-console-consumer.sh --topic t --colour ${BOOTSTRAP}`, { exitCode: 1 });
    expect(consumer.stderr.startsWith(`colour is not a recognized option\n${OPTION_TABLE_HEADER}`)).toBe(true);
  });

  it('a missing required option, with the usage table', async () => {
    const { sh } = await shellOnCluster(SEED);
    const create = await sh(`kafka-topics.sh --create ${BOOTSTRAP}`, { exitCode: 1 });
    expect(create.stderr.startsWith(`Missing required argument "[topic]"\n${OPTION_TABLE_HEADER}`)).toBe(true);
    expect((await sh(`kafka-console-producer.sh ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toMatch(
      /^Missing required argument "\[topic\]"\n/,
    );
    expect((await sh('kafka-topics.sh --list', { exitCode: 1 })).stderr).toBe('--bootstrap-server must be specified\n');
    expect((await sh(`kafka-topics.sh --list --describe ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toMatch(
      /^Command must include exactly one action: --list, --describe, --create, --alter or --delete\n/,
    );
    expect((await sh(`kafka-console-consumer.sh ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toMatch(
      /^Exactly one of --include\/--topic is required. \n/,
    );
    expect((await sh(`kafka-console-consumer.sh --topic t --offset 5 ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toMatch(
      /^The partition is required when offset is specified.\n/,
    );
  });

  it('an option without its argument, and an argument of the wrong type', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect((await sh(`kafka-console-producer.sh ${BOOTSTRAP} --topic`, { exitCode: 1 })).stderr).toMatch(
      /^Option topic requires an argument\n/,
    );
    expect((await sh(`kafka-topics.sh --create --topic t --partitions three ${BOOTSTRAP}`, { exitCode: 1 })).stdout).toBe(
      "Error while executing topic command : Cannot parse argument 'three' of option partitions\n",
    );
  });

  it('a topic that already exists, and one that does not', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    expect((await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`, { exitCode: 1 })).stdout).toBe(
      "Error while executing topic command : Topic 'orders' already exists.\n",
    );
    expect(await sh(`kafka-topics.sh --describe --topic payments ${BOOTSTRAP}`, { exitCode: 1 })).toMatchObject({
      stdout: '',
      stderr: "Topic 'payments' does not exist as expected\n",
    });
    expect((await sh(`kafka-topics.sh --delete --topic payments ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toBe(
      "Topic 'payments' does not exist as expected\n",
    );
  });

  it('a replication factor larger than the cluster, and the client-side range checks', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect((await sh(`kafka-topics.sh --create --topic orders --replication-factor 4 ${BOOTSTRAP}`, { exitCode: 1 })).stdout).toBe(
      'Error while executing topic command : Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.\n',
    );
    expect((await sh(`kafka-topics.sh --create --topic orders --replication-factor 0 ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toBe(
      'The replication factor must be between 1 and 32767 inclusive\n',
    );
    expect((await sh(`kafka-topics.sh --create --topic orders --partitions 0 ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toBe(
      'The partitions must be greater than 0\n',
    );
  });

  it('a bootstrap server that matches no broker: the admin client times out after default.api.timeout.ms', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    const startMs = cluster.now();
    const { stdout, stderr } = await sh('kafka-topics.sh --create --topic orders --bootstrap-server localhost:9999', { exitCode: 1 });
    expect(stdout).toBe('Error while executing topic command : Timed out waiting for a node assignment. Call: createTopics\n');
    expect(stderr).toContain(
      'ERROR org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: createTopics (org.apache.kafka.tools.TopicCommand)',
    );
    expect(cluster.now() - startMs).toBeGreaterThanOrEqual(60_000);
    expect(cluster.describe().topics).toEqual([]);
  });

  it('Ctrl-C while the admin client waits for a broker stops the tool at once, silently, with exit code 130', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    const ctrlC = new AbortController();
    const startMs = cluster.now();
    cluster.clock.schedule(5_000, () => ctrlC.abort());
    expect(await sh('kafka-topics.sh --list --bootstrap-server localhost:9999', { signal: ctrlC.signal, exitCode: 130 })).toMatchObject({
      stdout: '',
      stderr: '',
    });
    expect(cluster.now() - startMs).toBeLessThan(60_000);
  });

  it("a killed broker's listener is as unreachable as a wrong one, and the console consumer says so until its timeout", async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await cluster.killBroker(2);
    expect((await sh('kafka-topics.sh --list --bootstrap-server localhost:9093', { exitCode: 1 })).stdout).toBe(
      'Error while executing topic command : Timed out waiting for a node assignment. Call: listTopics\n',
    );
    expect((await sh('kafka-topics.sh --list --bootstrap-server localhost:9093,broker-3:9092')).exitCode).toBe(0);
    const { stderr } = await sh('kafka-console-consumer.sh --topic t --group g --timeout-ms 2000 --bootstrap-server localhost:9093');
    expect(stderr).toContain(
      'WARN [Consumer clientId=console-consumer, groupId=g] Connection to node -1 (localhost/127.0.0.1:9093) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient)',
    );
    expect(stderr.endsWith('org.apache.kafka.common.errors.TimeoutException\nProcessed a total of 0 messages\n')).toBe(true);
  });

  it('an unknown command, an unterminated quote and an empty line break nothing', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect(await sh('bin/zookeeper-server-start.sh config/zookeeper.properties', { exitCode: 127 })).toMatchObject({
      stderr: 'bash: bin/zookeeper-server-start.sh: command not found\n',
    });
    expect((await sh('kafka-topics.sh --topic "orders', { exitCode: 2 })).stderr).toBe(
      'bash: unexpected EOF while looking for matching `"\'\n',
    );
    expect(await sh('   ')).toMatchObject({ stdout: '', stderr: '' });
    expect((await sh(`kafka-topics.sh --list ${BOOTSTRAP}`)).exitCode).toBe(0);
  });

  it('a line the producer cannot split into key and value', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    const { stderr } = await sh(
      `kafka-console-producer.sh --topic orders --property parse.key=true --property key.separator=: ${BOOTSTRAP}`,
      { input: ['k:v', 'no separator'], exitCode: 1 },
    );
    expect(stderr).toBe("org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'no separator'\n");
  });
});
