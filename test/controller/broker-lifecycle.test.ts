import { describe, expect, it } from 'vitest';
import { errorCode } from '../../src/protocol/errors';
import { CLUSTER_ID, advanceWithHeartbeats, harness } from './harness';

describe('controller > broker registration', () => {
  it('gives a broker the offset of its RegisterBrokerRecord as its epoch and registers it fenced', async () => {
    const h = harness();
    await h.register(1);
    const epoch2 = await h.register(2);
    // Offset 0 holds the bootstrap FeatureLevelRecord.
    expect(epoch2).toBe(2);
    expect(h.controller.metadataLog[2].record).toMatchObject({ type: 'RegisterBroker', brokerId: 2, brokerEpoch: 2, fenced: true });
    expect(h.controller.image.brokers.get(2)?.fenced).toBe(true);
  });

  it('refuses another incarnation while the registered one holds a live session', async () => {
    const h = harness();
    await h.start([1]);
    const response = await h.controller.handle(
      'BrokerRegistration',
      {
        brokerId: 1,
        clusterId: CLUSTER_ID,
        incarnationId: 'other',
        listeners: [],
        rack: null,
        previousBrokerEpoch: -1,
      },
      'broker-1',
    );
    expect(response).toMatchObject({
      errorCode: errorCode('DUPLICATE_BROKER_REGISTRATION'),
      errorMessage: 'Another broker is registered with that broker id.',
    });
  });

  it('accepts a new incarnation once the old session has timed out and the broker was fenced', async () => {
    const h = harness();
    await h.start([1]);
    await h.clock.advance(9000);
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(true);
    const epoch = await h.register(1, { incarnationId: 'restarted' });
    expect(epoch).toBe(h.controller.image.highestOffset);
  });

  it('answers STALE_BROKER_EPOCH to a heartbeat from an older registration', async () => {
    const h = harness();
    await h.register(1);
    const response = await h.heartbeat(1, { brokerEpoch: 42 });
    expect(response).toMatchObject({ errorCode: errorCode('STALE_BROKER_EPOCH'), isFenced: true, shouldShutDown: false });
  });

  it('refuses a registration for another cluster', async () => {
    const h = harness();
    const response = await h.controller.handle(
      'BrokerRegistration',
      {
        brokerId: 1,
        clusterId: 'elsewhere',
        incarnationId: 'x',
        listeners: [],
        rack: null,
        previousBrokerEpoch: -1,
      },
      'broker-1',
    );
    expect(response.errorMessage).toBe(`Expected cluster ID ${CLUSTER_ID}, but got cluster ID elsewhere`);
  });
});

describe('controller > unfencing', () => {
  it('unfences only once the broker has applied its own registration record', async () => {
    const h = harness();
    const epoch = await h.register(1);
    const behind = await h.heartbeat(1, { currentMetadataOffset: epoch - 1 });
    expect(behind).toMatchObject({ isFenced: true, isCaughtUp: false });
    const caughtUp = await h.heartbeat(1, { currentMetadataOffset: epoch });
    expect(caughtUp).toMatchObject({ errorCode: 0, isFenced: false, isCaughtUp: true });
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(false);
  });

  it('keeps a broker fenced while it asks to stay fenced', async () => {
    const h = harness();
    await h.register(1);
    expect((await h.heartbeat(1, { wantFence: true })).isFenced).toBe(true);
  });

  it('without ELR, gives leaderless partitions whose ISR holds the returning broker a leader again', async () => {
    const h = harness({ features: { 'eligible.leader.replicas.version': 0 } });
    await h.start([1]);
    await h.createTopic('orders', 1, 1);
    await h.clock.advance(9000);
    expect(h.controller.image.partition('orders', 0)).toMatchObject({ leader: -1, isr: [1] });
    await h.register(1, { incarnationId: 'again' });
    await h.heartbeat(1);
    expect(h.controller.image.partition('orders', 0)).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 2 });
  });
});

describe('controller > session timeout', () => {
  it('fences a silent broker broker.session.timeout.ms after its last heartbeat, not before', async () => {
    const h = harness();
    await h.start([1]);
    await h.clock.advance(8999);
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(false);
    await h.clock.advance(1);
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(true);
    expect(h.controller.metrics().TimedOutBrokerHeartbeatCount).toBe(1);
  });

  it('keeps a heartbeating broker unfenced indefinitely', async () => {
    const h = harness();
    await h.start([1]);
    await advanceWithHeartbeats(h, 60_000, [1]);
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(false);
  });

  it('honours a configured session timeout', async () => {
    const h = harness({ config: { 'broker.session.timeout.ms': 3000 } });
    await h.start([1]);
    await h.clock.advance(3000);
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(true);
  });

  it('fences one broker per event, oldest session first, each in its own records', async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    await h.createTopic('t', 1, 3);
    const before = h.controller.metadataLog.length;
    await h.clock.advance(9000);
    const fences = h.controller.metadataLog.slice(before).filter((e) => e.record.type === 'BrokerRegistrationChange');
    expect(fences.map((e) => (e.record as { brokerId: number }).brokerId)).toEqual([1, 2, 3]);
  });

  it('removes a fenced broker from every ISR and moves its leaderships', async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    await h.createTopic('t', 3, 3);
    const led = [0, 1, 2].filter((p) => h.controller.image.partition('t', p)!.leader === 2);
    await advanceWithHeartbeats(h, 10_000, [1, 3]);
    for (let p = 0; p < 3; p++) {
      const partition = h.controller.image.partition('t', p)!;
      expect(partition.isr).not.toContain(2);
      expect(partition.leader).not.toBe(2);
    }
    for (const p of led) expect(h.controller.image.partition('t', p)!.leaderEpoch).toBe(1);
  });
});

describe('controller > controlled shutdown', () => {
  it('moves leadership away, then tells the broker to shut down once it leads nothing and others caught up', async () => {
    const h = harness();
    await h.start([1, 2]);
    await h.createTopic('t', 2, 2);
    const first = await h.heartbeat(1, { wantShutDown: true });
    expect(first).toMatchObject({ isFenced: false, shouldShutDown: false });
    const broker = h.controller.image.brokers.get(1)!;
    expect(broker.inControlledShutdown).toBe(true);
    for (let p = 0; p < 2; p++) {
      expect(h.controller.image.partition('t', p)).toMatchObject({ leader: 2, isr: [2] });
    }
    // Broker 2 has not yet reported applying the leadership moves.
    const waiting = await h.heartbeat(1, { wantShutDown: true });
    expect(waiting.shouldShutDown).toBe(false);
    await h.heartbeat(2);
    const done = await h.heartbeat(1, { wantShutDown: true });
    expect(done).toMatchObject({ isFenced: true, shouldShutDown: true });
    expect(h.controller.image.brokers.get(1)?.fenced).toBe(true);
  });

  it('lets a broker that leads nothing shut down at once', async () => {
    const h = harness();
    await h.start([1]);
    const response = await h.heartbeat(1, { wantShutDown: true });
    expect(response).toMatchObject({ isFenced: true, shouldShutDown: true });
  });

  it('places no new replicas on a broker that is shutting down', async () => {
    const h = harness();
    await h.start([1, 2]);
    await h.createTopic('t', 1, 2);
    await h.heartbeat(1, { wantShutDown: true });
    const result = await h.createTopic('u', 1, 2);
    expect(result.errorMessage).toBe(
      'Unable to replicate the partition 2 time(s): The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.',
    );
  });
});
