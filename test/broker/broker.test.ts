import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../src/broker/broker';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { LogMeta } from '../../src/broker/unified-log';
import type { Clock, Timer } from '../../src/core/clock';
import { SeededRandom } from '../../src/core/random';
import { ConfigResourceType } from '../../src/protocol/apis/configs';
import { errorName } from '../../src/protocol/errors';
import { brokerAddress } from '../../src/protocol/rpc';
import { until } from '../support/until';
import { TestCluster } from './support/test-cluster';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

/** Counts the timers a broker has pending on the shared clock. */
class CountingClock implements Clock {
  readonly pending = new Set<object>();
  constructor(private readonly inner: Clock) {}
  now(): number {
    return this.inner.now();
  }
  schedule(delayMs: number, task: () => void): Timer {
    const token = {};
    this.pending.add(token);
    const timer = this.inner.schedule(delayMs, () => {
      this.pending.delete(token);
      task();
    });
    return {
      cancel: () => {
        this.pending.delete(token);
        timer.cancel();
      },
    };
  }
}

describe('broker > lifecycle in a cluster', () => {
  it('leaves no timer behind when killed, and its later callbacks do nothing', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    const clock = new CountingClock(cluster.clock);
    const store = new MemoryLogStore<LogMeta>();
    const broker = new Broker({
      brokerId: 3,
      rack: null,
      clock,
      random: new SeededRandom(3),
      transport: cluster.network.transport(brokerAddress(3)),
      store,
      config: cluster.config,
      clusterId: 'test-cluster',
    });
    cluster.network.register(brokerAddress(3), broker.handle);
    await cluster.run(broker.start());
    await cluster.advance(3_000);
    expect(clock.pending.size).toBeGreaterThan(0);
    broker.kill();
    expect(clock.pending.size).toBe(0);
    expect(broker.state()).toBe('killed');
    // Answers still in flight (heartbeats, metadata fetches) arrive and change nothing.
    await cluster.advance(30_000);
    expect(clock.pending.size).toBe(0);
    expect(await store.listPartitions()).toEqual([]);
  });

  it('drains the whole clock once every broker is killed and the controller closed', async () => {
    cluster = await TestCluster.start({ brokers: 3 });
    await cluster.createTopic('orders', [[1, 2, 3]]);
    await cluster.produce(1, 'orders', 0, -1, { values: ['a'] });
    cluster.close();
    await cluster.until(() => cluster!.clock.pendingEvents === 0);
    expect(cluster.clock.pendingEvents).toBe(0);
    cluster = undefined;
  });

  it('registers, catches up, is unfenced and reports its states', async () => {
    cluster = new TestCluster({ brokers: 1 });
    const states: string[] = [];
    const started = cluster.startBroker(1);
    cluster.broker(1).onEvent((event) => {
      if (event.type === 'state') states.push(event.state);
    });
    await started;
    expect(cluster.broker(1).state()).toBe('running');
    expect(states).toEqual(['recovery', 'running']);
    expect(cluster.controller.image.brokers.get(1)!.fenced).toBe(false);
  });

  it('moves leadership away in a controlled shutdown before it stops', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    expect(cluster.leaderOf('orders', 0)).toBe(1);
    await cluster.run(cluster.broker(1).controlledShutdown());
    expect(cluster.broker(1).state()).toBe('shutdown');
    expect(cluster.leaderOf('orders', 0)).toBe(2);
    await cluster.until(() => cluster!.partitionState(2, 'orders', 0)!.isLeader);
    expect((await cluster.produce(2, 'orders', 0, 1)).errorCode).toBe(0);
  });

  it('loads its logs from the store on restart and serves what it had', async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    await cluster.createTopic('orders', [[1]]);
    await cluster.produce(1, 'orders', 0, 1, { values: ['a', 'b', 'c'] });
    // A crash keeps only the HW last checkpointed (replica.high.watermark.checkpoint.interval.ms).
    await until(cluster, 'the HW of 3 is checkpointed to the store', async () => {
      const loaded = await cluster!.stores.get(1)!.load({ topic: 'orders', partition: 0 });
      return loaded?.meta.highWatermark === 3;
    });
    cluster.killBroker(1);
    await cluster.startBroker(1);
    await cluster.until(() => cluster!.partitionState(1, 'orders', 0)?.isLeader === true);
    const state = cluster.partitionState(1, 'orders', 0)!;
    expect(state.logEndOffset).toBe(3);
    expect(state.highWatermark).toBe(3);
    expect((await cluster.fetch(1, 'orders', 0, 0)).records).toHaveLength(1);
  });
});

