import { afterEach, describe, expect, it } from 'vitest';
import { Partition, type PartitionContext } from '../../src/broker/partition';
import type { PartitionRegistration } from '../../src/protocol/metadata-image';
import { LeaderRecoveryState } from '../../src/protocol/metadata-records';
import { batch, openLog } from './log-fixtures';
import { TestCluster } from './support/test-cluster';
import { HostedPartitions } from '../../src/broker/hosted-partitions';
import { listOffsets } from '../../src/broker/list-offsets';
import { LATEST_TIMESTAMP } from '../../src/protocol/apis/list-offsets';
import { errorCode } from '../../src/protocol/errors';
import type { MetadataImage } from '../../src/protocol/metadata-image';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

describe('broker > partition ISR', () => {
  it('shrinks the ISR after replica.lag.time.max.ms without a caught-up fetch, and expands it once the follower catches up', async () => {
    cluster = await TestCluster.start({ brokers: 2 });
    await cluster.createTopic('orders', [[1, 2]]);
    const isrChanges: number[][] = [];
    cluster.broker(1).onEvent((event) => {
      if (event.type === 'isr-change') isrChanges.push(event.isr);
    });
    // Broker 2 still heartbeats the controller, so only the leader can drop it: a lagging, not a dead, follower.
    cluster.network.cut('broker-1', 'broker-2');
    await cluster.produce(1, 'orders', 0, 1, { values: ['a'] });
    const cutAtMs = cluster.clock.now();
    await cluster.until(() => cluster!.partitionState(1, 'orders', 0)!.isr.length === 1);
    const shrinkAfterMs = cluster.clock.now() - cutAtMs;
    // replica.lag.time.max.ms = 30 s, checked every 15 s: out between 30 and 45 s.
    expect(shrinkAfterMs).toBeGreaterThan(30_000);
    expect(shrinkAfterMs).toBeLessThanOrEqual(45_500);
    expect(cluster.controller.image.partition('orders', 0)!.isr).toEqual([1]);
    expect(cluster.broker(1).metrics().IsrShrinksPerSec).toBe(1);
    expect(cluster.broker(1).metrics().UnderReplicatedPartitions).toBe(1);

    cluster.network.heal('broker-1', 'broker-2');
    await cluster.until(() => cluster!.partitionState(1, 'orders', 0)!.isr.length === 2);
    expect(cluster.controller.image.partition('orders', 0)!.isr.sort()).toEqual([1, 2]);
    expect(cluster.broker(1).metrics().IsrExpandsPerSec).toBe(1);
    expect(cluster.partitionState(2, 'orders', 0)!.logEndOffset).toBe(1);
    expect(isrChanges.map((isr) => [...isr].sort())).toEqual([[1], [1, 2]]);
  });

  it('keeps a follower that fetches regularly in the ISR however long it runs', async () => {
    cluster = await TestCluster.start({ brokers: 3 });
    await cluster.createTopic('orders', [[1, 2, 3]]);
    for (let i = 0; i < 10; i++) {
      await cluster.produce(1, 'orders', 0, 1, { values: [`v${i}`] });
      await cluster.advance(10_000);
    }
    expect(cluster.partitionState(1, 'orders', 0)!.isr).toHaveLength(3);
    expect(cluster.broker(1).metrics().IsrShrinksPerSec).toBe(0);
  });
});

