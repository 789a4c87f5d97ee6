/**
 * The one chaos run loop, Jepsen-style, on either runtime: pairs of acks=all producers (one
 * idempotent, one not) write unique values and a consumer group commits its positions while faults
 * drawn from the seed (./chaos-faults.ts) hit the brokers; then every fault is healed and every
 * broker the run stopped is restarted, the topic is read back, and the checkers name each anomaly
 * as Jepsen and Maelstrom do: a lost acknowledged write, a duplicate, a reordering, a skipped
 * offset, a committed offset moving backwards. Each comes with the shortest history that leads to
 * it (./chaos-history.ts).
 *
 * On virtual time (the in-process sweep, src/sim/in-process-chaos.ts) the seed replays the run
 * exactly; on real time (the page's Chaos tab, ./live-chaos.ts) the seed fixes the faults and their
 * times, not the interleavings. Stopping a run early (its AbortSignal) skips the faults left and
 * still heals, restarts, settles and judges what was seen.
 */
import type { AdminConfig } from '../client/admin/admin';
import type { Kafka } from '../client/kafka';
import type { ConsumerConfig } from '../client/consumer/consumer-config';
import type { ProducerConfig } from '../client/producer/producer-config';
import type { ClusterOperator } from '../cluster/cluster-operator';
import type { Random } from '../core/random';
import { scheduleRepeating } from '../core/clock';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../protocol/internal-topics';
import { checkAckedRecords, type AckedRecordsReport, type PartitionRead } from './checkers/acked-records';
import type { Anomaly } from './checkers/anomaly';
import { judgeIdempotentDuplicate, type EpochBump } from './checkers/epoch-bumps';
import { checkCommittedOffsets, type CommittedOffsetObservation, type OffsetReset } from './checkers/committed-offsets';
import { drawFault, type FaultMix, type FaultTarget } from './chaos-faults';
import { minimalHistory, type ChaosEvent, type HistoryContext } from './chaos-history';
import { topicPartitionKey } from '../protocol/topic-partition';
import { partitionChangeEntries, truncationEntry, type ChaosLogEntry } from './chaos-log-entries';
import { ChaosConsumers, ChaosProducers, CommittedOffsetsObserver, type ChaosDriver, type ChaosRecord } from './chaos-workload';

/** What one run does, drawn from its seed by whoever starts it. */
export interface ChaosPlan {
  seed: number;
  /** The run's topic (3 partitions, RF 3, min.insync.replicas 2) and consumer group. */
  topic: string;
  group: string;
  faults: number;
  /** Cluster time over which the faults are spread. */
  durationMs: number;
  /** After the faults: how long the cluster is given to heal. */
  settleMs: number;
  /** unclean.leader.election.enable=true on the run's topic: the checkers should then find lost writes. */
  unclean: boolean;
  mix: FaultMix;
  /** The most a slow broker's messages or disk writes are held back. */
  maxSlowMs: number;
  /** Pairs of producers (one idempotent, one not) and members of the consumer group. */
  producerPairs: number;
  consumers: number;
  /** Every producer's configs, e.g. a delivery.timeout.ms that fits a wall-clock run. */
  producerConfig?: ProducerConfig;
  /** The members' configs beyond the fetch batching, e.g. the cluster's timing preset. */
  consumerConfig?: Partial<ConsumerConfig>;
  /** The committed-offsets observer's admin configs. */
  adminConfig?: AdminConfig;
  /**
   * How long a fault may take to apply before it is reported (a controlled shutdown that never
   * finishes), and how long the members may take to join and leave at the end. Null on virtual
   * time: nothing waits there but the simulation, which the in-process driver bounds itself.
   */
  faultTimeoutMs: number | null;
  joinTimeoutMs: number | null;
  /** Called when the faults are over, before healing: what the runner injected beyond the fault table (message loss) ends here. */
  endFaults?: () => void;
  /** The faults' draws; the plan's seed gives it. */
  faultRandom: Random;
  /** The producers' partition draws; the same stream as faultRandom in legacy runs. */
  recordRandom: Random;
  /**
   * The sweep's order before swarm testing, kept so its seeds replay exactly: the settle stage
   * waits settleMs flat instead of until every ISR is whole, and the members do not leave the group
   * at the end.
   */
  legacyDraws?: boolean;
}

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
  /** Called when the stage changes, on each fault, and every second of cluster time. */
  onProgress?: (progress: ChaosProgress) => void;
  /** Called as each fault is drawn (a CLI prints progress with it). */
  onFault?: (event: ChaosEvent) => void;
  /** Ends the faults early; the run still heals, restarts, settles and judges. */
  signal?: AbortSignal;
}

