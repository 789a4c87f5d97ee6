import { describe, expect, it } from 'vitest';
import { Controller } from '../../src/controller/controller';
import { SeededRandom } from '../../src/core/random';
import type { MetadataLogEntry } from '../../src/protocol/apis/kraft';
import { BrokerConfig } from '../../src/protocol/configs';
import { KafkaError, errorCode } from '../../src/protocol/errors';
import { CLUSTER_ID, harness } from './harness';
import { ManualClock } from './manual-clock';

describe('controller > metadata log', () => {
  it('numbers entries from 0, the bootstrap features first, stamps them with the clock and tells listeners of each append', async () => {
    const h = harness();
    const heard: number[][] = [];
    h.controller.onAppend((entries) => heard.push(entries.map((e) => e.offset)));
    await h.clock.advance(1234);
    await h.register(1);
    await h.register(2);
    expect(heard).toEqual([[1], [2]]);
    expect(h.controller.metadataLog.map((e) => [e.record.type, e.timestampMs])).toEqual([
      ['FeatureLevel', 0],
      ['RegisterBroker', 1234],
      ['RegisterBroker', 1234],
    ]);
    expect(h.controller.metrics().LastAppliedRecordOffset).toBe(2);
  });

  it('answers a metadata fetch at once when records are there', async () => {
    const h = harness();
    await h.start([1]);
    const response = await h.controller.handle('MetadataFetch', { brokerId: 1, fetchOffset: 2, maxWaitMs: 500 }, 'broker-1');
    expect(response).toMatchObject({ errorCode: 0, highWatermark: 3 });
    expect(response.records.map((e) => e.offset)).toEqual([2]);
  });

  it('holds a metadata fetch until a record arrives', async () => {
    const h = harness();
    await h.register(1);
    let answered: MetadataLogEntry[] | undefined;
    void h.controller.handle('MetadataFetch', { brokerId: 1, fetchOffset: 2, maxWaitMs: 5000 }, 'broker-1').then((r) => {
      answered = r.records;
    });
    await h.clock.advance(100);
    expect(answered).toBeUndefined();
    await h.register(2);
    await h.clock.advance(0);
    expect(answered?.map((e) => e.record.type)).toEqual(['RegisterBroker']);
  });

  it('answers an idle metadata fetch empty after maxWaitMs', async () => {
    const h = harness();
    let answered: MetadataLogEntry[] | undefined;
    void h.controller.handle('MetadataFetch', { brokerId: 1, fetchOffset: 1, maxWaitMs: 500 }, 'broker-1').then((r) => {
      answered = r.records;
    });
    await h.clock.advance(499);
    expect(answered).toBeUndefined();
    await h.clock.advance(1);
    expect(answered).toEqual([]);
  });

  it('answers waiting fetches and cancels every timer on close, then refuses requests', async () => {
    const h = harness();
    await h.start([1]);
    let answered = false;
    void h.controller.handle('MetadataFetch', { brokerId: 1, fetchOffset: 99, maxWaitMs: 5000 }, 'broker-1').then(() => {
      answered = true;
    });
    await h.clock.advance(0);
    h.controller.close();
    await h.clock.advance(0);
    expect(answered).toBe(true);
    expect(h.clock.pendingTimers()).toBe(0);
    await expect(h.heartbeat(1)).rejects.toMatchObject({ type: 'NOT_CONTROLLER' });
  });

  it('rejects APIs it does not serve with UNSUPPORTED_VERSION and goes on serving the next command', async () => {
    const h = harness();
    const request = h.controller.handle('Metadata', { topics: null, allowAutoTopicCreation: false }, 'client-1');
    await expect(request).rejects.toBeInstanceOf(KafkaError);
    await expect(request).rejects.toMatchObject({
      type: 'UNSUPPORTED_VERSION',
      message: 'The controller does not serve Metadata requests.',
    });
    await expect(h.register(1)).resolves.toBeGreaterThanOrEqual(0);
  });
});

