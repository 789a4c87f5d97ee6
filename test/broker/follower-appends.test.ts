import { afterEach, describe, expect, it } from 'vitest';
import { slowStoreWrites } from './support/slow-store';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

describe('broker > replica fetcher', () => {
  it('appends the partitions of one fetch response together, so a store that groups writes commits them as one rather than one after another', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    const partitions = 12;
    await cluster.createTopic(
      'orders',
      Array.from({ length: partitions }, () => [1, 2]),
    );
    // Broker 2 is down while every partition gets a record, so its first fetch back brings them all.
    cluster.killBroker(2);
    for (let p = 0; p < partitions; p++) await cluster.produce(1, 'orders', p, 1);
    // An IndexedDB commit takes a while; during it the other partitions' writes may join.
    const appends = slowStoreWrites(cluster, 2, 'append');
    await cluster.startBroker(2);
    await cluster.until(() =>
      Array.from({ length: partitions }, (_, p) => cluster!.partitionState(2, 'orders', p)!).every((state) => state.logEndOffset === 1),
    );
    // The fetcher's first request left as the first partition was added, before the other eleven.
    expect(appends.maxInFlight()).toBe(partitions - 1);
  });
});
