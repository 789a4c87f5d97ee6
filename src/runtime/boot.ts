/**
 * The page's runtime, exposed as window.sim: the cluster saved in this browser (or a new empty
 * one) and a Kafka client on it, the `{ cluster, kafka }` pair that createCluster() gives a Node
 * user, plus what the page shows around them: workloads running in the client worker, the event
 * timeline, and a metrics sample every second.
 */
import type { Kafka } from '../client/kafka';
import type { ResettableCluster } from '../cluster/cluster-operator';
import type { Shell } from '../shell/shell';
import type { Admin } from '../client/admin/admin';
import type { WorkloadSnapshot } from '../workload/workload-types';
import { BrowserCluster, type BrowserClusterOptions } from './browser-cluster';
import type { SimChaos } from '../chaos/sim-chaos';
import { ClientWorkerBridge, type PageWorkloads } from './client-worker-bridge';
import { cryptoSeededRandom } from './crypto-random';
import { MetricsSampler, type MetricsSample } from './metrics-sampler';
import { RealClock } from './real-clock';
import { spawnBrokerWorker } from './spawn-broker-worker';
import { spawnClientWorker } from './spawn-client-worker';
import type { TimelineEvent } from '../cluster/timeline';
import { DEMO_PRESET, KAFKA_DEFAULTS, SINGLE_BROKER_CONFIGS, type TimingPreset } from '../cluster/timing-presets';
import type { WorkerLike } from './worker-connection';
import type { SimLessons } from '../lessons/lesson-session';
import { pauseWhileHidden } from './background-pause';
import type { LessonProgress } from '../lessons/lesson-run';
import { onFirstUse, type FirstUse } from './on-first-use';

export type { GroupView, GroupMemberView, GroupOffsetView } from '../cluster/group-views';
export type { MetricsSample } from './metrics-sampler';
export type { TimelineEvent, TimelineEventKind, TimelineSubjects } from '../cluster/timeline';
export {
  DEMO_PRESET,
  KAFKA_DEFAULTS,
  SINGLE_BROKER_CONFIGS,
  TIMING_PRESETS,
  presetConfig,
  runsSingleBrokerConfigs,
  timingPresetOf,
  type TimingPreset,
} from '../cluster/timing-presets';
export type * from '../workload/workload-types';
export type { SimChaos } from '../chaos/sim-chaos';
export type { ChaosProgress, ChaosRunControls } from '../chaos/chaos-run';
export type { LiveChaosResult } from '../chaos/live-chaos';
export type { LiveChaosOptions } from '../chaos/chaos-options';
export type { WorkloadControls } from '../workload/workloads';
export type { SimLessons, LessonSummary } from '../lessons/lesson-session';
export type { LessonProgress } from '../lessons/lesson-run';

export interface SimTimeline {
  /** Every event kept (the last 2000), oldest first. */
  events(): TimelineEvent[];
  onEvent(listener: (event: TimelineEvent) => void): () => void;
  /** Called when the cluster is reset and the events start over. */
  onReset(listener: () => void): () => void;
}

export interface SimMetrics {
  /** The last 120 samples (one a second), oldest first. */
  history(): MetricsSample[];
  onSample(listener: (sample: MetricsSample) => void): () => void;
}

/**
 * The page's time (`window.sim.time`): pause and resume every node at once (brokers, controller,
 * coordinator, workloads), or slow them down. While paused no timer fires anywhere: a killed broker
 * is not fenced, a workload sends nothing, and nothing times out when time resumes.
 */
export interface SimTime {
  pause(): void;
  resume(): void;
  /** Slow motion, from 0.1 (a tenth of real time) to 1. */
  setSpeed(speed: number): void;
  speed(): number;
  paused(): boolean;
  /** Called on every pause, resume or change of speed. */
  onChange(listener: () => void): () => void;
}

export interface Simulator {
  /** The cluster, as the contract both runtimes implement, plus reset(). */
  cluster: ResettableCluster;
  kafka: Kafka;
  workloads: PageWorkloads;
  timeline: SimTimeline;
  metrics: SimMetrics;
  /**
   * The timing presets, for `cluster.reset({ config: sim.presets.demo.broker })` from DevTools, and
   * the quickstart's single-broker settings: `cluster.reset({ config: { ...sim.presets.demo.broker,
   * ...sim.presets.singleBroker } })`.
   */
  presets: { demo: TimingPreset; kafkaDefaults: TimingPreset; singleBroker: Readonly<Record<string, number>> };
  /**
   * The Kafka command line of the page's terminal: `await sim.shell.run('kafka-topics.sh --list
   * --bootstrap-server localhost:9092')` resolves to `{ stdout, stderr, exitCode }`; `{ input }` feeds
   * a console producer's lines. Its tools are fetched on the first call (issue 17: not in the first
   * paint's JavaScript).
   */
  shell: PageShell;
  /**
   * The chaos checker against the live cluster: `await sim.chaos.run({ seed: 7, faults: 5 })` injects
   * faults while its own producers and group run, heals and restarts, and resolves to the verdict
   * (anomalies, each with its shortest history). Needs 3 running brokers. Fetched on the first run.
   */
  chaos: SimChaos;
  /** Pause, resume and slow motion for the whole cluster. */
  time: SimTime;
  /**
   * Guided lessons, fetched the first time they are asked for (issue 17: not in the first paint's
   * JavaScript; a lesson's state is read synchronously every frame, so the session itself is what
   * loads): `const lessons = await sim.lessons()`, then `lessons.list()` gives `[{ id, title }]` and
   * `await lessons.start('failover')` wipes the cluster and opens one (the page asks the learner
   * before it wipes). The page shows a lesson a script opened (`lessons.onLoad`).
   */
  lessons: FirstUse<SimLessons>;
  /** Stops the metrics, the client worker and every broker worker; the cluster stays saved for the next page. */
  close(): Promise<void>;
}

