/**
 * One chaos run inside the page, on the browser runtime: broker workers over IndexedDB, killed with
 * worker.terminate(). The workload and faults follow src/sim/chaos (two acks=all producers, one
 * idempotent, a consumer group with auto-commit, committed offsets read every second) in wall-clock
 * time, with the faults the browser runtime offers: kills, restarts, controlled shutdowns, isolation
 * and cuts (both ways there). It returns what it observed; the checkers run in Node
 * (test/bench/browser/chaos-browser.ts), the same ones as in the in-process sweep.
 *
 * Playwright serialises this function into the page, so it must not use anything outside its body.
 */
import type { Simulator } from '../../../src/runtime/boot';
import type { PartitionRead } from '../../../src/sim/checkers/acked-records';
import type { CommittedOffsetObservation } from '../../../src/sim/checkers/committed-offsets';
import type { ChaosEvent } from '../../../src/sim/chaos/chaos-history';
import type { ChaosRecord } from '../../../src/sim/chaos/chaos-workload';

export interface BrowserChaosParams {
  seed: number;
  faults: number;
  brokers: number;
  durationMs: number;
  settleMs: number;
  config: Record<string, string | number | boolean>;
}

export interface BrowserChaosObservations {
  acked: ChaosRecord[];
  reads: PartitionRead[];
  observations: CommittedOffsetObservation[];
  log: ChaosEvent[];
  replicas: Record<string, number[]>;
  offsetsPartition: number;
  /** Partitions with no leader or a short ISR at the end, and faults that never finished. */
  unhealed: string[];
  sent: number;
  elapsedMs: number;
}

