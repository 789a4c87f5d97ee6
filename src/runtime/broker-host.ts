/**
 * What a broker worker exposes over Comlink: the engine's Broker with the browser's clock,
 * randomness and disk, and the MessagePorts the main thread hands it. It is a plain module so it
 * can be tested in Node; workers/broker.worker.ts only calls `expose(createBrokerHost(...))`.
 */
import { Broker, type BrokerEvent, type BrokerState } from '../broker/broker';
import type { LogStore } from '../broker/log-store';
import type { PartitionStateView } from '../broker/replica-manager';
import type { Flight, LinkTotals } from '../broker/traffic-recorder';
import { SlowLogStore } from '../broker/slow-log-store';
import { QuotaLogStore } from '../broker/quota-log-store';
import type { LogMeta } from '../broker/unified-log';
import type { Clock } from '../core/clock';
import type { Random } from '../core/random';
import type { ConfigOverrides } from '../cluster/cluster-operator';
import { BrokerConfig } from '../protocol/configs';
import { KafkaError } from '../protocol/errors';
import { brokerAddress, type NodeAddress } from '../protocol/rpc';
import { NO_FAULTS, type NodeFaults } from '../cluster/link-faults';
import type { TimeCourse } from './page-clock';
import { PortNode } from './port-node';

export type CommittedOffsetsLostEvent = Extract<BrokerEvent, { type: 'committed-offsets-lost' }>;

export interface BrokerHostDeps {
  clock: Clock;
  /** Makes the worker's clock follow the page's time (a PageClock's follow); absent where time cannot be paused. */
  followTime?: (course: TimeCourse) => void;
  random: Random;
  /** The broker's disk, by database name. */
  openStore: (name: string) => Promise<LogStore<LogMeta>>;
}

export interface BrokerSpec {
  /** The page's time as the worker starts: paused, slowed or real. */
  timeCourse?: TimeCourse;
  brokerId: number;
  rack: string | null;
  clusterId: string;
  config: ConfigOverrides;
  storeName: string;
}

export function createBrokerHost(deps: BrokerHostDeps) {
  let node: PortNode | null = null;
  let broker: Broker | null = null;
  let store: SlowLogStore<LogMeta> | null = null;
  let quota: QuotaLogStore<LogMeta> | null = null;
  /** Why the broker halted itself (its log directory failed); the page's next poll hears it and ends the worker. */
  let halted: string | null = null;
  /** setFaults() may arrive before init() has built the node and the store: they take it when they are built. */
  let nodeFaults: NodeFaults = NO_FAULTS;
  /**
   * Committed offsets the broker gave up, numbered, kept until the main thread's next poll says it
   * has them: a poll whose answer is lost (a timeout on a busy worker) must not lose the events.
   */
  let lost: { sequence: number; event: CommittedOffsetsLostEvent }[] = [];
  let lostSequence = 0;

  const running = (): Broker => {
    if (broker === null) throw new KafkaError('BROKER_NOT_AVAILABLE', 'The broker has not been initialised.');
    return broker;
  };

  return {
    /**
     * Builds the broker. The node exists before the first await, so `connect` calls that arrive
     * while the store opens already find it (Comlink runs each call's synchronous part in order).
     */
    async init(spec: BrokerSpec): Promise<void> {
      if (spec.timeCourse !== undefined) deps.followTime?.(spec.timeCourse);
      const config = BrokerConfig.from(spec.config);
      node = new PortNode({
        address: brokerAddress(spec.brokerId),
        clock: deps.clock,
        handler: (api, body, from) => {
          if (broker === null) return Promise.reject(new KafkaError('BROKER_NOT_AVAILABLE', `Broker ${spec.brokerId} is starting.`));
          return broker.handle(api, body, from);
        },
      });
      node.setFaults(nodeFaults);
      quota = new QuotaLogStore(await deps.openStore(spec.storeName));
      store = new SlowLogStore(quota, deps.clock, nodeFaults.slowDiskMs);
      broker = new Broker({
        brokerId: spec.brokerId,
        rack: spec.rack,
        clock: deps.clock,
        random: deps.random,
        transport: node.transport,
        store,
        config,
        clusterId: spec.clusterId,
      });
      broker.onEvent((event) => {
        if (event.type === 'committed-offsets-lost') lost.push({ sequence: ++lostSequence, event });
        if (event.type === 'log-dir-failed') halted = event.reason;
      });
    },
    /** The page's time changed (paused, resumed, slowed): every timer of this broker follows. */
    setTimeCourse(course: TimeCourse): void {
      deps.followTime?.(course);
    },
    connect(peer: NodeAddress, port: MessagePort): void {
      node?.connect(peer, port);
    },
    disconnect(peer: NodeAddress): void {
      node?.disconnect(peer);
    },
    /** Resolves once the controller has unfenced the broker. */
    start(): Promise<void> {
      return running().start();
    },
    /** What a start still under way waits for, in words. */
    describeStartup(): string {
      return broker === null ? 'not initialised' : broker.describeStartup();
    },
    /** Resolves to why the broker halted instead, if its log directory failed on the way; null for a clean shutdown. */
    async controlledShutdown(): Promise<string | null> {
      await running().controlledShutdown();
      node?.close();
      await store?.close();
      return halted;
    },
    /**
     * This broker's share of the cluster's faults, replacing what it had: isolation, cuts and
     * slowness on its ports, and a slow disk on its log.
     */
    setFaults(faults: NodeFaults): void {
      nodeFaults = faults;
      node?.setFaults(faults);
      store?.setExtraMs(faults.slowDiskMs);
    },
    /** Fills this broker's disk: IndexedDB refuses its next write as it refuses one past the quota. */
    fillDisk(): void {
      quota?.fill();
    },
    /**
     * What the main thread polls, in one round trip: the partition states, and the lost-offset events
     * numbered after `seenLostSequence` (those up to it were received and are dropped here).
     */
    poll(
      seenLostSequence: number,
      seenFlight: { origin: string; seq: number } | null = null,
    ): {
      partitionStates: PartitionStateView[];
      lostOffsets: { sequence: number; event: CommittedOffsetsLostEvent }[];
      /**
       * What the broker served after `seenFlight` (all it keeps when that flight came from an earlier
       * process: a restarted broker numbers its flights afresh), and its totals per link.
       */
      traffic: { origin: string; flights: Flight[]; totals: LinkTotals[] } | null;
      /** Why the broker halted (its log directory failed), once it has. */
      halted: string | null;
    } {
      lost = lost.filter((entry) => entry.sequence > seenLostSequence);
      const recorder = broker?.traffic;
      return {
        partitionStates: broker?.partitionStates() ?? [],
        lostOffsets: lost,
        halted,
        traffic:
          recorder === undefined
            ? null
            : {
                origin: recorder.origin,
                flights: recorder.since(seenFlight?.origin === recorder.origin ? seenFlight.seq : 0),
                totals: recorder.linkTotals(),
              },
      };
    },
    state(): BrokerState | null {
      return broker?.state() ?? null;
    },
    metrics(): Record<string, number> {
      return broker?.metrics() ?? {};
    },
  };
}

export type BrokerHost = ReturnType<typeof createBrokerHost>;
