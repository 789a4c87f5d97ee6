/**
 * BrowserCluster in Node over in-thread workers and fake-indexeddb (test/runtime/support.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closeClusters, CONFIG, newPrefix, openCluster, until } from './support';

afterEach(closeClusters);

describe('runtime > browser cluster', () => {
  it('comes back from IndexedDB with the same brokers, topics and records when opened again', async () => {
    const prefix = newPrefix('reload');
    const first = await openCluster(prefix);
    for (let i = 0; i < 3; i++) await first.addBroker({ rack: `rack-${i}` });
    await first
      .client()
      .admin()
      .createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3 }] });
    await first
      .client()
      .producer()
      .send({ topic: 'orders', acks: -1, messages: [{ value: 'kept', partition: 1 }] });
    // Fenced before the reload: a reload restarts every broker at once and each re-registration
    // takes that broker out of the ISRs, so were broker 3 still in them, it would be the last ISR
    // member and the partitions would stay offline until it came back (as in Kafka when every
    // broker crashes).
    await first.killBroker(3);
    await until(
      () => first.controller.image.brokers.get(3)?.fenced,
      (fenced) => fenced === true,
    );
    const before = first.describe();
    await first.close();

    const second = await openCluster(prefix);
    // The bootstrap FeatureLevelRecord was persisted with the rest of the log: ELR stays on (KIP-966).
    expect(second.controller.metadataLog[0].record).toEqual({
      type: 'FeatureLevel',
      name: 'eligible.leader.replicas.version',
      featureLevel: 1,
    });
    expect(second.controller.image.isElrFeatureEnabled()).toBe(true);
    const after = second.describe();
    expect(after.brokers).toEqual(before.brokers);
    expect(second.clusterId).toBe(first.clusterId);
    expect(after.topics.map((t) => [t.name, t.topicId, t.partitions.map((p) => p.replicas)])).toEqual(
      before.topics.map((t) => [t.name, t.topicId, t.partitions.map((p) => p.replicas)]),
    );
    const read = await second.client().readPartition({ topic: 'orders', partition: 1, fromOffset: 0 });
    expect(read.records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['kept']);
  }, 60_000);

  it('starts over empty after reset(), with the new configs', async () => {
    const cluster = await openCluster(newPrefix('reset'));
    await cluster.addBroker();
    await cluster
      .client()
      .admin()
      .createTopics({ topics: [{ topic: 'gone', numPartitions: 1, replicationFactor: 1 }] });
    const oldId = cluster.clusterId;
    await cluster.reset({ config: { ...CONFIG, 'num.partitions': 4 } });
    expect(cluster.describe()).toEqual({ controller: cluster.controllerId, brokers: [], topics: [] });
    expect(cluster.clusterId).not.toBe(oldId);
    expect(cluster.config['num.partitions']).toBe(4);
    await cluster.addBroker();
    expect(cluster.describe().brokers).toEqual([{ id: 1, rack: null, state: 'running' }]);
  }, 60_000);

  it('says what a broker was still waiting for when its start times out', async () => {
    const cluster = await openCluster(newPrefix('slow-start'), {}, { startTimeoutMs: 1 });
    await expect(cluster.addBroker()).rejects.toThrow(
      /^broker 1's worker did not answer start within 1 ms \(state \w+, (not registered with the controller|registered with broker epoch \d+), metadata applied up to offset -?\d+, logs (not )?loaded( yet)?\)$/,
    );
  }, 30_000);

  it('starts a broker added while a reset is under way once, on the new cluster', async () => {
    const cluster = await openCluster(newPrefix('add-during-reset'), {}, { startTimeoutMs: 5_000 });
    await cluster.addBroker();
    // The page's button resets and a script adds a broker as soon as the new configs show.
    const resetting = cluster.reset({ config: { ...CONFIG, 'num.partitions': 4 } });
    const added = cluster.addBroker();
    await Promise.all([resetting, added]);
    expect(cluster.describe().brokers).toEqual([{ id: 1, rack: null, state: 'running' }]);
    expect(cluster.controller.image.brokers.get(1)?.fenced).toBe(false);
  }, 30_000);
});
