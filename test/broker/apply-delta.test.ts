import { afterEach, describe, expect, it } from 'vitest';
import type { LogMeta } from '../../src/broker/unified-log';
import type { TopicPartition } from '../../src/broker/log-store';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

/** Each meta write takes 1 virtual ms; returns the most writes seen in flight at once, from now on. */
function slowMetaWrites(test: TestCluster, brokerId: number): { maxInFlight: () => number } {
  const store = test.stores.get(brokerId)!;
  const write = store.writeMeta.bind(store);
  let inFlight = 0;
  let max = 0;
  store.writeMeta = async (tp: TopicPartition, meta: LogMeta) => {
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise<void>((resolve) => test.clock.schedule(1, resolve));
    inFlight--;
    return write(tp, meta);
  };
  return { maxInFlight: () => max };
}

describe('broker > applying a metadata delta', () => {
  it('takes over every partition a fenced leader led at once, their new epochs written together rather than one store write after another', async () => {
    cluster = await TestCluster.start({ brokers: 3, config: { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500 } });
    const partitions = 20;
    // Broker 1 leads every partition; broker 2 is the next in each replica list, so it takes them all.
    await cluster.createTopic('orders', Array.from({ length: partitions }, () => [1, 2, 3]));
    const writes = slowMetaWrites(cluster, 2);
    cluster.killBroker(1);
    await cluster.until(() => cluster!.leaderOf('orders', 0) === 2);
    const electedAt = cluster.clock.now();
    await cluster.until(() => Array.from({ length: partitions }, (_, p) => cluster!.partitionState(2, 'orders', p)!).every((state) => state.isLeader));
    expect(writes.maxInFlight()).toBe(partitions);
    // The broker hears of the election one network hop after the controller wrote it, then one write.
    expect(cluster.clock.now() - electedAt).toBeLessThan(partitions);
  });
});
