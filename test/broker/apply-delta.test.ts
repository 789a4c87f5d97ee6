import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from '../../src/protocol/errors';
import { slowStoreWrites } from './support/slow-store';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

describe('broker > applying a metadata delta', () => {
  it('takes over every partition a fenced leader led at once, their new epochs written together rather than one store write after another', async () => {
    cluster = await TestCluster.start({ brokers: 3, config: { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500 } });
    const partitions = 20;
    // Broker 1 leads every partition; broker 2 is the next in each replica list, so it takes them all.
    await cluster.createTopic(
      'orders',
      Array.from({ length: partitions }, () => [1, 2, 3]),
    );
    const writes = slowStoreWrites(cluster, 2, 'writeMeta');
    cluster.killBroker(1);
    await cluster.until(() => cluster!.leaderOf('orders', 0) === 2);
    const electedAt = cluster.clock.now();
    await cluster.until(() =>
      Array.from({ length: partitions }, (_, p) => cluster!.partitionState(2, 'orders', p)!).every((state) => state.isLeader),
    );
    expect(writes.maxInFlight()).toBe(partitions);
    // The broker hears of the election one network hop after the controller wrote it, then one write.
    expect(cluster.clock.now() - electedAt).toBeLessThan(partitions);
  });

  it('lets a follower that hears of the election first fetch as soon as the new leader has taken over, instead of refusing it UNKNOWN_LEADER_EPOCH and costing it replica.fetch.backoff.ms', async () => {
    cluster = await TestCluster.start({ brokers: 3, config: { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500 } });
    await cluster.createTopic('orders', [[1, 2, 3]], { 'min.insync.replicas': '2' });
    // Broker 2 takes over, but writing the new leader epoch takes it a while (an IndexedDB commit
    // on a busy machine); broker 3 learns of the election and fetches from it meanwhile.
    slowStoreWrites(cluster, 2, 'writeMeta', 20);
    cluster.killBroker(1);
    await cluster.until(() => cluster!.leaderOf('orders', 0) === 2);
    const electedAt = cluster.clock.now();
    let response = await cluster.produce(2, 'orders', 0, -1);
    while (errorName(response.errorCode) === 'NOT_LEADER_OR_FOLLOWER') response = await cluster.produce(2, 'orders', 0, -1);
    expect(errorName(response.errorCode)).toBe('NONE');
    // Kafka's fetch takes the partition's leaderIsrUpdateLock, so it waits for makeLeader to finish.
    expect(cluster.clock.now() - electedAt).toBeLessThan(cluster.config.int('replica.fetch.backoff.ms'));
  });
});