export interface ReportedAnomaly {
  anomaly: Anomaly;
  /** The events that lead to it, oldest first (see minimalHistory). */
  history: ChaosEvent[];
}

export interface ChaosResult {
  seed: number;
  brokers: number;
  /** The faults and recoveries injected, in the order they happened. */
  history: ChaosEvent[];
  /** Everything logged: faults, partition changes, truncations, acks, consumer crashes, committed offsets. */
  log: ChaosEvent[];
  /** On virtual time, the simulation's events run; on real time, the events logged. */
  events: number;
  /** Cluster time the run took, from its start to its verdict. */
  virtualMs: number;
  sent: number;
  report: AckedRecordsReport;
  /** What a correct Kafka never does, each with its history. */
  anomalies: ReportedAnomaly[];
  /** Duplicates Kafka allows: from the plain producer's retries, or the idempotent one's after an epoch bump (KIP-360). */
  allowedDuplicates: number;
  /**
   * Liveness failures: partitions that, once every fault was healed and every broker restarted, still
   * had an incomplete ISR or no leader, and faults that never finished.
   */
  unhealed: string[];
  /** The run's own topic and consumer group, left in the cluster to look at. */
  topic: string;
  group: string;
  /** Stopped by its signal before every fault was injected. */
  stoppedEarly: boolean;
}

/** What the run needs of a cluster: what its faults do to it, and what it watches, reads and waits on. */
export type ChaosCluster = FaultTarget &
  Pick<
    ClusterOperator,
    | 'brokerIds'
    | 'describe'
    | 'controller'
    | 'lostCommittedOffsets'
    | 'onChange'
    | 'client'
    | 'crashableClient'
    | 'clock'
    | 'now'
    | 'wait'
    | 'settle'
  >;

const PARTITIONS = 3;
const REPLICATION_FACTOR = 3;
const PROGRESS_INTERVAL_MS = 1_000;
/** The settle stage looks at the ISRs this often, after a first wait of at most SETTLE_FIRST_LOOK_MS. */
const SETTLE_POLL_MS = 250;
const SETTLE_FIRST_LOOK_MS = 5_000;

/**
 * Runs `plan` against `cluster`. The producers use `producerClient` when given (the in-process
 * sweep's first client, so its old seeds replay), a new client otherwise; the consumers use a
 * crashable client of their own.
 */
