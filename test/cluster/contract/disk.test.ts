/**
 * The cluster contract, a full disk: Kafka's log-directory failure (LogDirFailureChannel,
 * ReplicaManager.handleLogDirFailure) on both runtimes (./runtimes.ts). A broker whose disk fills
 * fails its only log directory and halts; the controller fences it and elects a new leader from the
 * ISR; nothing acknowledged is lost, and a restart (space freed) brings the broker back.
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/cluster/wait-until';
import { isr, RUNTIMES, values, withOrders } from './runtimes';

describe.each(RUNTIMES)('cluster contract ($name) > a full disk', (runtime) => {
  it("fails the leader's log directory: it halts, a new leader is elected from the ISR, and every acknowledged record is still read", async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const leader = cluster.leaderOf('orders', 0);
    const producer = kafka.producer();
    const acknowledged: string[] = [];
    let running = true;
    const load = (async () => {
      for (let n = 0; running; n++) {
        try {
          await producer.send({ topic: 'orders', acks: -1, messages: [{ value: `record-${n}`, partition: 0 }] });
          acknowledged.push(`record-${n}`);
        } catch {
          // Not acknowledged: the checker below asks nothing of it.
        }
        await cluster.wait(50);
      }
    })();
    await waitUntil(cluster, 'the first acknowledgements', () => acknowledged.length >= 5);

    await cluster.broker(leader).fillDisk();
    await waitUntil(cluster, 'the broker to halt', () => cluster.broker(leader).state === 'killed');
    const failed = cluster.timeline.events().find((event) => event.kind === 'broker-log-dir-failed');
    expect(failed?.subjects.brokers).toEqual([leader]);
    expect(failed?.text).toContain('QuotaExceededError');
    await waitUntil(cluster, 'a new leader from the ISR', () => ![leader, -1].includes(cluster.leaderOf('orders', 0)));
    const ackedAtFailover = acknowledged.length;
    await waitUntil(cluster, 'acks=all to go on with the new leader', () => acknowledged.length >= ackedAtFailover + 10);
    running = false;
    await cluster.settle(load, 'the producing loop to stop');

    const log = await values(kafka);
    expect(acknowledged.filter((value) => !log.includes(value))).toEqual([]);

    await cluster.broker(leader).restart();
    await waitUntil(cluster, 'the restarted broker back in the ISR', () => isr(cluster).length === 3);
  }, 90_000);

  it('a broker with a full disk that has not written since halts at its controlled shutdown, whose last checkpoint fails', async () => {
    const { cluster } = await withOrders(runtime);
    const follower = cluster.describePartition('orders', 0).replicas.find((id) => id !== cluster.leaderOf('orders', 0))!;
    await cluster.broker(follower).fillDisk();
    expect(cluster.broker(follower).state).toBe('running');
    await cluster.broker(follower).shutdown();
    await waitUntil(cluster, 'the broker to have halted', () => cluster.broker(follower).state === 'killed');
    expect(cluster.timeline.events().some((event) => event.kind === 'broker-log-dir-failed')).toBe(true);
  }, 60_000);

  it('a follower whose full disk fails as it takes over leadership halts too, and the partition moves on to the last replica', async () => {
    const { cluster } = await withOrders(runtime);
    const leader = cluster.leaderOf('orders', 0);
    const followers = cluster.describePartition('orders', 0).replicas.filter((id) => id !== leader);
    for (const id of followers) await cluster.broker(id).fillDisk();
    await cluster.killBroker(leader);
    // Whichever follower is elected writes its epoch's start offset first (Partition.makeLeader): that write fails.
    await waitUntil(cluster, 'a new leader to halt', () => followers.some((id) => cluster.broker(id).state === 'killed'));
    expect(cluster.timeline.events().filter((event) => event.kind === 'broker-log-dir-failed')).not.toEqual([]);
  }, 60_000);

  it('refuses to fill the disk of a broker that is not running', async () => {
    const { cluster } = await runtime.start({ brokers: 1 });
    await cluster.killBroker(1);
    await expect(cluster.fillDisk(1)).rejects.toThrow('Broker 1 is not running');
  }, 30_000);
});
