/**
 * `npm run serve -- --brokers 3 --port 9092`: an in-process Kafka cluster on the wall clock, one TCP
 * listener per broker, for pointing your own application at and breaking it. Reads cluster verbs
 * on standard input: kill N, restart N, isolate N, heal, describe, help, quit.
 */
import { createInterface } from 'node:readline';
import { createCluster } from '../src/index';

const started = performance.now();
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, got ${args[at + 1]}`);
  return value;
};
const brokers = option('brokers', 3);
const port = option('port', 9092);
const host = args.includes('--host') ? args[args.indexOf('--host') + 1] : '127.0.0.1';
const first = option('first-id', 1);

const { cluster } = await createCluster({
  clock: 'real',
  brokerIds: Array.from({ length: brokers }, (_, i) => first + i),
  wire: { logger: { info: () => undefined, warn: (line) => console.error(`[gateway] ${line}`) } },
});
const listeners = await cluster.listen({ host, port });
for (const l of listeners) console.log(`broker ${l.brokerId} listening on ${l.host}:${l.port}`);
console.log(
  `ready: bootstrap.servers=${listeners.map((l) => `${l.host}:${l.port}`).join(',')} (${Math.round(performance.now() - started)} ms)`,
);

const verbs: Record<string, (id?: number) => Promise<void> | void> = {
  kill: (id) => cluster.killBroker(id!),
  restart: (id) => cluster.restartBroker(id!, { waitUntilUnfenced: false }),
  isolate: (id) => cluster.isolate(id!),
  heal: () => cluster.heal(),
  describe: () => {
    const described = cluster.describe();
    for (const b of described.brokers) console.log(`broker ${b.id}: ${b.state}`);
    for (const t of described.topics)
      for (const p of t.partitions)
        console.log(`${t.name}-${p.partition} leader ${p.leader} epoch ${p.leaderEpoch} isr [${p.isr.join(',')}] hw ${p.highWatermark}`);
  },
  help: () => console.log('verbs: kill N, restart N, isolate N, heal, describe, quit'),
  quit: async () => {
    await cluster.close();
    process.exit(0);
  },
};
const NEEDS_ID = new Set(['kill', 'restart', 'isolate']);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [verb, arg] = line.trim().split(/\s+/);
  if (verb === undefined || verb === '') return;
  const run = verbs[verb];
  if (run === undefined || !Object.hasOwn(verbs, verb)) {
    console.error(`unknown verb '${verb}' (try: help)`);
    return;
  }
  const id = arg === undefined ? undefined : Number(arg);
  if (NEEDS_ID.has(verb) && (id === undefined || !Number.isInteger(id))) {
    console.error(`${verb} needs a broker id: ${verb} N (brokers: ${cluster.brokerIds().join(', ')})`);
    return;
  }
  Promise.resolve()
    .then(() => run(id))
    .then(
      () => verb !== 'describe' && verb !== 'help' && console.log(`ok: ${line.trim()}`),
      (error: unknown) => console.error(`error: ${error instanceof Error ? error.message : String(error)}`),
    );
});
lines.on('close', () => void verbs.quit());
