/**
 * The transaction coordinator's first part (src/broker/transactions): FindCoordinator with key type
 * 1 creates __transaction_state and names the leader of the transactional id's partition, and
 * InitProducerId with a transactional id gives a producer id and epoch that the coordinator keeps
 * in its log, so a coordinator elected after a failover bumps the same producer id's epoch
 * (TransactionCoordinator.handleInitProducerId, KIP-98).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import { errorName } from '../../src/protocol/errors';
import { groupPartition } from '../../src/protocol/internal-topics';
import { brokerAddress } from '../../src/protocol/rpc';

const SEED = 98;
const TXN_PARTITIONS = 5;
const TXN_ID = 'payments-tx';

async function startCluster(): Promise<InProcessCluster> {
  console.log(`seed ${SEED}`);
  const { cluster } = await createCluster({
    brokers: 3,
    seed: SEED,
    config: { 'transaction.state.log.num.partitions': TXN_PARTITIONS },
  });
  return cluster;
}

/** Asks again every 100 ms of virtual time, up to 30 s, until `attempt` gives a value. */
async function retryUntil<T>(cluster: InProcessCluster, what: string, attempt: () => Promise<T | null>): Promise<T> {
  for (let waited = 0; waited <= 30_000; waited += 100) {
    const value = await attempt();
    if (value !== null) return value;
    await cluster.run(cluster.wait(100), what);
  }
  throw new Error(`Waited 30 s of virtual time for ${what}.`);
}

/** The transactional id's coordinator, asked of `brokerId` until one is named. */
async function findTransactionCoordinator(cluster: InProcessCluster, brokerId = 1): Promise<number> {
  const transport = cluster.network.transport('client-9-find-coordinator');
  return retryUntil(cluster, 'a transaction coordinator to be named', async () => {
    const response = await cluster.run(
      transport.request(brokerAddress(brokerId), 'FindCoordinator', { keyType: 1, coordinatorKeys: [TXN_ID] }, 30_000),
      'FindCoordinator',
    );
    return response.coordinators[0].errorCode === 0 ? response.coordinators[0].nodeId : null;
  });
}

async function initProducerId(
  cluster: InProcessCluster,
  brokerId: number,
  fields: { transactionalId?: string; transactionTimeoutMs?: number; producerId?: number; producerEpoch?: number } = {},
) {
  const transport = cluster.network.transport('client-9-init-producer-id');
  const response = await cluster.run(
    transport.request(
      brokerAddress(brokerId),
      'InitProducerId',
      {
        transactionalId: fields.transactionalId ?? TXN_ID,
        transactionTimeoutMs: fields.transactionTimeoutMs ?? 60_000,
        producerId: fields.producerId ?? -1,
        producerEpoch: fields.producerEpoch ?? -1,
      },
      30_000,
    ),
    'InitProducerId',
  );
  return { error: errorName(response.errorCode), producerId: response.producerId, producerEpoch: response.producerEpoch };
}

describe('scenario > transaction coordinator', () => {
  it('creates __transaction_state with the transaction.state.log.* settings and names the leader of the id’s partition', async () => {
    const cluster = await startCluster();
    const coordinator = await findTransactionCoordinator(cluster);
    const topic = cluster.describe().topics.find((t) => t.name === '__transaction_state')!;
    expect(topic.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3]);
    expect(coordinator).toBe(topic.partitions[groupPartition(TXN_ID, TXN_PARTITIONS)].leader);
    await cluster.close();
  });

  it('gives a new transactional id epoch 0, and the next InitProducerId the same producer id at the next epoch', async () => {
    const cluster = await startCluster();
    const coordinator = await findTransactionCoordinator(cluster);
    const first = await initProducerId(cluster, coordinator);
    expect(first).toMatchObject({ error: 'NONE', producerEpoch: 0 });
    expect(await initProducerId(cluster, coordinator)).toEqual({ error: 'NONE', producerId: first.producerId, producerEpoch: 1 });
    await cluster.close();
  });

  it('keeps the producer id in its log: after the coordinator is killed, the new coordinator bumps the same id', async () => {
    const cluster = await startCluster();
    const coordinator = await findTransactionCoordinator(cluster);
    const first = await initProducerId(cluster, coordinator);
    await cluster.killBroker(coordinator);
    const survivor = coordinator === 1 ? 2 : 1;
    const next = await retryUntil(cluster, 'the new coordinator to answer InitProducerId', async () => {
      const elected = await findTransactionCoordinator(cluster, survivor);
      if (elected === coordinator) return null;
      const answer = await initProducerId(cluster, elected);
      return answer.error === 'NONE' ? answer : null;
    });
    expect(next).toEqual({ error: 'NONE', producerId: first.producerId, producerEpoch: 1 });
    await cluster.close();
  });

  it('refuses what Kafka refuses: another broker, an empty id, a timeout above transaction.max.timeout.ms, a stale epoch', async () => {
    const cluster = await startCluster();
    const coordinator = await findTransactionCoordinator(cluster);
    const other = [1, 2, 3].find((id) => id !== coordinator)!;
    expect((await initProducerId(cluster, other)).error).toBe('NOT_COORDINATOR');
    expect((await initProducerId(cluster, coordinator, { transactionalId: '' })).error).toBe('INVALID_REQUEST');
    expect((await initProducerId(cluster, coordinator, { transactionTimeoutMs: 900_001 })).error).toBe('INVALID_TRANSACTION_TIMEOUT');
    const first = await initProducerId(cluster, coordinator);
    await initProducerId(cluster, coordinator);
    // KIP-360: a producer still at epoch 0 was fenced by the bump to 1.
    const stale = await initProducerId(cluster, coordinator, { producerId: first.producerId, producerEpoch: 0 });
    expect(stale.error).toBe('PRODUCER_FENCED');
    await cluster.close();
  });
});
