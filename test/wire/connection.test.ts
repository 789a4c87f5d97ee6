/**
 * A connection as Kafka's SocketServer serves it, byte by byte against a running real-time
 * cluster: pipelined requests answered in order, acks=0 answered with nothing, and every kind of
 * bad input closing only its own connection, said to the logger, while the broker keeps serving
 * everyone else and loses nothing it acknowledged. Ends with a seeded fuzzer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random';
import type { ByteChannel } from '../../src/gateway/wire-connection';
import type { WireGateway } from '../../src/gateway/wire-gateway';
import { NodeWireServer } from '../../src/node/wire-server';
import { decodeRecords, encodeRecordBatch } from '../../src/protocol/record-batch';
import { decodeResponse, encodeRequest, wireApi } from '../../src/protocol/wire/frames';
import type { WireObject } from '../../src/protocol/wire/message-codec';
import { API_KEYS } from '../../src/protocol/wire/wire-apis';
import type { WireCluster } from '../../src/index';
import type { WallClock } from '../../src/sim/wall-clock';
import { memoryLogger, realTimeCluster } from './support';

/** A client's end of a connection: what it wrote, what it got back, whether it was closed. */
class TestChannel implements ByteChannel {
  readonly received: Uint8Array[] = [];
  closed = false;
  write(bytes: Uint8Array): boolean {
    this.received.push(bytes);
    return true;
  }
  onDrain(callback: () => void): void {
    callback();
  }
  pause(): void {}
  resume(): void {}
  close(): void {
    this.closed = true;
  }
}

const logger = memoryLogger();
let cluster: WireCluster<WallClock>;
let server: NodeWireServer;
let gateway: WireGateway;
let correlation = 1;

function open(brokerId = 0) {
  const channel = new TestChannel();
  const connection = gateway.accept(brokerId, channel, { host: '10.0.0.9', port: 40000 + correlation })!;
  return { channel, connection };
}

function request(name: keyof typeof API_KEYS, version: number, body: WireObject, correlationId = correlation++): Uint8Array {
  const api = wireApi(API_KEYS[name])!;
  return encodeRequest(api.request, { apiKey: api.apiKey, apiVersion: version, correlationId, clientId: 'conn-test' }, body);
}

function response(name: keyof typeof API_KEYS, version: number, frame: Uint8Array) {
  const api = wireApi(API_KEYS[name])!;
  return decodeResponse(api.response, version, frame.subarray(4));
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const value = (text: string) => new TextEncoder().encode(text);
const produce = (acks: number, texts: string[]) => ({
  transactionalId: null,
  acks,
  timeoutMs: 5000,
  topicData: [
    {
      name: 'wire',
      partitionData: [
        { index: 0, records: encodeRecordBatch({ records: texts.map((t) => ({ key: null, value: value(t), timestamp: 1 })) }) },
      ],
    },
  ],
});

/** What partition 0 of `wire` holds, read with one Fetch over a fresh connection. */
async function readAll(): Promise<string[]> {
  const leader = cluster.leaderOf('wire', 0);
  const { channel, connection } = open(leader);
  connection.receive(
    request('Fetch', 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 10_000_000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'wire',
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 10_000_000 }],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    }),
  );
  await until('the fetch answer', () => channel.received.length === 1);
  connection.close();
  const body = response('Fetch', 11, channel.received[0]).body as { responses: { partitions: { records: Uint8Array }[] }[] };
  const records = body.responses[0].partitions[0].records;
  const texts: string[] = [];
  for (let at = 0; at < records.length;) {
    const size = new DataView(records.buffer, records.byteOffset + at + 8, 4).getInt32(0) + 12;
    for (const record of decodeRecords(records.subarray(at, at + size))) texts.push(new TextDecoder().decode(record.value!));
    at += size;
  }
  return texts;
}

const acked: string[] = [];

beforeAll(async () => {
  cluster = await realTimeCluster([0, 1, 2], logger);
  server = new NodeWireServer(cluster, (address) => cluster.network.transport(address), { logger, maxRequestBytes: 1_000_000 });
  gateway = server.gateway;
  const admin = cluster.client().admin();
  await admin.createTopics({ topics: [{ topic: 'wire', numPartitions: 1, replicationFactor: 3 }] });
});

afterAll(async () => {
  await server.close();
  await cluster.close();
});

