/**
 * The runtimes the cluster contract suite runs against, behind one ClusterOperator: the in-process
 * cluster on virtual time (seeded, so a failure replays), and the browser runtime in Node over
 * in-thread broker workers and fake-indexeddb on real time (test/runtime/support.ts). A contract
 * test is written once, against the interface, with the cluster's own time (`wait`, `waitUntil`),
 * and must hold on both.
 */
import { afterEach } from 'vitest';
import type { Kafka } from '../../../src/client/kafka';
import type { ClusterOperator, ConfigOverrides } from '../../../src/cluster/cluster-operator';
import { createCluster, withQuickstartOffsetsReplication } from '../../../src/sim/create-cluster';
import { CONFIG, closeClusters, newPrefix, openCluster } from '../../runtime/support';

/** Kafka's timings made short enough for real time: a 1 s broker session, 1.5 s replica lag. The same on both runtimes. */
export const CONTRACT_CONFIG: ConfigOverrides = CONFIG;

export interface StartOptions {
  brokers?: number;
  racks?: (string | null)[];
  config?: ConfigOverrides;
}

export interface RuntimeUnderTest {
  name: 'in-process' | 'browser';
  start(options?: StartOptions): Promise<{ cluster: ClusterOperator; kafka: Kafka }>;
}

const SEED = 17;
const inProcess: ClusterOperator[] = [];

const ALL_RUNTIMES: RuntimeUnderTest[] = [
  {
    name: 'in-process',
    async start({ brokers = 3, racks, config = {} } = {}) {
      console.log(`in-process cluster, seed ${SEED}`);
      const { cluster, kafka } = await createCluster({
        brokers,
        seed: SEED,
        checkInvariants: true,
        config: { ...CONTRACT_CONFIG, ...config },
        ...(racks === undefined ? {} : { racks }),
      });
      inProcess.push(cluster);
      return { cluster, kafka };
    },
  },
  {
    name: 'browser',
    async start({ brokers = 3, racks, config = {} } = {}) {
      // As createCluster does on the other runtime: 1 or 2 brokers get offsets.topic.replication.factor of their count.
      const cluster = await openCluster(newPrefix('contract'), withQuickstartOffsetsReplication(config, brokers));
      for (let i = 0; i < brokers; i++) await cluster.addBroker({ rack: racks === undefined ? null : racks[i % racks.length] });
      return { cluster, kafka: cluster.client() };
    },
  },
];

/**
 * The runtimes to run the contract against: both, unless CONTRACT_RUNTIMES names some
 * (`npm run test:unit` runs the in-process one only; the browser runtime waits on real time).
 */
export const RUNTIMES: RuntimeUnderTest[] = ALL_RUNTIMES.filter(
  (runtime) => process.env.CONTRACT_RUNTIMES === undefined || process.env.CONTRACT_RUNTIMES.split(',').includes(runtime.name),
);

afterEach(async () => {
  for (const cluster of inProcess.splice(0)) await cluster.close();
  await closeClusters();
});

/** `orders`: one partition, RF 3, min.insync.replicas 2, on a fresh cluster of three brokers. */
export async function withOrders(
  runtime: RuntimeUnderTest,
  options: StartOptions = {},
): Promise<{ cluster: ClusterOperator; kafka: Kafka }> {
  const started = await runtime.start(options);
  await started.kafka.admin().createTopics({
    topics: [{ topic: 'orders', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
  });
  return started;
}

/** acks=all sends to orders-0, one after another on the cluster's time, until stopped: what succeeded, and each error's name. */
export function keepProducing(cluster: ClusterOperator, kafka: Kafka, everyMs = 50) {
  const producer = kafka.producer();
  const errors: string[] = [];
  let acked = 0;
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      try {
        await producer.send({ topic: 'orders', acks: -1, messages: [{ value: `record-${n}`, partition: 0 }] });
        acked++;
      } catch (error) {
        errors.push((error as { type?: string }).type ?? String(error));
      }
      await cluster.wait(everyMs);
    }
  })();
  return {
    acked: () => acked,
    errors,
    stop: async () => {
      running = false;
      await cluster.settle(loop, 'the producing loop to stop');
    },
  };
}

export const isr = (cluster: ClusterOperator, topic = 'orders'): number[] => cluster.describePartition(topic, 0).isr;

/** Every record of a partition, as text, read from its leader. */
export async function values(kafka: Kafka, topic = 'orders', partition = 0): Promise<string[]> {
  const read = await kafka.readPartition({ topic, partition, fromOffset: 0 });
  return read.records.map((r) => new TextDecoder().decode(r.value!));
}
