/**
 * One randomized fault run, Jepsen-style: two acks=all producers (one idempotent, one not) write
 * unique values and a consumer group commits its positions while random faults hit the cluster
 * (src/sim/chaos/chaos-faults.ts); the cluster checks its invariants after every event; at the end
 * every fault is healed, and the checkers name each anomaly as Jepsen and Maelstrom do: a lost
 * acknowledged write, a duplicate, a reordering, a skipped offset, a committed offset moving
 * backwards. Each comes with the shortest history that leads to it (src/sim/chaos/chaos-history.ts).
 *
 * Everything is drawn from the seed, so a failing seed replays exactly.
 */
import { SeededRandom } from '../../core/random';
import type { Cluster } from '../cluster';
import { createCluster } from '../create-cluster';
import { checkAckedRecords, type AckedRecordsReport, type PartitionRead } from '../checkers/acked-records';
import type { Anomaly } from '../checkers/anomaly';
import { checkCommittedOffsets, type CommittedOffsetObservation } from '../checkers/committed-offsets';
import { minimalHistory, type ChaosEvent, type HistoryContext } from './chaos-history';
import { injectFault } from './chaos-faults';
import { partitionChangeEntries, truncationEntry, type ChaosLogEntry } from './chaos-log-entries';
import { ChaosConsumers, ChaosProducers, CommittedOffsetsObserver, type ChaosDriver, type ChaosRecord } from './chaos-workload';

export interface ChaosOptions {
  seed: number;
  /** How many faults to inject. Default 10. */
  faults?: number;
  /** Brokers in the cluster; default 3 to 5, drawn from the seed. */
  brokers?: number;
  /** Virtual time over which the faults are spread. Default 120 s. */
  durationMs?: number;
  /** Broker config overrides, e.g. to turn unclean.leader.election.enable on and watch the checker fail. */
  config?: Record<string, string | number | boolean>;
  /** Called as each fault is injected (a CLI prints progress with it). */
  onFault?: (event: ChaosEvent) => void;
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
  /** Simulation events run (timers, messages). */
  events: number;
  virtualMs: number;
  sent: number;
  report: AckedRecordsReport;
  /** What a correct Kafka never does, each with its history. */
  anomalies: ReportedAnomaly[];
  /** Duplicates Kafka allows: from the plain producer's retries, or the idempotent one's after an epoch bump (KIP-360). */
  allowedDuplicates: number;
  /**
   * Liveness failures: partitions that, once every fault was healed and every broker restarted, still
   * had an incomplete ISR or no leader (and, in a browser run, faults that never finished).
   */
  unhealed: string[];
}

