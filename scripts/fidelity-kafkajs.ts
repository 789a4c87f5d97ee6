/**
 * `npm run fidelity:kafkajs [-- --only admin,consumer] [--update-baseline]`: kafkajs 2.2.4's own
 * test suite (vendored in test/fidelity/kafkajs/vendor, MIT, tag v2.2.4, commit
 * c08472878724ce5fc62a9a9aa865255d7e7682a6) against this project's brokers, as a measure of
 * fidelity. The brokers are an in-process cluster on the wall clock with ids 0, 1, 2 listening
 * where kafkajs's docker-compose.2_4.yml puts its plaintext listeners (9092, 9095, 9098), bound to
 * 127.0.0.1 and advertised as localhost as there, with that file's broker settings. The suite runs on vitest with a jest-compat shim
 * (test/fidelity/kafkajs/shims) in a scratch copy of kafkajs's published sources, which are the
 * tag's. It prints counts per folder and class, then `N passed, N failed`, and exits 1 when a test
 * the committed baseline lists as passing fails.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createCluster } from '../src/index';
import { classify, FOLDERS, KAFKA_2_4_ONLY, summarize, TIMING_DEPENDENT, type Outcome } from '../test/fidelity/kafkajs/classify';

const ROOT = resolve(import.meta.dirname, '..');
const HERE = join(ROOT, 'test/fidelity/kafkajs');
const BASELINE = join(HERE, 'baseline.json');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : [...FOLDERS];
const updateBaseline = args.includes('--update-baseline');

/** docker-compose.2_4.yml's broker settings (the ones with a meaning here). */
const COMPOSE_CONFIG = {
  'auto.create.topics.enable': true,
  'default.replication.factor': 2,
  'num.partitions': 2,
  'delete.topic.enable': true,
  'group.initial.rebalance.delay.ms': 0,
};
const PORTS = [9092, 9095, 9098];

function workspace(): string {
  const ws = join(tmpdir(), 'kafkajs-fidelity');
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  const kafkajs = join(ROOT, 'node_modules/kafkajs');
  for (const entry of ['index.js', 'package.json', 'src', 'types']) cpSync(join(kafkajs, entry), join(ws, entry), { recursive: true });
  cpSync(join(HERE, 'vendor'), ws, { recursive: true });
  // Modules the specs and helpers require, as small stand-ins (see shims/README.md).
  const shim = (name: string, file: string, text: string) => {
    mkdirSync(join(ws, 'node_modules', name), { recursive: true });
    writeFileSync(join(ws, 'node_modules', name, file), text);
  };
  shim('testHelpers', 'index.js', "module.exports = require('../../testHelpers/index.js')\n");
  shim('uuid', 'v4.js', "module.exports = () => require('crypto').randomUUID()\n");
  shim('semver', 'index.js', `module.exports = require(${JSON.stringify(join(ROOT, 'node_modules/semver'))})\n`);
  shim('execa', 'index.js', "module.exports = { commandSync: (cmd) => require('child_process').execSync(cmd, { shell: true }) }\n");
  shim('jsonwebtoken', 'index.js', "module.exports = { sign: () => { throw new Error('OAUTHBEARER is not served here') } }\n");
  // fetcher.spec.js and idempotentProduceMessages.spec.js take describe/afterEach from jest-circus: vitest's globals.
  shim('jest-circus', 'index.js', 'module.exports = { describe, afterEach, beforeEach, beforeAll, afterAll, test, it }\n');
  // kafkajs's scripts/addPartitions.sh runs kafka-topics --alter in its docker container; here the
  // same change goes through kafkajs's own admin.createPartitions.
  mkdirSync(join(ws, 'scripts'), { recursive: true });
  writeFileSync(
    join(ws, 'scripts/addPartitions.sh'),
    `#!/bin/sh -e\nexec node -e "const { Kafka, logLevel } = require('./index'); const admin = new Kafka({ brokers: ['127.0.0.1:${PORTS[0]}'], logLevel: logLevel.NOTHING }).admin(); admin.connect().then(() => admin.createPartitions({ topicPartitions: [{ topic: process.env.TOPIC, count: Number(process.env.PARTITIONS) }] })).then(() => admin.disconnect())"\n`,
    { mode: 0o755 },
  );
  const include = only.map((folder) => `src/${folder}/**/*.spec.js`);
  writeFileSync(
    join(ws, 'vitest.config.mjs'),
    `export default ${JSON.stringify({
      test: {
        include,
        globals: true,
        setupFiles: [join(HERE, 'shims/jest-compat.cjs')],
        testTimeout: 90000,
        hookTimeout: 90000,
        pool: 'forks',
        maxWorkers: 2,
        env: { KAFKA_VERSION: '2.4', KAFKAJS_DEBUG_PROTOCOL_BUFFERS: '1' },
      },
    })}\n`,
  );
  return ws;
}

