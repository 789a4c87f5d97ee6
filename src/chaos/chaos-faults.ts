/**
 * The one fault table of a chaos run, on either runtime: broker kills, restarts and controlled
 * shutdowns, isolation, cuts between brokers or to the controller (both ways, or one way), slow
 * brokers (every message to or from them held back, so as followers they fall behind and leave the
 * ISR after replica.lag.time.max.ms), slow disks, consumer crashes (the member vanishes without
 * LeaveGroup, as kill -9 would, and the coordinator must time it out) with their replacements, and
 * healing of every cut and slow broker.
 *
 * Which fault comes next is one roll against a FaultMix: the default mix is the table the sweep
 * has always used; swarm testing (TigerBeetle's VOPR) draws a mix per seed, so some runs hammer
 * one kind of fault and others never see it. Drawing and applying are apart, so a run can log a
 * fault before it completes (a controlled shutdown takes seconds on real time) and report one that
 * never does.
 */
import type { ClusterOperator } from '../cluster/cluster-operator';
import type { Random } from '../core/random';
import { brokerAddress, CONTROLLER_ADDRESS } from '../protocol/rpc';
import type { ChaosLogEntry } from './chaos-log-entries';
import type { ChaosConsumers } from './chaos-workload';

/** How much a slow broker's messages are delayed, drawn per fault. */
export const SLOW_MIN_MS = 50;
export const SLOW_MAX_MS = 2_000;

/** The kinds a roll can land on; restarting a stopped broker is decided before the roll's band (see FaultMix.restartBelow). */
export type FaultKind = 'kill' | 'shutdown' | 'isolate' | 'cut' | 'slow' | 'slow-disk' | 'fill-disk' | 'consumer';

export interface FaultMix {
  /** A roll below this restarts a stopped broker, if there is one. */
  readonly restartBelow: number;
  /** Cumulative bands in roll order: a roll below `upTo` (and above the band before) is that kind; past the last band, heal. */
  readonly bands: readonly { kind: FaultKind; upTo: number }[];
  /** The roll is drawn from [0, total). */
  readonly total: number;
  /** Whether a cut may go both ways (the lower half of the cut band) or is always one way. */
  readonly cutsBothWays: boolean;
}

/** The page's Chaos tab's table: the sweep's before swarm testing, with cuts both ways as well as one way. */
export const DEFAULT_FAULT_MIX: FaultMix = {
  restartBelow: 25,
  bands: [
    { kind: 'kill', upTo: 40 },
    { kind: 'shutdown', upTo: 48 },
    { kind: 'isolate', upTo: 55 },
    { kind: 'cut', upTo: 68 },
    { kind: 'slow', upTo: 76 },
    { kind: 'consumer', upTo: 90 },
  ],
  total: 100,
  cutsBothWays: true,
};

/** The disk's faults' weights when a run asks for them (withDiskFaults). */
const DISK_FAULT_WEIGHTS = { 'slow-disk': 6, 'fill-disk': 6 } as const;

/**
 * A mix with the disk's faults added (a slow disk if it had none, and a full disk: a log-directory
 * failure, see ClusterOperator.fillDisk), as bands after its own, so the rolls of its other kinds
 * keep their meaning and runs without them draw exactly as before.
 */
export function withDiskFaults(mix: FaultMix): FaultMix {
  const bands = [...mix.bands];
  let upTo = bands.at(-1)?.upTo ?? 0;
  let total = mix.total;
  for (const kind of ['slow-disk', 'fill-disk'] as const) {
    if (bands.some((band) => band.kind === kind)) continue;
    upTo += DISK_FAULT_WEIGHTS[kind];
    total += DISK_FAULT_WEIGHTS[kind];
    bands.push({ kind, upTo });
  }
  // The heal band keeps its width, after the new bands.
  return { ...mix, bands, total };
}

/** The sweep's table before swarm testing, draw for draw: cuts were always one way. `legacyDraws` runs use it, so old seeds replay. */
export const LEGACY_FAULT_MIX: FaultMix = { ...DEFAULT_FAULT_MIX, cutsBothWays: false };

/** The weight of each kind in DEFAULT_FAULT_MIX (heal is what is left), the base a swarm mix scales. */
// A full disk is drawn only by runs that ask for the disk's faults (withDiskFaults): a swarm draw
// per kind here would change every old seed's mix.
const DEFAULT_WEIGHTS: Record<Exclude<FaultKind, 'fill-disk'> | 'heal', number> = {
  kill: 15,
  shutdown: 8,
  isolate: 7,
  cut: 13,
  slow: 8,
  'slow-disk': 6,
  consumer: 14,
  heal: 10,
};

