import { describe, expect, it } from 'vitest';
import type { Consumer } from '../../../src/client/consumer/consumer';
import type { EachMessagePayload } from '../../../src/client/consumer/runner';
import type { ConsumerConfig } from '../../../src/client/consumer/consumer-config';
import type { InstrumentationEvent } from '../../../src/client/consumer/consumer-events';
import { decodeAssignment } from '../../../src/protocol/consumer-protocol';
import type { OffsetCommitRequest } from '../../../src/protocol/apis/groups';
import { clientFixture } from '../support/client-fixture';
import { settle } from '../support/fake-brokers';
import { until } from '../../support/until';
import { FakeGroup } from './support/fake-group';

const text = new TextDecoder();

function setup(config: Partial<ConsumerConfig> = {}, seed = 7) {
  const fixture = clientFixture(seed);
  const group = new FakeGroup(fixture.brokers);
  fixture.brokers.topic('orders', [1, 2, 3]);
  const consumer = fixture.kafka.consumer({ groupId: 'g', ...config });
  const seen: { topic: string; partition: number; offset: string; value: string }[] = [];
  const events: InstrumentationEvent[] = [];
  for (const name of Object.values(consumer.events)) consumer.on(name, (event) => void events.push(event));
  const eachMessage = async ({ topic, partition, message }: EachMessagePayload) => {
    seen.push({ topic, partition, offset: message.offset, value: text.decode(message.value!) });
  };
  return { ...fixture, group, consumer, seen, events, eachMessage };
}

async function start(consumer: Consumer, clock: Parameters<typeof settle>[0], run: Parameters<Consumer['run']>[0], fromBeginning = false) {
  await settle(clock, consumer.connect());
  await settle(clock, consumer.subscribe({ topic: 'orders', fromBeginning }));
  await settle(clock, consumer.run(run));
}

function committedOffsets(body: unknown): Record<string, number> {
  const request = body as OffsetCommitRequest;
  return Object.fromEntries(request.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.committedOffset])));
}