const ws = workspace();
const { cluster } = await createCluster({ clock: 'real', brokerIds: [0, 1, 2], config: COMPOSE_CONFIG });
await cluster.listen({ host: '127.0.0.1', advertisedHost: 'localhost', ports: PORTS });
// The offsets topic is made and loaded before the suite starts. On first use it takes longer here
// than kafkajs's retries allow (docs/FIDELITY.md lists that gap); left to the suite, whichever test
// happens to use a group first would fail for it, and the baseline would move from run to run.
const warmUp = cluster.client().admin();
for (let attempt = 0; ; attempt++) {
  try {
    await warmUp.describeGroups(['fidelity-warm-up']);
    break;
  } catch (error) {
    if (attempt >= 120) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
console.log(`brokers 0, 1, 2 on 127.0.0.1:${PORTS.join(', ')}; running ${only.join(', ')} in ${ws}`);
const output = join(ws, 'results.json');
// Asynchronous: the brokers live in this process's event loop, which must keep turning meanwhile.
const status = await new Promise<number | null>((done) => {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/vitest'),
    ['run', '--root', ws, '--config', join(ws, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${output}`, '--reporter=dot'],
    { cwd: ws, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('exit', (code) => done(code));
});
await cluster.close();
if (!existsSync(output)) {
  console.error(`vitest wrote no results (exit ${status})`);
  process.exit(2);
}

interface JsonResult {
  testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}
const results = JSON.parse(readFileSync(output, 'utf8')) as JsonResult;
const outcomes: Outcome[] = results.testResults.flatMap((file) => {
  const path = relative(ws, file.name);
  const source = readFileSync(file.name, 'utf8');
  // A file that failed to load reports no tests; count it as one failure so it is not lost.
  if (file.assertionResults.length === 0)
    return [{ path, name: '(file failed to load)', passed: false, class: classify(path, '', source), failure: file.message ?? '' }];
  return file.assertionResults.map((test) => ({
    path,
    name: test.fullName,
    passed: test.status === 'passed',
    skipped: test.status === 'skipped' || test.status === 'pending',
    class: classify(path, test.fullName, source),
    failure: test.failureMessages[0]?.split('\n')[0] ?? '',
  }));
});
writeFileSync(
  join(HERE, 'last-run.json'),
  `${JSON.stringify(
    outcomes.filter((o) => !o.passed && !o.skipped),
    null,
    1,
  )}\n`,
);
console.log(summarize(outcomes));
for (const [test, evidence] of Object.entries(KAFKA_2_4_ONLY)) console.log(`kafka-2.4 only: ${test}: ${evidence}`);

const key = (o: Outcome) => `${o.path} > ${o.name}`;
const passing = outcomes
  .filter((o) => o.passed)
  .map(key)
  .sort();
if (updateBaseline) {
  writeFileSync(BASELINE, `${JSON.stringify(passing, null, 1)}\n`);
  console.log(`baseline: ${passing.length} passing tests written to ${relative(ROOT, BASELINE)}`);
} else if (existsSync(BASELINE)) {
  const now = new Set(passing);
  const ran = new Set(outcomes.map(key));
  const regressions = (JSON.parse(readFileSync(BASELINE, 'utf8')) as string[]).filter(
    (name) => ran.has(name) && !now.has(name) && !TIMING_DEPENDENT.has(name),
  );
  if (regressions.length > 0) {
    console.log(`regressions against the baseline (${regressions.length}):\n  ${regressions.join('\n  ')}`);
    process.exit(1);
  }
}
