/**
 * The faults of a chaos run, drawn from its seed: broker kills, restarts and controlled shutdowns,
 * isolation, one-way cuts between brokers or to the controller, slow brokers (every message to or
 * from them delayed, so as followers they fall behind and drop out of the ISR after
 * replica.lag.time.max.ms), consumer crashes (the member vanishes without LeaveGroup, as
 * kill -9 would, and the coordinator must time it out), and healing of every cut and slow link.
 */
import type { Random } from '../../core/random';
import type { Cluster } from '../cluster';
import type { ChaosEvent } from './chaos-history';
import type { ChaosConsumers } from './chaos-workload';

/** How much a slow broker's messages are delayed, drawn per fault (the page's chaos run draws the same). */
export const SLOW_MIN_MS = 50;
export const SLOW_MAX_MS = 2_000;

export type FaultEvent = Omit<ChaosEvent, 'atMs'>;

const pick = <T>(items: readonly T[], random: Random): T => items[random.nextInt(items.length)];

export async function injectFault(cluster: Cluster, consumers: ChaosConsumers, random: Random): Promise<FaultEvent> {
  const ids = cluster.brokerIds();
  const running = ids.filter((id) => cluster.broker(id).instance !== null);
  const stopped = ids.filter((id) => cluster.broker(id).instance === null);
  const roll = random.nextInt(100);
  if (stopped.length > 0 && (roll < 25 || running.length <= 1)) {
    const id = pick(stopped, random);
    // Not waiting for the unfence: the broker may still be cut off from the controller.
    await cluster.broker(id).restart({ waitUntilUnfenced: false });
    return { kind: 'recovery', description: `restart broker ${id}`, brokers: [id] };
  }
  if (roll < 40) {
    const id = pick(running, random);
    await cluster.broker(id).kill();
    return { kind: 'fault', description: `kill broker ${id}`, brokers: [id] };
  }
  if (roll < 48) {
    const id = pick(running, random);
    await cluster.broker(id).shutdown();
    return { kind: 'fault', description: `controlled shutdown of broker ${id}`, brokers: [id] };
  }
  if (roll < 55) {
    const id = pick(ids, random);
    cluster.isolate(id);
    return { kind: 'fault', description: `isolate broker ${id}`, brokers: [id], network: true };
  }
  if (roll < 68) {
    const from = pick(ids, random);
    if (random.nextInt(4) === 0) {
      cluster.partitionOneWay(from, 'controller');
      return { kind: 'fault', description: `cut broker ${from} -> controller (one way)`, brokers: [from], network: true };
    }
    const to = pick(
      ids.filter((id) => id !== from),
      random,
    );
    cluster.partitionOneWay(from, to);
    return { kind: 'fault', description: `cut broker ${from} -> broker ${to} (one way)`, brokers: [from, to], network: true };
  }
  if (roll < 76) {
    const id = pick(ids, random);
    const extraMs = SLOW_MIN_MS + random.nextInt(SLOW_MAX_MS - SLOW_MIN_MS + 1);
    cluster.broker(id).slow(extraMs);
    return { kind: 'fault', description: `slow broker ${id}: +${extraMs} ms on every message`, brokers: [id], network: true };
  }
  if (roll < 90) {
    const crashed = consumers.crashed();
    if (crashed > 0 && (roll >= 84 || consumers.live().length === 0)) {
      const name = consumers.restart();
      return { kind: 'consumer', description: `start consumer ${name} in group ${consumers.group}`, group: consumers.group };
    }
    if (consumers.live().length > 0) {
      const name = consumers.crash(pick(consumers.live(), random));
      return {
        kind: 'consumer',
        description: `crash consumer ${name} of group ${consumers.group} (no LeaveGroup)`,
        group: consumers.group,
      };
    }
  }
  cluster.heal();
  for (const id of ids) cluster.broker(id).slow(0);
  return { kind: 'recovery', description: 'heal every cut and slow broker', global: true };
}
