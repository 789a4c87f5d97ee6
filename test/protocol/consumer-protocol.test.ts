import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../../src/protocol/consumer-protocol';
import { KafkaError } from '../../src/protocol/errors';

const require = createRequire(import.meta.url);
// kafkajs writes the v0 layout (version, topics, userData), so its bytes are an independent vector.
const { MemberMetadata, MemberAssignment } = require('kafkajs/src/consumer/assignerProtocol.js');

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('protocol > consumer protocol', () => {
  it('writes a v3 subscription byte for byte as Kafka lays out ConsumerProtocolSubscription', () => {
    const encoded = encodeSubscription({
      topics: ['b', 'a'],
      userData: bytes(9),
      ownedPartitions: [
        { topic: 'b', partition: 1 },
        { topic: 'a', partition: 2 },
        { topic: 'a', partition: 0 },
      ],
      generationId: 7,
      rackId: 'r',
    });
    expect([...encoded]).toEqual([
      0,
      3, // version
      0,
      0,
      0,
      2,
      0,
      1,
      0x61,
      0,
      1,
      0x62, // topics, sorted
      0,
      0,
      0,
      1,
      9, // userData
      0,
      0,
      0,
      2, // ownedPartitions: a [0, 2], b [1]
      0,
      1,
      0x61,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      2,
      0,
      1,
      0x62,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      7, // generationId
      0,
      1,
      0x72, // rackId
    ]);
  });

  it('writes null userData and rackId with length -1', () => {
    const encoded = encodeSubscription({ topics: [], userData: null, ownedPartitions: [], generationId: -1, rackId: null });
    expect([...encoded]).toEqual([0, 3, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255]);
  });

  it('round-trips a subscription and an assignment', () => {
    const subscription = {
      topics: ['orders', 'payments'],
      userData: bytes(1, 2, 3),
      ownedPartitions: [
        { topic: 'orders', partition: 0 },
        { topic: 'orders', partition: 5 },
        { topic: 'payments', partition: 2 },
      ],
      generationId: 12,
      rackId: 'us-east-1a',
    };
    expect(decodeSubscription(encodeSubscription(subscription))).toEqual(subscription);
    const assignment = { partitions: subscription.ownedPartitions, userData: null };
    expect(decodeAssignment(encodeAssignment(assignment))).toEqual(assignment);
  });

  it('reads a v0 subscription written by kafkajs, leaving the later fields at their defaults', () => {
    const v0 = new Uint8Array(MemberMetadata.encode({ version: 0, topics: ['topic-a', 'topic-b'], userData: Buffer.from([4, 2]) }));
    expect(decodeSubscription(v0)).toEqual({
      topics: ['topic-a', 'topic-b'],
      userData: bytes(4, 2),
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
  });

  it('reads a v1 subscription without a generation or rack', () => {
    const v1 = bytes(0, 1, 0, 0, 0, 1, 0, 1, 0x74, 255, 255, 255, 255, 0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 1, 0, 0, 0, 3);
    expect(decodeSubscription(v1)).toEqual({
      topics: ['t'],
      userData: null,
      ownedPartitions: [{ topic: 't', partition: 3 }],
      generationId: -1,
      rackId: null,
    });
  });

  it('reads an assignment written by kafkajs', () => {
    const v0 = new Uint8Array(MemberAssignment.encode({ version: 0, assignment: { 'topic-a': [0, 2], 'topic-b': [1] } }));
    expect(decodeAssignment(v0)).toEqual({
      partitions: [
        { topic: 'topic-a', partition: 0 },
        { topic: 'topic-a', partition: 2 },
        { topic: 'topic-b', partition: 1 },
      ],
      userData: bytes(),
    });
  });

  it('reads a version newer than 3 as v3, ignoring what follows', () => {
    const v3 = encodeSubscription({ topics: ['t'], userData: null, ownedPartitions: [], generationId: 4, rackId: null });
    const v9 = Uint8Array.from([0, 9, ...v3.slice(2), 1, 2, 3]);
    expect(decodeSubscription(v9).generationId).toBe(4);
  });

  it.each([
    ['empty bytes', bytes()],
    ['a truncated topic list', bytes(0, 0, 0, 0, 0, 2, 0, 1, 0x61)],
    ['a string longer than the bytes', bytes(0, 0, 0, 0, 0, 1, 0, 50, 0x61)],
    ['a negative version', bytes(255, 255, 0, 0, 0, 0)],
    ['a huge array count', bytes(0, 0, 0x7f, 0xff, 0xff, 0xff)],
  ])('rejects %s with INVALID_REQUEST instead of crashing', (_, input) => {
    expect(() => decodeSubscription(input)).toThrow(KafkaError);
    expect(() => decodeAssignment(input)).toThrow(expect.objectContaining({ type: 'INVALID_REQUEST' }));
  });
});