describe('client > consumer', () => {
  it("delivers each record once with kafkajs's eachMessage payload, offsets as strings, from the committed offset", async () => {
    const { clock, group, consumer, eachMessage } = setup();
    group.committed.set('orders:0', 1);
    group.append('orders', 0, ['a', 'b', 'c'], {
      key: 'k',
      headers: [
        { key: 'h', value: 'x' },
        { key: 'h', value: 'y' },
      ],
    });
    const payloads: EachMessagePayload[] = [];
    await start(consumer, clock, {
      eachMessage: async (payload) => {
        payloads.push(payload);
        await eachMessage(payload);
      },
    });
    await until(clock, 'the consumer is handed b and c', () => payloads.length >= 2);
    expect(payloads.map((p) => [p.topic, p.partition, p.message.offset, text.decode(p.message.value!)])).toEqual([
      ['orders', 0, '1', 'b'],
      ['orders', 0, '2', 'c'],
    ]);
    const { message } = payloads[0];
    expect(text.decode(message.key!)).toBe('k');
    expect(message.timestamp).toBe('1700000000000');
    expect((message.headers.h as Uint8Array[]).map((v) => text.decode(v))).toEqual(['x', 'y']);
    expect(typeof payloads[0].heartbeat).toBe('function');
    expect(typeof payloads[0].pause).toBe('function');
  });

  it('commits the next offset to read every auto.commit.interval.ms, not after every record', async () => {
    const { clock, group, brokers, consumer, eachMessage } = setup({ autoCommitInterval: 5000 });
    group.append('orders', 1, ['a', 'b', 'c']);
    await start(consumer, clock, { eachMessage }, true);
    const runStart = clock.now();
    await clock.advance(4000);
    expect(brokers.requestsOf('OffsetCommit')).toHaveLength(0);
    await clock.advance(2000);
    const commits = brokers.requestsOf('OffsetCommit');
    expect(commits).toHaveLength(1);
    expect(commits[0].atMs - runStart).toBeGreaterThanOrEqual(5000);
    // Every owned partition's position (Kafka commits allConsumed()), the consumed one at last offset + 1.
    expect(committedOffsets(commits[0].body)).toEqual({ 'orders-0': 0, 'orders-1': 3, 'orders-2': 0 });
    // Nothing moved since: the next interval commits nothing.
    await clock.advance(6000);
    expect(brokers.requestsOf('OffsetCommit')).toHaveLength(1);
  });

  it('starts at the high watermark with auto.offset.reset=latest (the default) and at the log start with fromBeginning', async () => {
    const latest = setup();
    latest.group.append('orders', 0, ['old']);
    await start(latest.consumer, latest.clock, { eachMessage: latest.eachMessage });
    await until(latest.clock, 'the consumer resets orders-0 to the high watermark', () =>
      latest.consumer.positions().some((p) => p.partition === 0 && p.position === '1'),
    );
    latest.group.append('orders', 0, ['new']);
    await until(latest.clock, 'the consumer is handed a record', () => latest.seen.length >= 1);
    expect(latest.seen.map((r) => r.value)).toEqual(['new']);

    const earliest = setup();
    earliest.group.append('orders', 0, ['old']);
    earliest.group.truncateBefore('orders', 0, 0);
    await start(earliest.consumer, earliest.clock, { eachMessage: earliest.eachMessage }, true);
    await until(earliest.clock, 'the consumer is handed a record', () => earliest.seen.length >= 1);
    expect(earliest.seen.map((r) => r.value)).toEqual(['old']);
  });

  it('crashes with NoOffsetForPartitionException when auto.offset.reset=none and nothing is committed', async () => {
    const { clock, group, consumer, events, eachMessage } = setup({ autoOffsetReset: 'none' });
    group.committed.set('orders:0', 0);
    group.committed.set('orders:1', 0);
    await start(consumer, clock, { eachMessage });
    await until(clock, 'the consumer crashes', () => events.some((e) => e.type === consumer.events.CRASH));
    const crash = events.find((e) => e.type === consumer.events.CRASH);
    const error = (crash?.payload as { error: Error & { type: string } }).error;
    expect(error.name).toBe('NoOffsetForPartitionException');
    expect(error.type).toBe('OFFSET_OUT_OF_RANGE');
    expect(error.message).toBe('Undefined offset with no reset policy for partitions: [orders-2]');
  });

  it('applies auto.offset.reset when the committed offset fell out of the log (OFFSET_OUT_OF_RANGE)', async () => {
    const { clock, group, consumer, seen, eachMessage } = setup({ 'auto.offset.reset': 'earliest' });
    group.append('orders', 0, ['a', 'b', 'c', 'd']);
    group.committed.set('orders:0', 1);
    group.truncateBefore('orders', 0, 3);
    await start(consumer, clock, { eachMessage });
    await until(clock, 'the consumer is handed a record', () => seen.length >= 1);
    expect(seen.map((r) => r.offset)).toEqual(['3']);
  });

  it('joins with the member id the coordinator asks for and, as the only member, is assigned every partition by range', async () => {
    const { clock, brokers, group, consumer, events, eachMessage } = setup();
    await start(consumer, clock, { eachMessage });
    const joins = brokers
      .requestsOf('JoinGroup')
      .map((r) => r.body as { memberId: string; protocols: { name: string }[]; sessionTimeoutMs: number; rebalanceTimeoutMs: number });
    expect(joins.map((j) => j.memberId)).toEqual(['', 'member-1']);
    expect(joins[1].protocols.map((p) => p.name)).toEqual(['range', 'cooperative-sticky']);
    expect(joins[1]).toMatchObject({ sessionTimeoutMs: 45000, rebalanceTimeoutMs: 300000 });
    expect(group.lastSubscription().topics).toEqual(['orders']);
    expect(decodeAssignment(group.syncedAssignments.get('member-1')!).partitions).toEqual(
      [0, 1, 2].map((partition) => ({ topic: 'orders', partition })),
    );
    const join = events.find((e) => e.type === consumer.events.GROUP_JOIN)!;
    expect(join.payload).toMatchObject({
      groupId: 'g',
      memberId: 'member-1',
      leaderId: 'member-1',
      isLeader: true,
      groupProtocol: 'range',
      memberAssignment: { orders: [0, 1, 2] },
    });
    expect(consumer.assignment()).toEqual([{ topic: 'orders', partitions: [0, 1, 2] }]);
  });

  it('eager: on REBALANCE_IN_PROGRESS commits, revokes every partition, then rejoins', async () => {
    const { clock, brokers, group, consumer, events, seen, eachMessage } = setup();
    group.append('orders', 0, ['a', 'b']);
    await start(consumer, clock, { eachMessage }, true);
    await until(clock, 'the consumer is handed a and b', () => seen.length >= 2);
    group.failNext('Heartbeat', 'REBALANCE_IN_PROGRESS');
    await clock.advance(4000);
    const joins = brokers.requestsOf('JoinGroup');
    const commits = brokers.requestsOf('OffsetCommit');
    expect(joins).toHaveLength(3);
    expect(commits.length).toBeGreaterThan(0);
    expect(commits[0].atMs).toBeLessThanOrEqual(joins[2].atMs);
    expect(committedOffsets(commits[0].body)).toMatchObject({ 'orders-0': 2 });
    // EAGER rejoins owning nothing.
    expect(group.lastSubscription().ownedPartitions).toEqual([]);
    expect(events.some((e) => e.type === consumer.events.REBALANCING)).toBe(true);
    expect(group.generationId).toBe(2);
    expect(consumer.assignment()).toEqual([{ topic: 'orders', partitions: [0, 1, 2] }]);
  });

  it('cooperative: rejoins keeping its partitions and reports them as owned', async () => {
    const { clock, brokers, group, consumer, eachMessage } = setup({ partitionAssigners: ['cooperative-sticky'] });
    await start(consumer, clock, { eachMessage });
    group.failNext('Heartbeat', 'REBALANCE_IN_PROGRESS');
    await clock.advance(4000);
    expect(brokers.requestsOf('JoinGroup')).toHaveLength(3);
    expect(group.lastSubscription().ownedPartitions).toEqual([0, 1, 2].map((partition) => ({ topic: 'orders', partition })));
    // Nothing was revoked, so nothing had to be committed for the rebalance.
    expect(brokers.requestsOf('OffsetCommit')).toHaveLength(0);
  });

  it('on UNKNOWN_MEMBER_ID loses its partitions without committing and rejoins with an empty member id', async () => {
    const { clock, brokers, group, consumer, seen, eachMessage } = setup();
    group.append('orders', 0, ['a']);
    await start(consumer, clock, { eachMessage }, true);
    await until(clock, 'the consumer is handed a', () => seen.length >= 1);
    group.failNext('Heartbeat', 'UNKNOWN_MEMBER_ID');
    await clock.advance(4000);
    const joins = brokers.requestsOf('JoinGroup').map((r) => (r.body as { memberId: string }).memberId);
    expect(joins).toEqual(['', 'member-1', '', 'member-1']);
    expect(brokers.requestsOf('OffsetCommit')).toHaveLength(0);
  });

  it('finds the coordinator again after NOT_COORDINATOR and sends the group requests to the new one', async () => {
    const { clock, brokers, group, consumer, eachMessage } = setup();
    await start(consumer, clock, { eachMessage });
    expect(brokers.requestsOf('FindCoordinator')).toHaveLength(1);
    group.coordinatorId = 2;
    group.failNext('Heartbeat', 'NOT_COORDINATOR');
    await clock.advance(7000);
    expect(brokers.requestsOf('FindCoordinator')).toHaveLength(2);
    expect(brokers.requestsOf('Heartbeat').at(-1)!.to).toBe(2);
  });

  it('refreshes metadata after NOT_LEADER_OR_FOLLOWER and fetches from the new leader', async () => {
    const { clock, brokers, group, consumer, seen, eachMessage } = setup();
    await start(consumer, clock, { eachMessage }, true);
    await until(clock, 'the consumer fetches from broker 1', () => brokers.requestsOf('Fetch').length > 0);
    brokers.topics.set('orders', [2, 2, 3]);
    group.append('orders', 0, ['moved']);
    await until(clock, 'the consumer is handed the record from the new leader', () => seen.length >= 1);
    expect(seen.map((r) => r.value)).toEqual(['moved']);
    expect(brokers.requestsOf('Fetch').at(-1)!.to).not.toBe(1);
  });

  it('on stop commits its positions and sends LeaveGroup; a static member commits but does not leave', async () => {
    for (const groupInstanceId of [null, 'instance-a']) {
      const { clock, brokers, group, consumer, seen, eachMessage } = setup({ groupInstanceId, autoCommitInterval: 60000 });
      group.append('orders', 2, ['a', 'b', 'c']);
      await start(consumer, clock, { eachMessage }, true);
      await until(clock, 'the consumer is handed a, b and c', () => seen.length >= 3);
      await settle(clock, consumer.disconnect());
      expect(committedOffsets(brokers.requestsOf('OffsetCommit').at(-1)!.body)).toMatchObject({ 'orders-2': 3 });
      expect(group.committed.get('orders:2')).toBe(3);
      expect(brokers.requestsOf('LeaveGroup')).toHaveLength(groupInstanceId === null ? 1 : 0);
      const heartbeats = brokers.requestsOf('Heartbeat').length;
      await clock.advance(10000);
      expect(brokers.requestsOf('Heartbeat')).toHaveLength(heartbeats);
    }
  });

  it('pauses and resumes a partition, and seeks to an offset before the next fetch', async () => {
    const { clock, group, consumer, seen, eachMessage } = setup();
    group.append('orders', 0, ['a', 'b', 'c']);
    await start(consumer, clock, { eachMessage }, true);
    await until(clock, 'the consumer is handed a, b and c', () => seen.length >= 3);
    consumer.pause([{ topic: 'orders', partitions: [0] }]);
    expect(consumer.paused()).toEqual([{ topic: 'orders', partitions: [0] }]);
    group.append('orders', 0, ['d']);
    await clock.advance(2000);
    expect(seen.map((r) => r.value)).toEqual(['a', 'b', 'c']);
    consumer.seek({ topic: 'orders', partition: 0, offset: '1' });
    consumer.resume([{ topic: 'orders' }]);
    await until(clock, 'the consumer is handed b, c and d after the seek', () => seen.length >= 6);
    expect(seen.map((r) => r.value)).toEqual(['a', 'b', 'c', 'b', 'c', 'd']);
  });

  it('reports position, high watermark and lag per partition, and records-lag-max', async () => {
    const { clock, group, consumer } = setup();
    group.append('orders', 0, ['a', 'b', 'c', 'd', 'e']);
    let delivered = 0;
    await start(
      consumer,
      clock,
      {
        eachMessage: async ({ pause }) => {
          if (++delivered === 2) pause();
        },
      },
      true,
    );
    await clock.advance(2000);
    expect(consumer.positions().find((p) => p.partition === 0)).toEqual({
      topic: 'orders',
      partition: 0,
      position: '2',
      committed: null,
      highWatermark: '5',
      lag: '3',
    });
    expect(consumer.metrics()['records-lag-max']).toBe(3);
    expect(consumer.metrics()['records-consumed-total']).toBe(2);
  });

  it("eachBatch gets kafkajs's Batch and resolveOffset moves the position", async () => {
    const { clock, group, consumer } = setup();
    group.append('orders', 1, ['a', 'b', 'c']);
    const batches: { first: string | null; last: string; lag: string; size: number }[] = [];
    await start(
      consumer,
      clock,
      {
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset }) => {
          batches.push({ first: batch.firstOffset(), last: batch.lastOffset(), lag: batch.offsetLag(), size: batch.messages.length });
          resolveOffset(batch.messages[0].offset);
        },
      },
      true,
    );
    await until(clock, 'eachBatch is called twice', () => batches.length >= 2);
    expect(batches[0]).toEqual({ first: '0', last: '2', lag: '0', size: 3 });
    expect(batches[1]).toMatchObject({ first: '1', size: 2 });
  });

  it('commitOffsets commits what the application asks and emits COMMIT_OFFSETS', async () => {
    const { clock, group, consumer, events, eachMessage } = setup();
    await start(consumer, clock, { eachMessage, autoCommit: false });
    await settle(clock, consumer.commitOffsets([{ topic: 'orders', partition: 1, offset: '42' }]));
    expect(group.committed.get('orders:1')).toBe(42);
    const commit = events.find((e) => e.type === consumer.events.COMMIT_OFFSETS)!;
    expect(commit.payload).toEqual({
      groupId: 'g',
      memberId: 'member-1',
      groupGenerationId: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '42' }] }],
    });
    await expect(settle(clock, consumer.commitOffsets([{ topic: 'orders', partition: 1, offset: -3 }]))).rejects.toThrow(
      'Offset must not be a negative number',
    );
  });

  it("describeGroup answers kafkajs's GroupDescription from DescribeGroups", async () => {
    const { clock, consumer, eachMessage } = setup();
    await start(consumer, clock, { eachMessage });
    const description = await settle(clock, consumer.describeGroup());
    expect(description).toMatchObject({ groupId: 'g', state: 'Stable', protocol: 'range', protocolType: 'consumer' });
    expect(description.members.map((m) => m.memberId)).toEqual(['member-1']);
  });
});

