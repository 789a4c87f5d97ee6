/**
 * The cluster contract, what a cluster reports beyond describe(): its consumer groups as the
 * coordinator sees them, and the committed records a broker gives up after an unclean election, on
 * the timeline too, on both runtimes (./runtimes.ts).
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/cluster/wait-until';
import { RUNTIMES, values, withOrders } from './runtimes';

describe.each(RUNTIMES)('cluster contract ($name) > reports', (runtime) => {
  it('describes a consumer group: its state, members, the partitions each owns, and its committed offsets with lag', async () => {
    const { cluster, kafka } = await runtime.start({ brokers: 3 });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 3 }] });
    await kafka.producer().send({
      topic: 'orders',
      acks: -1,
      messages: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 1 },
        { value: 'c', partition: 1 },
      ],
    });
    const consumer = kafka.consumer({ groupId: 'billing', sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    let read = 0;
    await consumer.run({ eachMessage: async () => void read++ });
    await waitUntil(cluster, 'the consumer to read every record', () => read === 3);
    await consumer.commitOffsets([
      { topic: 'orders', partition: 0, offset: '1' },
      { topic: 'orders', partition: 1, offset: '1' },
    ]);
    // ListGroups answers COORDINATOR_LOAD_IN_PROGRESS while any coordinator shard is still loading.
    let groups = await cluster.describeGroups();
    await waitUntil(cluster, 'the coordinator to list the group', async () => (groups = await cluster.describeGroups()).length > 0);
    const [group] = groups;
    expect(group).toMatchObject({ groupId: 'billing', type: 'classic', state: 'Stable', protocol: 'range' });
    expect(group.members).toHaveLength(1);
    expect(group.members[0].assignment).toEqual([
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ]);
    expect(group.offsets).toEqual([
      { topic: 'orders', partition: 0, committed: 1, highWatermark: 1, lag: 0 },
      { topic: 'orders', partition: 1, committed: 1, highWatermark: 2, lag: 1 },
    ]);
    await consumer.disconnect();
  }, 60_000);

  it("counts down a crashed consumer's session on its member, then the coordinator removes it and the group rebalances", async () => {
    const { cluster, kafka } = await runtime.start({ brokers: 3, config: { 'group.initial.rebalance.delay.ms': 1500 } });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 2, replicationFactor: 1 }] });
    const client = cluster.crashableClient();
    const consumer = client.kafka.consumer({ groupId: 'billing', sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders' });
    // Not awaited: run() returns once the consumer has joined, after the delay this test watches.
    const running = consumer.run({ eachMessage: async () => undefined });
    const billing = async () => (await cluster.describeGroups()).find((group) => group.groupId === 'billing');

    let group = await billing();
    await waitUntil(cluster, 'the new group to wait out its initial rebalance delay', async () => {
      group = await billing();
      return group?.waits.some((wait) => wait.kind === 'initial-rebalance-delay') ?? false;
    });
    const [delay] = group!.waits;
    expect(delay).toMatchObject({ memberId: null, config: 'group.initial.rebalance.delay.ms' });
    expect(delay.endsInMs).toBeLessThanOrEqual(1500);
    await running;
    await waitUntil(cluster, 'the group to become Stable', async () => (await billing())?.state === 'Stable');
    expect((await billing())?.waits).toEqual([]);

    client.crash('consumer-1');
    await waitUntil(cluster, "the silent member's session to count down", async () => {
      group = await billing();
      return group?.waits.some((wait) => wait.kind === 'session') ?? false;
    });
    const [member] = group!.members;
    const [first] = group!.waits;
    expect(first).toMatchObject({ memberId: member.memberId, kind: 'session', config: 'session.timeout.ms' });
    // Shown once the member has been silent for a third of its session.
    expect(first.endsInMs).toBeLessThanOrEqual(4000);
    await cluster.wait(1000);
    const [later] = (await billing())!.waits;
    expect(later.endsInMs).toBeLessThan(first.endsInMs);

    await waitUntil(cluster, 'the coordinator to remove the silent member', async () => (await billing())?.members.length === 0, {
      timeoutMs: first.endsInMs + 3000,
    });
    expect((await billing())?.state).toBe('Empty');
    client.close();
  }, 60_000);

  it('reports the committed records a broker gives up after an unclean election, and puts them on the timeline', async () => {
    const { cluster, kafka } = await runtime.start({
      brokers: 2,
      config: { 'unclean.leader.election.interval.ms': 500, 'replica.high.watermark.checkpoint.interval.ms': 200 },
    });
    await kafka.admin().createTopics({
      topics: [
        {
          topic: 'payments',
          numPartitions: 1,
          replicationFactor: 2,
          configEntries: [{ name: 'unclean.leader.election.enable', value: 'true' }],
        },
      ],
    });
    const producer = kafka.producer();
    await producer.send({ topic: 'payments', acks: -1, messages: [{ value: 'before' }] });
    const { leader, replicas } = cluster.describePartition('payments', 0);
    const stale = replicas.find((id) => id !== leader)!;
    await cluster.killBroker(stale);
    await waitUntil(
      cluster,
      'the ISR to shrink to the leader',
      () => cluster.describePartition('payments', 0).isr.join() === String(leader),
    );
    await producer.send({ topic: 'payments', acks: -1, messages: [{ value: 'alone-0' }, { value: 'alone-1' }] });
    // Past replica.high.watermark.checkpoint.interval.ms: the leader's disk then knows offsets 1..2 were committed.
    await cluster.wait(500);
    await cluster.killBroker(leader);
    await waitUntil(cluster, 'the partition to go offline', () => cluster.leaderOf('payments', 0) === -1);
    await cluster.restartBroker(stale);
    await waitUntil(cluster, 'the stale replica to be elected uncleanly', () => cluster.leaderOf('payments', 0) === stale);
    // The simulator sees every replica: at the election it says what the new leader lacks below the old leader's HW.
    await waitUntil(cluster, 'the election to be reported', () => cluster.lostCommittedOffsets().length > 0);
    expect(cluster.lostCommittedOffsets()).toEqual([
      expect.objectContaining({ brokerId: stale, topic: 'payments', partition: 0, fromOffset: 1, toOffset: 3, detectedAt: 'election' }),
    ]);

    // The old leader comes back as a follower and truncates the committed records the new leader never had: Kafka's view.
    await cluster.restartBroker(leader);
    await waitUntil(cluster, 'the old leader to report what it gave up', () => cluster.lostCommittedOffsets().length > 1);
    expect(cluster.lostCommittedOffsets()[1]).toMatchObject({
      brokerId: leader,
      topic: 'payments',
      partition: 0,
      fromOffset: 1,
      toOffset: 3,
      detectedAt: 'truncation',
    });
    const lostEvents = cluster.timeline.events().filter((e) => e.kind === 'committed-offsets-lost');
    expect(lostEvents.map((e) => e.text)).toEqual([
      `unclean election: broker ${stale} leads payments-0 without committed offsets 1–2 (simulator diagnostic; Kafka says so only when the old leader truncates)`,
      `broker ${leader} gave up committed offsets 1–2 of payments-0 (unclean election)`,
    ]);
    expect(lostEvents[1].subjects).toEqual({ brokers: [leader], topic: 'payments', partitions: [0] });
    expect(cluster.timeline.events().some((e) => e.kind === 'leader-changed' && e.text.endsWith('(unclean election)'))).toBe(true);
  }, 60_000);

  it('records data in motion: the produce into the leader, its followers fetching it, a consumer reading it, each with its offsets', async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const { leader, replicas } = cluster.describePartition('orders', 0);
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    await values(kafka);
    await cluster.refresh();
    const { flights, totals, cursor } = cluster.traffic();
    const leaderAddress = `broker-${leader}`;
    const produce = flights.find((f) => f.api === 'Produce');
    expect(produce).toMatchObject({ to: leaderAddress, topic: 'orders', partition: 0, firstOffset: 0, lastOffset: 1, records: 2 });
    expect(produce!.from).toMatch(/producer/);
    const followers = replicas.filter((id) => id !== leader).map((id) => `broker-${id}`);
    for (const follower of followers) {
      expect(flights.some((f) => f.api === 'Fetch' && f.from === follower && f.to === leaderAddress && f.lastOffset === 1)).toBe(true);
    }
    expect(flights.some((f) => f.api === 'Fetch' && !f.from.startsWith('broker-') && f.records === 2)).toBe(true);
    expect(totals.find((t) => t.api === 'Produce' && t.to === leaderAddress)?.records).toBe(2);

    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'c' }] });
    await cluster.refresh();
    const next = cluster.traffic(cursor);
    expect(next.flights.filter((f) => f.api === 'Produce').map((f) => f.firstOffset)).toEqual([2]);
  }, 60_000);

  it("hands each flight over once when reads overlap, and a restarted leader's first flights are not skipped", async () => {
    const { cluster, kafka } = await withOrders(runtime);
    const keyOf = (f: { origin: string; seq: number }) => `${f.origin}:${f.seq}`;
    await kafka.producer().send({ topic: 'orders', acks: -1, messages: [{ value: 'a' }] });
    await Promise.all([cluster.refresh(), cluster.refresh(), cluster.refresh()]);
    const first = cluster.traffic();
    expect(new Set(first.flights.map(keyOf)).size).toBe(first.flights.length);

    const { leader } = cluster.describePartition('orders', 0);
    await cluster.restartBroker(leader);
    await waitUntil(cluster, 'orders-0 to have a leader again', () => cluster.leaderOf('orders', 0) !== -1);
    const producer = kafka.producer();
    await producer.send({ topic: 'orders', acks: -1, messages: [{ value: 'after the restart' }] });
    const newLeader = `broker-${cluster.leaderOf('orders', 0)}`;
    await Promise.all([cluster.refresh(), cluster.refresh()]);
    const after = cluster.traffic(first.cursor);
    expect(new Set(after.flights.map(keyOf)).size).toBe(after.flights.length);
    expect(after.flights.some((f) => f.api === 'Produce' && f.to === newLeader && f.records === 1)).toBe(true);
  }, 60_000);
});
