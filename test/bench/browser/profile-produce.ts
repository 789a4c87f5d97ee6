/**
 * `npx tsx test/bench/browser/profile-produce.ts [--latency | --ui | --perf-test] [--built [--out-dir DIR]] [--in-flight N] [--port N]
 * [--trace-out FILE] [--rate N]`: where each thread of
 * the page (the main thread, every broker worker, the client worker) spends its time while one
 * producer sends RF 3 acks=all batches (with --latency: light-load sends consumed as they arrive;
 * with --ui: a producer workload of --rate records/s, 8,000 unless given, on 12 brokers and 200
 * partitions, the page on screen; with
 * --perf-test: kafka-producer-perf-test, a send() per 100-byte record, in the client worker). It records
 * a Chromium trace with V8's sampling profiler against the Vite dev server, so function and file
 * names are the source's, and prints each thread's top functions by self time. The benchmark's
 * figures that miss their targets were looked into with it (BENCHMARKS.md).
 *
 * A trace needs a Browser, which a persistent context does not give, so this runs with an
 * in-memory profile: fine for finding hot code, not for the figures themselves.
 *
 * With --built it profiles an unminified production build instead of the dev server: Svelte without
 * its dev-only checks, as users run it, and no reload when a source file changes mid-trace; with
 * --out-dir it serves a build already made there (a baseline kept to compare a change with).
 *
 * With --trace-out it also writes the whole trace there, to open in Perfetto or chrome://tracing.
 *
 * With --ui or --perf-test it also prints the main thread's CPU time by kind of work (script, style, layout, paint)
 * from the timeline's thread times: on a machine shared with other jobs, frame times measure the
 * neighbours too, while the main thread's own CPU time per second does not.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, ensureChromium, evaluator, NAME_SHIM, ROOT, startServer } from './browser-harness';
import * as measures from './page-measures';
import { producerPerformance } from './perf-measures';

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
  ph?: string;
  dur?: number;
  tdur?: number;
  cat?: string;
  args: { data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[]; name?: string }; name?: string };
}

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'boolean', default: false },
    'perf-test': { type: 'boolean', default: false },
    ui: { type: 'boolean', default: false },
    built: { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '5' },
    'trace-out': { type: 'string' },
    rate: { type: 'string', default: '8000' },
    'out-dir': { type: 'string' },
    port: { type: 'string', default: '4183' },
  },
});
const PORT = Number(flags.port);
const executablePath = ensureChromium();
const server = flags.built
  ? await startServer(PORT, { outDir: flags['out-dir'] ?? buildUnminified() })
  : await startServer(PORT, { dev: true });
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
    await page.evaluate(
      (rate) => window.sim!.workloads.startProducer({ topic: 'profiled', recordsPerSecond: rate, acks: -1 }),
      Number(flags.rate),
    );
    await page.waitForTimeout(3000);
  }
  await browser.startTracing(page, {
    categories: [
      'disabled-by-default-v8.cpu_profiler',
      'v8',
      '__metadata',
      ...(flags.ui || flags['perf-test'] ? ['devtools.timeline', 'toplevel'] : []),
    ],
  });
  let figure: string;
  const tracedFrom = Date.now();
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
  } else if (flags['perf-test']) {
    const result = await inPage(producerPerformance, {
      topic: 'profiled',
      numRecords: 200_000,
      recordSize: 100,
      throughput: -1,
      producerProps: { acks: 'all' },
    });
    figure = `kafka-producer-perf-test: ${Math.round(result.recordsPerSec)} records/s`;
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
  const traceText = (await browser.stopTracing()).toString('utf8');
  if (flags['trace-out'] !== undefined) writeFileSync(flags['trace-out'], traceText);
  const trace = JSON.parse(traceText) as { traceEvents: TraceEvent[] };
  console.log(figure);
  if (flags.ui) mainThreadWork(trace.traceEvents, 5);
  if (flags['perf-test']) mainThreadWork(trace.traceEvents, (Date.now() - tracedFrom) / 1000);
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

/**
 * CPU time per second of each thread that draws (the renderer's main thread, its compositor and
 * raster workers, the GPU process's display compositor), from the top-level tasks' thread times;
 * and the main thread's by the timeline's kinds of work (nested events are not counted twice).
 */
function mainThreadWork(events: TraceEvent[], seconds: number): void {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name ?? '');
  const perSecond = (us: number) => `${(us / 1000 / seconds).toFixed(0)} ms/s`;
  const threadCpu = new Map<string, number>();
  const tasks = events
    .filter((e) => e.ph === 'X' && e.tdur !== undefined && e.cat?.includes('toplevel'))
    .map((e) => ({ thread: `${e.pid}:${e.tid}`, ts: (e as unknown as { ts: number }).ts, dur: e.dur ?? 0, tdur: e.tdur ?? 0 }))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const openUntil = new Map<string, number>();
  for (const t of tasks) {
    if ((openUntil.get(t.thread) ?? 0) > t.ts) continue;
    openUntil.set(t.thread, t.ts + t.dur);
    const name = names.get(t.thread) ?? t.thread;
    threadCpu.set(name, (threadCpu.get(name) ?? 0) + t.tdur);
  }
  console.log('\n== CPU of the threads that draw');
  for (const [name, us] of [...threadCpu].sort((a, b) => b[1] - a[1])) {
    if (/Renderer|Compositor|Raster|Viz|Gpu|Tile/i.test(name)) console.log(`${perSecond(us).padStart(10)}  ${name}`);
  }
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  if (main === undefined) return;
  const kinds: Record<string, string> = {
    UpdateLayoutTree: 'style',
    RecalculateStyles: 'style',
    Layout: 'layout',
    PrePaint: 'paint',
    Paint: 'paint',
    Layerize: 'paint',
    Commit: 'paint',
    FunctionCall: 'script',
    EvaluateScript: 'script',
    TimerFire: 'script',
    FireAnimationFrame: 'script',
    EventDispatch: 'script',
    RunMicrotasks: 'script',
    'v8.callFunction': 'script',
  };
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.tdur !== undefined)
    .map((e) => ({ name: e.name, ts: (e as unknown as { ts: number }).ts, dur: e.dur ?? 0, tdur: e.tdur ?? 0 }))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const byKind = new Map<string, number>();
  // Only the outermost event of each kind counts: a style recalculation inside a script is style.
  const open: { end: number; kind: string | undefined }[] = [];
  for (const e of mine) {
    while (open.length > 0 && open[open.length - 1].end <= e.ts) open.pop();
    const kind = kinds[e.name];
    if (kind !== undefined) {
      const parent = [...open].reverse().find((o) => o.kind !== undefined);
      if (parent === undefined || parent.kind !== kind) {
        byKind.set(kind, (byKind.get(kind) ?? 0) + e.tdur);
        if (parent !== undefined) byKind.set(parent.kind!, (byKind.get(parent.kind!) ?? 0) - e.tdur);
      }
    }
    open.push({ end: e.ts + e.dur, kind });
  }
  console.log('== the main thread by kind of work');
  for (const [kind, us] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`${perSecond(us).padStart(10)}  ${kind}`);
}