export async function runChaosOn(
  cluster: ChaosCluster,
  plan: ChaosPlan,
  controls: ChaosRunControls = {},
  producerClient: Kafka = cluster.client({ clientId: 'chaos-producers' }),
): Promise<ChaosResult> {
  const participants = cluster.brokerIds().filter((id) => cluster.broker(id).state === 'running');
  const startedMs = cluster.now();
  const elapsedMs = () => Math.round(cluster.now() - startedMs);
  const log: ChaosEvent[] = [];
  const history: ChaosEvent[] = [];
  const record = (event: ChaosLogEntry): ChaosEvent => {
    const entry = { atMs: elapsedMs(), ...event };
    log.push(entry);
    return entry;
  };
  const { topic } = plan;

  // What the cluster does on its own, for the histories.
  const watched = new Set([topic, GROUP_METADATA_TOPIC_NAME]);
  const controller = cluster.controller;
  const stopWatching = controller.onAppend((entries) => {
    for (const entry of partitionChangeEntries(controller.image, entries, watched)) record(entry);
  });
  let truncationsSeen = cluster.lostCommittedOffsets().length;
  const stopTruncations = cluster.onChange(() => {
    const lost = cluster.lostCommittedOffsets();
    for (; truncationsSeen < lost.length; truncationsSeen++) record(truncationEntry(lost[truncationsSeen]));
  });

  const crashable = cluster.crashableClient({ clientId: 'chaos-consumers' });
  const driver: ChaosDriver = {
    clock: cluster.clock,
    elapsedMs,
    run: (promise, what) => cluster.settle(promise, what),
    crashClient: (address) => crashable.crash(address),
  };
  const producers = new ChaosProducers(producerClient, topic, PARTITIONS, record, plan.producerConfig, plan.producerPairs);
  const consumers = new ChaosConsumers(driver, crashable.kafka, topic, record, {
    group: plan.group,
    members: plan.consumers,
    config: plan.consumerConfig,
  });
  const observer = new CommittedOffsetsObserver(driver, producerClient, consumers.group, topic, record, plan.adminConfig);

  let stage = 'creating the topic';
  const progress = () =>
    controls.onProgress?.({ stage, history: [...history], elapsedMs: elapsedMs(), sent: producers.sentCount, acked: producers.ackedCount });
  const setStage = (next: string) => {
    stage = next;
    progress();
  };
  const ticker = controls.onProgress === undefined ? null : scheduleRepeating(cluster.clock, PROGRESS_INTERVAL_MS, progress);

  const stuck: string[] = [];
  const applying = new Set<Promise<unknown>>();
  // What the last recovery does about faults that did not end by themselves.
  const endings: (() => Promise<void>)[] = [];
  let stoppedEarly = false;
  const cleanUp = () => {
    ticker?.cancel();
    stopWatching();
    stopTruncations();
    crashable.close();
  };
  try {
    setStage(`creating topic ${topic}`);
    await producerClient.admin().createTopics({ topics: [chaosTopic(cluster, participants, plan)] });
    setStage('starting the producers and the consumer group');
    producers.start(cluster.clock, plan.recordRandom);
    consumers.startAll();
    observer.start();

    setStage('injecting faults');
    // The faults are spread over durationMs from here, once the workload runs.
    const faultsStartMs = elapsedMs();
    const faultTimes = Array.from({ length: plan.faults }, () => plan.faultRandom.nextInt(plan.durationMs)).sort((a, b) => a - b);
    for (const atMs of faultTimes) {
      if (!(await pause(cluster, faultsStartMs + atMs - elapsedMs(), controls.signal))) break;
      const drawn = drawFault(cluster, participants, consumers, plan.faultRandom, plan);
      const event = record(drawn.event);
      history.push(event);
      controls.onFault?.(event);
      progress();
      const applied = drawn.apply();
      if (drawn.atEndOfFaults !== undefined) endings.push(drawn.atEndOfFaults);
      applying.add(applied);
      void applied.finally(() => applying.delete(applied)).catch(() => undefined);
      const outcome = await settleWithin(cluster, applied, drawn.event.description, plan.faultTimeoutMs);
      if (outcome === 'stuck') {
        const expected = drawn.whyStuck?.() ?? null;
        const limit = `not finished after ${plan.faultTimeoutMs! / 1000} s`;
        if (expected === null) {
          stuck.push(`${drawn.event.description}: ${limit}`);
        } else {
          history.push(
            record({
              kind: drawn.event.kind,
              description: `${drawn.event.description} ${limit}: ${expected.reason}`,
              brokers: drawn.event.brokers,
            }),
          );
          await cluster.settle(expected.end(), expected.reason);
        }
      } else if (outcome !== 'done') {
        record({ kind: drawn.event.kind, description: `${drawn.event.description} ${outcome}` });
      }
    }
    stoppedEarly = !(await pause(cluster, faultsStartMs + plan.durationMs - elapsedMs(), controls.signal));
  } catch (error) {
    // Whatever failed, the cluster is left healed and the run's clients gone.
    producers.stop();
    plan.endFaults?.();
    await atMost(cluster, observer.stop(), plan.joinTimeoutMs, 'the last committed-offsets read');
    await atMost(cluster, consumers.disconnectLive(), plan.joinTimeoutMs, 'the live consumers to leave');
    await recover(cluster, participants, applying, stuck, plan.faultTimeoutMs, endings).catch(() => undefined);
    cleanUp();
    throw error;
  }
  producers.stop();
  plan.endFaults?.();

  setStage('healing every cut and slow broker, restarting every broker the run stopped');
  await recover(cluster, participants, applying, stuck, plan.faultTimeoutMs, endings);
  record({
    kind: 'recovery',
    description: 'end of faults: heal everything, restart every broker the run stopped',
    global: true,
    brokers: participants,
  });

  setStage('waiting for every replica to rejoin its ISR');
  const isHealed = () => partitionsOf(cluster, topic).every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
  // Settled once every replica is back in its ISR, or settleMs passed (the verdict then says which are not).
  const settleBy = cluster.now() + plan.settleMs;
  const untilHealed = async () => {
    while (!isHealed() && cluster.now() < settleBy) await cluster.wait(SETTLE_POLL_MS);
  };
  if (plan.legacyDraws) {
    await cluster.wait(plan.settleMs);
  } else {
    await cluster.wait(Math.min(plan.settleMs, SETTLE_FIRST_LOOK_MS));
    await untilHealed();
  }
  setStage('waiting for the sends in flight to be acknowledged or to fail');
  await cluster.settle(producers.settled(), 'the producers to settle every send');
  setStage('waiting for the consumers to join');
  await atMost(cluster, consumers.joined(), plan.joinTimeoutMs, 'every consumer to join');
  setStage('reading the committed offsets one last time');
  await observer.stop();
  if (!plan.legacyDraws) await atMost(cluster, consumers.disconnectLive(), plan.joinTimeoutMs, 'the live consumers to leave');

  // A request lost while the faults lasted hangs until its timeout (replica.socket.timeout.ms, 30 s)
  // and can take a follower out of its ISR after the first look found every ISR whole: its retry
  // brings it back, so the ISRs are judged once they are whole again, within the same settleMs.
  if (!plan.legacyDraws) await untilHealed();
  setStage(`reading ${topic} back`);
  const unhealed = [
    ...stuck,
    ...partitionsOf(cluster, topic)
      .filter((p) => p.leader < 0 || p.isr.length < p.replicas.length)
      .map((p) => `${topic}-${p.partition} (leader ${p.leader}, replicas [${p.replicas}], isr [${p.isr}])`),
  ];
  const reads: PartitionRead[] = [];
  try {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const read = await producerClient.readPartition({ topic, partition, fromOffset: 0 });
      reads.push({
        topic,
        partition,
        records: read.records.map((r) => ({
          offset: Number(r.offset),
          value: r.value === null ? null : new TextDecoder().decode(r.value),
          producerId: r.batch.producerId,
          producerEpoch: r.batch.producerEpoch,
        })),
      });
    }
  } finally {
    cleanUp();
  }
  setStage('judging');
  const offsetsPartitions = () => controller.image.topicsByName.get(GROUP_METADATA_TOPIC_NAME)?.partitions.size ?? 1;
  const verdict = judgeRun({
    acked: producers.acked,
    reads,
    observations: observer.observations,
    truncationResets: consumers.truncationResets,
    epochBumps: producers.epochBumps(),
    log,
    context: {
      replicasOf: (t, p) => partitionsOf(cluster, t).find((d) => d.partition === p)?.replicas ?? [],
      offsetsPartitionOf: (group) => ({ topic: GROUP_METADATA_TOPIC_NAME, partition: groupPartition(group, offsetsPartitions()) }),
    },
  });
  return {
    seed: plan.seed,
    brokers: participants.length,
    history,
    log,
    events: log.length,
    virtualMs: elapsedMs(),
    sent: producers.sentCount,
    ...verdict,
    unhealed,
    topic,
    group: consumers.group,
    stoppedEarly,
  };
}

