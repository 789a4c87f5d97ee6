/**
 * One randomized fault run, Jepsen-style: an acks=all idempotent producer writes unique values
 * while random faults hit the brokers (kills, restarts, controlled shutdowns, isolation, one-way
 * cuts between brokers or to the controller); the cluster checks its invariants after every event;
 * at the end every fault is healed and every acknowledged record must be in the log exactly once,
 * at the offset it was acknowledged with.
 *
 * Everything is drawn from the seed, so a failing seed replays exactly.
 */
import { scheduleRepeating } from '../../core/clock';
import { SeededRandom, type Random } from '../../core/random';
import type { Cluster } from '../cluster';
import { createCluster } from '../create-cluster';
import { checkAckedRecords, type AckedRecord, type AckedRecordsReport } from '../checkers/acked-records';

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

export interface ChaosEvent {
  atMs: number;
  description: string;
}

export interface ChaosResult {
  seed: number;
  brokers: number;
  /** The faults, in the order they happened. */
  history: ChaosEvent[];
  /** Simulation events run (timers, messages). */
  events: number;
  virtualMs: number;
  sent: number;
  report: AckedRecordsReport;
  /** Partitions that, once every fault was healed and every broker restarted, still had an incomplete ISR or no leader. */
  unhealed: string[];
}

const TOPIC = 'chaos';
const PARTITIONS = 3;
const SEND_INTERVAL_MS = 100;
/** After the last fault: long enough for fencing, elections, request timeouts and catch-up. */
const SETTLE_MS = 60_000;

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { seed } = options;
  // The fault schedule has its own stream, so the cluster's own draws do not shift it.
  const random = new SeededRandom(seed ^ 0x5eed_cafe);
  const brokerCount = options.brokers ?? 3 + random.nextInt(3);
  const faultCount = options.faults ?? 10;
  const durationMs = options.durationMs ?? 120_000;
  const { cluster, kafka } = await createCluster({ brokers: brokerCount, seed, checkInvariants: true, ...(options.config ? { config: options.config } : {}) });
  try {
    await kafka.admin().createTopics({
      topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    const producer = kafka.producer({ idempotent: true });
    const acked: AckedRecord[] = [];
    const pending: Promise<void>[] = [];
    let sent = 0;
    const sendOne = () => {
      const value = `v${sent++}`;
      const partition = random.nextInt(PARTITIONS);
      pending.push(producer.send({ topic: TOPIC, acks: -1, messages: [{ value, partition }] }).then(
        ([meta]) => { acked.push({ topic: TOPIC, partition, offset: Number(meta.baseOffset), value }); },
        () => { /* not acknowledged: nothing is promised about it */ },
      ));
    };
    const workload = scheduleRepeating(cluster.clock, SEND_INTERVAL_MS, sendOne);

    const history: ChaosEvent[] = [];
    const faultTimes = Array.from({ length: faultCount }, () => random.nextInt(durationMs)).sort((a, b) => a - b);
    const startMs = cluster.elapsedMs();
    for (const atMs of faultTimes) {
      await cluster.advance(startMs + atMs - cluster.elapsedMs());
      const event = { atMs: cluster.elapsedMs(), description: await injectFault(cluster, random) };
      history.push(event);
      options.onFault?.(event);
    }
    await cluster.advance(startMs + durationMs - cluster.elapsedMs());
    workload.cancel();

    cluster.heal();
    for (const id of cluster.brokerIds()) if (cluster.broker(id).state === 'killed' || cluster.broker(id).state === 'shutdown') await cluster.broker(id).restart();
    await cluster.advance(SETTLE_MS);
    await cluster.run(Promise.all(pending), 'the producer to settle every send');

    const unhealed = cluster.describe().topics.flatMap((topic) => topic.partitions
      .filter((p) => p.leader < 0 || p.isr.length < p.replicas.length)
      .map((p) => `${topic.name}-${p.partition} (leader ${p.leader}, replicas [${p.replicas}], isr [${p.isr}])`));
    const reads = [];
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const read = await kafka.readPartition({ topic: TOPIC, partition, fromOffset: 0 });
      reads.push({ topic: TOPIC, partition, records: read.records.map((r) => ({ offset: Number(r.offset), value: r.value === null ? null : new TextDecoder().decode(r.value) })) });
    }
    return { seed, brokers: brokerCount, history, events: cluster.clock.steps, virtualMs: cluster.elapsedMs(), sent, report: checkAckedRecords(acked, reads), unhealed };
  } finally {
    await cluster.close();
  }
}

const pick = <T>(items: readonly T[], random: Random): T => items[random.nextInt(items.length)];

async function injectFault(cluster: Cluster, random: Random): Promise<string> {
  const ids = cluster.brokerIds();
  const running = ids.filter((id) => cluster.broker(id).instance !== null);
  const stopped = ids.filter((id) => cluster.broker(id).instance === null);
  const roll = random.nextInt(100);
  if (stopped.length > 0 && (roll < 30 || running.length <= 1)) {
    const id = pick(stopped, random);
    // Not waiting for the unfence: the broker may still be cut off from the controller.
    await cluster.broker(id).restart({ waitUntilUnfenced: false });
    return `restart broker ${id}`;
  }
  if (roll < 50) {
    const id = pick(running, random);
    await cluster.broker(id).kill();
    return `kill broker ${id}`;
  }
  if (roll < 60) {
    const id = pick(running, random);
    await cluster.broker(id).shutdown();
    return `controlled shutdown of broker ${id}`;
  }
  if (roll < 70) {
    const id = pick(ids, random);
    cluster.isolate(id);
    return `isolate broker ${id}`;
  }
  if (roll < 85) {
    const from = pick(ids, random);
    const to = random.nextInt(4) === 0 ? 'controller' : pick(ids.filter((id) => id !== from), random);
    cluster.partitionOneWay(from, to);
    return `cut ${from} -> ${to} (one way)`;
  }
  cluster.heal();
  return 'heal every cut';
}
