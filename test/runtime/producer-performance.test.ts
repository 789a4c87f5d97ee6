/**
 * sim.workloads.producerPerformance: kafka-producer-perf-test in the client worker (here an
 * in-thread Comlink endpoint over the real client host), against brokers over fake-indexeddb.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { ClientWorkerBridge } from '../../src/runtime/client-worker-bridge';
import { closeClusters, inThreadClientWorker, newPrefix, openCluster } from './support';

const bridges: ClientWorkerBridge[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) bridge.close();
  await closeClusters();
});

async function workerOnThreeBrokers(prefix: string): Promise<{ bridge: ClientWorkerBridge; highWatermarks: () => Promise<number[]> }> {
  const cluster = await openCluster(prefix);
  for (let i = 0; i < 3; i++) await cluster.addBroker();
  await cluster
    .client()
    .admin()
    .createTopics({ topics: [{ topic: 'perf', numPartitions: 6, replicationFactor: 3 }] });
  const bridge = await ClientWorkerBridge.start(cluster, inThreadClientWorker, { callTimeoutMs: 20_000 });
  bridges.push(bridge);
  const highWatermarks = async () => {
    await cluster.refresh();
    return cluster
      .describe()
      .topics.find((t) => t.name === 'perf')!
      .partitions.map((p) => p.highWatermark);
  };
  return { bridge, highWatermarks };
}

describe('runtime > producer performance in the client worker', () => {
  it('produces numRecords records with acks=all from the worker and returns the total line with its figures', async () => {
    const { bridge, highWatermarks } = await workerOnThreeBrokers(newPrefix('perf'));
    const total = await bridge.producerPerformance({
      topic: 'perf',
      numRecords: 2000,
      recordSize: 100,
      throughput: -1,
      producerProps: { acks: 'all' },
    });
    expect(total.records).toBe(2000);
    expect(total.failed).toBe(0);
    expect(total.recordsPerSec).toBeGreaterThan(0);
    expect(total.p50Ms).toBeLessThanOrEqual(total.p99Ms);
    expect(total.lines.at(-1)).toMatch(/^2000 records sent, \d+\.\d{6} records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d{2} ms avg latency/);
    const hws = await highWatermarks();
    expect(hws.reduce((sum, hw) => sum + hw, 0)).toBe(2000);
  });

  it("refuses a spec it cannot run with Kafka's error name, across the worker boundary", async () => {
    const { bridge } = await workerOnThreeBrokers(newPrefix('perf-invalid'));
    const error = await bridge
      .producerPerformance({ topic: 'perf', numRecords: 0, recordSize: 100, throughput: -1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaError);
    expect(error).toMatchObject({ type: 'INVALID_CONFIG', message: 'numRecords must be a whole number above 0; got 0.' });
  });
});
