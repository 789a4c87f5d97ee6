/**
 * The faults of a chaos run against the live cluster, drawn from its seed with the shapes and odds
 * of the in-process run (src/sim/chaos/chaos-faults.ts): broker kills (worker.terminate()), restarts
 * and controlled shutdowns, isolation, cuts between brokers or to the controller (both ways, or one
 * way as in the in-process run), slow brokers, consumer crashes (no LeaveGroup) and their
 * replacements, and healing every cut and slow broker.
 *
 * Only the brokers that were running when the run started take part: a broker the user had stopped
 * is neither restarted nor counted. Drawing and applying are apart, so the run can log a fault
 * before it completes (a controlled shutdown takes seconds) and report one that never does.
 */
import type { Random } from '../../core/random';
import { brokerAddress, CONTROLLER_ADDRESS } from '../../protocol/rpc';
import { SLOW_MAX_MS, SLOW_MIN_MS } from '../../sim/chaos/chaos-faults';
import type { ChaosLogEntry } from '../../sim/chaos/chaos-log-entries';
import type { ChaosConsumers } from '../../sim/chaos/chaos-workload';
import type { BrowserCluster } from '../browser-cluster';

/** What the faults do to the cluster. */
export type FaultTarget = Pick<
  BrowserCluster,
  | 'broker'
  | 'restartBroker'
  | 'killBroker'
  | 'shutdownBroker'
  | 'isolate'
  | 'partition'
  | 'partitionOneWay'
  | 'heal'
  | 'isolatedBrokers'
  | 'cutLinks'
>;

/** The crashes and restarts of the group's members. */
export type FaultConsumers = Pick<ChaosConsumers, 'group' | 'live' | 'crashed' | 'crash' | 'restart'>;

export interface DrawnFault {
  event: ChaosLogEntry;
  apply(): Promise<void>;
  /**
   * For a fault that may rightly never finish: why, now, if it cannot (null if it should have), and
   * what ends it. The run calls it when apply() has not finished in time; otherwise that is a
   * liveness failure.
   */
  whyStuck?(): { reason: string; end(): Promise<void> } | null;
}

const pick = <T>(items: readonly T[], random: Random): T => items[random.nextInt(items.length)];

/** The broker.session.timeout.ms the in-process run's slowness (SLOW_MIN_MS to SLOW_MAX_MS) is drawn against: Kafka's default. */
const SIM_SESSION_TIMEOUT_MS = 9_000;

/**
 * The most a slow broker's messages are held back on a cluster with this session timeout: the
 * in-process run's range, scaled. A broker heartbeat times out after half a session (KAFKA-14392), so
 * under the demo timings a 2 s delay would time out every heartbeat answer while the requests still
 * arrive: the broker stays registered but never learns new metadata, and every controlled shutdown
 * waits for it (the controller lets a broker go once every active broker has seen its leaders move).
 */
export function slowMaxMs(sessionTimeoutMs: number): number {
  return Math.min(SLOW_MAX_MS, Math.floor((SLOW_MAX_MS * sessionTimeoutMs) / SIM_SESSION_TIMEOUT_MS));
}

