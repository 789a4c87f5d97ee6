/**
 * `createCluster()`: an in-memory Kafka cluster for Node on virtual time, the in-process runtime's
 * front door. One seed derives every random choice (TigerBeetle's simulator builds one PRNG from
 * one seed), so `createCluster({ seed })` with the same calls replays the same run.
 */
import { SeededRandom } from '../core/random';
import { randomUuid } from '../core/uuid';
import type { Kafka } from '../client/kafka';
import { Controller } from '../controller/controller';
import { BrokerConfig } from '../protocol/configs';
import { Cluster } from './cluster';
import { deriveRandom } from './derive-random';
import { Driver } from './driver';
import { SimNetwork, type SimNetworkOptions } from './sim-network';
import { VirtualClock } from './virtual-clock';

export interface CreateClusterOptions {
  /** How many brokers to start (ids 1..n). Default 3. */
  brokers?: number;
  /** Seeds every random choice of the run. Default 1. */
  seed?: number;
  /** Rack of broker i is racks[i % racks.length]; default no racks. */
  racks?: Array<string | null>;
  /** Broker config overrides by Kafka name, for every broker and the controller. */
  config?: Record<string, string | number | boolean>;
  /** Default: a UUID drawn from the seed. */
  clusterId?: string;
  clientId?: string;
  network?: SimNetworkOptions;
  /** Check the invariants (src/sim/invariants.ts) after every event. Default false. */
  checkInvariants?: boolean;
  /** Events one awaited call may run before it fails (see VirtualClock). */
  maxSteps?: number;
  /** Virtual time one awaited call may take before it fails (see Driver). */
  maxVirtualMs?: number;
}

/**
 * The controller is a separate KRaft controller node, as in a production 3.x/4.x cluster with
 * dedicated controllers; brokers start at id 1, so the controller takes an id no broker will.
 */
export const CONTROLLER_NODE_ID = 3000;

export async function createCluster(options: CreateClusterOptions = {}): Promise<{ cluster: Cluster; kafka: Kafka }> {
  const brokerCount = options.brokers ?? 3;
  if (!Number.isInteger(brokerCount) || brokerCount < 0)
    throw new RangeError(`createCluster: brokers must be a whole number >= 0, got ${brokerCount}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`createCluster: seed must be an integer, got ${seed}`);
  const racks = options.racks ?? [];
  // Invalid broker configs reject here with Kafka's INVALID_CONFIG, before anything starts.
  const brokerConfig = BrokerConfig.from(options.config ?? {});

  const random = new SeededRandom(seed);
  const clusterId = options.clusterId ?? randomUuid(deriveRandom(random));
  const clock = new VirtualClock(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps });
  const driver = new Driver(clock, {
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    ...(options.maxVirtualMs === undefined ? {} : { maxVirtualMs: options.maxVirtualMs }),
    context: `seed ${seed}; reproduce with createCluster({ seed: ${seed} })`,
  });
  const network = new SimNetwork(clock, deriveRandom(random), options.network);
  const controller = new Controller({ clock, random: deriveRandom(random), config: brokerConfig, clusterId });
  const cluster = new Cluster({
    seed,
    clusterId,
    clock,
    random,
    network,
    driver,
    controller,
    controllerId: CONTROLLER_NODE_ID,
    brokerConfig,
    checkInvariants: options.checkInvariants ?? false,
  });
  // One at a time, so broker ids, registration order and every draw follow the same order each run.
  for (let i = 0; i < brokerCount; i++) {
    await cluster.addBroker({ rack: racks.length === 0 ? null : racks[i % racks.length] });
  }
  const kafka = cluster.client(options.clientId === undefined ? {} : { clientId: options.clientId });
  return { cluster, kafka };
}
