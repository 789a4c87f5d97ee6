/**
 * The lab's runtime (`?lab`), exposed as window.sim: the LabCluster over the lab worker, its time
 * (pause, speed, and the lab's own now, seek and step), the workloads (run in the worker) and share
 * links. A link's hash (`#lab=...`) opens the same run, paused at the same moment.
 */
import * as Comlink from 'comlink';
import { DEMO_PRESET } from '../cluster/timing-presets';
import type { PageAdmin, PageShell, SimMetrics, SimTimeline } from '../runtime/boot';
import { labShell } from './lab-shell';
import { labChaos } from './lab-chaos';
import type { SimChaos } from '../chaos/sim-chaos';
import type { PartitionRead, PartitionReadOptions } from '../client/read-partition';
import type { WorkloadControls } from '../workload/workloads';
import { LabCluster } from './lab-cluster';
import { LAB_MAX_SPEED, LAB_MIN_SPEED, type LabHost } from './lab-host';
import { decodeShare, shareLink } from './share-link';

/** `sim.time` in the lab: the page's pause and speed, plus moving through the run's virtual time. */
export interface LabTime {
  pause(): void;
  resume(): void;
  /** From 0.1 (slow motion) to 10 (fast forward) virtual ms per wall ms. */
  setSpeed(speed: number): void;
  speed(): number;
  paused(): boolean;
  onChange(listener: () => void): () => void;
  /** Virtual ms since the run began. */
  now(): number;
  /** Goes to `ms` since the run began: back by replaying the seed and journal, forward by running on. */
  seek(ms: number): Promise<void>;
  /** Pauses and runs the next event alone; resolves to what it was ("broker-2 → controller: BrokerHeartbeat request delivered"). */
  step(): Promise<string>;
}

export interface LabSimulator {
  readonly lab: true;
  cluster: LabCluster;
  time: LabTime;
  /** The page's admin calls, journaled and made in the lab worker on a client of the run; records read from the leader's log. */
  kafka: { admin(): PageAdmin; readPartition(options: PartitionReadOptions): Promise<PartitionRead> };
  /** Producers and consumer groups, run in the lab worker on the cluster's own clients. */
  workloads: WorkloadControls;
  /** The metadata log in words, as the worker's cluster writes it. */
  timeline: SimTimeline;
  /** The live page samples its brokers' metrics; the lab's brokers have none to sample. */
  metrics: SimMetrics;
  /** Kafka's tools, run in the lab worker on the run's own client; every command and typed line is journaled. */
  shell: PageShell;
  /** The chaos checker, run in the lab worker on virtual time as a journal action. */
  chaos: SimChaos;
  /** A link that opens this run (seed, configs, journal) paused at this moment. */
  share(): string;
  close(): Promise<void>;
}

/** Admin calls as journal actions: a replay makes them again at the same moment. */
function labAdmin(cluster: LabCluster): PageAdmin {
  return {
    createTopics: async (options) => (await cluster.act({ kind: 'admin', call: 'createTopics', options })) as boolean,
    createPartitions: async (options) => void (await cluster.act({ kind: 'admin', call: 'createPartitions', options })),
    deleteTopics: async (options) => void (await cluster.act({ kind: 'admin', call: 'deleteTopics', options })),
  };
}

/** Every new lab run starts from this seed unless a link names another: the same clicks give the same run. */
export const DEFAULT_LAB_SEED = 1;

export async function bootLab(spawnLab: () => Worker, location: Pick<Location, 'href' | 'hash'>): Promise<LabSimulator> {
  const worker = spawnLab();
  const host = Comlink.wrap<LabHost>(worker);
  const shared = decodeShare(location.hash);
  if (shared === null) await host.open({ seed: DEFAULT_LAB_SEED, config: DEMO_PRESET.broker });
  else await host.open({ seed: shared.seed, config: shared.config }, shared.journal, shared.moment);
  const cluster = await LabCluster.over(host, Comlink.proxy);
  let pausedNow = cluster.snapshot.paused;
  let speedNow = cluster.snapshot.speed;
  const time: LabTime = {
    pause: () => {
      pausedNow = true;
      void host.pause();
    },
    resume: () => {
      pausedNow = false;
      void host.resume();
    },
    setSpeed: (speed) => {
      if (!Number.isFinite(speed) || speed < LAB_MIN_SPEED || speed > LAB_MAX_SPEED) {
        throw new RangeError(`The lab's time runs at ${LAB_MIN_SPEED}× to ${LAB_MAX_SPEED}× real time, not ${speed}×.`);
      }
      speedNow = speed;
      void host.setSpeed(speed);
    },
    speed: () => speedNow,
    paused: () => pausedNow,
    onChange: (listener) => cluster.onChange(listener),
    now: () => cluster.snapshot.moment.atMs,
    seek: async (ms) => {
      await host.seek(ms);
      await cluster.refresh();
    },
    step: async () => {
      pausedNow = true;
      const what = await host.step();
      await cluster.refresh();
      return what;
    },
  };
  return {
    lab: true,
    cluster,
    time,
    kafka: { admin: () => labAdmin(cluster), readPartition: (options) => cluster.readPartition(options) },
    workloads: {
      startProducer: async (spec) => (await cluster.act({ kind: 'startProducer', spec })) as string,
      startConsumerGroup: async (spec) => (await cluster.act({ kind: 'startConsumerGroup', spec })) as string,
      crashMember: async (id, member) => void (await cluster.act({ kind: 'crashMember', id, member })),
      stop: async (id) => void (await cluster.act({ kind: 'stopWorkload', id })),
      list: () => cluster.snapshot.workloads,
      onChange: (listener) => cluster.onChange(() => listener(cluster.snapshot.workloads)),
    },
    timeline: cluster.timeline,
    chaos: labChaos(cluster),
    shell: labShell(cluster, () => '\n(The lab went to another moment: this command stayed in the run left behind.)\n'),
    metrics: { history: () => [], onSample: () => () => undefined },
    share: () => {
      const { setup, journal, moment } = cluster.snapshot;
      return shareLink(location.href, { seed: setup.seed, config: setup.config, journal, moment });
    },
    async close() {
      await cluster.close();
      worker.terminate();
    },
  };
}