describe('client > consumer > config and failures', () => {
  it("accepts Kafka's config names and sends them in JoinGroup", async () => {
    const { clock, brokers, consumer, eachMessage } = setup({
      'session.timeout.ms': 10000,
      'max.poll.interval.ms': 20000,
      'heartbeat.interval.ms': 1000,
    });
    await start(consumer, clock, { eachMessage });
    expect(brokers.requestsOf('JoinGroup').at(-1)!.body).toMatchObject({ sessionTimeoutMs: 10000, rebalanceTimeoutMs: 20000 });
    const heartbeatsBefore = brokers.requestsOf('Heartbeat').length;
    await clock.advance(5000);
    expect(brokers.requestsOf('Heartbeat').length - heartbeatsBefore).toBeGreaterThanOrEqual(4);
  });

  it('rejects an unknown auto.offset.reset and a heartbeat interval not below the session timeout', () => {
    const { kafka } = clientFixture();
    expect(() => kafka.consumer({ groupId: 'g', 'auto.offset.reset': 'smallest' as 'earliest' })).toThrow(
      'Invalid value smallest for configuration auto.offset.reset',
    );
    expect(() => kafka.consumer({ groupId: 'g', sessionTimeout: 3000, heartbeatInterval: 3000 })).toThrow(
      'must be lower than sessionTimeout',
    );
    expect(() => kafka.consumer({ groupId: '' })).toThrow('Consumer groupId must be a non-empty string.');
  });

  it('leaves the group when eachMessage blocks longer than max.poll.interval.ms, then rejoins as a new member', async () => {
    const { clock, brokers, group, consumer } = setup({ rebalanceTimeout: 10000 });
    group.append('orders', 0, ['slow']);
    let calls = 0;
    await start(
      consumer,
      clock,
      {
        eachMessage: () => {
          calls++;
          return calls === 1 ? new Promise((resolve) => clock.schedule(15000, resolve)) : Promise.resolve();
        },
      },
      true,
    );
    await clock.advance(20000);
    const leave = brokers.requestsOf('LeaveGroup')[0];
    expect(leave.body).toMatchObject({ members: [{ memberId: 'member-1', reason: 'consumer poll timeout has expired.' }] });
    const joins = brokers
      .requestsOf('JoinGroup')
      .filter((r) => r.atMs > leave.atMs)
      .map((r) => (r.body as { memberId: string }).memberId);
    expect(joins[0]).toBe('');
  });

  it("rejects run() with the coordinator's error when the first join fails for good, and emits CRASH", async () => {
    const { clock, group, consumer, events, eachMessage } = setup();
    group.failNext('JoinGroup', 'INCONSISTENT_GROUP_PROTOCOL');
    await settle(clock, consumer.subscribe({ topic: 'orders' }));
    await expect(settle(clock, consumer.run({ eachMessage }))).rejects.toMatchObject({ type: 'INCONSISTENT_GROUP_PROTOCOL' });
    expect(events.filter((e) => e.type === consumer.events.CRASH)).toHaveLength(1);
    // The consumer can be run again once the cause is fixed.
    await settle(clock, consumer.run({ eachMessage }));
    expect(consumer.assignment()).toEqual([{ topic: 'orders', partitions: [0, 1, 2] }]);
  });

  it('redelivers from the failed message when eachMessage throws, and crashes after five retries in a row', async () => {
    const { clock, group, consumer, events } = setup();
    group.append('orders', 0, ['ok', 'bad']);
    const delivered: string[] = [];
    await start(
      consumer,
      clock,
      {
        eachMessage: async ({ message }) => {
          delivered.push(message.offset);
          if (message.offset === '1') throw new Error('cannot process');
        },
      },
      true,
    );
    await until(clock, 'the consumer crashes', () => events.some((e) => e.type === consumer.events.CRASH));
    expect(delivered).toEqual(['0', '1', '1', '1', '1', '1', '1']);
    const crash = events.find((e) => e.type === consumer.events.CRASH)!;
    expect((crash.payload as { error: Error; restart: boolean }).error.message).toBe('cannot process');
  });
});

