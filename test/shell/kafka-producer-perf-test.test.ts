import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 11;
const TOTAL_LINE =
  /^(\d+) records sent, \d+\.\d{6} records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d{2} ms avg latency, \d+\.\d{2} ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$/;
const WINDOW_LINE = /^\d+ records sent, \d+\.\d records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$/;

async function withTopic(seed = SEED) {
  const fixture = await shellOnCluster(seed);
  await fixture.sh(`kafka-topics.sh --create --topic perf --partitions 6 --replication-factor 3 ${BOOTSTRAP}`);
  return fixture;
}

describe('shell > kafka-producer-perf-test.sh', () => {
  it("runs Kafka's published benchmark shape (100-byte records, acks=all, unthrottled) and prints the total line", async () => {
    const { sh } = await withTopic();
    const { stdout, stderr } = await sh(
      'bin/kafka-producer-perf-test.sh --topic perf --num-records 5000 --record-size 100 --throughput -1 --producer-props acks=all bootstrap.servers=localhost:9092',
    );
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(TOTAL_LINE);
    expect(lines.at(-1)).toMatch(/^5000 records sent, /);
    const offsets = (await sh(`kafka-get-offsets.sh --topic perf ${BOOTSTRAP}`)).stdout.trimEnd().split('\n');
    expect(offsets).toHaveLength(6);
    expect(offsets.reduce((sum, line) => sum + Number(line.split(':')[2]), 0)).toBe(5000);
  });

  it('prints a window line every 5 s while it runs, at about --throughput records/s', async () => {
    const { sh } = await withTopic();
    const { stdout } = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 11000 --record-size 10 --throughput 1000 --producer-props bootstrap.servers=localhost:9092',
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(WINDOW_LINE);
    expect(lines[1]).toMatch(WINDOW_LINE);
    expect(lines[2]).toMatch(/^11000 records sent, (9\d\d|10[0-4]\d)\.\d{6} records\/sec/);
  });

  it('reads the producer properties from --producer.config, and --producer-props win over them', async () => {
    const { sh } = await withTopic();
    await sh('echo bootstrap.servers=localhost:9092 > producer.properties');
    await sh('echo linger.ms=soon >> producer.properties');
    const bad = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 10 --record-size 10 --throughput -1 --producer.config producer.properties',
      { exitCode: 1 },
    );
    expect(bad.stderr).toBe(
      'Exception in thread "main" org.apache.kafka.common.config.ConfigException: Invalid value soon for configuration linger.ms: Not a number of type LONG\n',
    );
    const good = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 10 --record-size 10 --throughput -1 --producer.config producer.properties --producer-props linger.ms=0',
    );
    expect(good.stdout).toMatch(/^10 records sent, /);
  });

  it('sends the lines of a --payload-file, announcing how many it read', async () => {
    const { sh } = await withTopic();
    await sh('echo red > payloads.txt');
    await sh('echo blue >> payloads.txt');
    const { stdout } = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 20 --payload-file payloads.txt --throughput -1 --producer-props bootstrap.servers=localhost:9092',
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['Reading payloads from: /payloads.txt', 'Number of messages read: 2']);
    expect(lines[2]).toMatch(/^20 records sent, /);
    const consumed = await sh(`kafka-console-consumer.sh --topic perf --from-beginning --max-messages 20 ${BOOTSTRAP}`);
    expect(new Set(consumed.stdout.trimEnd().split('\n'))).toEqual(new Set(['red', 'blue']));
  });

  it('prints the producer metrics after the total with --print-metrics, as ToolsUtils.printMetrics lays them out', async () => {
    const { sh } = await withTopic();
    const { stdout } = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 100 --record-size 10 --throughput -1 --print-metrics --producer-props bootstrap.servers=localhost:9092',
    );
    const lines = stdout.split('\n');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^Metric Name +Value$/);
    expect(stdout).toMatch(/\nproducer-metrics:record-send-total:\{client-id=perf-producer-client\} +: 100\.000\n/);
  });

  it("answers argparse4j's usage errors: a missing required argument, both payload options, a bad number", async () => {
    const { sh } = await withTopic();
    const missing = await sh('kafka-producer-perf-test.sh --topic perf --record-size 10 --throughput -1', { exitCode: 1 });
    expect(missing.stderr).toMatch(/^usage: producer-performance \[-h\] --topic TOPIC --num-records NUM-RECORDS /);
    expect(missing.stderr.endsWith('\nproducer-performance: error: argument --num-records is required\n')).toBe(true);
    const both = await sh('kafka-producer-perf-test.sh --topic perf --num-records 5 --record-size 10 --payload-file x --throughput -1', {
      exitCode: 1,
    });
    expect(both.stderr).toContain('producer-performance: error: argument --payload-file: not allowed with argument --record-size\n');
    const neither = await sh('kafka-producer-perf-test.sh --topic perf --num-records 5 --throughput -1', { exitCode: 1 });
    expect(neither.stderr).toContain(
      'producer-performance: error: one of the arguments --record-size --payload-file --payload-monotonic is required\n',
    );
    const notANumber = await sh('kafka-producer-perf-test.sh --topic perf --num-records lots --record-size 10 --throughput -1', {
      exitCode: 1,
    });
    expect(notANumber.stderr).toContain(
      'producer-performance: error: argument --num-records: could not convert \'lots\' to Long (For input string: "lots")\n',
    );
    const noProps = await sh('kafka-producer-perf-test.sh --topic perf --num-records 5 --record-size 10 --throughput -1', { exitCode: 1 });
    expect(noProps.stderr).toContain('producer-performance: error: Either --producer-props or --producer.config must be specified.\n');
    const zero = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 0 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092',
      { exitCode: 1 },
    );
    expect(zero.stderr).toContain('producer-performance: error: --num-records should be greater than zero\n');
    const badProp = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 5 --record-size 10 --throughput -1 --producer-props acks',
      { exitCode: 1 },
    );
    expect(badProp.stderr).toBe('Exception in thread "main" java.lang.IllegalArgumentException: Invalid property: acks\n');
  });

  it('prints its help with no arguments or -h, and takes unique prefixes of its options', async () => {
    const { sh } = await withTopic();
    const help = await sh('kafka-producer-perf-test.sh');
    expect(help.stdout).toContain('\nThis tool is used to verify the producer performance.');
    expect(help.stdout).toContain('\n  --throughput THROUGHPUT\n');
    expect(help.stdout).toContain('  --print-metrics        print out metrics at the end of the test. (default: false)\n');
    expect((await sh('kafka-producer-perf-test.sh -h')).stdout).toBe(help.stdout);
    const abbreviated = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-rec 3 --record-size 10 --through -1 --producer-props bootstrap.servers=localhost:9092',
    );
    expect(abbreviated.stdout).toMatch(/^3 records sent, /);
    const ambiguous = await sh('kafka-producer-perf-test.sh --p', { exitCode: 1 });
    expect(ambiguous.stderr).toContain(
      'producer-performance: error: ambiguous option: --p could match --payload-file, --payload-monotonic, --payload-delimiter, --producer-props, --producer.config, --print-metrics\n',
    );
  });

  it('refuses transactions, which the simulator does not model, naming what to remove', async () => {
    const { sh } = await withTopic();
    const { stderr } = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 5 --record-size 10 --throughput -1 --transactional-id tx --producer-props bootstrap.servers=localhost:9092',
      { exitCode: 1 },
    );
    expect(stderr).toMatch(
      /^Exception in thread "main" org\.apache\.kafka\.common\.errors\.UnsupportedVersionException: Transactions are not modelled by this simulator/,
    );
  });

  it('stops at Ctrl-C with exit code 130, printing nothing more', async () => {
    const { shell } = await withTopic();
    const ctrlC = new AbortController();
    const result = await shell.run(
      'kafka-producer-perf-test.sh --topic perf --num-records 100000 --record-size 100 --throughput 1000 --producer-props bootstrap.servers=localhost:9092',
      {
        signal: ctrlC.signal,
        stdout: (chunk) => {
          if (WINDOW_LINE.test(chunk.trimEnd())) ctrlC.abort();
        },
      },
    );
    expect(result.exitCode).toBe(130);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('warns that the bootstrap broker is unreachable and fails each record after max.block.ms', async () => {
    const { sh } = await withTopic();
    const { stdout, stderr } = await sh(
      'kafka-producer-perf-test.sh --topic perf --num-records 2 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9999 max.block.ms=2000',
    );
    expect(stderr).toContain(
      'WARN [Producer clientId=perf-producer-client] Connection to node -1 (localhost/127.0.0.1:9999) could not be established.',
    );
    expect(stderr.match(/TimeoutException: Topic perf not present in metadata after 2000 ms\.\n/g)).toHaveLength(2);
    expect(stdout).toMatch(
      /^0 records sent, 0\.000000 records\/sec \(0\.00 MB\/sec\), NaN ms avg latency, 0\.00 ms max latency, 0 ms 50th/,
    );
  });
});
