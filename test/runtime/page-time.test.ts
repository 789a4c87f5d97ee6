/**
 * The page's time on the browser runtime (in Node, over in-thread workers): pausing it stops every
 * node's timers at once, so a killed broker is not fenced however long the pause, and time resumes
 * where it stood.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/cluster/wait-until';
import { closeClusters, CONFIG, newPrefix, threeBrokers } from './support';

afterEach(closeClusters);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runtime > page time', () => {
  it('leaves a killed leader unfenced and leading through a pause longer than broker.session.timeout.ms, and fences it once time resumes', async () => {
    const { cluster } = await threeBrokers(newPrefix('pause'));
    const { leader, leaderEpoch } = cluster.describePartition('orders', 0);
    await cluster.killBroker(leader);
    cluster.time.pause();
    const pausedAt = cluster.now();
    await sleep(2.5 * CONFIG['broker.session.timeout.ms']);
    expect(cluster.now()).toBe(pausedAt);
    expect(cluster.controller.image.brokers.get(leader)!.fenced).toBe(false);
    expect(cluster.describePartition('orders', 0)).toMatchObject({ leader, leaderEpoch });

    cluster.time.resume();
    await waitUntil(cluster, 'the controller to fence the killed leader', () => cluster.controller.image.brokers.get(leader)!.fenced, {
      timeoutMs: CONFIG['broker.session.timeout.ms'] + 500,
    });
    expect(cluster.now() - pausedAt).toBeLessThanOrEqual(CONFIG['broker.session.timeout.ms'] + 500);
    await waitUntil(cluster, 'a new leader', () => cluster.leaderOf('orders', 0) !== leader);
  }, 60_000);

  it('runs every node in slow motion: a session takes ten times as long on the wall at 0.1x', async () => {
    const { cluster } = await threeBrokers(newPrefix('slow-motion'));
    cluster.time.setSpeed(0.1);
    const started = Date.now();
    await cluster.wait(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    cluster.time.setSpeed(1);
    // The brokers heartbeat on the same slow clock: none was fenced meanwhile.
    expect(cluster.describe().brokers.map((b) => b.state)).toEqual(['running', 'running', 'running']);
  }, 60_000);
});