describe('client > consumer > KIP-848 consumer protocol', () => {
  const consumerProtocol = { groupProtocol: 'consumer' as const, groupRemoteAssignor: 'uniform' };

  it('joins with epoch 0 and its subscription, then consumes the partitions the coordinator assigns by topic id', async () => {
    const { clock, brokers, group, consumer, seen, eachMessage } = setup(consumerProtocol);
    group.append('orders', 1, ['x']);
    group.consumerAssignment = [{ topicId: 'id-orders', partitions: [1] }];
    await start(consumer, clock, { eachMessage }, true);
    await until(
      clock,
      'the member is handed x and acknowledges its assignment',
      () => seen.length >= 1 && brokers.requestsOf('ConsumerGroupHeartbeat').length >= 2,
    );
    const first = brokers.requestsOf('ConsumerGroupHeartbeat')[0].body;
    expect(first).toMatchObject({
      groupId: 'g',
      memberId: '',
      memberEpoch: 0,
      subscribedTopicNames: ['orders'],
      serverAssignor: 'uniform',
      rebalanceTimeoutMs: 300000,
      topicPartitions: [],
    });
    expect(consumer.assignment()).toEqual([{ topic: 'orders', partitions: [1] }]);
    expect(seen.map((r) => r.value)).toEqual(['x']);
    // The acknowledgement went out at once, reporting what the member now owns.
    const ack = brokers.requestsOf('ConsumerGroupHeartbeat')[1];
    expect(ack.body).toMatchObject({
      memberId: 'member-848',
      memberEpoch: 1,
      topicPartitions: [{ topicId: 'id-orders', partitions: [1] }],
      subscribedTopicNames: null,
    });
  });

  it('revokes a partition that left its assignment by committing first, then acknowledges without it', async () => {
    const { clock, brokers, group, consumer, seen, eachMessage } = setup(consumerProtocol);
    group.append('orders', 0, ['a', 'b']);
    group.consumerAssignment = [{ topicId: 'id-orders', partitions: [0, 1] }];
    await start(consumer, clock, { eachMessage }, true);
    await until(clock, 'the consumer is handed a and b', () => seen.length >= 2);
    group.consumerAssignment = [{ topicId: 'id-orders', partitions: [1] }];
    await clock.advance(6000);
    expect(consumer.assignment()).toEqual([{ topic: 'orders', partitions: [1] }]);
    const commit = brokers.requestsOf('OffsetCommit')[0];
    expect(committedOffsets(commit.body)).toEqual({ 'orders-0': 2 });
    const ack = brokers
      .requestsOf('ConsumerGroupHeartbeat')
      .find((r) => r.atMs >= commit.atMs && (r.body as { topicPartitions: unknown }).topicPartitions !== null)!;
    expect((ack.body as { topicPartitions: unknown }).topicPartitions).toEqual([{ topicId: 'id-orders', partitions: [1] }]);
  });

  it('on FENCED_MEMBER_EPOCH drops its partitions without committing and rejoins with epoch 0', async () => {
    const { clock, brokers, group, consumer, eachMessage } = setup(consumerProtocol);
    group.consumerAssignment = [{ topicId: 'id-orders', partitions: [0] }];
    await start(consumer, clock, { eachMessage });
    await until(clock, 'the member owns orders-0', () => consumer.assignment().length > 0);
    group.failNext('ConsumerGroupHeartbeat', 'FENCED_MEMBER_EPOCH');
    await clock.advance(6000);
    const heartbeats = brokers.requestsOf('ConsumerGroupHeartbeat').map((r) => r.body as { memberEpoch: number });
    const rejoin = heartbeats.findIndex((h, i) => i > 0 && h.memberEpoch === 0);
    expect(heartbeats[rejoin - 1].memberEpoch).toBeGreaterThan(0);
    expect(heartbeats[rejoin]).toMatchObject({
      memberId: 'member-848',
      memberEpoch: 0,
      topicPartitions: [],
      subscribedTopicNames: ['orders'],
    });
    expect(brokers.requestsOf('OffsetCommit')).toHaveLength(0);
  });

  it('leaves with epoch -1, or -2 for a static member', async () => {
    for (const [groupInstanceId, epoch] of [
      [null, -1],
      ['static-1', -2],
    ] as const) {
      const { clock, brokers, group, consumer, eachMessage } = setup({ ...consumerProtocol, groupInstanceId });
      group.consumerAssignment = [{ topicId: 'id-orders', partitions: [0] }];
      await start(consumer, clock, { eachMessage });
      await settle(clock, consumer.disconnect());
      expect(brokers.requestsOf('ConsumerGroupHeartbeat').at(-1)!.body).toMatchObject({ memberEpoch: epoch, instanceId: groupInstanceId });
    }
  });
});