/** What a run observed. */
export interface RunObservations {
  acked: readonly ChaosRecord[];
  reads: readonly PartitionRead[];
  observations: readonly CommittedOffsetObservation[];
  /** The consumers' rewinds on a detected truncation (KIP-320). */
  truncationResets?: readonly OffsetReset[];
  /** The idempotent producers' epoch bumps with their causes: they judge the duplicates of their records. */
  epochBumps?: readonly EpochBump[];
  log: readonly ChaosEvent[];
  context: HistoryContext;
}

/** Runs every checker and gives each anomaly its history. */
export function judgeRun({
  acked,
  reads,
  observations,
  truncationResets = [],
  epochBumps = [],
  log,
  context,
}: RunObservations): Pick<ChaosResult, 'report' | 'anomalies' | 'allowedDuplicates'> {
  const report = checkAckedRecords(acked, reads);
  const found = [...report.anomalies, ...checkCommittedOffsets(observations, excusedResets(truncationResets, log))];
  const violations = found.flatMap((anomaly) => {
    const judged = judgeDuplicate(anomaly, acked, reads, epochBumps);
    return judged === 'allowed' ? [] : [judged];
  });
  return {
    report,
    anomalies: violations.map((anomaly) => ({ anomaly, history: minimalHistory(log, anomaly, context) })),
    allowedDuplicates: found.length - violations.length,
  };
}

