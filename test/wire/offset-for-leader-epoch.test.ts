/**
 * OffsetForLeaderEpoch (api key 23) on the wire. kafkajs does not speak it (it never validates a
 * position), so the bytes are checked against Kafka's layout written out by hand, and every
 * advertised version must read back what it wrote.
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, wireApi } from '../../src/protocol/wire/frames';
import { API_KEYS } from '../../src/protocol/wire/wire-apis';

const api = wireApi(API_KEYS.OffsetForLeaderEpoch)!;
const header = (apiVersion: number) => ({ apiKey: 23, apiVersion, correlationId: 7, clientId: 'c' });

describe('wire > OffsetForLeaderEpoch', () => {
  it('is advertised at versions 2 to 4, as Kafka 4.0 does (KIP-896)', () => {
    expect(api).toMatchObject({ name: 'OffsetForLeaderEpoch', apiKey: 23, minVersion: 2, maxVersion: 4 });
  });

  it('writes a version 2 request in Kafka layout: topic, partition, current leader epoch, leader epoch', () => {
    const body = { topics: [{ topic: 'ab', partitions: [{ partition: 3, currentLeaderEpoch: 5, leaderEpoch: 4 }] }] };
    const frame = encodeRequest(api.request, header(2), body);
    // The size, header v1 (api key, version, correlation id, client id), then the body.
    const expected = [
      [0, 0, 0, 35],
      [0, 23, 0, 2, 0, 0, 0, 7, 0, 1, 99],
      [0, 0, 0, 1, 0, 2, 97, 98],
      [0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 4],
    ].flat();
    expect([...frame]).toEqual(expected);
    // Before version 3 no replica is named: the schema's default, -2, Kafka's debugging consumer.
    expect(decodeRequest(api, frame.subarray(4)).body).toEqual({ replicaId: -2, ...body });
  });

  it.each([2, 3, 4])('version %i reads back the request and the response it wrote', (version) => {
    const request = {
      replicaId: version >= 3 ? -1 : -2,
      topics: [{ topic: 'orders', partitions: [{ partition: 3, currentLeaderEpoch: 5, leaderEpoch: 4 }] }],
    };
    expect(decodeRequest(api, encodeRequest(api.request, header(version), request).subarray(4)).body).toEqual(request);
    const response = {
      throttleTimeMs: 0,
      topics: [{ topic: 'orders', partitions: [{ errorCode: 0, partition: 3, leaderEpoch: 4, endOffset: 1 }] }],
    };
    const frame = encodeResponse(api.response, version, 7, response);
    expect(decodeResponse(api.response, version, frame.subarray(4))).toEqual({ correlationId: 7, body: response });
  });
});