export async function runChaosInPage(p: BrowserChaosParams): Promise<BrowserChaosObservations> {
  const sim = (window as unknown as { sim: Simulator }).sim;
  // Where the run is, for a report if it hangs (chaos-browser.ts reads it on timeout).
  const progress = window as unknown as { chaosStage: string; chaosLog: ChaosEvent[] };
  const stage = (what: string) => { progress.chaosStage = what; };
  const TOPIC = 'chaos';
  const GROUP = 'chaos-group';
  const PARTITIONS = 3;
  const DELIVERY_TIMEOUT_MS = 40_000;
  const FAULT_TIMEOUT_MS = 20_000;
  const stuck: string[] = [];
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // mulberry32: the faults are drawn from the seed (the browser's own timing is not).
  let state = p.seed >>> 0;
  const nextInt = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  const pick = <T>(items: T[]) => items[nextInt(items.length)];
  // Setup and the final reads retry: right after a reset or a heal, a client may still try a broker that is not up yet.
  const retrying = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (attempt >= 20) throw new Error(`${what} failed 20 times: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  };

  stage('reset');
  for (const workload of sim.workloads.list()) await sim.workloads.stop(workload.id);
  await sim.cluster.reset({ config: { ...p.config, 'offsets.topic.num.partitions': 1 } });
  for (let i = 0; i < p.brokers; i++) await sim.cluster.addBroker();
  await retrying('createTopics', () => sim.kafka.admin().createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }] }));

  const started = performance.now();
  const log: ChaosEvent[] = [];
  progress.chaosLog = log;
  const record = (event: Omit<ChaosEvent, 'atMs'>) => { log.push({ atMs: Math.round(performance.now() - started), ...event }); };

  // Partition changes and truncations, seen by polling the runtime's view.
  const seen = new Map<string, string>();
  const isrs = new Map<string, number[]>();
  let truncationsSeen = 0;
  const watch = setInterval(() => {
    for (const topic of sim.cluster.describe().topics) {
      if (topic.name !== TOPIC && topic.name !== '__consumer_offsets') continue;
      for (const partition of topic.partitions) {
        const key = `${topic.name}-${partition.partition}`;
        const now = `leader ${partition.leader} (epoch ${partition.leaderEpoch}), isr [${partition.isr.join(', ')}]`;
        // A leader from outside the last ISR seen was elected uncleanly (the runtime shows no recovery state).
        const before = isrs.get(key);
        const unclean = partition.leader >= 0 && before !== undefined && before.length > 0 && !before.includes(partition.leader);
        if (seen.get(key) !== now) record({ kind: 'partition-change', description: `${key}: ${unclean ? 'unclean election: ' : ''}${now}`, partitions: [key] });
        seen.set(key, now);
        if (partition.leader >= 0) isrs.set(key, partition.isr);
      }
    }
    const lost = sim.cluster.lostCommittedOffsets();
    for (; truncationsSeen < lost.length; truncationsSeen++) {
      const { brokerId, topic, partition, fromOffset, toOffset } = lost[truncationsSeen];
      record({ kind: 'truncation', description: `${topic}-${partition}: broker ${brokerId} gave up committed offsets ${fromOffset}..${toOffset - 1}`, partitions: [`${topic}-${partition}`], brokers: [brokerId] });
    }
  }, 50);

  // Two acks=all producers, one idempotent.
  // delivery.timeout.ms shortened from 120 s (it must stay >= request.timeout.ms + linger.ms) to fit a short run.
  const idempotent = sim.kafka.producer({ idempotent: true, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
  const plain = sim.kafka.producer({ idempotent: false, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
  const acked: ChaosRecord[] = [];
  const pending: Promise<void>[] = [];
  let sent = 0;
  const producing = setInterval(() => {
    const isIdempotent = sent % 2 === 0;
    const value = `${isIdempotent ? 'i' : 'p'}${sent++}`;
    const partition = nextInt(PARTITIONS);
    pending.push((isIdempotent ? idempotent : plain).send({ topic: TOPIC, acks: -1, messages: [{ value, partition }] }).then(([meta]) => {
      const offset = Number(meta.baseOffset);
      acked.push({ topic: TOPIC, partition, offset, value, idempotent: isIdempotent });
      record({ kind: 'ack', description: `ack ${JSON.stringify(value)} at ${TOPIC}-${partition}@${offset} (${isIdempotent ? 'idempotent' : 'plain'} producer, acks=all)`, partitions: [`${TOPIC}-${partition}`], value });
    }, () => undefined));
  }, 50);

  // A consumer group with auto-commit, and its committed offsets read every second.
  stage('starting consumers');
  const consumers = [0, 1].map(() => sim.kafka.consumer({ groupId: GROUP }));
  for (const consumer of consumers) {
    await retrying('consumer.connect', () => consumer.connect());
    await retrying('consumer.subscribe', () => consumer.subscribe({ topic: TOPIC, fromBeginning: true }));
    await retrying('consumer.run', () => consumer.run({ eachMessage: async () => undefined }));
  }
  const observations: CommittedOffsetObservation[] = [];
  const last = new Map<string, number>();
  const admin = sim.kafka.admin();
  let polling = false;
  const pollOffsets = async () => {
    if (polling) return;
    polling = true;
    try {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: GROUP })) {
        if (topic !== TOPIC) continue;
        for (const { partition, offset: text } of partitions) {
          const offset = Number(text);
          const key = `${topic}-${partition}`;
          if (offset < 0 || last.get(key) === offset) continue;
          last.set(key, offset);
          const atMs = Math.round(performance.now() - started);
          observations.push({ atMs, group: GROUP, topic, partition, offset });
          record({ kind: 'commit', description: `group ${GROUP} committed ${key}@${offset}`, partitions: [key], group: GROUP });
        }
      }
    } catch {
      // the coordinator is unreachable for now: nothing observed
    } finally {
      polling = false;
    }
  };
  const offsetsTimer = setInterval(() => { void pollOffsets(); }, 1000);

  // The faults.
  const faultTimes = Array.from({ length: p.faults }, () => nextInt(p.durationMs)).sort((a, b) => a - b);
  for (const atMs of faultTimes) {
    stage(`faults (${log.filter((e) => e.kind === 'fault' || e.kind === 'recovery').length} so far)`);
    await sleep(Math.max(0, started + atMs - performance.now()));
    const ids = sim.cluster.brokerIds();
    const running = ids.filter((id) => sim.cluster.broker(id).state === 'running' || sim.cluster.broker(id).state === 'fenced');
    const stopped = ids.filter((id) => !running.includes(id));
    const roll = nextInt(100);
    let injected = '';
    const note = (event: Omit<ChaosEvent, 'atMs'>) => { injected = event.description; record(event); };
    const inject = async () => {
      if (stopped.length > 0 && (roll < 30 || running.length <= 1)) {
        const id = pick(stopped);
        note({ kind: 'recovery', description: `restart broker ${id}`, brokers: [id] });
        await sim.cluster.restartBroker(id, { waitUntilUnfenced: false });
      } else if (roll < 50) {
        const id = pick(running);
        note({ kind: 'fault', description: `kill broker ${id} (worker.terminate())`, brokers: [id] });
        await sim.cluster.killBroker(id);
      } else if (roll < 60) {
        const id = pick(running);
        note({ kind: 'fault', description: `controlled shutdown of broker ${id}`, brokers: [id] });
        await sim.cluster.shutdownBroker(id);
      } else if (roll < 70) {
        const id = pick(ids);
        note({ kind: 'fault', description: `isolate broker ${id}`, brokers: [id], network: true });
        sim.cluster.isolate(id);
      } else if (roll < 85) {
        const a = pick(ids);
        const toController = nextInt(4) === 0;
        const b = toController ? 'controller' : pick(ids.filter((id) => id !== a));
        note({ kind: 'fault', description: `cut broker ${a} <-> ${toController ? 'controller' : `broker ${b}`} (both ways)`, brokers: toController ? [a] : [a, b as number], network: true });
        sim.cluster.partition(a, b);
      } else {
        note({ kind: 'recovery', description: 'heal every cut', global: true });
        sim.cluster.heal();
      }
    };
    // A fault that never completes is a liveness failure, reported rather than waited on forever.
    const outcome = await Promise.race([
      inject().then(() => 'done', (error: Error) => `failed: ${error.message}`),
      sleep(FAULT_TIMEOUT_MS).then(() => 'stuck'),
    ]);
    if (outcome === 'stuck') stuck.push(`${injected}: not finished after ${FAULT_TIMEOUT_MS / 1000} s`);
    else if (outcome !== 'done') record({ kind: 'fault', description: `the fault ${outcome}` });
  }
  await sleep(Math.max(0, started + p.durationMs - performance.now()));
  clearInterval(producing);

  stage('healing and restarting every broker');
  sim.cluster.heal();
  for (const id of sim.cluster.brokerIds()) {
    const stateNow = sim.cluster.broker(id).state;
    if (stateNow === 'killed' || stateNow === 'shutdown') await sim.cluster.restartBroker(id);
  }
  record({ kind: 'recovery', description: 'end of faults: heal everything, restart every broker', global: true, brokers: sim.cluster.brokerIds() });
  // Settled once every replica is back in its ISR (or settleMs passed: the verdict then says which are not).
  const healed = () => sim.cluster.describe().topics.find((t) => t.name === TOPIC)!.partitions.every((partition) => partition.leader >= 0 && partition.isr.length === partition.replicas.length);
  const settleBy = performance.now() + p.settleMs;
  await sleep(Math.min(p.settleMs, 5000));
  while (!healed() && performance.now() < settleBy) await sleep(250);
  stage(`waiting for ${pending.length} sends to settle`);
  await Promise.all(pending);
  stage('last committed-offsets read');
  clearInterval(offsetsTimer);
  while (polling) await sleep(50);
  await pollOffsets();
  clearInterval(watch);
  stage('disconnecting clients');
  for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
  await idempotent.disconnect().catch(() => undefined);
  await plain.disconnect().catch(() => undefined);

  stage('reading the log');
  const description = sim.cluster.describe();
  const chaosTopic = description.topics.find((t) => t.name === TOPIC)!;
  const unhealed = [...stuck, ...chaosTopic.partitions
    .filter((partition) => partition.leader < 0 || partition.isr.length < partition.replicas.length)
    .map((partition) => `${TOPIC}-${partition.partition} (leader ${partition.leader}, replicas [${partition.replicas}], isr [${partition.isr}])`)];
  const replicas: Record<string, number[]> = {};
  for (const topic of description.topics) for (const partition of topic.partitions) replicas[`${topic.name}-${partition.partition}`] = partition.replicas;
  const reads: PartitionRead[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const read = await retrying('readPartition', () => sim.kafka.readPartition({ topic: TOPIC, partition, fromOffset: 0 }));
    reads.push({ topic: TOPIC, partition, records: read.records.map((r) => ({ offset: Number(r.offset), value: r.value === null ? null : new TextDecoder().decode(r.value) })) });
  }
  return {
    acked, reads, observations, log, replicas, unhealed, sent,
    offsetsPartition: sim.cluster.groupCoordinator.partitionFor(GROUP),
    elapsedMs: Math.round(performance.now() - started),
  };
}
