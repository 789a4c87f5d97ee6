import { describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 9;

describe('shell > kafka-configs, kafka-leader-election, kafka-get-offsets and kafka-metadata-quorum', () => {
  it('describes, adds and deletes topic configs as kafka-configs.sh does', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    expect((await sh(`kafka-configs.sh --describe --entity-type topics --entity-name orders ${BOOTSTRAP}`)).stdout).toBe(
      'Dynamic configs for topic orders are:\n',
    );
    expect(
      (await sh(`kafka-configs.sh --alter --topic orders --add-config min.insync.replicas=2,cleanup.policy=[compact,delete] ${BOOTSTRAP}`))
        .stdout,
    ).toBe('Completed updating config for topic orders.\n');
    expect((await sh(`kafka-configs.sh --describe --topic orders ${BOOTSTRAP}`)).stdout).toBe(
      'Dynamic configs for topic orders are:\n' +
        '  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}\n' +
        '  min.insync.replicas=2 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.insync.replicas=2, DEFAULT_CONFIG:min.insync.replicas=1}\n',
    );
    await sh(`kafka-configs.sh --alter --topic orders --delete-config cleanup.policy ${BOOTSTRAP}`);
    expect((await sh(`kafka-topics.sh --describe --topic orders ${BOOTSTRAP}`)).stdout).toContain('\tConfigs: min.insync.replicas=2\n');
    const { stderr } = await sh(`kafka-configs.sh --alter --topic orders --delete-config retention.ms ${BOOTSTRAP}`, { exitCode: 1 });
    expect(stderr).toBe(
      `Error while executing config command with args '--alter --topic orders --delete-config retention.ms ${BOOTSTRAP}'\norg.apache.kafka.common.errors.InvalidConfigurationException: Invalid config(s): retention.ms\n`,
    );
  });

  it('moves leadership back to the preferred replica after a restart, and says when nothing needed electing', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders --partitions 1 --replication-factor 3 ${BOOTSTRAP}`);
    const [preferred] = cluster.describePartition('orders', 0).replicas;
    expect((await sh(`kafka-leader-election.sh --election-type preferred --topic orders --partition 0 ${BOOTSTRAP}`)).stdout).toBe(
      'Valid replica already elected for partitions orders-0\n',
    );
    await cluster.killBroker(preferred);
    await until(
      cluster,
      'leadership of orders-0 moves off the killed broker',
      () => ![preferred, -1].includes(cluster.leaderOf('orders', 0)),
    );
    await cluster.restartBroker(preferred);
    await until(cluster, 'the restarted preferred replica rejoins the ISR', () =>
      cluster.describePartition('orders', 0).isr.includes(preferred),
    );
    expect(cluster.leaderOf('orders', 0)).not.toBe(preferred);
    const other = cluster.brokerIds().find((id) => id !== preferred)!;
    expect(
      (await sh(`kafka-leader-election.sh --election-type PREFERRED --all-topic-partitions --bootstrap-server localhost:${9091 + other}`))
        .stdout,
    ).toBe('Successfully completed leader election (PREFERRED) for partitions orders-0\n');
    expect(cluster.leaderOf('orders', 0)).toBe(preferred);
    expect((await sh(`kafka-leader-election.sh --election-type preferred --all-topic-partitions ${BOOTSTRAP}`)).stdout).toBe('');
    const failed = await sh(`kafka-leader-election.sh --election-type preferred --topic payments --partition 0 ${BOOTSTRAP}`, {
      exitCode: 1,
    });
    expect(failed.stdout).toMatch(
      /^Error completing leader election \(PREFERRED\) for partition: payments-0: org\.apache\.kafka\.common\.errors\.UnknownTopicOrPartitionException: /,
    );
    expect(failed.stderr).toBe('1 replica(s) could not be elected\n');
    expect((await sh(`kafka-leader-election.sh --topic orders ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toBe(
      'Missing required option(s): election-type\n',
    );
  });

  it('prints topic:partition:offset at the latest, earliest and a timestamp', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders --partitions 2 ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic orders --property parse.key=true --property key.separator=: ${BOOTSTRAP}`, {
      input: ['a:1', 'a:2', 'a:3'],
    });
    const middle = cluster.now();
    await cluster.advance(1_000);
    await sh(`kafka-console-producer.sh --topic orders --property parse.key=true --property key.separator=: ${BOOTSTRAP}`, {
      input: ['a:4'],
    });
    const keyed = cluster.describe().topics[0].partitions.find((p) => p.highWatermark === 4)!.partition;
    const other = 1 - keyed;
    expect((await sh(`kafka-get-offsets.sh --topic orders ${BOOTSTRAP}`)).stdout).toBe(
      `orders:0:${keyed === 0 ? 4 : 0}\norders:1:${keyed === 1 ? 4 : 0}\n`,
    );
    expect((await sh(`kafka-get-offsets.sh --topic-partitions orders:${keyed} --time earliest ${BOOTSTRAP}`)).stdout).toBe(
      `orders:${keyed}:0\n`,
    );
    expect((await sh(`kafka-get-offsets.sh --topic orders --partitions ${keyed} --time ${middle + 1} ${BOOTSTRAP}`)).stdout).toBe(
      `orders:${keyed}:3\n`,
    );
    expect((await sh(`kafka-get-offsets.sh --topic orders --partitions ${other} --time -2 ${BOOTSTRAP}`)).stdout).toBe(
      `orders:${other}:0\n`,
    );
  });

  it('describes the quorum: the controller leads, the unfenced brokers observe', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await cluster.killBroker(3);
    await until(cluster, 'the controller fences the killed broker 3', () => cluster.controller.image.brokers.get(3)?.fenced === true);
    const { stdout } = await sh('kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`ClusterId:              ${cluster.clusterId}`);
    expect(lines[1]).toBe(`LeaderId:               ${cluster.controllerId}`);
    expect(lines[3]).toBe(`HighWatermark:          ${cluster.controller.image.highestOffset + 1}`);
    expect(lines[7]).toBe('CurrentObservers:       [{"id": 1}, {"id": 2}]');
    const replication = (await sh('kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication')).stdout.split('\n');
    expect(replication[0]).toBe('NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t');
    expect(replication.slice(1, -1).map((row) => row.split('\t')[6].trim())).toEqual(['Leader', 'Observer', 'Observer']);
    expect((await sh('kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe', { exitCode: 1 })).stderr).toBe(
      'One of --status or --replication must be specified with describe sub-command\n',
    );
  });
});
