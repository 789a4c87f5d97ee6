import { describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 1;

describe('shell > kafka-topics.sh', () => {
  it('creates a topic and says so, then lists it', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect((await sh(`bin/kafka-topics.sh --create --topic test-topic ${BOOTSTRAP}`)).stdout).toBe('Created topic test-topic.\n');
    expect((await sh(`kafka-topics.sh --list ${BOOTSTRAP}`)).stdout).toBe('test-topic\n');
  });

  it('describes a topic byte for byte in the 4.x format: TopicId, non-default configs, Elr and LastKnownElr', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 3 --config min.insync.replicas=2 ${BOOTSTRAP}`);
    const topicId = cluster.describe().topics.find((t) => t.name === 'orders')!.topicId;
    const { stdout } = await sh(`kafka-topics.sh --describe --topic orders ${BOOTSTRAP}`);
    expect(stdout).toBe(
      `Topic: orders\tTopicId: ${topicId}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2\n` +
        '\tTopic: orders\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: \n' +
        '\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: \n' +
        '\tTopic: orders\tPartition: 2\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: \n',
    );
  });

  it("lists non-default configs in the order a Java HashMap of all the topic's configs iterates them", async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(
      `kafka-topics.sh --create --topic orders --config retention.ms=60000 --config cleanup.policy=compact --config min.insync.replicas=2 ${BOOTSTRAP}`,
    );
    const configs = /\tConfigs: (\S+)$/
      .exec((await sh(`kafka-topics.sh --describe --topic orders ${BOOTSTRAP}`)).stdout.split('\n')[0])![1]
      .split(',');
    expect([...configs].sort()).toEqual(['cleanup.policy=compact', 'min.insync.replicas=2', 'retention.ms=60000']);
    // String.hashCode spread as h ^ (h >>> 16) puts them in buckets 10, 18 and 27 of the table.
    expect(configs).toEqual(['min.insync.replicas=2', 'cleanup.policy=compact', 'retention.ms=60000']);
  });

  it('places partitions by hand with --replica-assignment, on create and on alter', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic placed --replica-assignment 1:2,2:3 ${BOOTSTRAP}`);
    expect(cluster.describe().topics[0].partitions.map((p) => p.replicas)).toEqual([
      [1, 2],
      [2, 3],
    ]);
    await sh(`kafka-topics.sh --alter --topic placed --partitions 3 --replica-assignment 1:2,2:3,3:1 ${BOOTSTRAP}`);
    expect(cluster.describe().topics[0].partitions.map((p) => p.replicas)).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
    expect((await sh(`kafka-topics.sh --create --topic bad --replica-assignment 1:1 ${BOOTSTRAP}`, { exitCode: 1 })).stdout).toBe(
      'Error while executing topic command : Partition replica lists may not contain duplicate entries: 1\n',
    );
    expect((await sh(`kafka-topics.sh --create --topic bad --replica-assignment 1:2,3 ${BOOTSTRAP}`, { exitCode: 1 })).stdout).toBe(
      'Error while executing topic command : Partition 1 has different replication factor: [3]\n',
    );
  });

  it('describes a topic by its id with --topic-id', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    const { topicId } = cluster.describe().topics[0];
    const { stdout } = await sh(`kafka-topics.sh --describe --topic-id ${topicId} ${BOOTSTRAP}`);
    expect(stdout).toMatch(new RegExp(`^Topic: orders\tTopicId: ${topicId}\t`));
    // By id, TopicCommand asks the Metadata API, which carries no ELR: TopicPartitionInfo's elr is null.
    expect(stdout).toMatch(/\tIsr: [\d,]+\tElr: N\/A\tLastKnownElr: N\/A\n$/);
    expect((await sh(`kafka-topics.sh --describe --topic-id AAAAAAAAAAAAAAAAAAAAAQ ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toBe(
      "TopicId 'AAAAAAAAAAAAAAAAAAAAAQ' does not exist as expected\n",
    );
  });

  it('shows Leader: none once every replica of a partition is down, and the filters pick the partitions they name', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 2 ${BOOTSTRAP}`);
    const [p0] = cluster.describe().topics[0].partitions;
    for (const id of p0.replicas) await cluster.killBroker(id);
    await until(cluster, 'orders-0 goes offline', () => cluster.leaderOf('orders', 0) === -1);
    const survivor = cluster.brokerIds().find((id) => !p0.replicas.includes(id))!;
    const bootstrap = `--bootstrap-server localhost:${9091 + survivor}`;
    const { stdout } = await sh(`kafka-topics.sh --describe --topic orders --unavailable-partitions ${bootstrap}`);
    // With ELR (4.1's default) the ISR is empty; the last ISR member is eligible and the last known leader.
    const lastInIsr = cluster.describePartition('orders', 0).elr.join(',');
    expect(stdout).toBe(
      `\tTopic: orders\tPartition: 0\tLeader: none\tReplicas: ${p0.replicas.join(',')}\tIsr: \tElr: ${lastInIsr}\tLastKnownElr: ${lastInIsr}\n`,
    );
    const underReplicated = (await sh(`kafka-topics.sh --describe --under-replicated-partitions ${bootstrap}`)).stdout;
    expect(underReplicated.split('\n').filter((line) => line !== '')).toHaveLength(3);
    expect((await sh(`kafka-topics.sh --describe --under-min-isr-partitions ${bootstrap}`)).stdout).toContain('Leader: none');
  });

  it('adds partitions with --alter and deletes a topic with --delete, silently as Kafka does', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders --partitions 1 ${BOOTSTRAP}`);
    expect(await sh(`kafka-topics.sh --alter --topic orders --partitions 4 ${BOOTSTRAP}`)).toMatchObject({ stdout: '', stderr: '' });
    expect((await sh(`kafka-topics.sh --describe --topic orders ${BOOTSTRAP}`)).stdout).toContain('PartitionCount: 4\t');
    expect(await sh(`kafka-topics.sh --delete --topic orders ${BOOTSTRAP}`)).toMatchObject({ stdout: '', stderr: '' });
    expect((await sh(`kafka-topics.sh --list ${BOOTSTRAP}`)).stdout).toBe('\n');
  });

  it('warns about a name with both kinds of metric-colliding characters', async () => {
    const { sh } = await shellOnCluster(SEED);
    expect((await sh(`kafka-topics.sh --create --topic user.events ${BOOTSTRAP}`)).stdout).toBe(
      "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic user.events.\n",
    );
  });

  it('creates nothing and prints nothing with --if-not-exists when the topic is there', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    expect(await sh(`kafka-topics.sh --create --if-not-exists --topic orders ${BOOTSTRAP}`)).toMatchObject({ stdout: '', stderr: '' });
  });
});