/**
 * A consumer's rewind on a detected truncation excuses a committed offset going down only if a
 * leader did give up committed records of that partition before it (an unclean election): in a
 * run without one, KIP-320 validation must never move a position back, and a rewind it made
 * anyway shows as a committed offset going backwards.
 */
function excusedResets(resets: readonly OffsetReset[], log: readonly ChaosEvent[]): OffsetReset[] {
  return resets.filter((reset) => {
    const key = topicPartitionKey(reset.topic, reset.partition);
    return log.some((e) => e.kind === 'truncation' && e.atMs <= reset.atMs && (e.partitions?.includes(key) ?? false));
  });
}

/**
 * Kafka promises no duplicates only to the idempotent producer, and only within one producer epoch:
 * the plain producer's retries may write a record twice, and so may the idempotent one's re-sends
 * after a warranted epoch bump (KIP-360, ./checkers/epoch-bumps.ts). Any other anomaly, and a
 * duplicate of an idempotent record within one epoch or after a needless bump, is a violation (the
 * latter with the reason in its message).
 */
function judgeDuplicate(
  anomaly: Anomaly,
  acked: readonly ChaosRecord[],
  reads: readonly PartitionRead[],
  bumps: readonly EpochBump[],
): Anomaly | 'allowed' {
  if (anomaly.type !== 'duplicate') return anomaly;
  const record = acked.find((r) => r.topic === anomaly.topic && r.partition === anomaly.partition && r.value === anomaly.value);
  if (record === undefined) return anomaly;
  if (!record.idempotent) return 'allowed';
  const read = reads.find((r) => r.topic === anomaly.topic && r.partition === anomaly.partition);
  const copies = (read?.records ?? [])
    .filter((r) => r.value === anomaly.value)
    .map((r) => ({ offset: r.offset, producerId: r.producerId ?? -1, producerEpoch: r.producerEpoch ?? -1 }));
  const judgement = judgeIdempotentDuplicate(copies, bumps);
  return judgement.allowed ? 'allowed' : { ...anomaly, message: `${anomaly.message}: ${judgement.reason}` };
}

