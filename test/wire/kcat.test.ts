/**
 * librdkafka, through Debian's kcat, against the cluster over TCP: `-L` lists the brokers, `-P`
 * writes 20 keyed records with Kafka's murmur2 partitioner, `-C` and a `-G` group read them back,
 * and each key lands where kafkajs's JavaCompatiblePartitioner and our producer put it.
 * scripts/ensure-kcat.mjs installs kcat where it can; without it the test is skipped and says why.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { murmur2, toPositive } from '../../src/protocol/murmur2';
import type { WireCluster } from '../../src/index';
import type { WallClock } from '../../src/sim/wall-clock';
import { realTimeCluster } from './support';

const found = execFileSync('node', ['scripts/ensure-kcat.mjs'], { encoding: 'utf8' }).trim();
const kcat = found.startsWith('/') ? found : null;
if (kcat === null) console.log(`wire > kcat skipped: ${found}`);

const TOPIC = 'keyed';
const PARTITIONS = 6;
const KEYS = Array.from({ length: 20 }, (_, i) => `key-${i}`);

describe.skipIf(kcat === null)('wire > kcat (librdkafka)', () => {
  let cluster: WireCluster<WallClock>;
  let bootstrap: string;
  // Asynchronously: the brokers answer from this very process, so a blocking spawn would starve them.
  const run = (args: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(kcat!, ['-b', bootstrap, ...args], { timeout: 30_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`kcat ${args.join(' ')} failed (${code}): ${stderr}`))));
      child.stdin.end(input ?? '');
    });

  beforeAll(async () => {
    cluster = await realTimeCluster();
    bootstrap = (await cluster.listen({ host: '127.0.0.1', port: 0 })).map((l) => `${l.host}:${l.port}`).join(',');
    await cluster
      .client()
      .admin()
      .createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }] });
  });
  afterAll(async () => cluster.close());

  it('lists the brokers with -L', async () => {
    const out = await run(['-L']);
    expect(out).toMatch(/3 brokers:/);
    for (const id of cluster.brokerIds()) expect(out).toMatch(new RegExp(`broker ${id} at 127\\.0\\.0\\.1:\\d+`));
  });

  it('round-trips 20 keyed records with -P, -C and a -G group, placed by murmur2 as kafkajs and our producer place them', async () => {
    await run(['-P', '-t', TOPIC, '-K', ':', '-X', 'partitioner=murmur2_random'], KEYS.map((k) => `${k}:value-of-${k}`).join('\n') + '\n');
    const consumed = (await run(['-C', '-t', TOPIC, '-e', '-f', '%k %p %s\n'])).trim().split('\n');
    expect(consumed).toHaveLength(20);
    const placed = new Map(
      consumed.map((line) => line.split(' ')).map(([key, partition, value]) => [key, { partition: Number(partition), value }]),
    );
    const kafkajsPartitioner = Partitioners.JavaCompatiblePartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, p) => ({
      partitionId: p,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    for (const key of KEYS) {
      const ours = toPositive(murmur2(new TextEncoder().encode(key))) % PARTITIONS;
      const theirs = kafkajsPartitioner({ topic: TOPIC, partitionMetadata, message: { key, value: '' } });
      expect(placed.get(key)).toEqual({ partition: ours, value: `value-of-${key}` });
      expect(theirs).toBe(ours);
    }
    // Our own producer sends the same keys to the same partitions.
    const producer = cluster.client().producer();
    const answers = await producer.send({ topic: TOPIC, messages: KEYS.map((key) => ({ key, value: 'again' })) });
    expect(answers.length).toBeGreaterThan(0);
    const grouped = (await run(['-G', 'kcat-group', '-c', '40', '-o', 'beginning', '-f', '%k %p\n', TOPIC])).trim().split('\n');
    expect(grouped).toHaveLength(40);
    for (const line of grouped) {
      const [key, partition] = line.split(' ');
      expect(Number(partition)).toBe(placed.get(key)!.partition);
    }
  }, 60_000);
});