export function drawLiveFault(
  cluster: FaultTarget,
  participants: readonly number[],
  consumers: FaultConsumers,
  random: Random,
  maxSlowMs = SLOW_MAX_MS,
): DrawnFault {
  const isUp = (id: number) => cluster.broker(id).state === 'running' || cluster.broker(id).state === 'fenced';
  const running = participants.filter(isUp);
  const stopped = participants.filter((id) => !isUp(id));
  const roll = random.nextInt(100);
  if (stopped.length > 0 && (roll < 25 || running.length <= 1)) {
    const id = pick(stopped, random);
    // Not waiting for the unfence: the broker may still be cut off from the controller.
    return fault({ kind: 'recovery', description: `restart broker ${id}`, brokers: [id] }, () =>
      cluster.restartBroker(id, { waitUntilUnfenced: false }),
    );
  }
  if (roll < 40) {
    const id = pick(running, random);
    return fault({ kind: 'fault', description: `kill broker ${id} (worker.terminate())`, brokers: [id] }, () => cluster.killBroker(id));
  }
  if (roll < 48) {
    const id = pick(running, random);
    return {
      ...fault({ kind: 'fault', description: `controlled shutdown of broker ${id}`, brokers: [id] }, () => cluster.shutdownBroker(id)),
      // A broker cut off from the controller is never allowed to finish: Kafka's gives up after 5
      // minutes and stops anyway (BrokerServer.shutdown), which the run does at once.
      whyStuck: () =>
        cutOffFromController(cluster, id)
          ? { reason: `broker ${id} cannot reach the controller, so it stopped without its approval`, end: () => cluster.killBroker(id) }
          : null,
    };
  }
  if (roll < 55) {
    const id = pick(participants, random);
    return fault({ kind: 'fault', description: `isolate broker ${id}`, brokers: [id], network: true }, () => cluster.isolate(id));
  }
  if (roll < 68) {
    // The in-process run's one-way cuts, and as many cut both ways.
    const from = pick(participants, random);
    const oneWay = roll >= 61;
    const cut = (to: number | 'controller') => (oneWay ? cluster.partitionOneWay(from, to) : cluster.partition(from, to));
    const arrow = oneWay ? '->' : '<->';
    const how = oneWay ? 'one way' : 'both ways';
    if (random.nextInt(4) === 0) {
      return fault({ kind: 'fault', description: `cut broker ${from} ${arrow} controller (${how})`, brokers: [from], network: true }, () =>
        cut('controller'),
      );
    }
    const to = pick(
      participants.filter((id) => id !== from),
      random,
    );
    return fault(
      { kind: 'fault', description: `cut broker ${from} ${arrow} broker ${to} (${how})`, brokers: [from, to], network: true },
      () => cut(to),
    );
  }
  if (roll < 76) {
    const id = pick(participants, random);
    const extraMs = SLOW_MIN_MS + random.nextInt(Math.max(SLOW_MIN_MS, maxSlowMs) - SLOW_MIN_MS + 1);
    return fault({ kind: 'fault', description: `slow broker ${id}: +${extraMs} ms on every message`, brokers: [id], network: true }, () =>
      cluster.broker(id).slow(extraMs),
    );
  }
  if (roll < 90) {
    if (consumers.crashed() > 0 && (roll >= 84 || consumers.live().length === 0)) {
      // Its join, under its own name, follows in the log.
      return fault(
        { kind: 'consumer', description: `start a consumer in group ${consumers.group} in place of a crashed one`, group: consumers.group },
        () => {
          consumers.restart();
        },
      );
    }
    if (consumers.live().length > 0) {
      const name = pick(consumers.live(), random);
      return fault(
        { kind: 'consumer', description: `crash consumer ${name} of group ${consumers.group} (no LeaveGroup)`, group: consumers.group },
        () => {
          consumers.crash(name);
        },
      );
    }
  }
  return fault({ kind: 'recovery', description: 'heal every cut and slow broker', global: true }, () => healAll(cluster, participants));
}

function cutOffFromController(cluster: FaultTarget, id: number): boolean {
  const address = brokerAddress(id);
  return (
    cluster.isolatedBrokers().includes(id) ||
    cluster
      .cutLinks()
      .some(({ from, to }) => (from === address && to === CONTROLLER_ADDRESS) || (from === CONTROLLER_ADDRESS && to === address))
  );
}

/** Every cut and isolation healed, and the participants' messages no longer held back. */
export function healAll(cluster: FaultTarget, participants: readonly number[]): void {
  cluster.heal();
  for (const id of participants) cluster.broker(id).slow(0);
}

function fault(event: ChaosLogEntry, apply: () => Promise<void> | void): DrawnFault {
  return { event, apply: async () => apply() };
}