/**
 * The run's topic. When every broker takes part the controller places it; otherwise it is placed
 * on the participants by hand, since the controller would also use a broker the user has just
 * stopped, until broker.session.timeout.ms fences it.
 */
function chaosTopic(cluster: ChaosCluster, participants: readonly number[], plan: ChaosPlan) {
  const configEntries = [
    { name: 'min.insync.replicas', value: '2' },
    ...(plan.unclean ? [{ name: 'unclean.leader.election.enable', value: 'true' }] : []),
  ];
  if (participants.length === cluster.brokerIds().length) {
    return { topic: plan.topic, numPartitions: PARTITIONS, replicationFactor: REPLICATION_FACTOR, configEntries };
  }
  const replicaAssignment = Array.from({ length: PARTITIONS }, (_, partition) => ({
    partition,
    replicas: Array.from({ length: REPLICATION_FACTOR }, (_, i) => participants[(partition + i) % participants.length]),
  }));
  return { topic: plan.topic, replicaAssignment, configEntries };
}

/**
 * The end of the faults: faults still under way get a last chance to finish, every cut and slow
 * broker is healed, and the participants the run stopped start again (waiting until the
 * controller unfences them).
 */
async function recover(
  cluster: ChaosCluster,
  participants: readonly number[],
  applying: ReadonlySet<Promise<unknown>>,
  stuck: string[],
  faultTimeoutMs: number | null,
  endings: readonly (() => Promise<void>)[] = [],
): Promise<void> {
  if (applying.size > 0) await atMost(cluster, Promise.allSettled(applying), faultTimeoutMs, 'the faults under way');
  cluster.heal();
  for (const end of endings) {
    try {
      await end();
    } catch (error) {
      stuck.push(`end of a fault: ${(error as Error).message}`);
    }
  }
  // One broker at a time: its delays end, then it restarts if the run stopped it (the order the sweep's seeds replay in).
  for (const id of participants) {
    cluster.slow(id, 0);
    cluster.slowDisk(id, 0);
    const state = cluster.broker(id).state;
    if (state !== 'killed' && state !== 'shutdown') continue;
    try {
      await cluster.restartBroker(id);
    } catch (error) {
      stuck.push(`restart broker ${id} at the end: ${(error as Error).message}`);
    }
  }
}

function partitionsOf(cluster: Pick<ClusterOperator, 'describe'>, topic: string) {
  return cluster.describe().topics.find((t) => t.name === topic)?.partitions ?? [];
}

/**
 * Lets `ms` of the cluster's time pass; resolves false soon after `signal` aborts (it looks every
 * SETTLE_POLL_MS), so a stop on real time and one on virtual time end the same way.
 */
async function pause(cluster: ChaosCluster, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal === undefined) {
    await cluster.wait(ms);
    return true;
  }
  const until = cluster.now() + ms;
  while (!signal.aborted && cluster.now() < until) await cluster.wait(Math.min(SETTLE_POLL_MS, until - cluster.now()));
  return !signal.aborted;
}

/** Waits for a fault to apply: 'done', 'failed: why', or 'stuck' when it has not finished within `limitMs` of cluster time. */
async function settleWithin(cluster: ChaosCluster, applied: Promise<void>, what: string, limitMs: number | null): Promise<string> {
  let finished = false;
  const outcome = applied.then(
    () => 'done',
    (error: Error) => `failed: ${error.message}`,
  );
  void outcome.then(() => (finished = true));
  await atMost(cluster, outcome, limitMs, what);
  return finished ? outcome : 'stuck';
}

/** Waits for `promise`, but no longer than `ms` of cluster time (null: as long as the cluster's own bounds allow). */
async function atMost(cluster: ChaosCluster, promise: Promise<unknown>, ms: number | null, what: string): Promise<void> {
  await cluster.settle(promise, what, ms ?? undefined).catch(() => undefined);
}