describe('wire > a connection', () => {
  it('answers pipelined requests in the order they came, even when a later one is quicker', async () => {
    const leader = cluster.leaderOf('wire', 0);
    const { channel, connection } = open(leader);
    // A Produce with acks=-1 waits for the followers; the ApiVersions and Metadata behind it do not, yet come after it.
    const frames = [
      request('Produce', 9, produce(-1, ['p-1'])),
      request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }),
      request('Metadata', 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false }),
    ];
    const ids = frames.map((frame) => new DataView(frame.buffer, frame.byteOffset + 8, 4).getInt32(0));
    const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const frame of frames) {
      all.set(frame, at);
      at += frame.length;
    }
    connection.receive(all.subarray(0, 7));
    connection.receive(all.subarray(7));
    await until('three answers', () => channel.received.length === 3);
    const got = channel.received.map((frame) => new DataView(frame.buffer, frame.byteOffset + 4, 4).getInt32(0));
    expect(got).toEqual(ids);
    const produced = response('Produce', 9, channel.received[0]).body as { responses: { partitionResponses: { errorCode: number }[] }[] };
    expect(produced.responses[0].partitionResponses[0].errorCode).toBe(0);
    acked.push('p-1');
    const metadata = response('Metadata', 12, channel.received[2]).body as { brokers: unknown[] };
    expect(metadata.brokers).toHaveLength(3);
  });

  it('sends nothing back to an acks=0 produce, and answers the request after it', async () => {
    const leader = cluster.leaderOf('wire', 0);
    const { channel, connection } = open(leader);
    connection.receive(request('Produce', 9, produce(0, ['zero-1'])));
    const id = correlation;
    connection.receive(request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }));
    await until('the ApiVersions answer', () => channel.received.length === 1);
    expect(response('ApiVersions', 3, channel.received[0]).correlationId).toBe(id);
    expect(connection.closed).toBe(false);
    await until('the acks=0 record in the log', () => cluster.replicaOffsets('wire', 0, leader)!.logEndOffset >= 2);
  });

  it('answers an ApiVersions it does not know in version 0 with UNSUPPORTED_VERSION and its own versions', async () => {
    const { channel, connection } = open();
    const frame = request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' });
    new DataView(frame.buffer, frame.byteOffset).setInt16(6, 99);
    connection.receive(frame);
    await until('the answer', () => channel.received.length === 1);
    const { body } = response('ApiVersions', 0, channel.received[0]);
    expect(body).toMatchObject({ errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }] });
    expect(connection.closed).toBe(false);
  });

  const badFrames: [string, () => Uint8Array, RegExp][] = [
    [
      'a frame larger than socket.request.max.bytes',
      () => Uint8Array.of(0x00, 0x10, 0x00, 0x00),
      /Invalid receive \(size = 1048576 larger than 1000000\)/,
    ],
    ['a negative size', () => Uint8Array.of(0xff, 0xff, 0xff, 0xf0), /Invalid receive/],
    ['an unknown api key', () => Uint8Array.of(0, 0, 0, 10, 0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0xff, 0xff), /Unknown API key 999/],
    [
      'an unsupported version',
      () => request('Produce', 2, produce(1, ['old'])),
      /Unsupported version 2 of Produce \(this broker supports 3 to 11\)/,
    ],
    [
      'a malformed body',
      () => {
        const frame = request('Metadata', 4, { topics: [{ name: 'wire' }], allowAutoTopicCreation: false });
        new DataView(frame.buffer, frame.byteOffset).setInt32(frame.length - 9, 1_000_000);
        return frame;
      },
      /Error parsing Metadata v4 request/,
    ],
    ['a body shorter than a request header', () => Uint8Array.of(0, 0, 0, 3, 0, 3, 0), /shorter than a request header/],
  ];

  it.each(badFrames)('closes only the connection that sent %s, and says why', async (_what, frame, reason) => {
    const bad = open();
    const good = open();
    logger.lines.length = 0;
    bad.connection.receive(frame());
    await until('the bad connection to close', () => bad.channel.closed);
    expect(logger.lines.join('\n')).toMatch(reason);
    good.connection.receive(request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }));
    await until('the good connection answered', () => good.channel.received.length === 1);
    expect(good.channel.closed).toBe(false);
  });

  it('leaves a truncated frame waiting for the rest, and closes nothing', async () => {
    const { channel, connection } = open();
    const frame = request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' });
    connection.receive(frame.subarray(0, frame.length - 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(channel.received).toHaveLength(0);
    expect(channel.closed).toBe(false);
    connection.close();
  });

  it('serves others while a thousand connections are open and one client never reads', async () => {
    const before = gateway.connectionCount(0);
    const many = Array.from({ length: 1000 }, () => open());
    expect(gateway.connectionCount(0)).toBe(before + 1000);
    const stuck = open();
    const never: ByteChannel = {
      ...stuck.channel,
      write: () => false,
      onDrain: () => undefined,
      pause: () => undefined,
      resume: () => undefined,
      close: () => undefined,
    };
    const lazy = gateway.accept(0, never, { host: '10.0.0.10', port: 1 })!;
    lazy.receive(request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }));
    lazy.receive(request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }));
    const good = open();
    good.connection.receive(request('ApiVersions', 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1.0' }));
    await until('the good connection answered', () => good.channel.received.length === 1);
    for (const { connection } of many) connection.close();
    lazy.close();
    stuck.connection.close();
    good.connection.close();
    expect(gateway.connectionCount(0)).toBe(before);
  });

  it('survives a seeded fuzzer of 10,000 frames and loses nothing it acknowledged', async () => {
    const seed = Number(process.env.WIRE_FUZZ_SEED ?? 20_250_101);
    console.log(`wire fuzzer seed ${seed} (WIRE_FUZZ_SEED=${seed} replays it)`);
    const random = new SeededRandom(seed);
    const leader = cluster.leaderOf('wire', 0);
    /** The produces sent whole, by correlation id: answered without error, their record must stay readable. */
    const produced = new Map<number, { text: string; version: number }>();
    const valid = () => {
      const n = random.nextInt(4);
      if (n === 0) {
        const text = `fz-${random.nextInt(1e9)}`;
        const version = 3 + random.nextInt(9);
        produced.set(correlation, { text, version });
        return request('Produce', version, produce(1, [text]));
      }
      if (n === 1)
        return request('Metadata', random.nextInt(13), {
          topics: [{ name: 'wire', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
          allowAutoTopicCreation: false,
        });
      if (n === 2) return request('ApiVersions', random.nextInt(5), { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' });
      return request('FindCoordinator', random.nextInt(7), { key: 'g', keyType: 0, coordinatorKeys: ['g'] });
    };
    const noteAcks = (channel: TestChannel) => {
      for (const frame of channel.received) {
        const id = new DataView(frame.buffer, frame.byteOffset + 4, 4).getInt32(0);
        const sentProduce = produced.get(id);
        if (sentProduce === undefined) continue;
        const body = response('Produce', sentProduce.version, frame).body as {
          responses: { partitionResponses: { errorCode: number }[] }[];
        };
        if (body.responses[0]?.partitionResponses[0]?.errorCode === 0) acked.push(sentProduce.text);
      }
    };
    let sent = 0;
    while (sent < 10_000) {
      const { channel, connection } = open(leader);
      for (let i = 0; i < 20 && sent < 10_000; i++, sent++) {
        let frame = valid();
        const mode = random.nextInt(4);
        if (mode === 0) {
          // random bytes after a plausible size
          frame = new Uint8Array(4 + random.nextInt(64));
          for (let b = 4; b < frame.length; b++) frame[b] = random.nextInt(256);
          new DataView(frame.buffer).setInt32(0, frame.length - 4);
        } else if (mode === 1) {
          for (let flips = 1 + random.nextInt(4); flips > 0; flips--) frame[4 + random.nextInt(frame.length - 4)] = random.nextInt(256);
          produced.delete(new DataView(frame.buffer, frame.byteOffset + 8, 4).getInt32(0));
        } else if (mode === 2) {
          frame = frame.slice(0, 4 + random.nextInt(frame.length - 4));
          new DataView(frame.buffer).setInt32(0, frame.length - 4);
        }
        connection.receive(frame);
        if (connection.closed) break;
      }
      // Let the broker answer what it took before this client goes away.
      await new Promise((resolve) => setTimeout(resolve, 2));
      noteAcks(channel);
      connection.close();
    }
    // Everything the broker acknowledged before is still there, and it still serves.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const texts = new Set(await readAll());
    console.log(`wire fuzzer: ${sent} frames, ${acked.length} produces acknowledged, all checked readable`);
    expect(acked.length).toBeGreaterThan(50);
    expect(acked.filter((text) => !texts.has(text))).toEqual([]);
    const { channel, connection } = open(cluster.leaderOf('wire', 0));
    connection.receive(request('Produce', 9, produce(-1, ['after-fuzz'])));
    await until('the produce after the fuzzer', () => channel.received.length === 1);
    expect(
      (response('Produce', 9, channel.received[0]).body as { responses: { partitionResponses: { errorCode: number }[] }[] }).responses[0]
        .partitionResponses[0].errorCode,
    ).toBe(0);
    expect(await readAll()).toContain('after-fuzz');
  }, 60_000);
});