describe('controller > replay', () => {
  it('rebuilds the same image from the log in a new controller', async () => {
    const h = harness({ seed: 3 });
    await h.start([1, 2, 3]);
    await h.createTopic('a', 3, 2, { configs: [{ name: 'retention.ms', value: '60000' }] });
    await h.createTopic('b', 2, 3);
    await h.clock.advance(9000);
    await h.controller.handle('AllocateProducerIds', { brokerId: 1, brokerEpoch: h.epoch(1) }, 'broker-1');
    const log = [...h.controller.metadataLog];
    const reloaded = new Controller({
      clock: new ManualClock(),
      random: new SeededRandom(99),
      config: BrokerConfig.from(),
      clusterId: CLUSTER_ID,
      metadataLog: log,
    });
    expect(reloaded.image).toEqual(h.controller.image);
    expect(reloaded.metadataLog).toEqual(log);
    // Session timeouts are not in the log, so only that counter starts over.
    expect({ ...reloaded.metrics(), TimedOutBrokerHeartbeatCount: 3 }).toEqual(h.controller.metrics());
  });

  it('fences replayed brokers that do not heartbeat within the session timeout after the reload', async () => {
    const h = harness();
    await h.start([1, 2]);
    const clock = new ManualClock();
    const reloaded = harness({ clock, metadataLog: [...h.controller.metadataLog] });
    expect(reloaded.controller.image.brokers.get(1)?.fenced).toBe(false);
    await clock.advance(8000);
    await reloaded.heartbeat(2);
    await clock.advance(1000);
    expect(reloaded.controller.image.brokers.get(1)?.fenced).toBe(true);
    expect(reloaded.controller.image.brokers.get(2)?.fenced).toBe(false);
  });
});

describe('controller > producer ids', () => {
  it('hands out consecutive blocks of 1000 ids', async () => {
    const h = harness();
    await h.start([1, 2]);
    const first = await h.controller.handle('AllocateProducerIds', { brokerId: 1, brokerEpoch: h.epoch(1) }, 'broker-1');
    const second = await h.controller.handle('AllocateProducerIds', { brokerId: 2, brokerEpoch: h.epoch(2) }, 'broker-2');
    expect(first).toEqual({ errorCode: 0, producerIdStart: 0, producerIdLen: 1000 });
    expect(second.producerIdStart).toBe(1000);
    expect(h.controller.image.nextProducerId).toBe(2000);
  });

  it('refuses a stale broker epoch', async () => {
    const h = harness();
    await h.start([1]);
    const response = await h.controller.handle('AllocateProducerIds', { brokerId: 1, brokerEpoch: 77 }, 'broker-1');
    expect(response.errorCode).toBe(errorCode('STALE_BROKER_EPOCH'));
  });
});

describe('controller > metrics', () => {
  it('counts brokers, topics, partitions, offline and imbalanced partitions', async () => {
    const h = harness();
    await h.start([1, 2]);
    await h.createTopic('a', -1, -1, {
      assignments: [
        { partitionIndex: 0, brokerIds: [1, 2] },
        { partitionIndex: 1, brokerIds: [2, 1] },
      ],
    });
    await h.createTopic('b', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1] }] });
    await h.clock.advance(9000);
    await h.register(2, { incarnationId: 'again' });
    await h.heartbeat(2);
    expect(h.controller.metrics()).toMatchObject({
      ActiveControllerCount: 1,
      FencedBrokerCount: 1,
      ActiveBrokerCount: 1,
      GlobalTopicCount: 2,
      GlobalPartitionCount: 3,
    });
    // a-0 is led by its second replica, b-0 has no leader, a-1 is led by its preferred replica.
    expect(h.controller.image.partition('a', 0)!.leader).toBe(2);
    expect(h.controller.image.partition('b', 0)!.leader).toBe(-1);
    expect(h.controller.metrics()).toMatchObject({ OfflinePartitionsCount: 1, PreferredReplicaImbalanceCount: 2 });
  });
});
