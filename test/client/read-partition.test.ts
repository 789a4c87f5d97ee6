import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../src/protocol/record-batch';
import { errorCode } from '../../src/protocol/errors';
import { clientFixture } from './support/client-fixture';
import { settle } from './support/fake-brokers';

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));

describe('client > readPartition', () => {
  it('reads from the leader from the given offset up to the high watermark', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [2]);
    const records = ['a', 'b', 'c', 'd'].map((v, i) => ({
      key: null,
      value: utf8.encode(v),
      headers: [{ key: 'h', value: utf8.encode(`${i}`) }],
      timestamp: 1000 + i,
    }));
    brokers.respond('Fetch', (_request, brokerId) => ({
      errorCode: 0,
      throttleTimeMs: 0,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: brokerId === 2 ? 0 : errorCode('NOT_LEADER_OR_FOLLOWER'),
              highWatermark: 13,
              lastStableOffset: 13,
              logStartOffset: 10,
              divergingEpoch: null,
              currentLeader: null,
              records: [encodeRecordBatch({ baseOffset: 10, records })],
            },
          ],
        },
      ],
    }));
    const read = await settle(clock, kafka.readPartition({ topic: 't', partition: 0, fromOffset: '11' }));
    expect(read.records.map((r) => [r.offset, text(r.value), text(r.headers.h), r.timestamp])).toEqual([
      ['11', 'b', '1', '1001'],
      ['12', 'c', '2', '1002'],
    ]);
    expect(read).toMatchObject({ highWatermark: '13', logStartOffset: '10' });
    expect(brokers.requestsOf('Fetch').map((r) => r.to)).toEqual([2]);
  });

  it('follows a leader change after NOT_LEADER_OR_FOLLOWER', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1]);
    await settle(
      clock,
      kafka.readPartition({ topic: 't', partition: 0, fromOffset: 0 }).catch(() => null),
    );
    brokers.topics.set('t', [3]);
    brokers.respond('Fetch', (_request, brokerId) => ({
      errorCode: 0,
      throttleTimeMs: 0,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: brokerId === 3 ? 0 : errorCode('NOT_LEADER_OR_FOLLOWER'),
              highWatermark: 0,
              lastStableOffset: 0,
              logStartOffset: 0,
              divergingEpoch: null,
              currentLeader: null,
              records: [],
            },
          ],
        },
      ],
    }));
    const read = await settle(clock, kafka.readPartition({ topic: 't', partition: 0, fromOffset: 0 }));
    expect(read.records).toEqual([]);
    expect(
      brokers
        .requestsOf('Fetch')
        .map((r) => r.to)
        .slice(-2),
    ).toEqual([1, 3]);
  });
});