describe('broker > request handlers', () => {
  it('answers Metadata from its image and auto-creates an unknown topic with LEADER_NOT_AVAILABLE', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    const metadata = await cluster.request(2, 'Metadata', { topics: ['orders', 'fresh'], allowAutoTopicCreation: true });
    expect(metadata.brokers.map((broker) => broker.nodeId)).toEqual([1, 2]);
    expect(metadata.topics[0]).toMatchObject({
      name: 'orders',
      errorCode: 0,
      partitions: [{ partitionIndex: 0, leaderId: 1, replicaNodes: [1, 2], isrNodes: [1, 2] }],
    });
    expect(errorName(metadata.topics[1].errorCode)).toBe('LEADER_NOT_AVAILABLE');
    await cluster.until(() => cluster!.controller.image.topicsByName.has('fresh'));
    const noCreate = await cluster.request(2, 'Metadata', { topics: ['other'], allowAutoTopicCreation: false });
    expect(errorName(noCreate.topics[0].errorCode)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('forwards CreateTopics to the controller and relays its answer', async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    const body = {
      topics: [{ name: 'orders', numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    };
    const response = await cluster.request(1, 'CreateTopics', body);
    expect(errorName(response.topics[0].errorCode)).toBe('INVALID_REPLICATION_FACTOR');
  });

  it("describes a topic's configs with their sources", async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    await cluster.createTopic('orders', [[1]], { 'retention.ms': '1000' });
    const response = await cluster.request(1, 'DescribeConfigs', {
      resources: [
        { resourceType: ConfigResourceType.TOPIC, resourceName: 'orders', configurationKeys: ['retention.ms', 'min.insync.replicas'] },
      ],
    });
    expect(response.results[0].configs.map(({ name, value, configSource }) => ({ name, value, configSource }))).toEqual([
      { name: 'min.insync.replicas', value: '1', configSource: 'DEFAULT_CONFIG' },
      { name: 'retention.ms', value: '1000', configSource: 'DYNAMIC_TOPIC_CONFIG' },
    ]);
  });

  it('answers ListOffsets earliest and latest (the HW) from the leader', async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    await cluster.createTopic('orders', [[1]]);
    await cluster.produce(1, 'orders', 0, 1, { values: ['a', 'b'] });
    const response = await cluster.request(1, 'ListOffsets', {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2 },
            { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 },
          ],
        },
      ],
    });
    expect(response.topics[0].partitions.map((partition) => partition.offset)).toEqual([0, 2]);
  });

  it('answers OffsetForLeaderEpoch with where an epoch ends, undefined for an unknown epoch, and fences a wrong current epoch', async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    await cluster.createTopic('orders', [[1]]);
    await cluster.produce(1, 'orders', 0, 1, { values: ['a', 'b'] });
    const leader = cluster;
    const ask = (currentLeaderEpoch: number, leaderEpoch: number) =>
      leader
        .request(1, 'OffsetForLeaderEpoch', {
          replicaId: -1,
          topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }],
        })
        .then((response) => {
          const { errorCode, leaderEpoch: epoch, endOffset } = response.topics[0].partitions[0];
          return { error: errorName(errorCode), epoch, endOffset };
        });
    // The leader's own epoch (0) ends at its log end offset; an epoch it never had is undefined.
    expect(await ask(0, 0)).toEqual({ error: 'NONE', epoch: 0, endOffset: 2 });
    expect(await ask(-1, 4)).toEqual({ error: 'NONE', epoch: -1, endOffset: -1 });
    expect(await ask(3, 0)).toEqual({ error: 'UNKNOWN_LEADER_EPOCH', epoch: -1, endOffset: -1 });
  });
});