/** The admin calls the page makes (the topic controls, the quickstart), on either runtime. */
export type PageAdmin = Pick<Admin, 'createTopics' | 'createPartitions' | 'deleteTopics'>;

/** What the terminal and scripts use of the shell; both are asynchronous, so the tools can be fetched on the first call. */
export type PageShell = Pick<Shell, 'run' | 'complete'>;

declare global {
  interface Window {
    sim?: Simulator;
  }
}

export interface BootOptions extends Partial<BrowserClusterOptions> {
  /** Starts the client worker (src/runtime/spawn-client-worker.ts on the page). */
  spawnClients?: () => WorkerLike;
}

export async function bootSimulator(options: BootOptions = {}): Promise<Simulator> {
  const { spawnClients = spawnClientWorker, ...clusterOptions } = options;
  // The page draws the brokers while they start: after a reload they wait out their old sessions.
  const cluster = await BrowserCluster.open({ spawnBroker: spawnBrokerWorker, waitForBrokers: false, ...clusterOptions });
  const workloads = await ClientWorkerBridge.start(cluster, spawnClients);
  const metrics = new MetricsSampler(new RealClock(), async () => ({
    ...(await cluster.readMetrics()),
    groupLagMax: groupLagMax(workloads.list()),
  }));
  cluster.timeline.onReset(() => metrics.clear());
  const kafka = cluster.client({ clientId: 'sim' });
  // The terminal's tools are interactive and slow by nature, so they use the page's own client
  // rather than the client worker, which carries the workloads' data path.
  // A hidden tab's timers are throttled unevenly; all nodes stand still together instead (./background-pause.ts).
  const stopPausingWhileHidden = typeof document === 'undefined' ? () => {} : pauseWhileHidden(cluster.time, document);
  // The shell, the chaos checker and the lessons are split off the first paint (issue 17): each is
  // fetched and built the first time it is used, and kept, since each keeps state (the shell's
  // files, a run under way, the open lesson).
  const shell = onFirstUse(async () => {
    const { createShell } = await import('../shell/shell');
    return createShell({ kafka, cluster, clock: cluster.clock, random: cryptoSeededRandom() });
  });
  let chaosLoaded: SimChaos | null = null;
  const chaos = onFirstUse(async () => (chaosLoaded = (await import('../chaos/sim-chaos')).simChaos(cluster)));
  const lessons = onFirstUse(async () =>
    (await import('../lessons/lesson-session')).createLessons({
      cluster,
      kafka,
      workloads,
      saveProgress: saveLessonProgress,
      time: cluster.time,
    }),
  );
  return {
    cluster,
    kafka,
    workloads,
    timeline: cluster.timeline,
    metrics,
    presets: { demo: DEMO_PRESET, kafkaDefaults: KAFKA_DEFAULTS, singleBroker: SINGLE_BROKER_CONFIGS },
    shell: {
      run: async (commandLine, runOptions) => (await shell()).run(commandLine, runOptions),
      complete: async (line, cursor) => (await shell()).complete(line, cursor),
    },
    chaos: {
      get running() {
        return chaosLoaded?.running ?? false;
      },
      run: async (chaosOptions, controls) => (await chaos()).run(chaosOptions, controls),
    },
    lessons,
    time: {
      pause: () => cluster.time.pause(),
      resume: () => cluster.time.resume(),
      setSpeed: (speed) => cluster.time.setSpeed(speed),
      speed: () => cluster.time.speed(),
      paused: () => cluster.time.paused(),
      onChange: (listener) => cluster.time.onChange(() => listener()),
    },
    async close() {
      stopPausingWhileHidden();
      metrics.close();
      workloads.close();
      await cluster.close();
    },
  };
}

/** Where the page keeps the open lesson and its predictions, so a reload finds the learner's place. */
export const LESSON_PROGRESS_KEY = 'kafka-in-a-tab:lesson';

function saveLessonProgress(progress: LessonProgress | null): void {
  try {
    if (progress === null) localStorage.removeItem(LESSON_PROGRESS_KEY);
    else localStorage.setItem(LESSON_PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Storage refused (private mode, quota): the lesson goes on, only a reload forgets it.
  }
}

/** records-lag-max of each group the workloads run: the largest over its members. */
function groupLagMax(snapshots: WorkloadSnapshot[]): Record<string, number> {
  const lags: Record<string, number> = {};
  for (const snapshot of snapshots) {
    if (snapshot.kind !== 'consumer-group') continue;
    const memberLags = snapshot.members.map((member) => member.recordsLagMax).filter((lag): lag is number => lag !== null);
    if (memberLags.length > 0) lags[snapshot.spec.groupId] = Math.max(lags[snapshot.spec.groupId] ?? 0, ...memberLags);
  }
  return lags;
}
