/**
 * What the client worker exposes over Comlink: the page's workloads (src/workload) on a Kafka
 * client whose connections are MessagePorts straight to the brokers, so produce and fetch never
 * run on the main thread. A connection to a broker is opened on first use: the worker makes the
 * MessageChannel, keeps one end and posts the other to the main thread on its `dialer` port, which
 * hands it to the broker. A plain module so it can be tested in Node; workers/client.worker.ts only
 * calls `expose(createClientHost(...))`.
 */
import { Kafka } from '../client/kafka';
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import { KafkaError } from '../protocol/errors';
import { brokerAddress, type NodeAddress } from '../protocol/rpc';
import { runProducerPerformance, type ProducerPerformanceResult, type ProducerPerformanceSpec } from '../workload/producer-performance';
import { toWorkloadError } from '../workload/workload-error';
import { WorkloadSet } from '../workload/workloads';
import type { ConsumerGroupWorkloadSpec, ProducerWorkloadSpec, WorkloadSnapshot } from '../workload/workload-types';
import type { TimeCourse } from './page-clock';
import { CrashSwitch } from './crash-switch';
import { PortNode } from './port-node';

export interface ClientHostDeps {
  clock: Clock;
  /** Makes the worker's clock follow the page's time (a PageClock's follow); absent where time cannot be paused. */
  followTime?: (course: TimeCourse) => void;
  random: Random;
}

export interface ClientSpec {
  /** Prefix of this worker's connection addresses, e.g. 'client-w1'. */
  address: string;
  clientId: string;
  /** Bootstrap brokers; setBrokers keeps the list current. */
  brokers: number[];
  /** Brokers running now: connections are opened only to them (any other fails at once with NETWORK_EXCEPTION). */
  running: number[];
  /** Where dial requests and snapshots go to the main thread. */
  dialer: MessagePort;
  /** The page's time as the worker starts. */
  timeCourse?: TimeCourse;
}

/** What the worker posts on its dialer port. */
export type ClientHostMessage =
  { kind: 'dial'; from: NodeAddress; peer: NodeAddress; port: MessagePort } | { kind: 'snapshots'; snapshots: WorkloadSnapshot[] };

/** Snapshots go to the main thread at most this often, however fast records arrive. */
export const SNAPSHOT_INTERVAL_MS = 200;

export function createClientHost(deps: ClientHostDeps) {
  const nodes = new Map<NodeAddress, PortNode>();
  const crashes = new CrashSwitch();
  const bootstrap: number[] = [];
  const running = new Set<NodeAddress>();
  let workloads: WorkloadSet | null = null;
  let client: Kafka | null = null;
  let dialer: MessagePort | null = null;
  let pushTimer: Timer | null = null;

  const ready = (): WorkloadSet => {
    if (workloads === null) throw new KafkaError('INVALID_REQUEST', 'The client worker has not been initialised.');
    return workloads;
  };
  const push = () => dialer?.postMessage({ kind: 'snapshots', snapshots: ready().list() } satisfies ClientHostMessage);
  const schedulePush = () => {
    pushTimer ??= deps.clock.schedule(SNAPSHOT_INTERVAL_MS, () => {
      pushTimer = null;
      push();
    });
  };

  return {
    init(spec: ClientSpec): void {
      if (spec.timeCourse !== undefined) deps.followTime?.(spec.timeCourse);
      dialer = spec.dialer;
      bootstrap.splice(0, bootstrap.length, ...spec.brokers);
      for (const id of spec.running) running.add(brokerAddress(id));
      const kafka = new Kafka({
        clientId: spec.clientId,
        brokers: bootstrap,
        clock: deps.clock,
        random: deps.random,
        connect: (clientAddress) => {
          const address = `${spec.address}-${clientAddress}`;
          const node = new PortNode({
            address,
            clock: deps.clock,
            dial: (peer) => {
              if (!running.has(peer)) return null;
              const channel = new MessageChannel();
              dialer?.postMessage({ kind: 'dial', from: address, peer, port: channel.port2 } satisfies ClientHostMessage, [channel.port2]);
              return channel.port1;
            },
          });
          nodes.set(address, node);
          return crashes.guard(node.transport);
        },
      });
      client = kafka;
      workloads = new WorkloadSet({
        kafka,
        clock: deps.clock,
        crash: (address) => crashes.crash(address, () => nodes.get(address)?.close()),
      });
      workloads.onDirty(schedulePush);
    },
    /** The page's time changed (paused, resumed, slowed): every workload's timers follow. */
    setTimeCourse(course: TimeCourse): void {
      deps.followTime?.(course);
    },
    /** The brokers that exist (bootstrap) and those running (dialable). */
    setBrokers(brokers: number[], runningIds: number[]): void {
      bootstrap.splice(0, bootstrap.length, ...brokers);
      running.clear();
      for (const id of runningIds) running.add(brokerAddress(id));
    },
    /** The broker is gone: every connection to it closes and what waited on it fails. */
    disconnect(peer: NodeAddress): void {
      running.delete(peer);
      for (const node of nodes.values()) node.disconnect(peer);
    },
    startProducer: (spec: ProducerWorkloadSpec) => guarded(() => ready().startProducer(spec)),
    startConsumerGroup: (spec: ConsumerGroupWorkloadSpec) => guarded(() => ready().startConsumerGroup(spec)),
    crashMember: (id: string, member: number) =>
      guarded(async () => {
        await ready().crashMember(id, member);
        push();
      }),
    stop: (id: string) =>
      guarded(async () => {
        await ready().stop(id);
        push();
      }),
    stopAll: () =>
      guarded(async () => {
        await ready().stopAll();
        push();
      }),
    list: (): WorkloadSnapshot[] => ready().list(),
    /**
     * kafka-producer-perf-test on this worker's client, so the benchmark's data path stays off the
     * main thread: resolves when every record is answered, with the total line's figures and the
     * lines the tool would print.
     */
    producerPerformance: (spec: ProducerPerformanceSpec): Promise<ProducerPerformanceResult> =>
      guarded(async () => {
        ready();
        return runProducerPerformance(spec, { kafka: client!, clock: deps.clock, random: deps.random, print: () => undefined });
      }),
  };
}

/**
 * Comlink sends a thrown Error as a plain Error, losing KafkaError's type and code; a thrown plain
 * object crosses as it is, so failures leave the worker as Kafka's name, code and message.
 */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toWorkloadError(error);
  }
}

export type ClientHost = ReturnType<typeof createClientHost>;