describe('broker > partition makeLeader', () => {
  /** A Partition on broker 1 over a fixture log, with every peer registered and active. */
  async function leaderPartition(logConfig: Parameters<typeof openLog>[0] = {}) {
    const fixture = await openLog(logConfig);
    const alterPartitions: { newIsr: number[]; leaderEpoch: number }[] = [];
    /** Brokers fenced or in controlled shutdown: the metadata cache gives them no active epoch. */
    const ineligible = new Set<number>();
    const context: PartitionContext = {
      brokerId: 1,
      clock: fixture.clock,
      replicaLagTimeMaxMs: () => 30_000,
      brokerEpoch: () => 11,
      activeBrokerEpoch: (id) => (ineligible.has(id) ? undefined : 10 + id),
      registeredBrokerEpoch: (id) => 10 + id,
      alterPartition: (_partition, item) => {
        alterPartitions.push({ newIsr: item.newIsrWithEpochs.map((r) => r.brokerId), leaderEpoch: item.leaderEpoch });
        return new Promise(() => undefined);
      },
      onHighWatermarkIncreased: () => undefined,
      onLowWatermarkIncreased: () => undefined,
      isBrokerAlive: () => true,
      onIsrChanged: () => undefined,
      onIsrUpdateFailed: () => undefined,
    };
    const partition = new Partition('orders', 0, 'AAAAAAAAAAAAAAAAAAAAAA', fixture.log, context);
    const registration = (leaderEpoch: number, isr: number[]): PartitionRegistration => ({
      topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
      topicName: 'orders',
      partition: 0,
      replicas: [1, 2, 3],
      isr,
      leader: 1,
      leaderEpoch,
      partitionEpoch: leaderEpoch,
      leaderRecoveryState: LeaderRecoveryState.RECOVERED,
      elr: [],
      lastKnownElr: [],
      addingReplicas: [],
      removingReplicas: [],
    });
    const append = () => partition.appendRecordsToLeader(batch([{ value: 'v' }], fixture.clock.now()), 1);
    const fetch = (replicaId: number, fetchOffset: number) =>
      partition.fetchRecords({
        replicaId,
        replicaEpoch: 10 + replicaId,
        fetchOffset,
        currentLeaderEpoch: partition.leaderEpoch,
        lastFetchedEpoch: -1,
        logStartOffset: 0,
        maxBytes: 1 << 20,
        fetchTimeMs: fixture.clock.now(),
      });
    return { partition, fixture, registration, append, fetch, alterPartitions, ineligible };
  }

  it('re-elected in a new epoch, counts a follower outside the ISR as not caught up, so it cannot hold the HW back (Replica.resetReplicaState)', async () => {
    const { partition, fixture, registration, append, fetch } = await leaderPartition();
    await partition.makeLeader(registration(0, [1, 2, 3]));
    await append();
    await append();
    await fetch(2, 2);
    await fetch(3, 2);
    expect(fixture.log.highWatermark).toBe(2);
    await fixture.clock.advance(60_000);

    // The controller took 3 out of the ISR with a new leader epoch; 1 stays the leader.
    await partition.makeLeader(registration(1, [1, 2]));
    await append();
    await fetch(2, 3);
    expect(fixture.log.highWatermark).toBe(3);
    // 3 fetches from the epoch's start offset: behind the HW, so not back in the ISR. Kafka reset its
    // lastFetchTimeMs to 0 (it is not in the ISR), so this fetch does not make it caught up.
    await fetch(3, 2);
    await append();
    await fetch(2, 4);
    expect(fixture.log.highWatermark).toBe(4);
  });

  it("lets a follower rejoin only once its LEO reaches both the HW and the new leader epoch's start offset (Partition.isFollowerInSync)", async () => {
    // min.insync.replicas 2: while the ISR is the leader alone its HW does not move (KIP-966).
    const { partition, fixture, registration, append, fetch, alterPartitions } = await leaderPartition({ minInSyncReplicas: 2 });
    await partition.makeLeader(registration(0, [1, 2, 3]));
    for (let i = 0; i < 10; i++) await append();
    await fetch(2, 5);
    await fetch(3, 5);
    expect(fixture.log.highWatermark).toBe(5);

    // Re-elected in epoch 1 with the ISR [1]: LEO 10, HW 5; epoch 1 starts at offset 10.
    await partition.makeLeader(registration(1, [1]));
    expect(fixture.log.highWatermark).toBe(5);
    // Follower 2 at offset 5 has reached the HW but not the epoch's start: joining now would let a
    // later clean election pick a replica without offsets 5-9.
    await fetch(2, 5);
    expect(alterPartitions).toEqual([]);
    await fetch(2, 10);
    expect(alterPartitions).toEqual([{ newIsr: [1, 2], leaderEpoch: 1 }]);
  });

  it("answers a client's ListOffsets for the latest offset with OFFSET_NOT_AVAILABLE while the HW is below the epoch's start (Partition.fetchOffsetForTimestamp)", async () => {
    const { partition, registration, append, fetch } = await leaderPartition({ minInSyncReplicas: 2 });
    await partition.makeLeader(registration(0, [1, 2, 3]));
    for (let i = 0; i < 10; i++) await append();
    await fetch(2, 5);
    await fetch(3, 5);
    // Re-elected in epoch 1 with LEO 10 and HW 5: "latest" would go back from 10 to 5 after a failover.
    await partition.makeLeader(registration(1, [1, 2]));
    // The metadata knows the partition; only the partition's own answer is under test.
    const image = { partition: () => registration(1, [1, 2]) } as unknown as MetadataImage;
    const hosted = new HostedPartitions(image, () => true);
    hosted.add(partition);
    const latest = (replicaId: number) =>
      listOffsets(hosted, {
        replicaId,
        isolationLevel: 0,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, currentLeaderEpoch: 1, timestamp: LATEST_TIMESTAMP }] }],
      }).then((response) => response.topics[0].partitions[0]);
    expect(await latest(-1)).toMatchObject({ errorCode: errorCode('OFFSET_NOT_AVAILABLE') });
    // A follower asks for the log end, which it may have.
    expect(await latest(2)).toMatchObject({ errorCode: 0, offset: 10 });
    // Once follower 2 has caught up to the epoch's start the HW reaches it, and clients get their answer.
    await fetch(2, 10);
    expect(await latest(-1)).toMatchObject({ errorCode: 0, offset: 10 });
  });

  it('proposes a caught-up follower for the ISR only while it is ISR-eligible: not fenced, not shutting down (KRaft isReplicaIsrEligible)', async () => {
    const { partition, registration, append, fetch, alterPartitions, ineligible } = await leaderPartition();
    await partition.makeLeader(registration(0, [1, 2]));
    await append();
    await fetch(2, 1);
    // Broker 3 catches up while the controller has it fenced (or in controlled shutdown): the
    // controller would refuse it, so the leader must not send a doomed AlterPartition.
    ineligible.add(3);
    await fetch(3, 1);
    expect(alterPartitions).toEqual([]);
    ineligible.delete(3);
    await fetch(3, 1);
    expect(alterPartitions).toEqual([{ newIsr: [1, 2, 3], leaderEpoch: 0 }]);
  });
});
