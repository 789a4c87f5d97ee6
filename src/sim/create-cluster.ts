/**
 * `createCluster()`: an in-memory Kafka cluster for Node on virtual time, the in-process runtime's
 * front door. One seed derives every random choice (TigerBeetle's simulator builds one PRNG from
 * one seed), so `createCluster({ seed })` with the same calls replays the same run.
 *
 * The brokers take Kafka's defaults, with one exception: a cluster of one or two brokers gets
 * `offsets.topic.replication.factor` set to its size, unless `config` sets it. Kafka's default is
 * 3, and __consumer_offsets is not created on fewer brokers (no consumer group can form until it
 * is), so Kafka's single-broker quickstart `server.properties` sets it to 1; this does the same.
 */
import { deriveRandom, SeededRandom } from '../core/random';
import { randomUuid } from '../core/uuid';
import type { Kafka } from '../client/kafka';
import { Controller } from '../controller/controller';
import { BrokerConfig } from '../protocol/configs';
import { ELIGIBLE_LEADER_REPLICAS_VERSION } from '../protocol/metadata-image';
import { CONTROLLER_NODE_ID } from '../cluster/cluster-operator';
import { LinkFaults } from '../cluster/link-faults';
import { InProcessCluster } from './in-process-cluster';
import { Driver, type ClusterDriver } from './driver';
import { RealTimeDriver, WallClock, type SimClock } from './wall-clock';
import { SimNetwork, type SimNetworkOptions } from './sim-network';
import { VirtualClock } from './virtual-clock';

