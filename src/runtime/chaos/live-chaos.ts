/**
 * A chaos run against the live cluster, in the page (`sim.chaos.run`): the in-process run's
 * workload (src/sim/chaos/chaos-workload.ts: two acks=all producers, one idempotent, and a
 * committing consumer group whose committed offsets are read every 2 s) on its own topic and group,
 * while faults drawn from the seed hit the brokers that were running when it started
 * (./live-faults.ts). Then every cut is healed and every broker the run stopped is restarted, the
 * topic is read back, and the same checkers as the in-process sweep give the verdict here, in the
 * page: a ChaosResult.
 *
 * Wall-clock time makes a run only approximately repeatable from its seed: the seed fixes the faults
 * and their times, not the interleavings. Stopping a run early (its AbortSignal) skips the faults
 * left and still heals, restarts, settles and judges what was seen.
 */
import { SeededRandom } from '../../core/random';
import { BrokerConfig } from '../../protocol/configs';
import { KafkaError } from '../../protocol/errors';
import type { ChaosEvent } from '../../sim/chaos/chaos-history';
import { partitionChangeEntries, truncationEntry, type ChaosLogEntry } from '../../sim/chaos/chaos-log-entries';
import { judgeRun, type ChaosResult } from '../../sim/chaos/chaos-run';
import { ChaosConsumers, ChaosProducers, CommittedOffsetsObserver, type ChaosDriver } from '../../sim/chaos/chaos-workload';
import type { PartitionRead } from '../../sim/checkers/acked-records';
import type { BrowserCluster } from '../browser-cluster';
import { RealClock } from '../real-clock';
import { timingPresetOf } from '../timing-presets';
import { checkChaosOptions, type CheckedChaosOptions, type LiveChaosOptions } from './chaos-options';
import { CrashableClient } from './crashable-client';
import { drawLiveFault, healAll, slowMaxMs } from './live-faults';

export interface ChaosProgress {
  /** What the run is doing, in words. */
  stage: string;
  /** The faults and recoveries injected so far, oldest first. */
  history: ChaosEvent[];
  elapsedMs: number;
  sent: number;
  acked: number;
}

export interface ChaosRunControls {
  /** Called when the stage changes, on each fault, and every second. */
  onProgress?: (progress: ChaosProgress) => void;
  /** Ends the faults early; the run still heals, restarts, settles and judges. */
  signal?: AbortSignal;
}

export interface LiveChaosResult extends ChaosResult {
  options: CheckedChaosOptions;
  /** The run's own topic and consumer group, left in the cluster to look at. */
  topic: string;
  group: string;
  /** Stopped by its signal before every fault was injected. */
  stoppedEarly: boolean;
}

/** The chaos topic's shape: RF 3 with min.insync.replicas 2, so acks=all survives one replica down. */
const PARTITIONS = 3;
const REPLICATION_FACTOR = 3;
/** delivery.timeout.ms shortened from 120 s (it must stay >= request.timeout.ms + linger.ms) to fit a wall-clock run. */
const DELIVERY_TIMEOUT_MS = 40_000;
/** A fault that has not finished by then (a controlled shutdown that hangs) is a liveness failure. */
const FAULT_TIMEOUT_MS = 20_000;
/** How long a new or replacement member may take to join once the faults are over. */
const JOIN_TIMEOUT_MS = 30_000;
const PROGRESS_INTERVAL_MS = 1_000;

