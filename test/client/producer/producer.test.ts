import { describe, expect, it } from 'vitest';
import { murmur2, toPositive } from '../../../src/protocol/murmur2';
import { decodeRecords, readBatchHeader } from '../../../src/protocol/record-batch';
import { CompressionTypes } from '../../../src/client/producer/producer';
import { KafkaError, type ErrorName } from '../../../src/protocol/errors';
import { clientFixture } from '../support/client-fixture';
import { settle } from '../support/fake-brokers';

const utf8 = new TextEncoder();

describe('client > producer', () => {
  it('sends a keyed message to toPositive(murmur2(key)) % partitions and reports its offset', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('orders', [1, 2, 3, 1, 2, 3]);
    const producer = kafka.producer();
    await settle(clock, producer.connect());
    const expected = toPositive(murmur2(utf8.encode('customer-17'))) % 6;
    const metadata = await settle(clock, producer.send({ topic: 'orders', messages: [{ key: 'customer-17', value: 'hello' }] }));
    expect(metadata).toEqual([
      { topicName: 'orders', partition: expected, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '0' },
    ]);
    const [batch] = brokers.batches;
    expect(batch.to).toBe(brokers.topics.get('orders')![expected]);
    const [record] = decodeRecords(batch.bytes);
    expect(new TextDecoder().decode(record.value!)).toBe('hello');
  });

  it('gzips a batch when the send asks for CompressionTypes.GZIP, and refuses a codec it has no implementation of', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('orders', [1]);
    const producer = kafka.producer();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: 'customer-17', value: `order placed for basket ${i}` }));
    await settle(clock, producer.send({ topic: 'orders', compression: CompressionTypes.GZIP, messages }));
    const [batch] = brokers.batches;
    expect(readBatchHeader(batch.bytes).compression).toBe(CompressionTypes.GZIP);
    expect(decodeRecords(batch.bytes).map((r) => new TextDecoder().decode(r.value!))).toEqual(messages.map((m) => m.value));
    const snappy = await settle(
      clock,
      producer.send({ topic: 'orders', compression: CompressionTypes.Snappy, messages }).catch((error: KafkaError) => error),
    );
    expect(snappy).toMatchObject({ message: 'Compression type 2 is not implemented' });
  });

  it('hashes an empty key instead of treating it as no key', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1, 2, 3, 1, 2, 3]);
    // With a tiny batch.size the sticky partitioner would move on after every record.
    const producer = kafka.producer({ batchSize: 64 });
    const metadata = await settle(
      clock,
      producer.send({ topic: 't', messages: Array.from({ length: 10 }, () => ({ key: '', value: 'v' })) }),
    );
    expect(metadata.map((m) => m.partition)).toEqual([toPositive(murmur2(new Uint8Array(0))) % 6]);
  });

  it('uses an explicit partition as given', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('orders', [1, 2, 3]);
    const producer = kafka.producer();
    const metadata = await settle(clock, producer.send({ topic: 'orders', messages: [{ key: 'k', value: 'v', partition: 2 }] }));
    expect(metadata[0].partition).toBe(2);
    expect(brokers.batches[0]).toMatchObject({ partition: 2, to: 3 });
  });

  it('waits linger.ms before sending a batch that is not full, and batches concurrent sends into one request', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 20 });
    await settle(clock, producer.connect());
    const start = clock.now();
    const sends = [producer.send({ topic: 't', messages: [{ value: 'a' }] }), producer.send({ topic: 't', messages: [{ value: 'b' }] })];
    const results = await settle(clock, Promise.all(sends));
    expect(brokers.requestsOf('Produce')).toHaveLength(1);
    expect(brokers.batches[0].recordsCount).toBe(2);
    expect(brokers.batches[0].atMs - start).toBeGreaterThanOrEqual(20);
    expect(results.map((r) => r[0].baseOffset)).toEqual(['0', '1']);
  });

  it('sends a batch as soon as batch.size is reached, without waiting for linger.ms', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 10_000, batchSize: 200 });
    await settle(clock, producer.connect());
    const start = clock.now();
    const messages = Array.from({ length: 10 }, (_, i) => ({ value: `value-${i}-${'x'.repeat(40)}` }));
    const metadata = await settle(clock, producer.send({ topic: 't', messages }));
    const sent = brokers.batches.filter((b) => b.atMs - start < 10_000);
    expect(sent.length).toBeGreaterThan(1);
    for (const batch of sent.slice(0, -1)) expect(batch.bytes.length).toBeLessThanOrEqual(200);
    expect(brokers.batches.reduce((n, b) => n + b.recordsCount, 0)).toBe(10);
    expect(metadata).toEqual([expect.objectContaining({ partition: 0, baseOffset: '0' })]);
  });

  it('retries NOT_LEADER_OR_FOLLOWER at the new leader after refreshing metadata', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer();
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'first' }] }));
    const metadataBefore = brokers.requestsOf('Metadata').length;
    brokers.topics.set('t', [2]); // leadership moved; the client still thinks broker 1 leads
    const metadata = await settle(clock, producer.send({ topic: 't', messages: [{ value: 'second' }] }));
    expect(brokers.batches.map((b) => b.to)).toEqual([1, 1, 2]);
    expect(brokers.requestsOf('Metadata').length).toBeGreaterThan(metadataBefore);
    expect(metadata[0].baseOffset).toBe('1');
  });

  it('keeps the producer id and base sequence of a retried idempotent batch, so the leader can dedupe it', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    let failures = 1;
    brokers.onProduce = () => (failures-- > 0 ? 'NOT_ENOUGH_REPLICAS' : null);
    const producer = kafka.producer();
    expect(producer.isIdempotent()).toBe(true);
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] }));
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'c' }] }));
    expect(brokers.requestsOf('InitProducerId')).toHaveLength(1);
    const [first, retry, next] = brokers.batches;
    expect(retry.bytes).toEqual(first.bytes);
    expect([first.producerId, first.baseSequence, retry.baseSequence, next.baseSequence]).toEqual([4000, 0, 0, 2]);
  });

  it('backs off exponentially between retries (retry.backoff.ms 100 doubling up to retry.backoff.max.ms 1000, 20% jitter)', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    let failures = 6;
    brokers.onProduce = () => (failures-- > 0 ? 'NOT_ENOUGH_REPLICAS' : null);
    const producer = kafka.producer({ lingerMs: 0 });
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }] }));
    const gaps = brokers.batches.slice(1).map((b, i) => b.atMs - brokers.batches[i].atMs - 2 * brokers.latencyMs);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[0]).toBeLessThan(120);
    expect(gaps[1]).toBeGreaterThanOrEqual(160);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
  });

  it('retries at a new leader as soon as the metadata names it in a newer leader epoch, without waiting out its backoff (KIP-951)', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 0 });
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'before' }] }));
    // The leader dies: the batch is retried until its backoff has grown to about retry.backoff.max.ms.
    brokers.down.add(1);
    const sending = producer.send({ topic: 't', messages: [{ value: 'after' }] });
    await clock.advance(4000);
    brokers.moveLeader('t', 0, 2);
    await settle(clock, sending);
    const atNewLeader = brokers.batches.find((batch) => batch.to === 2)!;
    const lastMetadata = brokers
      .requestsOf('Metadata')
      .filter((request) => request.atMs <= atNewLeader.atMs)
      .at(-1)!;
    // One round trip for the Metadata answer, one hop for the Produce: no backoff in between.
    expect(atNewLeader.atMs - lastMetadata.atMs).toBeLessThanOrEqual(3 * brokers.latencyMs);
  });

  it("fails a batch with Kafka's expiry message once delivery.timeout.ms has passed", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    brokers.onProduce = () => 'NOT_ENOUGH_REPLICAS';
    const producer = kafka.producer();
    const start = clock.now();
    const error = await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaError);
    expect(error).toMatchObject({ type: 'REQUEST_TIMED_OUT', code: 7, retriable: true });
    expect((error as Error).message).toMatch(/^Expiring 2 record\(s\) for t-0:\d+ ms has passed since batch creation$/);
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
    expect(clock.now() - start).toBeLessThan(122_000);
  });

  // Sender.failBatch: each record that failed validation gets its RecordError's message, as the
  // partition's error when it is the only one, else as InvalidRecordException.
  it("fails at once on a record-validation error, with the failed record's own message", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const keyless = 'Compacted topic cannot accept message without key in topic partition t-0';
    brokers.onProduce = () => ({
      errorName: 'INVALID_RECORD',
      message: `One or more records have been rejected due to 1 record errors in total, and only showing the first three errors at most: [RecordError(batchIndex=0, message='${keyless}')]`,
      recordErrors: [{ batchIndex: 0, batchIndexErrorMessage: keyless }],
    });
    const producer = kafka.producer();
    const error = await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'INVALID_RECORD', code: 87, retriable: false, message: keyless });
    expect(brokers.batches).toHaveLength(1);
  });

  it("names a batch with several failed records INVALID_RECORD, with the first one's message", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    brokers.onProduce = () => ({
      errorName: 'INVALID_TIMESTAMP',
      message: 'One or more records have been rejected due to invalid timestamp',
      recordErrors: [
        { batchIndex: 1, batchIndexErrorMessage: 'Timestamp 5 of message with offset 1 is out of range.' },
        { batchIndex: 2, batchIndexErrorMessage: null },
      ],
    });
    const producer = kafka.producer();
    const error = await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ type: 'INVALID_RECORD', message: 'Timestamp 5 of message with offset 1 is out of range.' });
  });

  it("fails with the Errors enum's own message when the broker sends none", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    brokers.onProduce = () => 'NOT_ENOUGH_REPLICAS';
    const producer = kafka.producer({ idempotent: false, retries: 0 });
    const error = await settle(clock, producer.send({ topic: 't', messages: [{ value: 'a' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      type: 'NOT_ENOUGH_REPLICAS',
      message: 'Messages are rejected since there are fewer in-sync replicas than required.',
    });
  });

  it('rejects a record larger than max.request.size before sending anything', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer();
    const value = new Uint8Array(1048576);
    const error = await settle(clock, producer.send({ topic: 't', messages: [{ value }] })).catch((e: unknown) => e);
    // 61 (batch header) + 21 (record overhead) + 1 (null key) + 4 (varint length) + 1048576 (value) + 1 (no headers)
    expect(error).toMatchObject({
      type: 'MESSAGE_TOO_LARGE',
      message:
        'The message is 1048664 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.',
    });
    expect(brokers.requestsOf('Produce')).toHaveLength(0);
  });

  it('resolves an acks=0 send with offset -1 without waiting for an answer', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 0 });
    await settle(clock, producer.connect());
    const start = clock.now();
    const metadata = await settle(clock, producer.send({ topic: 't', acks: 0, messages: [{ value: 'a' }] }));
    expect(metadata[0].baseOffset).toBe('-1');
    expect(clock.now() - start).toBeLessThan(10);
    expect(brokers.batches[0]).toMatchObject({ acks: 0, producerId: -1, baseSequence: -1 });
  });

  it("refuses acks=1 when idempotence was asked for explicitly, as Kafka's config check does", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ idempotent: true });
    const error = await settle(clock, producer.send({ topic: 't', acks: 1, messages: [{ value: 'a' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      type: 'INVALID_CONFIG',
      message: 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    });
  });

  it('waits max.block.ms for a topic that does not exist, then says so', async () => {
    const { clock, kafka } = clientFixture();
    const producer = kafka.producer({ maxBlockMs: 5000 });
    const error = await settle(clock, producer.send({ topic: 'missing', messages: [{ value: 'a' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'REQUEST_TIMED_OUT', message: 'Topic missing not present in metadata after 5000 ms.' });
  });

  it('sends what is buffered before disconnect resolves', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 60_000 });
    await settle(clock, producer.connect());
    const start = clock.now();
    const sending = producer.send({ topic: 't', messages: [{ value: 'a' }] });
    await settle(clock, producer.disconnect());
    expect((await sending)[0].baseOffset).toBe('0');
    expect(clock.now() - start).toBeLessThan(1000);
  });

  it('appends a record before send() returns once the metadata is known, so sends of one record fill one batch (KafkaProducer.send)', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 20 });
    // The first send fetches the topic's metadata.
    await settle(clock, producer.send({ topic: 't', messages: [{ value: 'first' }] }));
    const sends = Array.from({ length: 100 }, (_, i) => producer.send({ topic: 't', messages: [{ value: `record-${i}` }] }));
    expect(producer.describe().bufferedRecords).toBe(100);
    const results = await settle(clock, Promise.all(sends));
    expect(brokers.requestsOf('Produce')).toHaveLength(2);
    expect(brokers.batches[1].recordsCount).toBe(100);
    expect(results.map((r) => r[0].baseOffset)).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));
  });

  it('waits for every send to settle before disconnect resolves, failed ones included, and a dropped failed send is no unhandled rejection', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 60_000 });
    await settle(clock, producer.connect());
    const settled: string[] = [];
    void producer.send({ topic: 't', messages: [{ value: 'a', partition: 5 }] }).catch(() => settled.push('failed'));
    void producer.send({ topic: 't', messages: [{ value: 'b' }] }).then(() => settled.push('sent'));
    void producer.send({ topic: 't', acks: 2, messages: [{ value: 'c' }] });
    await settle(clock, producer.disconnect());
    expect(settled).toEqual(['failed', 'sent']);
  });

  it('copies a value into its batch at send(), so the caller may reuse its array at once (KafkaProducer serializes in send)', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    const producer = kafka.producer({ lingerMs: 20 });
    const value = utf8.encode('first');
    const first = producer.send({ topic: 't', messages: [{ value }] });
    value.set(utf8.encode('reuse'));
    const second = producer.send({ topic: 't', messages: [{ value }] });
    value.set(utf8.encode('third'));
    await settle(clock, Promise.all([first, second]));
    const values = brokers.batches.flatMap((batch) => decodeRecords(batch.bytes).map((record) => new TextDecoder().decode(record.value!)));
    expect(values).toEqual(['first', 'reuse']);
  });

  describe('idempotent retries of OUT_OF_ORDER_SEQUENCE_NUMBER and UNKNOWN_PRODUCER_ID (TransactionManager.canRetry, KIP-360)', () => {
    const epochOf = (batch: { producerEpoch: number }) => batch.producerEpoch;

    it('retries a refused batch that is not the next one as it is, without bumping the epoch', async () => {
      const { clock, brokers, kafka } = clientFixture();
      brokers.topic('t', [1]);
      brokers.latencyMs = 50;
      const producer = kafka.producer({ lingerMs: 0 });
      // The topic's metadata and the producer id first, so each send below is appended (and drained) at once, in its own batch.
      await settle(clock, producer.send({ topic: 't', messages: [{ value: 'warm-up' }] }));
      brokers.batches.length = 0;
      const attempts = new Map<number, number>();
      // The first batch is refused for a retriable reason; the second, arriving while the first is
      // not written, is rightly answered OUT_OF_ORDER_SEQUENCE_NUMBER: it is not the next one.
      brokers.onProduce = (batch) => {
        const attempt = (attempts.get(batch.baseSequence) ?? 0) + 1;
        attempts.set(batch.baseSequence, attempt);
        if (attempt > 1) return null;
        return batch.baseSequence === 1 ? 'NOT_ENOUGH_REPLICAS' : 'OUT_OF_ORDER_SEQUENCE_NUMBER';
      };
      const first = producer.send({ topic: 't', messages: [{ value: 'a' }] });
      await clock.advance(10);
      const second = producer.send({ topic: 't', messages: [{ value: 'b' }] });
      await settle(clock, Promise.all([first, second]));
      expect(brokers.batches.map((b) => [b.baseSequence, epochOf(b)])).toEqual([
        [1, 0],
        [2, 0],
        [1, 0],
        [2, 0],
      ]);
      expect(brokers.requestsOf('InitProducerId')).toHaveLength(1);
    });

    it.each(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID'] as const)(
      'bumps the epoch and retries from sequence 0 when the next expected batch is refused with %s',
      async (errorName) => {
        const { clock, brokers, kafka } = clientFixture();
        brokers.topic('t', [1]);
        const producer = kafka.producer({ lingerMs: 0 });
        await settle(clock, producer.send({ topic: 't', messages: [{ value: 'acknowledged' }] }));
        let refused = false;
        brokers.onProduce = () => (refused ? null : ((refused = true), errorName));
        await settle(clock, producer.send({ topic: 't', messages: [{ value: 'first' }] }));
        await settle(clock, producer.send({ topic: 't', messages: [{ value: 'second' }] }));
        const own = brokers.batches.slice(1);
        // The leader lost what came before (an unclean election, a truncation): same producer id, next epoch, sequence 0.
        expect(own.map((b) => [b.producerId, epochOf(b), b.baseSequence])).toEqual([
          [4000, 0, 1],
          [4000, 1, 0],
          [4000, 1, 1],
        ]);
      },
    );

    it('retries a batch given its sequence again by a bump as it is when refused with UNKNOWN_PRODUCER_ID: one bump, not two', async () => {
      const { clock, brokers, kafka } = clientFixture();
      brokers.topic('t', [1]);
      const producer = kafka.producer({ lingerMs: 0 });
      await settle(clock, producer.send({ topic: 't', messages: [{ value: 'acknowledged' }] }));
      const answers: ErrorName[] = ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID'];
      brokers.onProduce = () => answers.shift() ?? null;
      await settle(clock, producer.send({ topic: 't', messages: [{ value: 'first' }] }));
      // The batch re-sent at sequence 0 of the new epoch says nothing new about what the leader lost
      // (TransactionManager.canRetry: sequenceHasBeenReset), so it is retried as it is.
      expect(brokers.batches.slice(1).map((b) => [epochOf(b), b.baseSequence])).toEqual([
        [0, 1],
        [1, 0],
        [1, 0],
      ]);
      expect(producer.epochBumps().map((bump) => [bump.fromEpoch, bump.toEpoch, bump.causes.map((c) => c.error)])).toEqual([
        [0, 1, ['OUT_OF_ORDER_SEQUENCE_NUMBER']],
      ]);
    });
  });
});
