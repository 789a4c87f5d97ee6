/**
 * A small cluster for broker tests: the real Controller, N Brokers over MemoryLogStores and a
 * FakeNetwork, all on one VirtualClock. `run(promise)` advances virtual time until the promise
 * settles, so a test reads as a story in virtual time.
 */
import { Broker } from '../../../src/broker/broker';
import { MemoryLogStore } from '../../../src/broker/memory-log-store';
import type { LogMeta } from '../../../src/broker/unified-log';
import { Controller } from '../../../src/controller/controller';
import { SeededRandom } from '../../../src/core/random';
import type { ProducePartitionResponse } from '../../../src/protocol/apis/produce';
import type { FetchPartitionResponse } from '../../../src/protocol/apis/fetch';
import { BrokerConfig } from '../../../src/protocol/configs';
import { encodeRecordBatch, type BatchInput } from '../../../src/protocol/record-batch';
import { brokerAddress, CONTROLLER_ADDRESS, type ApiKey, type RequestOf, type ResponseOf } from '../../../src/protocol/rpc';
import { VirtualClock } from '../../../src/sim/virtual-clock';
import { FakeNetwork } from './fake-network';

export interface TestClusterOptions {
  brokers: number;
  config?: Record<string, string | number | boolean>;
  seed?: number;
}

export class TestCluster {
  readonly clock = new VirtualClock();
  readonly network = new FakeNetwork(this.clock);
  readonly config: BrokerConfig;
  readonly random: SeededRandom;
  readonly controller: Controller;
  readonly stores = new Map<number, MemoryLogStore<LogMeta>>();
  readonly brokers = new Map<number, Broker>();
  private readonly client = this.network.transport('client-1');

  constructor(options: TestClusterOptions) {
    this.config = BrokerConfig.from(options.config ?? {});
    this.random = new SeededRandom(options.seed ?? 1);
    this.controller = new Controller({ clock: this.clock, random: this.random, config: this.config, clusterId: 'test-cluster' });
    this.network.register(CONTROLLER_ADDRESS, this.controller.handle);
    for (let id = 1; id <= options.brokers; id++) this.stores.set(id, new MemoryLogStore<LogMeta>());
  }

  static async start(options: TestClusterOptions): Promise<TestCluster> {
    const cluster = new TestCluster(options);
    await Promise.all([...cluster.stores.keys()].map((id) => cluster.startBroker(id)));
    return cluster;
  }

  broker(id: number): Broker {
    return this.brokers.get(id)!;
  }

  /** Starts (or restarts) broker `id` over its store; resolves once it is unfenced. */
  startBroker(id: number): Promise<void> {
    const broker = new Broker({
      brokerId: id,
      rack: null,
      clock: this.clock,
      random: new SeededRandom(id),
      transport: this.network.transport(brokerAddress(id)),
      store: this.stores.get(id)!,
      config: this.config,
      clusterId: 'test-cluster',
    });
    this.brokers.set(id, broker);
    this.network.register(brokerAddress(id), broker.handle);
    return this.run(broker.start());
  }

  killBroker(id: number): void {
    this.broker(id).kill();
    this.network.unregister(brokerAddress(id));
  }

  /** Advances virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>, maxVirtualMs = 120_000): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => (settled = true));
    tracked.catch(() => undefined);
    await this.clock.runUntil(() => settled, { maxVirtualMs });
    return tracked;
  }

  async until(condition: () => boolean, maxVirtualMs = 120_000): Promise<void> {
    await this.clock.runUntil(condition, { maxVirtualMs });
  }

  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  request<K extends ApiKey>(to: number | string, api: K, body: RequestOf<K>, timeoutMs = 60_000): Promise<ResponseOf<K>> {
    const address = typeof to === 'number' ? brokerAddress(to) : to;
    return this.run(this.client.request(address, api, body, timeoutMs));
  }

  /** Creates a topic with a manual assignment and waits until every replica has taken its role. */
  async createTopic(name: string, assignments: number[][], configs: Record<string, string> = {}): Promise<void> {
    const response = await this.request(CONTROLLER_ADDRESS, 'CreateTopics', {
      topics: [
        {
          name,
          numPartitions: -1,
          replicationFactor: -1,
          assignments: assignments.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
          configs: Object.entries(configs).map(([configName, value]) => ({ name: configName, value })),
        },
      ],
      timeoutMs: 30_000,
      validateOnly: false,
    });
    if (response.topics[0].errorCode !== 0) throw new Error(`CreateTopics failed: ${response.topics[0].errorMessage}`);
    await this.until(() =>
      assignments.every((replicas, partition) =>
        replicas.every((id) => {
          const state = this.partitionState(id, name, partition);
          return state !== undefined && state.leaderEpoch >= 0;
        }),
      ),
    );
  }

  partitionState(brokerId: number, topic: string, partition: number) {
    return this.broker(brokerId)
      .partitionStates()
      .find((state) => state.topic === topic && state.partition === partition);
  }

  leaderOf(topic: string, partition: number): number {
    return this.controller.image.partition(topic, partition)!.leader;
  }

  async produce(
    brokerId: number,
    topic: string,
    partition: number,
    acks: number,
    batch: Partial<BatchInput> & { values?: string[] } = {},
    timeoutMs = 30_000,
  ): Promise<ProducePartitionResponse> {
    const values = batch.values ?? ['v'];
    const bytes = encodeRecordBatch({
      ...batch,
      records: values.map((value, index) => ({ key: null, value: new TextEncoder().encode(value), timestamp: this.clock.now() + index })),
    });
    const response = await this.request(
      brokerId,
      'Produce',
      {
        transactionalId: null,
        acks,
        timeoutMs,
        topicData: [{ name: topic, partitionData: [{ index: partition, records: bytes }] }],
      },
      timeoutMs + 10_000,
    );
    return response.responses[0].partitionResponses[0];
  }

  async fetch(
    brokerId: number,
    topic: string,
    partition: number,
    fetchOffset: number,
    options: { currentLeaderEpoch?: number; maxWaitMs?: number } = {},
  ): Promise<FetchPartitionResponse> {
    const response = await this.request(brokerId, 'Fetch', {
      replicaId: -1,
      replicaEpoch: -1,
      maxWaitMs: options.maxWaitMs ?? 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [
        {
          topic,
          partitions: [
            {
              partition,
              currentLeaderEpoch: options.currentLeaderEpoch ?? -1,
              fetchOffset,
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: 1 << 20,
            },
          ],
        },
      ],
    });
    return response.responses[0].partitions[0];
  }

  /** Stops everything so no timer is left on the clock. */
  close(): void {
    for (const broker of this.brokers.values()) broker.kill();
    this.controller.close();
  }
}