export interface CreateClusterOptions {
  /**
   * How many brokers to start (ids 1..n, or `brokerIds`). Default 3, or as many as `brokerIds`. With
   * 1 or 2, `offsets.topic.replication.factor` defaults to that number instead of Kafka's 3, so
   * consumer groups work (see above).
   */
  brokers?: number;
  /** The brokers' ids, instead of 1..n: kafkajs's own tests expect 0, 1 and 2. */
  brokerIds?: number[];
  /** Seeds every random choice of the run. Default 1. */
  seed?: number;
  /** Rack of broker i is racks[i % racks.length]; default no racks. */
  racks?: Array<string | null>;
  /**
   * Broker config overrides by Kafka name, for every broker and the controller. Kafka's defaults
   * otherwise, except `offsets.topic.replication.factor` on a cluster of 1 or 2 brokers (see `brokers`).
   */
  config?: Record<string, string | number | boolean>;
  /** Default: a UUID drawn from the seed. */
  clusterId?: string;
  /**
   * Feature levels the new cluster starts with, as `kafka-storage format --feature name=level` sets
   * them. Default Kafka 4.1's: eligible.leader.replicas.version=1 (KIP-966); 0 gives the 3.x and 4.0 behaviour.
   */
  features?: Record<string, number>;
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
 * The clock: 'virtual' (the default), one seeded virtual clock that runs while a call is awaited,
 * the same run for the same seed; or 'real', the wall clock, for clients outside the process
 * (`listen()`). On the wall clock the network has no latency of its own unless `network` gives one.
 * Or 'paced': the virtual clock that no awaited call runs; its owner moves it (`clock.advanceTo`), as
 * the lab (src/lab) does at a chosen speed against wall time. A paced cluster starts with no brokers,
 * since starting one waits for time its owner has not yet moved.
 */
export interface ClockOption {
  clock?: 'virtual' | 'real' | 'paced';
}

export async function createCluster(
  options: CreateClusterOptions & { clock: 'real' },
): Promise<{ cluster: InProcessCluster<WallClock>; kafka: Kafka }>;
export async function createCluster(
  options?: CreateClusterOptions & { clock?: 'virtual' | 'paced' },
): Promise<{ cluster: InProcessCluster<VirtualClock>; kafka: Kafka }>;
export async function createCluster(
  options?: CreateClusterOptions & ClockOption,
): Promise<{ cluster: InProcessCluster<SimClock>; kafka: Kafka }>;
export async function createCluster(
  options: CreateClusterOptions & ClockOption = {},
): Promise<{ cluster: InProcessCluster<SimClock>; kafka: Kafka }> {
  const brokerIds = options.brokerIds;
  const brokerCount = options.brokers ?? brokerIds?.length ?? 3;
  if (!Number.isInteger(brokerCount) || brokerCount < 0)
    throw new RangeError(`createCluster: brokers must be a whole number >= 0, got ${brokerCount}`);
  if (brokerIds !== undefined && (brokerIds.length !== brokerCount || new Set(brokerIds).size !== brokerIds.length))
    throw new RangeError(`createCluster: brokerIds must name each of the ${brokerCount} brokers once, got [${brokerIds.join(', ')}]`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`createCluster: seed must be an integer, got ${seed}`);
  for (const [name, level] of Object.entries(options.features ?? {})) {
    // EligibleLeaderReplicasVersion has levels 0 and 1; it is the one feature modelled.
    if (name !== ELIGIBLE_LEADER_REPLICAS_VERSION || (level !== 0 && level !== 1)) {
      throw new RangeError(`createCluster: unsupported feature ${name}=${level}; ${ELIGIBLE_LEADER_REPLICAS_VERSION} may be 0 or 1`);
    }
  }
  if (options.clock === 'paced' && brokerCount > 0)
    throw new RangeError('createCluster: a paced clock starts with brokers: 0 (add them while its owner moves the clock)');
  const racks = options.racks ?? [];
  const config = withQuickstartOffsetsReplication(options.config ?? {}, brokerCount);
  // Invalid broker configs reject here with Kafka's INVALID_CONFIG, before anything starts.
  const brokerConfig = BrokerConfig.from(config);

  const random = new SeededRandom(seed);
  const clusterId = options.clusterId ?? randomUuid(deriveRandom(random));
  const real = options.clock === 'real';
  if (real && options.checkInvariants) throw new RangeError('createCluster: checkInvariants needs the virtual clock');
  let clock: SimClock;
  let driver: ClusterDriver;
  if (real) {
    clock = new WallClock();
    driver = new RealTimeDriver(clock);
  } else {
    const virtual = new VirtualClock(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps });
    clock = virtual;
    driver =
      options.clock === 'paced'
        ? new RealTimeDriver(virtual)
        : new Driver(virtual, {
            ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
            ...(options.maxVirtualMs === undefined ? {} : { maxVirtualMs: options.maxVirtualMs }),
            context: `seed ${seed}; reproduce with createCluster({ seed: ${seed} })`,
          });
  }
  const faults = new LinkFaults();
  const latency = real ? { minLatencyMs: 0, maxLatencyMs: 0 } : {};
  const network = new SimNetwork(clock, deriveRandom(random), { ...latency, ...options.network, faults });
  const controller = new Controller({
    clock,
    random: deriveRandom(random),
    config: brokerConfig,
    clusterId,
    ...(options.features === undefined ? {} : { features: options.features }),
  });
  const cluster = new InProcessCluster({
    seed,
    clusterId,
    clock,
    random,
    network,
    faults,
    driver,
    controller,
    controllerId: CONTROLLER_NODE_ID,
    brokerConfig,
    config,
    checkInvariants: options.checkInvariants ?? false,
  });
  // One at a time, so broker ids, registration order and every draw follow the same order each run.
  for (let i = 0; i < brokerCount; i++) {
    await cluster.addBroker({
      rack: racks.length === 0 ? null : racks[i % racks.length],
      ...(brokerIds === undefined ? {} : { id: brokerIds[i] }),
    });
  }
  const kafka = cluster.client(options.clientId === undefined ? {} : { clientId: options.clientId });
  return { cluster, kafka };
}

/**
 * `offsets.topic.replication.factor` set to the broker count for a cluster of 1 or 2 brokers, as
 * Kafka's quickstart `server.properties` sets it to 1 for its single broker; a value the caller
 * gives is kept, and an empty cluster (brokers added later) keeps Kafka's default.
 */
export function withQuickstartOffsetsReplication(
  config: Record<string, string | number | boolean>,
  brokerCount: number,
): Record<string, string | number | boolean> {
  const name = 'offsets.topic.replication.factor';
  if (name in config || brokerCount === 0 || brokerCount >= BrokerConfig.from({}).int(name)) return config;
  return { ...config, [name]: brokerCount };
}