export async function runLiveChaos(
  cluster: BrowserCluster,
  input: LiveChaosOptions,
  controls: ChaosRunControls = {},
): Promise<LiveChaosResult> {
  const options = checkChaosOptions(input);
  const participants = cluster.brokerIds().filter((id) => cluster.broker(id).state === 'running');
  if (participants.length < REPLICATION_FACTOR) {
    throw new KafkaError(
      'INVALID_REPLICATION_FACTOR',
      `A chaos run needs at least ${REPLICATION_FACTOR} running brokers (its topic has replication factor ${REPLICATION_FACTOR}, min.insync.replicas 2); ${participants.length} ${participants.length === 1 ? 'is' : 'are'} running. Add or restart brokers first.`,
    );
  }
  // The faults have their own stream, so how many records were sent by then does not shift them.
  const faultRandom = new SeededRandom(options.seed ^ 0x5eed_cafe);
  const maxSlowMs = slowMaxMs(BrokerConfig.from(cluster.config).int('broker.session.timeout.ms'));
  const topic = freeTopicName(cluster, `chaos-${options.seed}`);
  const clock = new RealClock();
  const startedMs = clock.now();
  const elapsedMs = () => Math.round(clock.now() - startedMs);
  const log: ChaosEvent[] = [];
  const history: ChaosEvent[] = [];
  const record = (event: ChaosLogEntry): ChaosEvent => {
    const entry = { atMs: elapsedMs(), ...event };
    log.push(entry);
    return entry;
  };

  const client = new CrashableClient(cluster, 'chaos');
  const driver: ChaosDriver = { clock, elapsedMs, run: (promise) => promise, crashClient: (address) => client.crash(address) };
  const producers = new ChaosProducers(client.kafka, topic, PARTITIONS, record, { deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
  // The members take the cluster's timing preset, as the page's consumer groups do: a crashed one leaves after session.timeout.ms.
  const consumers = new ChaosConsumers(driver, client.kafka, topic, record, {
    group: topic,
    config: { ...timingPresetOf(cluster.config).consumer },
  });
  const observer = new CommittedOffsetsObserver(driver, client.kafka, consumers.group, topic, record);

  let stage = 'creating the topic';
  const progress = () =>
    controls.onProgress?.({ stage, history: [...history], elapsedMs: elapsedMs(), sent: producers.sentCount, acked: producers.ackedCount });
  const setStage = (next: string) => {
    stage = next;
    progress();
  };
  const ticker = setInterval(progress, PROGRESS_INTERVAL_MS);

  // What the cluster does on its own, for the histories.
  const watched = new Set([topic, '__consumer_offsets']);
  const controller = cluster.controller;
  const stopWatching = controller.onAppend((entries) => {
    for (const entry of partitionChangeEntries(controller.image, entries, watched)) record(entry);
  });
  let truncationsSeen = cluster.lostCommittedOffsets().length;
  const stopTruncations = cluster.onChange(() => {
    const lost = cluster.lostCommittedOffsets();
    for (; truncationsSeen < lost.length; truncationsSeen++) record(truncationEntry(lost[truncationsSeen]));
  });
  // A reset wipes the run's topic and brokers: nothing is left to judge.
  const reset = new AbortController();
  const stopResetWatch = cluster.timeline.onReset(() => reset.abort());
  const stopping = AbortSignal.any([reset.signal, ...(controls.signal ? [controls.signal] : [])]);

  const stuck: string[] = [];
  const applying = new Set<Promise<unknown>>();
  let stoppedEarly = false;
  const cleanUp = () => {
    clearInterval(ticker);
    stopWatching();
    stopTruncations();
    stopResetWatch();
    client.close();
  };
  try {
    setStage(`creating topic ${topic}`);
    // Placed on the participants by hand: the controller would also use a broker the user has just
    // stopped, until broker.session.timeout.ms fences it.
    const replicaAssignment = Array.from({ length: PARTITIONS }, (_, partition) => ({
      partition,
      replicas: Array.from({ length: REPLICATION_FACTOR }, (_, i) => participants[(partition + i) % participants.length]),
    }));
    await client.kafka.admin().createTopics({
      topics: [
        {
          topic,
          replicaAssignment,
          configEntries: [
            { name: 'min.insync.replicas', value: '2' },
            ...(options.unclean ? [{ name: 'unclean.leader.election.enable', value: 'true' }] : []),
          ],
        },
      ],
    });
    setStage('starting the producers and the consumer group');
    producers.start(clock, new SeededRandom(options.seed));
    consumers.startAll();
    observer.start();

    setStage('injecting faults');
    const faultTimes = Array.from({ length: options.faults }, () => faultRandom.nextInt(options.durationMs)).sort((a, b) => a - b);
    for (const atMs of faultTimes) {
      if (!(await pause(atMs - elapsedMs(), stopping))) break;
      const drawn = drawLiveFault(cluster, participants, consumers, faultRandom, maxSlowMs);
      history.push(record(drawn.event));
      progress();
      const applied = drawn.apply();
      applying.add(applied);
      void applied.finally(() => applying.delete(applied)).catch(() => undefined);
      const outcome = await Promise.race([
        applied.then(
          () => 'done',
          (error: Error) => `failed: ${error.message}`,
        ),
        pause(FAULT_TIMEOUT_MS).then(() => 'stuck'),
      ]);
      if (outcome === 'stuck') {
        const expected = drawn.whyStuck?.() ?? null;
        if (expected === null) {
          stuck.push(`${drawn.event.description}: not finished after ${FAULT_TIMEOUT_MS / 1000} s`);
        } else {
          history.push(
            record({
              kind: drawn.event.kind,
              description: `${drawn.event.description} not finished after ${FAULT_TIMEOUT_MS / 1000} s: ${expected.reason}`,
              brokers: drawn.event.brokers,
            }),
          );
          await expected.end();
        }
      } else if (outcome !== 'done') {
        record({ kind: drawn.event.kind, description: `${drawn.event.description} ${outcome}` });
      }
    }
    stoppedEarly = !(await pause(options.durationMs - elapsedMs(), stopping));
    if (reset.signal.aborted)
      throw new Error('The cluster was reset during the chaos run: its topic and brokers are gone, so there is nothing to judge.');
  } catch (error) {
    // Whatever failed, the cluster is left healed and the run's clients gone.
    producers.stop();
    await atMost(observer.stop(), JOIN_TIMEOUT_MS);
    await atMost(consumers.disconnectLive(), JOIN_TIMEOUT_MS);
    if (!reset.signal.aborted) await recover(cluster, participants, applying, stuck).catch(() => undefined);
    cleanUp();
    throw error;
  }
  producers.stop();

  setStage('healing every cut and slow broker, restarting every broker the run stopped');
  await recover(cluster, participants, applying, stuck);
  record({
    kind: 'recovery',
    description: 'end of faults: heal everything, restart every broker the run stopped',
    global: true,
    brokers: participants,
  });

  // Settled once every replica is back in its ISR, or settleMs passed (the verdict then says which are not).
  setStage('waiting for every replica to rejoin its ISR');
  const isHealed = () => partitionsOf(cluster, topic).every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
  const settleBy = clock.now() + options.settleMs;
  await pause(Math.min(options.settleMs, 5_000));
  while (!isHealed() && clock.now() < settleBy) await pause(250);
  setStage('waiting for the sends in flight to be acknowledged or to fail');
  await producers.settled();
  setStage('waiting for the consumers to join');
  await atMost(consumers.joined(), JOIN_TIMEOUT_MS);
  setStage('reading the committed offsets one last time');
  await observer.stop();
  await atMost(consumers.disconnectLive(), JOIN_TIMEOUT_MS);

  setStage(`reading ${topic} back`);
  await cluster.refresh();
  const unhealed = [
    ...stuck,
    ...partitionsOf(cluster, topic)
      .filter((p) => p.leader < 0 || p.isr.length < p.replicas.length)
      .map((p) => `${topic}-${p.partition} (leader ${p.leader}, replicas [${p.replicas}], isr [${p.isr}])`),
  ];
  const reads: PartitionRead[] = [];
  try {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const read = await client.kafka.readPartition({ topic, partition, fromOffset: 0 });
      reads.push({
        topic,
        partition,
        records: read.records.map((r) => ({
          offset: Number(r.offset),
          value: r.value === null ? null : new TextDecoder().decode(r.value),
        })),
      });
    }
  } finally {
    cleanUp();
  }
  setStage('judging');
  const verdict = judgeRun({
    acked: producers.acked,
    reads,
    observations: observer.observations,
    log,
    context: {
      replicasOf: (t, p) => partitionsOf(cluster, t).find((d) => d.partition === p)?.replicas ?? [],
      offsetsPartitionOf: (group) => ({ topic: '__consumer_offsets', partition: cluster.groupCoordinator.partitionFor(group) }),
    },
  });
  return {
    seed: options.seed,
    brokers: participants.length,
    history,
    log,
    events: log.length,
    virtualMs: elapsedMs(),
    sent: producers.sentCount,
    ...verdict,
    unhealed,
    options,
    topic,
    group: consumers.group,
    stoppedEarly,
  };
}

/**
 * The end of the faults: faults still under way get a last chance to finish, every cut and slow
 * broker is healed, and the participants the run stopped start again (waiting until the controller unfences them).
 */
async function recover(
  cluster: BrowserCluster,
  participants: readonly number[],
  applying: ReadonlySet<Promise<unknown>>,
  stuck: string[],
): Promise<void> {
  await atMost(Promise.allSettled(applying), FAULT_TIMEOUT_MS);
  healAll(cluster, participants);
  for (const id of participants) {
    const state = cluster.broker(id).state;
    if (state !== 'killed' && state !== 'shutdown') continue;
    try {
      await cluster.restartBroker(id);
    } catch (error) {
      stuck.push(`restart broker ${id} at the end: ${(error as Error).message}`);
    }
  }
}

function partitionsOf(cluster: BrowserCluster, topic: string) {
  return cluster.describe().topics.find((t) => t.name === topic)?.partitions ?? [];
}

/** `chaos-<seed>`, or `chaos-<seed>-2`, ... when an earlier run left its topic. */
function freeTopicName(cluster: BrowserCluster, base: string): string {
  const taken = new Set(cluster.describe().topics.map((t) => t.name));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Waits `ms`; resolves false at once if `signal` aborts first. */
function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (finished: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(finished);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort);
  });
}

/** Waits for `promise`, but no longer than `ms`. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  await Promise.race([promise.catch(() => undefined), pause(ms)]);
}