/**
 * A fault mix drawn from the seed: each kind is left out with probability 1/4 and otherwise
 * weighted from half to twice its usual weight; healing always stays possible, and so does killing,
 * so every run has something to recover from.
 */
export function drawFaultMix(random: Random): FaultMix {
  let upTo = 0;
  const bands: { kind: FaultKind; upTo: number }[] = [];
  for (const kind of Object.keys(DEFAULT_WEIGHTS) as (keyof typeof DEFAULT_WEIGHTS)[]) {
    if (kind === 'heal') continue;
    const enabled = kind === 'kill' || random.nextInt(4) !== 0;
    const weight = enabled ? Math.round((DEFAULT_WEIGHTS[kind] * (50 + random.nextInt(151))) / 100) : 0;
    if (weight === 0) continue;
    upTo += weight;
    bands.push({ kind, upTo });
  }
  const total = upTo + Math.round((DEFAULT_WEIGHTS.heal * (50 + random.nextInt(151))) / 100);
  return { restartBelow: Math.round((total * (10 + random.nextInt(31))) / 100), bands, total, cutsBothWays: true };
}

/** The mix in words, for a run's report: `kill 15%, cut 13% ...`. */
export function describeFaultMix(mix: FaultMix): string {
  let from = 0;
  const parts = [`restart a stopped broker below ${percent(mix.restartBelow, mix.total)}`];
  for (const { kind, upTo } of mix.bands) {
    parts.push(`${kind} ${percent(upTo - from, mix.total)}`);
    from = upTo;
  }
  parts.push(`heal ${percent(mix.total - from, mix.total)}`);
  return parts.join(', ');
}

function percent(part: number, total: number): string {
  return `${Math.round((100 * part) / total)}%`;
}

/** What the faults do to the cluster. */
export type FaultTarget = Pick<
  ClusterOperator,
  | 'broker'
  | 'restartBroker'
  | 'killBroker'
  | 'shutdownBroker'
  | 'isolate'
  | 'partition'
  | 'partitionOneWay'
  | 'heal'
  | 'slow'
  | 'slowDisk'
  | 'fillDisk'
  | 'wait'
  | 'isolatedBrokers'
  | 'cutLinks'
>;

/** The crashes and restarts of the group's members. */
export type FaultConsumers = Pick<ChaosConsumers, 'group' | 'live' | 'crashed' | 'crash' | 'restart' | 'nextName'>;

export interface DrawnFault {
  event: ChaosLogEntry;
  apply(): Promise<void>;
  /**
   * For a fault that may rightly never finish: why, now, if it cannot (null if it should have), and
   * what ends it. The run calls it when apply() has not finished in time; otherwise that is a
   * liveness failure.
   */
  whyStuck?(): { reason: string; end(): Promise<void> } | null;
  /** What the run's last recovery does about this fault if it has not ended by itself (a full disk never written to since). */
  atEndOfFaults?(): Promise<void>;
}

export interface DrawOptions {
  mix: FaultMix;
  /** The most a slow broker's messages are held back (see slowMaxMs). */
  maxSlowMs: number;
}

/** How long a fill-disk fault waits for the broker to write, fail and halt. */
const FILL_DISK_HALT_MS = 10_000;
const FILL_DISK_POLL_MS = 100;

const pick = <T>(items: readonly T[], random: Random): T => items[random.nextInt(items.length)];

/** The broker.session.timeout.ms the slowness range (SLOW_MIN_MS to SLOW_MAX_MS) is drawn against: Kafka's default. */
const SESSION_TIMEOUT_MS_OF_RANGE = 9_000;

/**
 * The most a slow broker's messages are held back on a cluster with this session timeout: the
 * range scaled. A broker heartbeat times out after half a session (KAFKA-14392), so under the
 * page's demo timings a 2 s delay would time out every heartbeat answer while the requests still
 * arrive: the broker stays registered but never learns new metadata, and every controlled shutdown
 * waits for it (the controller lets a broker go once every active broker has seen its leaders move).
 */
export function slowMaxMs(sessionTimeoutMs: number): number {
  return Math.min(SLOW_MAX_MS, Math.floor((SLOW_MAX_MS * sessionTimeoutMs) / SESSION_TIMEOUT_MS_OF_RANGE));
}

/**
 * The next fault, drawn from `random`. Only `participants` take part: brokers the user had stopped
 * before the run are neither restarted nor counted.
 */
