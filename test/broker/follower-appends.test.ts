import { afterEach, describe, expect, it } from 'vitest';
import type { StoredBatch, TopicPartition } from '../../src/broker/log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

describe('broker > replica fetcher', () => {
  it('appends the partitions of one fetch response together, so a store that groups writes commits them as one rather than one after another', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    const partitions = 12;
    await cluster.createTopic('orders', Array.from({ length: partitions }, () => [1, 2]));
    // Broker 2 is down while every partition gets a record, so its first fetch back brings them all.
    cluster.killBroker(2);
    for (let p = 0; p < partitions; p++) await cluster.produce(1, 'orders', p, 1);
    const store = cluster.stores.get(2)!;
    const append = store.append.bind(store);
    let inFlight = 0;
    let maxInFlight = 0;
    store.append = async (tp: TopicPartition, batches: StoredBatch[], meta: LogMeta) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // An IndexedDB commit takes a while; during it the other partitions' writes may join.
      await new Promise<void>((resolve) => cluster!.clock.schedule(1, resolve));
      inFlight--;
      return append(tp, batches, meta);
    };
    await cluster.startBroker(2);
    await cluster.until(() => Array.from({ length: partitions }, (_, p) => cluster!.partitionState(2, 'orders', p)!).every((state) => state.logEndOffset === 1));
    // The fetcher's first request left as the first partition was added, before the other eleven.
    expect(maxInFlight).toBe(partitions - 1);
  });
});
