import { describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { BOOTSTRAP, shellOnCluster, untilCommitted, untilGroupStable, type ShellFixture } from './support';

const SEED = 11;

/** A topic of 3 partitions with `records` records, read to the end by group `my-group`, which then leaves. */
async function groupThatReadEverything(fixture: ShellFixture, records: number): Promise<void> {
  const { sh } = fixture;
  await sh(`kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 3 ${BOOTSTRAP}`);
  await sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: Array.from({ length: records }, (_, i) => `order-${i}`) });
  await sh(`kafka-console-consumer.sh --topic orders --group my-group --from-beginning --max-messages ${records} ${BOOTSTRAP}`);
}

/** The data rows of a --describe table, as column arrays. */
function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line !== '')
    .map((line) => line.split(/ +/));
}

describe('shell > kafka-consumer-groups.sh', () => {
  it("lists the group and describes its committed offsets in the tool's own layout, starting with an empty line", async () => {
    const fixture = await shellOnCluster(SEED);
    await groupThatReadEverything(fixture, 6);
    await fixture.sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: ['late-1', 'late-2'] });
    expect((await fixture.sh(`kafka-consumer-groups.sh --list ${BOOTSTRAP}`)).stdout).toBe('my-group\n');
    const { stdout, stderr } = await fixture.sh(`kafka-consumer-groups.sh --describe --group my-group ${BOOTSTRAP}`);
    expect(stderr).toBe("\nConsumer group 'my-group' has no active members.\n");
    const ends = fixture.cluster
      .describe()
      .topics.find((t) => t.name === 'orders')!
      .partitions.map((p) => p.highWatermark);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe(
      'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID',
    );
    const table = rows(stdout);
    expect(table.map((r) => r[4])).toEqual(ends.map(String));
    expect(table.map((r) => Number(r[4]) - Number(r[3]))).toEqual(table.map((r) => Number(r[5])));
    expect(table.reduce((sum, r) => sum + Number(r[5]), 0)).toBe(2);
    expect(lines[2]).toBe(
      `my-group        orders          0          ${table[0][3].padEnd(15)} ${table[0][4].padEnd(15)} ${table[0][5].padEnd(15)} -               -               -`,
    );
    expect(stdout.endsWith('-\n')).toBe(true);
  });

  it('keeps reporting the same lag after the leader of a partition is killed and after it restarts', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, cluster } = fixture;
    await groupThatReadEverything(fixture, 6);
    await sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: ['late-1', 'late-2', 'late-3'] });
    const leader = cluster.leaderOf('orders', 0);
    const other = cluster.brokerIds().find((id) => id !== leader)!;
    const lags = async () =>
      rows((await sh(`kafka-consumer-groups.sh --describe --group my-group --bootstrap-server localhost:${9091 + other}`)).stdout).map(
        (r) => r[5],
      );
    const before = await lags();
    await cluster.killBroker(leader);
    await until(cluster, 'leadership of orders-0 moves off the killed broker', () => ![leader, -1].includes(cluster.leaderOf('orders', 0)));
    expect(cluster.leaderOf('orders', 0)).not.toBe(leader);
    expect(await lags()).toEqual(before);
    await cluster.restartBroker(leader);
    expect(await lags()).toEqual(before);
    expect(before.reduce((sum, lag) => sum + Number(lag), 0)).toBe(3);
  });

  it('shows - for the log end offset and lag of a partition whose only replica is down', async () => {
    const { sh, cluster } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic fragile --partitions 2 --replication-factor 1 ${BOOTSTRAP}`);
    await sh(`kafka-console-consumer.sh --topic fragile --group g --timeout-ms 6000 ${BOOTSTRAP}`);
    const down = cluster.leaderOf('fragile', 0);
    await cluster.killBroker(down);
    await until(cluster, 'fragile-0 goes offline', () => cluster.leaderOf('fragile', 0) === -1);
    const up = cluster.brokerIds().find((id) => id !== down)!;
    const table = rows((await sh(`kafka-consumer-groups.sh --describe --group g --bootstrap-server localhost:${9091 + up}`)).stdout);
    expect(table[0].slice(1, 6)).toEqual(['fragile', '0', '0', '-', '-']);
    expect(table[1].slice(1, 6)).toEqual(['fragile', '1', '0', '0', '0']);
  });

  it('describes a running member with --members and the group with --state', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, shell, cluster } = fixture;
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 ${BOOTSTRAP}`);
    const ctrlC = new AbortController();
    const consumer = shell.run(`kafka-console-consumer.sh --topic orders --group live ${BOOTSTRAP}`, { signal: ctrlC.signal });
    await untilGroupStable(fixture, 'live');
    const members = (await sh(`kafka-consumer-groups.sh --describe --group live --members --verbose ${BOOTSTRAP}`)).stdout.split('\n');
    expect(members[0]).toBe('');
    expect(members[1]).toMatch(
      /^GROUP {11}CONSUMER-ID +HOST +CLIENT-ID +#PARTITIONS {5}CURRENT-EPOCH {3}CURRENT-ASSIGNMENT {3}TARGET-EPOCH {4}TARGET-ASSIGNMENT {3}$/,
    );
    // A classic member has no epoch and no target assignment (Kafka 4's MemberDescription).
    expect(members[2]).toMatch(/^live {12}\S+ +\S+ +\S+ +3 {15}- {15}orders:0,1,2 {9}- {15}- {19}$/);
    const coordinator = cluster.leaderOf('__consumer_offsets', 0) >= 0;
    expect(coordinator).toBe(true);
    const state = (await sh(`kafka-consumer-groups.sh --describe --group live --state ${BOOTSTRAP}`)).stdout;
    expect(state).toMatch(
      /^\nGROUP {11}COORDINATOR \(ID\) {10}ASSIGNMENT-STRATEGY {2}STATE {16}#MEMBERS\nlive {12}localhost:909\d {2}\(\d\) {7}range {16}Stable {15}1\n$/,
    );
    ctrlC.abort();
    expect((await consumer).stderr).toBe('Processed a total of 0 messages\n');
  });

  it('describes a KIP-848 group (group.protocol=consumer) with its offsets, members, epochs and server assignor, as Kafka 4 prints them', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, shell, kafka } = fixture;
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 ${BOOTSTRAP}`);
    const ctrlC = new AbortController();
    const consumer = shell.run(
      `kafka-console-consumer.sh --topic orders --group live --consumer-property group.protocol=consumer ${BOOTSTRAP}`,
      { signal: ctrlC.signal },
    );
    await untilGroupStable(fixture, 'live');
    await untilCommitted(fixture, 'live', 'orders'); // auto.commit.interval.ms after the assignment
    const [group] = (await kafka.admin().describeGroups(['live'])).groups;
    expect(group).toMatchObject({ type: 'consumer', protocol: 'uniform', state: 'Stable', groupEpoch: 1, targetAssignmentEpoch: 1 });
    const id = group.members[0].memberId;
    expect(id).toHaveLength(22);

    expect(await sh(`kafka-consumer-groups.sh --describe --group live ${BOOTSTRAP}`)).toMatchObject({
      stdout:
        '\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID            HOST                 CLIENT-ID' +
        [0, 1, 2]
          .map(
            (p) =>
              `\nlive            orders          ${p}          0               0               0               ${id} /client-1-consumer-1 client-1-consumer-1`,
          )
          .join('') +
        '\n',
      stderr: '',
    });
    expect((await sh(`kafka-consumer-groups.sh --describe --group live --members ${BOOTSTRAP}`)).stdout).toBe(
      '\nGROUP           CONSUMER-ID            HOST                 CLIENT-ID           #PARTITIONS     \n' +
        `live            ${id} /client-1-consumer-1 client-1-consumer-1 3               \n`,
    );
    expect((await sh(`kafka-consumer-groups.sh --describe --group live --members --verbose ${BOOTSTRAP}`)).stdout).toBe(
      '\nGROUP           CONSUMER-ID            HOST                 CLIENT-ID           #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   \n' +
        `live            ${id} /client-1-consumer-1 client-1-consumer-1 3               1               orders:0,1,2         1               orders:0,1,2        \n`,
    );
    expect((await sh(`kafka-consumer-groups.sh --describe --group live --state ${BOOTSTRAP}`)).stdout).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS' +
        '\nlive            localhost:9092  (1)       uniform              Stable               1\n',
    );
    expect((await sh(`kafka-consumer-groups.sh --describe --group live --state --verbose ${BOOTSTRAP}`)).stdout).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS' +
        '\nlive            localhost:9092  (1)       uniform              Stable               1               1                         1\n',
    );
    ctrlC.abort();
    expect((await consumer).stderr).toBe('Processed a total of 0 messages\n');
    expect(await sh(`kafka-consumer-groups.sh --describe --group live --state ${BOOTSTRAP}`)).toMatchObject({
      stdout:
        '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS' +
        '\nlive            localhost:9092  (1)       uniform              Empty                0\n',
      stderr: "\nConsumer group 'live' has no active members.\n",
    });
  });

  it('refuses to reset a KIP-848 group while its member runs, then resets and deletes it once the member left', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, shell } = fixture;
    await sh(`kafka-topics.sh --create --topic orders --partitions 3 ${BOOTSTRAP}`);
    await sh(`kafka-console-producer.sh --topic orders ${BOOTSTRAP}`, { input: ['a', 'b', 'c', 'd'] });
    const ctrlC = new AbortController();
    const consumer = shell.run(
      `kafka-console-consumer.sh --topic orders --group live --from-beginning --consumer-property group.protocol=consumer ${BOOTSTRAP}`,
      { signal: ctrlC.signal },
    );
    await untilGroupStable(fixture, 'live');
    const reset = `kafka-consumer-groups.sh --reset-offsets --group live --all-topics --to-earliest --execute ${BOOTSTRAP}`;
    expect((await sh(reset)).stdout).toContain(
      "\nError: Assignments can only be reset if the group 'live' is inactive, but the current state is Stable.\n",
    );
    ctrlC.abort();
    expect((await consumer).stderr).toBe('Processed a total of 4 messages\n');
    const committed = async () => rows((await sh(`kafka-consumer-groups.sh --describe --group live ${BOOTSTRAP}`)).stdout).map((r) => r[3]);
    expect((await committed()).map(Number).reduce((sum, offset) => sum + offset, 0)).toBe(4);
    await sh(reset);
    expect(await committed()).toEqual(['0', '0', '0']);
    expect((await sh(`kafka-consumer-groups.sh --delete --group live ${BOOTSTRAP}`)).stdout).toBe(
      "Deletion of requested consumer groups ('live') was successful.\n",
    );
    expect((await sh(`kafka-consumer-groups.sh --describe --group live ${BOOTSTRAP}`)).stdout).toBe(
      "\nError: Consumer group 'live' does not exist.\n",
    );
  });

  it('plans a reset with --dry-run, changes nothing, then applies it with --execute', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh } = fixture;
    await groupThatReadEverything(fixture, 6);
    const committed = async () =>
      rows((await sh(`kafka-consumer-groups.sh --describe --group my-group ${BOOTSTRAP}`)).stdout).map((r) => r[3]);
    const before = await committed();
    const plan = await sh(`kafka-consumer-groups.sh --reset-offsets --group my-group --topic orders --to-earliest --dry-run ${BOOTSTRAP}`);
    expect(plan).toMatchObject({
      stdout:
        '\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     ' +
        [0, 1, 2].map((p) => `\nmy-group                       orders                         ${p}          0              `).join('') +
        '\n',
      stderr: '',
    });
    expect(await committed()).toEqual(before);
    await sh(`kafka-consumer-groups.sh --reset-offsets --group my-group --topic orders --to-earliest --execute ${BOOTSTRAP}`);
    expect(await committed()).toEqual(['0', '0', '0']);
    await sh(`kafka-consumer-groups.sh --reset-offsets --group my-group --all-topics --shift-by 1 --execute ${BOOTSTRAP}`);
    expect(await committed()).toEqual(before.map((offset) => (offset === '0' ? '0' : '1')));
  });

  it('warns that a reset without --execute is only a plan, and refuses to reset an active group', async () => {
    const fixture = await shellOnCluster(SEED);
    const { sh, shell } = fixture;
    await groupThatReadEverything(fixture, 3);
    expect((await sh(`kafka-consumer-groups.sh --reset-offsets --group my-group --all-topics --to-latest ${BOOTSTRAP}`)).stderr).toBe(
      'WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n',
    );
    const ctrlC = new AbortController();
    const consumer = shell.run(`kafka-console-consumer.sh --topic orders --group my-group ${BOOTSTRAP}`, { signal: ctrlC.signal });
    await untilGroupStable(fixture, 'my-group');
    const refused = await sh(`kafka-consumer-groups.sh --reset-offsets --group my-group --all-topics --to-earliest --execute ${BOOTSTRAP}`);
    expect(refused.stdout).toContain(
      "\nError: Assignments can only be reset if the group 'my-group' is inactive, but the current state is Stable.\n",
    );
    ctrlC.abort();
    await consumer;
  });

  it('deletes an empty group, and says a missing group does not exist', async () => {
    const fixture = await shellOnCluster(SEED);
    await groupThatReadEverything(fixture, 3);
    expect((await fixture.sh(`kafka-consumer-groups.sh --delete --group my-group ${BOOTSTRAP}`)).stdout).toBe(
      "Deletion of requested consumer groups ('my-group') was successful.\n",
    );
    expect((await fixture.sh(`kafka-consumer-groups.sh --describe --group my-group ${BOOTSTRAP}`)).stdout).toBe(
      "\nError: Consumer group 'my-group' does not exist.\n",
    );
  });
});
