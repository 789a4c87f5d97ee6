/**
 * `npx tsx test/bench/browser/profile-produce.ts [--latency | --ui] [--built] [--in-flight N]`: where each thread of
 * the page (the main thread, every broker worker, the client worker) spends its time while one
 * producer sends RF 3 acks=all batches (with --latency: light-load sends consumed as they arrive;
 * with --ui: a producer workload on 12 brokers and 200 partitions, the page on screen). It records
 * a Chromium trace with V8's sampling profiler against the Vite dev server, so function and file
 * names are the source's, and prints each thread's top functions by self time. The benchmark's
 * figures that miss their targets were looked into with it (BENCHMARKS.md).
 *
 * A trace needs a Browser, which a persistent context does not give, so this runs with an
 * in-memory profile: fine for finding hot code, not for the figures themselves.
 *
 * With --built it profiles an unminified production build instead of the dev server: Svelte without
 * its dev-only checks, as users run it, and no reload when a source file changes mid-trace.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, ensureChromium, evaluator, NAME_SHIM, ROOT, startServer } from './browser-harness';
import * as measures from './page-measures';

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  id?: string;
  args: { data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[]; name?: string }; name?: string };
}

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'boolean', default: false },
    ui: { type: 'boolean', default: false },
    built: { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '5' },
  },
});
const PORT = 4183;
const executablePath = ensureChromium();
const server = flags.built ? await startServer(PORT, { outDir: buildUnminified() }) : await startServer(PORT, { dev: true });
try {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.addInitScript(NAME_SHIM);
  await page.goto(server.url);
  await page.waitForFunction(() => window.sim !== undefined, null, { timeout: 120_000 });
  const evaluate = evaluator(page);
  const inPage = <A, R>(fn: (arg: A) => Promise<R>, arg: A) => evaluate(fn, arg, 300_000);
  await inPage(measures.freshCluster, {
    brokers: flags.ui ? 12 : 3,
    config: { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500 },
  });
  await inPage(measures.createTopic, { topic: 'profiled', partitions: flags.ui ? 200 : 6, replicationFactor: 3 });
  if (flags.ui) {
    await page.evaluate(() => window.sim!.workloads.startProducer({ topic: 'profiled', recordsPerSecond: 8000, acks: -1 }));
    await page.waitForTimeout(3000);
  }
  await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8', '__metadata'] });
  let figure: string;
  if (flags.ui) {
    const sample = await inPage(measures.frames, { seconds: 5 });
    const sorted = [...sample.deltas].sort((a, b) => a - b);
    figure = `${sample.deltas.length} frames, p50 ${sorted[sorted.length >> 1]?.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms, ${sample.longFrames} long animation frames`;
  } else if (flags.latency) {
    const latencies = await inPage(measures.endToEndLatency, {
      topic: 'profiled',
      recordsPerSecond: 1000,
      seconds: 5,
      groupId: 'profiled',
      lingerMs: 0,
    });
    figure = `${latencies.length} records, median ${[...latencies].sort((a, b) => a - b)[latencies.length >> 1]?.toFixed(1)} ms`;
  } else {
    const result = await inPage(measures.produceThroughput, {
      topic: 'profiled',
      replicationFactor: 3,
      acks: -1,
      records: 60_000,
      batchRecords: 1000,
      valueBytes: 100,
      inFlight: Number(flags['in-flight']),
      partitions: 6,
    });
    figure = `${Math.round(result.recordsPerSecond)} records/s`;
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  console.log(figure);
  summarise(trace.traceEvents);
  await browser.close();
} finally {
  server.stop();
}

/** An unminified production build in a temporary directory, so the profile names the source's functions. */
function buildUnminified(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'kafka-in-a-tab-profile-build-'));
  execFileSync(
    'node',
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--minify', 'false', '--outDir', outDir, '--emptyOutDir'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return outDir;
}

/** Self time per function, per thread, from the ProfileChunk events of V8's sampling profiler. */
function summarise(events: TraceEvent[]): void {
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name ?? '');
  const threads = new Map<string, { nodes: Map<number, ProfileNode>; self: Map<string, number>; total: number }>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.tid}`;
    const thread = threads.get(key) ?? { nodes: new Map(), self: new Map(), total: 0 };
    threads.set(key, thread);
    for (const node of e.args.data?.cpuProfile?.nodes ?? []) thread.nodes.set(node.id, node);
    const samples = e.args.data?.cpuProfile?.samples ?? [];
    const deltas = e.args.data?.timeDeltas ?? [];
    samples.forEach((id, i) => {
      const frame = thread.nodes.get(id)?.callFrame;
      const name =
        frame === undefined
          ? '(unknown)'
          : `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop()?.split('?')[0]}:${frame.lineNumber + 1}`;
      const us = Math.max(0, deltas[i] ?? 0);
      thread.self.set(name, (thread.self.get(name) ?? 0) + us);
      thread.total += us;
    });
  }
  for (const [key, thread] of threads) {
    if (thread.total < 100_000) continue;
    const busy = [...thread.self].filter(([name]) => !name.startsWith('(idle)')).reduce((sum, [, us]) => sum + us, 0);
    console.log(
      `\n== ${threadNames.get(key) ?? key}: ${(busy / 1000).toFixed(0)} ms busy of ${(thread.total / 1000).toFixed(0)} ms sampled`,
    );
    for (const [name, us] of [...thread.self].sort((a, b) => b[1] - a[1]).slice(0, 18))
      console.log(`${((us / thread.total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}
