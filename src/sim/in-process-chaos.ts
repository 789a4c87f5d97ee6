/**
 * A chaos run on the in-process runtime: a new cluster on virtual time, shaped by the seed, under
 * the one run loop (src/chaos/chaos-run.ts), with the invariants checked after every event. The
 * same seed replays the same run exactly.
 *
 * Swarm testing, as TigerBeetle's VOPR does it: every run parameter is drawn from the seed (broker
 * count, network latency and message loss, the fault mix, how many producers and consumers), so a
 * sweep over seeds explores runs that a fixed configuration never reaches. `legacyDraws` keeps the
 * sweep's draws from before (3 to 5 brokers, 1 to 5 ms latency, no loss, the fixed fault table, one
 * pair of producers and two consumers), so a seed reported then still replays.
 */
import { SeededRandom, type Random } from '../core/random';
import {
  DEFAULT_FAULT_MIX,
  describeFaultMix,
  drawFaultMix,
  LEGACY_FAULT_MIX,
  SLOW_MAX_MS,
  withDiskFaults,
  type FaultMix,
} from '../chaos/chaos-faults';
import type { ChaosEvent } from '../chaos/chaos-history';
import { runChaosOn, type ChaosResult } from '../chaos/chaos-run';
import { createCluster } from './create-cluster';

export interface ChaosOptions {
  seed: number;
  /** How many faults to inject. Default 10. */
  faults?: number;
  /** Brokers in the cluster; drawn from the seed by default (3 to 5). */
  brokers?: number;
  /** Virtual time over which the faults are spread. Default 120 s. */
  durationMs?: number;
  /** Broker config overrides, e.g. to turn unclean.leader.election.enable on and watch the checker fail. */
  config?: Record<string, string | number | boolean>;
  /** The sweep's draws before swarm testing, so its old seeds replay. Default false. */
  legacyDraws?: boolean;
  /** Adds the disk's faults to the seed's mix: slow disks and full disks (log-directory failures). Default false. */
  diskFaults?: boolean;
  /** Called as each fault is injected (a CLI prints progress with it). */
  onFault?: (event: ChaosEvent) => void;
}

/** What a seed shapes in a swarm run. */
export interface SwarmParameters {
  brokers: number;
  minLatencyMs: number;
  maxLatencyMs: number;
  /** The probability that any one message is lost while the faults last. */
  lossRate: number;
  mix: FaultMix;
  producerPairs: number;
  consumers: number;
}

export interface InProcessChaosResult extends ChaosResult {
  swarm: SwarmParameters;
}

const TOPIC = 'chaos';
const GROUP = 'chaos-group';
/** After the last fault: long enough for fencing, elections, request timeouts, catch-up and a rebalance after session.timeout.ms. */
const SETTLE_MS = 60_000;
/** The faults' stream, and the legacy runs' only stream. */
const FAULT_STREAM = 0x5eed_cafe;
const SWARM_STREAM = 0x5a4a_ba11;
const RECORD_STREAM = 0x7ec0_7d5;

/** The legacy parameters: only the broker count is drawn, from the faults' stream as it always was. */
function legacySwarm(random: Random, brokers: number | undefined): SwarmParameters {
  return {
    brokers: brokers ?? 3 + random.nextInt(3),
    minLatencyMs: 1,
    maxLatencyMs: 5,
    lossRate: 0,
    mix: LEGACY_FAULT_MIX,
    producerPairs: 1,
    consumers: 2,
  };
}

/** Every parameter drawn from the seed's own swarm stream, so adding a parameter later shifts nothing else. */
export function drawSwarm(seed: number, brokers?: number): SwarmParameters {
  const random = new SeededRandom(seed ^ SWARM_STREAM);
  const drawnBrokers = 3 + random.nextInt(3);
  const minLatencyMs = random.nextInt(3);
  const maxLatencyMs = minLatencyMs + 1 + random.nextInt(30);
  // Half the runs lose no message; the others lose 0.1% to 1% of them.
  const lossRate = random.nextInt(2) === 0 ? 0 : (1 + random.nextInt(10)) / 1000;
  const mix = random.nextInt(4) === 0 ? DEFAULT_FAULT_MIX : drawFaultMix(random);
  return {
    brokers: brokers ?? drawnBrokers,
    minLatencyMs,
    maxLatencyMs,
    lossRate,
    mix,
    producerPairs: 1 + random.nextInt(2),
    consumers: 1 + random.nextInt(3),
  };
}

/** The swarm parameters in words, for a verdict. */
export function describeSwarm(swarm: SwarmParameters): string {
  return (
    `${swarm.brokers} brokers, latency ${swarm.minLatencyMs}-${swarm.maxLatencyMs} ms, ` +
    `${swarm.lossRate === 0 ? 'no message loss' : `${(swarm.lossRate * 100).toFixed(1)}% of messages lost`}, ` +
    `${swarm.producerPairs * 2} producers, ${swarm.consumers} consumers; faults: ${describeFaultMix(swarm.mix)}`
  );
}

export async function runChaos(options: ChaosOptions): Promise<InProcessChaosResult> {
  const { seed } = options;
  const legacy = options.legacyDraws ?? false;
  // The fault schedule has its own stream, so the cluster's own draws do not shift it.
  const faultRandom = new SeededRandom(seed ^ FAULT_STREAM);
  const drawn = legacy ? legacySwarm(faultRandom, options.brokers) : drawSwarm(seed, options.brokers);
  const swarm = options.diskFaults ? { ...drawn, mix: withDiskFaults(drawn.mix) } : drawn;
  // Few __consumer_offsets partitions: the invariants are checked on every replica after every event.
  const config = { 'offsets.topic.num.partitions': 1, ...options.config };
  const { cluster, kafka } = await createCluster({
    brokers: swarm.brokers,
    seed,
    checkInvariants: true,
    config,
    network: { minLatencyMs: swarm.minLatencyMs, maxLatencyMs: swarm.maxLatencyMs },
  });
  try {
    cluster.network.setLossRate(swarm.lossRate);
    const result = await runChaosOn(
      cluster,
      {
        seed,
        topic: TOPIC,
        group: GROUP,
        faults: options.faults ?? 10,
        durationMs: options.durationMs ?? 120_000,
        settleMs: SETTLE_MS,
        unclean: false,
        mix: swarm.mix,
        maxSlowMs: SLOW_MAX_MS,
        producerPairs: swarm.producerPairs,
        consumers: swarm.consumers,
        faultTimeoutMs: null,
        joinTimeoutMs: null,
        faultRandom,
        // Legacy runs drew the records' partitions from the faults' stream, between the faults.
        recordRandom: legacy ? faultRandom : new SeededRandom(seed ^ RECORD_STREAM),
        legacyDraws: legacy,
        // Message loss is a fault too: it ends with the others, so the cluster can heal.
        endFaults: () => cluster.network.setLossRate(0),
      },
      options.onFault === undefined ? {} : { onFault: options.onFault },
      kafka,
    );
    return { ...result, events: cluster.clock.steps, swarm };
  } finally {
    await cluster.close();
  }
}
