/**
 * `npm run bench:wire`: issue 16's measured figures for the wire protocol, on this machine.
 * - Start: from spawning `npm run serve`'s script (tsx included) to the first broker accepting a TCP
 *   connection, and the script's own figure (from its process start to its ready line).
 * - Throughput: records per second produced with acks=all to one topic (3 partitions, RF 3) of a
 *   3-broker cluster on the wall clock, by kafkajs 2.2.4 over TCP, by kcat (librdkafka) over TCP if
 *   installed, and by this project's own producer in-process (no sockets, no codec), then each
 *   wire figure as a ratio of the in-process one. Each run sends RECORDS records of 100 bytes in
 *   batches of BATCH (kafkajs: one send per batch, awaited; ours the same; kcat: its own batching).
 * Prints a Markdown table for BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createCluster } from '../../src/index';

const ROOT = resolve(import.meta.dirname, '../..');
const RECORDS = 50_000;
const BATCH = 500;
const VALUE = 'x'.repeat(100);

async function startTime(): Promise<{ firstAcceptMs: number; readyLineMs: number }> {
  const port = 19092;
  const spawned = performance.now();
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/serve.ts'), '--brokers', '3', '--port', String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let readyLineMs = NaN;
  child.stdout.on('data', (chunk: Buffer) => {
    const match = /ready: .*\((\d+) ms\)/.exec(chunk.toString());
    if (match) readyLineMs = Number(match[1]);
  });
  let firstAcceptMs = NaN;
  while (Number.isNaN(firstAcceptMs)) {
    const accepted = await new Promise<boolean>((done) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (accepted) firstAcceptMs = performance.now() - spawned;
    else await new Promise((r) => setTimeout(r, 5));
  }
  while (Number.isNaN(readyLineMs)) await new Promise((r) => setTimeout(r, 5));
  child.stdin.end('quit\n');
  child.kill();
  return { firstAcceptMs, readyLineMs };
}

async function withCluster<T>(
  run: (bootstrap: string[], cluster: Awaited<ReturnType<typeof createCluster>>['cluster']) => Promise<T>,
): Promise<T> {
  const { cluster } = await createCluster({ clock: 'real', brokerIds: [1, 2, 3] });
  const listeners = await cluster.listen({ host: '127.0.0.1', port: 0 });
  await cluster
    .client()
    .admin()
    .createTopics({ topics: [{ topic: 'bench', numPartitions: 3, replicationFactor: 3 }] });
  try {
    return await run(
      listeners.map((l) => `${l.host}:${l.port}`),
      cluster,
    );
  } finally {
    await cluster.close();
  }
}

const messages = (from: number) => Array.from({ length: BATCH }, (_, i) => ({ key: `k${(from + i) % 1000}`, value: VALUE }));

async function kafkajsRate(): Promise<number> {
  return withCluster(async (brokers) => {
    const producer = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true });
    await producer.connect();
    const started = performance.now();
    for (let sent = 0; sent < RECORDS; sent += BATCH) await producer.send({ topic: 'bench', acks: -1, messages: messages(sent) });
    const rate = RECORDS / ((performance.now() - started) / 1000);
    await producer.disconnect();
    return rate;
  });
}

async function inProcessRate(): Promise<number> {
  return withCluster(async (_, cluster) => {
    const producer = cluster.client().producer();
    const started = performance.now();
    for (let sent = 0; sent < RECORDS; sent += BATCH) await producer.send({ topic: 'bench', acks: -1, messages: messages(sent) });
    return RECORDS / ((performance.now() - started) / 1000);
  });
}

async function kcatRate(): Promise<number | null> {
  if (spawnSync('kcat', ['-V']).status !== 0) return null;
  const file = join(tmpdir(), 'kcat-bench.txt');
  writeFileSync(file, Array.from({ length: RECORDS }, (_, i) => `k${i % 1000}:${VALUE}`).join('\n') + '\n');
  return withCluster(async (brokers) => {
    const started = performance.now();
    const run = await new Promise<number | null>((done) => {
      const child = spawn(
        'kcat',
        ['-b', brokers.join(','), '-P', '-l', '-t', 'bench', '-K', ':', '-X', 'acks=all', '-X', 'partitioner=murmur2_random', file],
        {
          stdio: 'inherit',
        },
      );
      child.on('exit', (code) => done(code));
    });
    if (run !== 0) throw new Error(`kcat exited with ${run}`);
    return RECORDS / ((performance.now() - started) / 1000);
  });
}

const start = await startTime();
const inProcess = await inProcessRate();
const kafkajs = await kafkajsRate();
const kcat = await kcatRate();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`| figure | value |
| --- | --- |
| spawn of \`npm run serve\`'s script (tsx) to the first broker accepting a TCP connection | ${fmt(start.firstAcceptMs)} ms |
| serve.ts from its first line to its ready line (3 brokers listening) | ${fmt(start.readyLineMs)} ms |
| in-process producer, acks=all, ${fmt(RECORDS)} × 100 B in sends of ${BATCH} | ${fmt(inProcess)} records/s |
| kafkajs 2.2.4 over TCP, same workload, idempotent | ${fmt(kafkajs)} records/s (${(kafkajs / inProcess).toFixed(2)} × in-process) |
| kcat (librdkafka) over TCP, acks=all, ${fmt(RECORDS)} × 100 B from a file | ${kcat === null ? 'kcat not installed' : `${fmt(kcat)} records/s (${(kcat / inProcess).toFixed(2)} × in-process)`} |`);
process.exit(0);