export function drawFault(
  cluster: FaultTarget,
  participants: readonly number[],
  consumers: FaultConsumers,
  random: Random,
  { mix, maxSlowMs }: DrawOptions,
): DrawnFault {
  // A process that runs, whatever the controller thinks of it; a stopped one can only be restarted.
  const isUp = (id: number) => !['killed', 'shutdown'].includes(cluster.broker(id).state);
  const running = participants.filter(isUp);
  const stopped = participants.filter((id) => !isUp(id));
  const roll = random.nextInt(mix.total);
  if (stopped.length > 0 && (roll < mix.restartBelow || running.length <= 1)) {
    const id = pick(stopped, random);
    // Not waiting for the unfence: the broker may still be cut off from the controller.
    return fault({ kind: 'recovery', description: `restart broker ${id}`, brokers: [id] }, () =>
      cluster.restartBroker(id, { waitUntilUnfenced: false }),
    );
  }
  const bandIndex = mix.bands.findIndex((band) => roll < band.upTo);
  const band = mix.bands[bandIndex];
  switch (band?.kind) {
    case 'kill': {
      const id = pick(running, random);
      return fault({ kind: 'fault', description: `kill broker ${id}`, brokers: [id] }, () => cluster.killBroker(id));
    }
    case 'shutdown': {
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
    case 'isolate': {
      const id = pick(participants, random);
      return fault({ kind: 'fault', description: `isolate broker ${id}`, brokers: [id], network: true }, () => cluster.isolate(id));
    }
    case 'cut': {
      const from = pick(participants, random);
      // The lower half of the band cuts both ways, the upper half one way (Jepsen's partitions, and
      // RaftEventSimulationTest's one-way message filters).
      const bandStart = bandIndex === 0 ? 0 : mix.bands[bandIndex - 1].upTo;
      const oneWay = !mix.cutsBothWays || roll >= bandStart + Math.floor((band.upTo - bandStart) / 2);
      const cut = (to: number | 'controller') => (oneWay ? cluster.partitionOneWay(from, to) : cluster.partition(from, to));
      const arrow = oneWay ? '->' : '<->';
      const how = oneWay ? 'one way' : 'both ways';
      if (random.nextInt(4) === 0) {
        return fault(
          { kind: 'fault', description: `cut broker ${from} ${arrow} controller (${how})`, brokers: [from], network: true },
          () => cut('controller'),
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
    case 'slow': {
      const id = pick(participants, random);
      const extraMs = SLOW_MIN_MS + random.nextInt(Math.max(SLOW_MIN_MS, maxSlowMs) - SLOW_MIN_MS + 1);
      return fault({ kind: 'fault', description: `slow broker ${id}: +${extraMs} ms on every message`, brokers: [id], network: true }, () =>
        cluster.slow(id, extraMs),
      );
    }
    case 'slow-disk': {
      const id = pick(participants, random);
      const extraMs = SLOW_MIN_MS + random.nextInt(Math.max(SLOW_MIN_MS, maxSlowMs) - SLOW_MIN_MS + 1);
      return fault({ kind: 'fault', description: `slow disk on broker ${id}: +${extraMs} ms on every write`, brokers: [id] }, () =>
        cluster.slowDisk(id, extraMs),
      );
    }
    case 'fill-disk': {
      const id = pick(running, random);
      let halted = false;
      return {
        ...fault(
          { kind: 'fault', description: `fill the disk of broker ${id}: its log directory fails and it halts`, brokers: [id] },
          async () => {
            await cluster.fillDisk(id);
            // It halts at its next write, which the run's producers bring at once unless it is cut off.
            for (let waited = 0; waited < FILL_DISK_HALT_MS && isUp(id); waited += FILL_DISK_POLL_MS) await cluster.wait(FILL_DISK_POLL_MS);
            halted = !isUp(id);
          },
        ),
        // A broker cut off all along never wrote, so its disk is still full: the operator frees the
        // space and restarts it, or it would halt at its first write after the faults.
        atEndOfFaults: async () => {
          if (!halted && isUp(id)) await cluster.restartBroker(id, { waitUntilUnfenced: false });
        },
      };
    }
    case 'consumer': {
      // The restart band's upper part of the consumer band replaces a crashed member; the rest crashes one.
      const replaceFrom = band.upTo - Math.round(((band.upTo - (bandIndex === 0 ? 0 : mix.bands[bandIndex - 1].upTo)) * 6) / 14);
      if (consumers.crashed() > 0 && (roll >= replaceFrom || consumers.live().length === 0)) {
        // Its join, under this name, follows in the log.
        const name = consumers.nextName();
        return fault(
          { kind: 'consumer', description: `start consumer ${name} in group ${consumers.group}`, group: consumers.group },
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
      break;
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

/** Every cut and isolation healed, and the participants' messages and disk writes no longer held back. */
export function healAll(cluster: FaultTarget, participants: readonly number[]): void {
  cluster.heal();
  for (const id of participants) {
    cluster.slow(id, 0);
    cluster.slowDisk(id, 0);
  }
}

function fault(event: ChaosLogEntry, apply: () => Promise<void> | void): DrawnFault {
  return { event, apply: async () => apply() };
}
