import { describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 13;

describe('shell > kafka-reassign-partitions.sh', () => {
  it('generates a plan onto the listed brokers, executes it from a file, and verifies it completed', async () => {
    const { sh, cluster } = await shellOnCluster(SEED, 4);
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 2 ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: ['a', 'b', 'c'] });
    await sh(`echo '{"topics": [{"topic": "orders"}], "version": 1}' > topics.json`);
    const generated = (
      await sh(`kafka-reassign-partitions.sh --generate --topics-to-move-json-file topics.json --broker-list "3,4" ${BOOTSTRAP}`)
    ).stdout.split('\n');
    const current = cluster
      .describe()
      .topics[0].partitions.map(({ partition, replicas }) => ({ topic: 'orders', partition, replicas, log_dirs: ['any', 'any'] }));
    expect(generated[0]).toBe('Current partition replica assignment');
    expect(generated[1]).toBe(JSON.stringify({ version: 1, partitions: current }));
    expect(generated.slice(2, 4)).toEqual(['', 'Proposed partition reassignment configuration']);
    const proposed = JSON.parse(generated[4]) as { partitions: { partition: number; replicas: number[] }[] };
    expect(proposed.partitions.map((p) => [...p.replicas].sort())).toEqual([
      [3, 4],
      [3, 4],
      [3, 4],
    ]);

    await sh(`echo '${generated[4]}' > plan.json`);
    const executed = (await sh(`kafka-reassign-partitions.sh --execute --reassignment-json-file plan.json ${BOOTSTRAP}`)).stdout;
    expect(executed).toBe(
      `Current partition replica assignment\n\n${generated[1]}\n\nSave this to use as the --reassignment-json-file option during rollback\n` +
        'Successfully started partition reassignments for orders-0,orders-1,orders-2\n',
    );

    await until(cluster, 'every partition of orders has moved to brokers 3 and 4', () =>
      cluster.describe().topics[0].partitions.every((p) => p.addingReplicas.length === 0 && p.replicas.every((id) => [3, 4].includes(id))),
    );
    expect((await sh(`kafka-reassign-partitions.sh --verify --reassignment-json-file plan.json ${BOOTSTRAP}`)).stdout).toBe(
      'Status of partition reassignment:\n' +
        'Reassignment of partition orders-0 is completed.\nReassignment of partition orders-1 is completed.\nReassignment of partition orders-2 is completed.\n\n' +
        'Clearing broker-level throttles on brokers 1,2,3,4\nClearing topic-level throttles on topic orders\n',
    );
    expect(cluster.describe().topics[0].partitions.map((p) => p.replicas)).toEqual(proposed.partitions.map((p) => p.replicas));
    expect((await sh(`kafka-reassign-partitions.sh --list ${BOOTSTRAP}`)).stdout).toBe('No partition reassignments found.\n');
    const { stdout } = await sh(
      `kafka-console-consumer.sh --topic orders --from-beginning --max-messages 3 --bootstrap-server localhost:9095`,
    );
    expect(
      stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('says which file is missing, and which broker is unknown', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic orders ${BOOTSTRAP}`);
    expect(
      (await sh(`kafka-reassign-partitions.sh --execute --reassignment-json-file nope.json ${BOOTSTRAP}`, { exitCode: 1 })).stdout,
    ).toBe('Error: nope.json\n');
    await sh(`echo '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[7]}]}' > plan.json`);
    expect(
      (await sh(`kafka-reassign-partitions.sh --execute --reassignment-json-file plan.json ${BOOTSTRAP}`, { exitCode: 1 })).stdout,
    ).toBe('Error: Unknown broker id 7\n');
    expect((await sh(`kafka-reassign-partitions.sh --generate ${BOOTSTRAP}`, { exitCode: 1 })).stderr).toMatch(
      /^Missing required argument "\[topics-to-move-json-file\]"\n/,
    );
  });
});
