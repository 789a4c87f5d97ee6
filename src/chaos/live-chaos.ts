/**
 * A chaos run against a cluster that is already running, as the page's Chaos tab starts it
 * (`sim.chaos.run`): the one run loop (./chaos-run.ts) on its own topic and group, with faults
 * drawn from the seed hitting only the brokers that were running when it started, client timings
 * that fit a wall-clock run, and the members on the cluster's timing preset. The checkers' verdict
 * comes back as a ChaosResult, judged where the run happened.
 */
import type { ClusterOperator } from '../cluster/cluster-operator';
import { timingPresetOf } from '../cluster/timing-presets';
import { SeededRandom } from '../core/random';
import { BrokerConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import { DEFAULT_FAULT_MIX, slowMaxMs, withDiskFaults } from './chaos-faults';
import { checkChaosOptions, type CheckedChaosOptions, type LiveChaosOptions } from './chaos-options';
import { runChaosOn, type ChaosCluster, type ChaosResult, type ChaosRunControls } from './chaos-run';

export interface LiveChaosResult extends ChaosResult {
  options: CheckedChaosOptions;
}

/** The cluster a live run needs: the run loop's, its configs, and its timeline (a reset ends the run). */
export type LiveChaosCluster = ChaosCluster & Pick<ClusterOperator, 'config' | 'timeline'>;

/** The chaos topic has replication factor 3 with min.insync.replicas 2, so acks=all survives one replica down. */
const REPLICATION_FACTOR = 3;
/**
 * request.timeout.ms and delivery.timeout.ms shortened from Kafka's 30 s and 120 s to fit a
 * wall-clock run: a produce, a join or an offsets read lost to a cut link is retried after 10 s rather than
 * 30 (delivery.timeout.ms must stay >= request.timeout.ms + linger.ms, as KafkaProducer checks).
 */
const REQUEST_TIMEOUT_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 40_000;
/** A fault that has not finished by then (a controlled shutdown that hangs) is a liveness failure. */
const FAULT_TIMEOUT_MS = 20_000;
/** How long a new or replacement member may take to join once the faults are over. */
const JOIN_TIMEOUT_MS = 30_000;
/** The faults' stream; the records' partitions are drawn from the seed itself. */
const FAULT_STREAM = 0x5eed_cafe;

export async function runLiveChaos(
  cluster: LiveChaosCluster,
  input: LiveChaosOptions,
  controls: ChaosRunControls = {},
): Promise<LiveChaosResult> {
  const options = checkChaosOptions(input);
  const running = cluster.brokerIds().filter((id) => cluster.broker(id).state === 'running');
  if (running.length < REPLICATION_FACTOR) {
    throw new KafkaError(
      'INVALID_REPLICATION_FACTOR',
      `A chaos run needs at least ${REPLICATION_FACTOR} running brokers (its topic has replication factor ${REPLICATION_FACTOR}, min.insync.replicas 2); ${running.length} ${running.length === 1 ? 'is' : 'are'} running. Add or restart brokers first.`,
    );
  }
  const topic = freeTopicName(cluster, `chaos-${options.seed}`);
  // A reset wipes the run's topic and brokers: nothing is left to judge.
  const reset = new AbortController();
  const stopResetWatch = cluster.timeline.onReset(() => reset.abort());
  const signal = AbortSignal.any([reset.signal, ...(controls.signal ? [controls.signal] : [])]);
  try {
    const result = await runChaosOn(
      cluster,
      {
        seed: options.seed,
        topic,
        group: topic,
        faults: options.faults,
        durationMs: options.durationMs,
        settleMs: options.settleMs,
        unclean: options.unclean,
        mix: options.diskFaults ? withDiskFaults(DEFAULT_FAULT_MIX) : DEFAULT_FAULT_MIX,
        maxSlowMs: slowMaxMs(BrokerConfig.from(cluster.config).int('broker.session.timeout.ms')),
        producerPairs: 1,
        consumers: 2,
        producerConfig: { requestTimeoutMs: REQUEST_TIMEOUT_MS, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS },
        // The members take the cluster's timing preset, as the page's consumer groups do: a crashed one leaves after session.timeout.ms.
        consumerConfig: { ...timingPresetOf(cluster.config).consumer, requestTimeoutMs: REQUEST_TIMEOUT_MS },
        adminConfig: { requestTimeoutMs: REQUEST_TIMEOUT_MS },
        faultTimeoutMs: FAULT_TIMEOUT_MS,
        joinTimeoutMs: JOIN_TIMEOUT_MS,
        faultRandom: new SeededRandom(options.seed ^ FAULT_STREAM),
        recordRandom: new SeededRandom(options.seed),
      },
      { ...controls, signal },
    );
    if (reset.signal.aborted) throw resetError();
    return { ...result, options };
  } catch (error) {
    throw reset.signal.aborted ? resetError() : error;
  } finally {
    stopResetWatch();
  }
}

function resetError(): Error {
  return new Error('The cluster was reset during the chaos run: its topic and brokers are gone, so there is nothing to judge.');
}

/** `chaos-<seed>`, or `chaos-<seed>-2`, ... when an earlier run left its topic. */
function freeTopicName(cluster: Pick<ClusterOperator, 'describe'>, base: string): string {
  const taken = new Set(cluster.describe().topics.map((t) => t.name));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