const TOPIC = 'chaos';
const PARTITIONS = 3;
const OFFSETS_PARTITIONS = 1;
/** After the last fault: long enough for fencing, elections, request timeouts, catch-up and a rebalance after session.timeout.ms. */
const SETTLE_MS = 60_000;

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { seed } = options;
  // The fault schedule has its own stream, so the cluster's own draws do not shift it.
  const random = new SeededRandom(seed ^ 0x5eed_cafe);
  const brokerCount = options.brokers ?? 3 + random.nextInt(3);
  const faultCount = options.faults ?? 10;
  const durationMs = options.durationMs ?? 120_000;
  // Few __consumer_offsets partitions: the invariants are checked on every replica after every event.
  const config = { 'offsets.topic.num.partitions': OFFSETS_PARTITIONS, ...options.config };
  const { cluster, kafka } = await createCluster({ brokers: brokerCount, seed, checkInvariants: true, config });
  const log: ChaosEvent[] = [];
  const record = (event: Omit<ChaosEvent, 'atMs'>) => {
    const entry = { atMs: cluster.elapsedMs(), ...event };
    log.push(entry);
    return entry;
  };
  try {
    logPartitionChanges(cluster, record);
    await kafka.admin().createTopics({
      topics: [
        { topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
      ],
    });
    const producers = new ChaosProducers(kafka, TOPIC, PARTITIONS, record);
    // The consumers' own client (the cluster's second), so their network addresses are known: client-2-consumer-N.
    const driver: ChaosDriver = {
      clock: cluster.clock,
      elapsedMs: () => cluster.elapsedMs(),
      run: (promise, what) => cluster.run(promise, what),
      crashClient: (clientAddress) => cluster.network.kill(`client-2-${clientAddress}`),
    };
    const consumers = new ChaosConsumers(driver, cluster.client({ clientId: 'chaos-consumers' }), TOPIC, record);
    const observer = new CommittedOffsetsObserver(driver, kafka, consumers.group, TOPIC, record);
    producers.start(cluster.clock, random);
    consumers.startAll();
    observer.start();

    const history: ChaosEvent[] = [];
    const faultTimes = Array.from({ length: faultCount }, () => random.nextInt(durationMs)).sort((a, b) => a - b);
    const startMs = cluster.elapsedMs();
    for (const atMs of faultTimes) {
      await cluster.advance(startMs + atMs - cluster.elapsedMs());
      const event = record(await injectFault(cluster, consumers, random));
      history.push(event);
      options.onFault?.(event);
    }
    await cluster.advance(startMs + durationMs - cluster.elapsedMs());
    producers.stop();

    cluster.heal();
    for (const id of cluster.brokerIds()) {
      cluster.broker(id).slow(0);
      if (cluster.broker(id).instance === null) await cluster.broker(id).restart();
    }
    record({
      kind: 'recovery',
      description: 'end of faults: heal everything, restart every broker',
      global: true,
      brokers: cluster.brokerIds(),
    });
    await cluster.advance(SETTLE_MS);
    await cluster.run(producers.settled(), 'the producers to settle every send');
    await cluster.run(consumers.joined(), 'every consumer to join');
    await observer.stop();

    const unhealed = cluster
      .describe()
      .topics.filter((t) => t.name === TOPIC)
      .flatMap((topic) =>
        topic.partitions
          .filter((p) => p.leader < 0 || p.isr.length < p.replicas.length)
          .map((p) => `${topic.name}-${p.partition} (leader ${p.leader}, replicas [${p.replicas}], isr [${p.isr}])`),
      );
    const reads = [];
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const read = await kafka.readPartition({ topic: TOPIC, partition, fromOffset: 0 });
      reads.push({
        topic: TOPIC,
        partition,
        records: read.records.map((r) => ({
          offset: Number(r.offset),
          value: r.value === null ? null : new TextDecoder().decode(r.value),
        })),
      });
    }
    const verdict = judgeRun({
      acked: producers.acked,
      reads,
      observations: observer.observations,
      log,
      context: {
        replicasOf: (topic, partition) => cluster.describePartition(topic, partition).replicas,
        offsetsPartitionOf: (group) => ({ topic: '__consumer_offsets', partition: cluster.groupCoordinator.partitionFor(group) }),
      },
    });
    return {
      seed,
      brokers: brokerCount,
      history,
      log,
      events: cluster.clock.steps,
      virtualMs: cluster.elapsedMs(),
      sent: producers.sentCount,
      ...verdict,
      unhealed,
    };
  } finally {
    await cluster.close();
  }
}

/** What a run observed, wherever it ran: in this process, or in a browser tab (test/bench/browser/chaos-browser.ts). */
export interface RunObservations {
  acked: readonly ChaosRecord[];
  reads: readonly PartitionRead[];
  observations: readonly CommittedOffsetObservation[];
  log: readonly ChaosEvent[];
  context: HistoryContext;
}

/** Runs every checker and gives each anomaly its history. */
export function judgeRun({
  acked,
  reads,
  observations,
  log,
  context,
}: RunObservations): Pick<ChaosResult, 'report' | 'anomalies' | 'allowedDuplicates'> {
  const report = checkAckedRecords(acked, reads);
  const found = [...report.anomalies, ...checkCommittedOffsets(observations)];
  const violations = found.filter((a) => !isAllowedDuplicate(a, acked));
  return {
    report,
    anomalies: violations.map((anomaly) => ({ anomaly, history: minimalHistory(log, anomaly, context) })),
    allowedDuplicates: found.length - violations.length,
  };
}

/**
 * Kafka promises no duplicates only to the idempotent producer, and only within one producer epoch:
 * after a batch expires unanswered it bumps the epoch and re-sends what was in flight under new
 * sequences (KIP-360), which may write a record twice. The bump is not visible from outside the
 * producer, so every duplicate is taken as allowed; lost, reordered or skipped records never are.
 */
function isAllowedDuplicate(anomaly: Anomaly, acked: readonly ChaosRecord[]): boolean {
  if (anomaly.type !== 'duplicate') return false;
  return acked.some((r) => r.value === anomaly.value);
}

/** Logs every PartitionChange of the chaos topic and __consumer_offsets, and every truncation of committed records. */
function logPartitionChanges(cluster: Cluster, record: (event: ChaosLogEntry) => void): void {
  const topics = new Set([TOPIC, '__consumer_offsets']);
  cluster.controller.onAppend((entries) => {
    for (const entry of partitionChangeEntries(cluster.controller.image, entries, topics)) record(entry);
  });
  let logged = 0;
  cluster.clock.afterEachEvent(() => {
    const lost = cluster.lostCommittedOffsets();
    for (; logged < lost.length; logged++) record(truncationEntry(lost[logged]));
  });
}
