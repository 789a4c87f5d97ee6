import { describe, expect, it } from 'vitest';
import { createCluster, type KafkaError } from '../../src/index';
import { until } from '../support/until';
import { createTopic, replicaState, text } from './support';

const SEED = 17;
/**
 * The broker's background jobs every second instead of every 5 minutes / 15 s, to keep the story
 * short (retention still starts log.initial.task.delay.ms, 30 s, after the broker).
 */
const FAST_BACKGROUND = { 'log.retention.check.interval.ms': 1_000, 'log.cleaner.backoff.ms': 1_000 };

describe('scenario > retention and compaction', () => {
  it('retention.ms deletes whole old segments on every replica and moves the log start offset', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: FAST_BACKGROUND });
    await createTopic(kafka, 'clicks', { configs: { 'segment.ms': '10000', 'retention.ms': '60000' } });
    const producer = kafka.producer();
    await producer.send({ topic: 'clicks', messages: [{ value: 'old-0' }, { value: 'old-1' }] });
    await cluster.advance(15_000);
    await producer.send({ topic: 'clicks', messages: [{ value: 'new-0' }] }); // rolls a new segment: the old one is past segment.ms
    await cluster.advance(30_000);
    expect((await kafka.admin().fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '0', high: '3' });

    await cluster.advance(25_000); // the old segment's newest record is now older than retention.ms, the new one's not yet
    expect((await kafka.admin().fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '2', high: '3' });
    for (const id of cluster.describePartition('clicks', 0).replicas) expect(replicaState(cluster, id, 'clicks')!.logStartOffset).toBe(2);
    const read = await kafka.readPartition({ topic: 'clicks', partition: 0, fromOffset: 2 });
    expect(read.records.map((r) => text(r.value))).toEqual(['new-0']);

    // Once the active segment's records are past retention.ms too, it goes as well (after a roll): an empty log at offset 3.
    await cluster.advance(10_000);
    expect((await kafka.admin().fetchTopicOffsets('clicks'))[0]).toMatchObject({ low: '3', high: '3' });
    await cluster.close();
  });

  it('retention never deletes a segment the high watermark has not passed, however old (UnifiedLog.deleteOldSegments)', async () => {
    // The follower cut off from its leader stays in the ISR (replica.lag.time.max.ms 10 min), so the HW stays put.
    const { cluster, kafka } = await createCluster({
      brokers: 3,
      seed: SEED,
      config: { ...FAST_BACKGROUND, 'replica.lag.time.max.ms': 600_000 },
    });
    await createTopic(kafka, 'clicks', { configs: { 'segment.ms': '10000', 'retention.ms': '30000' } });
    const producer = kafka.producer({ idempotent: false });
    await producer.send({ topic: 'clicks', acks: -1, messages: [{ value: 'a-0' }, { value: 'a-1' }] });
    const leader = cluster.leaderOf('clicks', 0);
    const follower = cluster.describePartition('clicks', 0).replicas.find((id) => id !== leader)!;
    cluster.partition(leader, follower);
    await cluster.advance(12_000);
    // acks=1: the leader writes them (rolling a new segment, the old one being past segment.ms) but cannot move its HW.
    await producer.send({ topic: 'clicks', acks: 1, messages: [{ value: 'b-0' }, { value: 'b-1' }] });
    await cluster.advance(12_000);
    await producer.send({ topic: 'clicks', acks: 1, messages: [{ value: 'c-0' }] });
    await cluster.advance(90_000); // every segment is now far older than retention.ms
    const state = replicaState(cluster, leader, 'clicks')!;
    expect(state.highWatermark).toBe(2);
    // Only the segment below the HW went; the records above it stay for the follower to fetch.
    expect(state.logStartOffset).toBe(2);
    expect(state.logEndOffset).toBe(5);
    cluster.heal();
    await until(cluster, 'the follower to catch up', () => replicaState(cluster, follower, 'clicks')!.logEndOffset === 5);
    await cluster.close();
  });

  it('runs the first retention pass log.initial.task.delay.ms (30 s) after start, then every log.retention.check.interval.ms', async () => {
    // LogManager.startup schedules kafka-log-retention with InitialTaskDelayMs = log.initial.task.delay.ms
    // (default 30000), then every log.retention.check.interval.ms (default 300000).
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    const startMs = cluster.now();
    const at = (ms: number) => cluster.advance(startMs + ms - cluster.now());
    const logStartOffset = () => replicaState(cluster, 1, 'clicks')!.logStartOffset;
    await createTopic(kafka, 'clicks', { replicationFactor: 1, configs: { 'segment.ms': '1000', 'retention.ms': '20000' } });
    const producer = kafka.producer();
    await producer.send({ topic: 'clicks', messages: [{ value: 'old' }] });
    await at(15_000);
    await producer.send({ topic: 'clicks', messages: [{ value: 'new' }] }); // rolls a new segment
    await at(29_000);
    expect(logStartOffset()).toBe(0); // 'old' is past retention.ms since 20 s, but no pass has run
    await at(31_000);
    expect(logStartOffset()).toBe(1); // the first pass, at 30 s: 'old' goes, 'new' is 16 s old
    await at(329_000);
    expect(logStartOffset()).toBe(1);
    await at(331_000);
    expect(logStartOffset()).toBe(2); // the second pass, at 330 s: 'new' goes too (after a roll)
    await cluster.close();
  });

  it('retention.bytes deletes the oldest segments while the log is over the limit, never the only one', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED, config: FAST_BACKGROUND });
    const MiB = 1024 * 1024;
    await createTopic(kafka, 'blobs', { replicationFactor: 1, configs: { 'segment.bytes': String(MiB), 'retention.bytes': String(MiB) } });
    const producer = kafka.producer();
    const blob = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 15; i++) await producer.send({ topic: 'blobs', messages: [{ value: `${i}:${blob}` }] });
    await until(cluster, 'a retention check deletes segments of blobs-0', () => replicaState(cluster, 1, 'blobs')!.logStartOffset > 0);
    const { low, high } = (await kafka.admin().fetchTopicOffsets('blobs'))[0];
    expect(Number(high)).toBe(15);
    // About 3 MiB written in 1 MiB segments: whole segments go until what is left is within a segment of the limit.
    expect(Number(low)).toBeGreaterThanOrEqual(5);
    expect(Number(high) - Number(low)).toBeGreaterThanOrEqual(5);
    await cluster.close();
  });

  it('compaction keeps the latest value per key at its offset and drops tombstones after delete.retention.ms', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, config: FAST_BACKGROUND });
    await createTopic(kafka, 'profiles', {
      configs: { 'cleanup.policy': 'compact', 'segment.ms': '10000', 'min.cleanable.dirty.ratio': '0.01', 'delete.retention.ms': '20000' },
    });
    const producer = kafka.producer();
    await producer.send({
      topic: 'profiles',
      messages: [
        { key: 'alice', value: 'v1' },
        { key: 'bob', value: 'v1' },
        { key: 'alice', value: 'v2' },
        { key: 'bob', value: null },
        { key: 'carol', value: 'v1' },
      ],
    });
    await cluster.advance(15_000);
    await producer.send({ topic: 'profiles', messages: [{ key: 'dave', value: 'v1' }] }); // rolls; the first segment can be cleaned
    await cluster.advance(5_000);

    const entries = async () =>
      (await kafka.readPartition({ topic: 'profiles', partition: 0, fromOffset: 0 })).records.map(
        (r) => `${Number(r.offset)} ${text(r.key)}=${r.value === null ? 'null' : text(r.value)}`,
      );
    expect(await entries()).toEqual(['2 alice=v2', '3 bob=null', '4 carol=v1', '5 dave=v1']);

    await cluster.advance(30_000);
    expect(await entries()).toEqual(['2 alice=v2', '4 carol=v1', '5 dave=v1']);
    await cluster.close();
  });

  it("refuses a record without a key on a compacted topic with INVALID_RECORD and Kafka's message", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: SEED });
    await createTopic(kafka, 'profiles', { replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } });
    const error = await kafka
      .producer()
      .send({ topic: 'profiles', messages: [{ value: 'no key' }] })
      .then(
        () => null,
        (e: KafkaError) => e,
      );
    expect(error?.type).toBe('INVALID_RECORD');
    expect(error?.message).toContain('Compacted topic cannot accept message without key in topic partition profiles-0');
    await cluster.close();
  });
});
