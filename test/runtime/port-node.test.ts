import { afterEach, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../src/cluster/link-faults';
import type { Clock } from '../../src/core/clock';
import { KafkaError } from '../../src/protocol/errors';
import type { RequestHandler } from '../../src/protocol/rpc';
import { PortNode } from '../../src/runtime/port-node';
import { RealClock } from '../../src/runtime/real-clock';
import { VirtualClock } from '../../src/sim/virtual-clock';

const clock = new RealClock();
const nodes: PortNode[] = [];

/** Two nodes joined by one MessageChannel, as the main thread hands them out. */
function pair(handler: RequestHandler, on: Clock = clock): { client: PortNode; broker: PortNode } {
  const client = new PortNode({ address: 'client-1', clock: on });
  const broker = new PortNode({ address: 'broker-1', clock: on, handler });
  const channel = new MessageChannel();
  client.connect('broker-1', channel.port1);
  broker.connect('client-1', channel.port2);
  nodes.push(client, broker);
  return { client, broker };
}

/** A pair whose broker answers every request with { ok: true } and notes which APIs it served. */
function servingPair(on: Clock = clock): { client: PortNode; broker: PortNode; served: string[] } {
  const served: string[] = [];
  const nodes = pair(async (api) => {
    served.push(api);
    return { ok: true } as never;
  }, on);
  return { ...nodes, served };
}

async function failure(promise: Promise<unknown>): Promise<KafkaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KafkaError);
  return error as KafkaError;
}

afterEach(() => {
  for (const node of nodes.splice(0)) node.close();
});

describe('runtime > port node', () => {
  it("answers a request with the handler's response and tells the handler who asked", async () => {
    const { client } = pair(async (api, body, from) => ({ api, body, from }) as never);
    const response = await client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000);
    expect(response).toEqual({ api: 'Metadata', body: { topics: null, allowAutoTopicCreation: false }, from: 'client-1' });
  });

  it("delivers record batch bytes and leaves the sender's copy intact for a retry", async () => {
    const { client } = pair(async (_api, body) => ({ echoed: (body as unknown as { records: Uint8Array[] }).records }) as never);
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const records = [big.subarray(2, 5), new Uint8Array([4, 5])];
    const response = (await client.transport.request('broker-1', 'Produce', { records } as never, 1000)) as unknown as {
      echoed: Uint8Array[];
    };
    expect(response.echoed.map((bytes) => [...bytes])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect([...records[0]]).toEqual([1, 2, 3]);
    expect(big.byteLength).toBe(6);
  });

  it("passes a handler's KafkaError to the caller with its name and message", async () => {
    const { client } = pair(async () => {
      throw new KafkaError('NOT_CONTROLLER', 'broker-1 is not the controller');
    });
    const error = await failure(
      client.transport.request('broker-1', 'CreateTopics', { topics: [], timeoutMs: 1000, validateOnly: false }, 1000),
    );
    expect(error.type).toBe('NOT_CONTROLLER');
    expect(error.message).toBe('broker-1 is not the controller');
  });

  it('turns any other handler failure into UNKNOWN_SERVER_ERROR', async () => {
    const { client } = pair(async () => {
      throw new TypeError('boom');
    });
    expect(
      (await failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000))).type,
    ).toBe('UNKNOWN_SERVER_ERROR');
  });

  it('fails with REQUEST_TIMED_OUT when no answer comes in time', async () => {
    const { client } = pair(() => new Promise(() => {}));
    const error = await failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 50));
    expect(error.type).toBe('REQUEST_TIMED_OUT');
    expect(error.message).toContain('1 (broker-1)');
  });

  it('fails requests in flight with NETWORK_EXCEPTION as soon as the peer is disconnected', async () => {
    const { client } = pair(() => new Promise(() => {}));
    const pending = client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 60_000);
    client.disconnect('broker-1');
    const error = await failure(pending);
    expect(error.type).toBe('NETWORK_EXCEPTION');
    expect(error.message).toBe('Disconnected from node 1 (broker-1)');
  });

  it('refuses at once with NETWORK_EXCEPTION when there is no connection and nothing to dial', async () => {
    const lonely = new PortNode({ address: 'client-2', clock, dial: () => null });
    nodes.push(lonely);
    const error = await failure(lonely.transport.request('broker-7', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 60_000));
    expect(error.type).toBe('NETWORK_EXCEPTION');
    expect(error.message).toContain('could not be established');
  });

  it('dials a peer on first use and reuses the connection after', async () => {
    const broker = new PortNode({ address: 'broker-1', clock, handler: async () => ({ ok: true }) as never });
    let dials = 0;
    const client = new PortNode({
      address: 'client-3',
      clock,
      dial: (peer) => {
        dials++;
        const channel = new MessageChannel();
        broker.connect('client-3', channel.port2);
        expect(peer).toBe('broker-1');
        return channel.port1;
      },
    });
    nodes.push(broker, client);
    await client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000);
    await client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000);
    expect(dials).toBe(1);
  });

  it('drops everything while isolated, so callers time out, and serves again once healed', async () => {
    const { client, broker } = pair(async () => ({ ok: true }) as never);
    broker.setFaults({ ...NO_FAULTS, isolated: true });
    const error = await failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 50));
    expect(error.type).toBe('REQUEST_TIMED_OUT');
    broker.setFaults(NO_FAULTS);
    expect(await client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000)).toEqual({
      ok: true,
    });
  });

  it('a one-way cut from the broker drops its answers: the request is served, the caller times out', async () => {
    const { client, broker, served } = servingPair();
    broker.setFaults({ ...NO_FAULTS, cutTo: ['client-1'] });
    const error = await failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 100));
    expect(error.type).toBe('REQUEST_TIMED_OUT');
    expect(served).toEqual(['Metadata']);
    broker.setFaults(NO_FAULTS);
    expect(await client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000)).toEqual({
      ok: true,
    });
  });

  it('a one-way cut into the broker drops the requests before they are served', async () => {
    const { client, broker, served } = servingPair();
    broker.setFaults({ ...NO_FAULTS, cutFrom: ['client-1'] });
    expect(
      (await failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 100))).type,
    ).toBe('REQUEST_TIMED_OUT');
    expect(served).toEqual([]);
  });

  it('a slow node holds back what it sends until its delay has passed, and keeps the order when the delay drops', async () => {
    const virtual = new VirtualClock();
    const served: number[] = [];
    const { client } = pair(async (_api, body) => {
      served.push((body as unknown as { n: number }).n);
      return { ok: true } as never;
    }, virtual);
    client.setFaults({ ...NO_FAULTS, slowMs: 500 });
    const first = client.transport.request('broker-1', 'Metadata', { n: 1 } as never, 60_000);
    client.setFaults(NO_FAULTS);
    const second = client.transport.request('broker-1', 'Metadata', { n: 2 } as never, 60_000);
    await realTicks();
    expect(served).toEqual([]);
    await virtual.advance(500);
    await Promise.all([first, second]);
    expect(served).toEqual([1, 2]);
  });

  it('a slow node holds back what it receives too, answers included', async () => {
    const virtual = new VirtualClock();
    const { client, broker } = pair(async () => ({ ok: true }) as never, virtual);
    broker.setFaults({ ...NO_FAULTS, slowMs: 500 });
    let answered = false;
    const response = client.transport
      .request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 60_000)
      .then((body) => {
        answered = true;
        return body;
      });
    await realTicks();
    await virtual.advance(499);
    await realTicks();
    expect(answered).toBe(false);
    // 500 ms held on the way in; the answer is held another 500 ms on the way out.
    await virtual.advance(1);
    await realTicks();
    expect(answered).toBe(false);
    await virtual.advance(500);
    expect(await response).toEqual({ ok: true });
  });

  it('loses what a slow node still held for a link cut meanwhile', async () => {
    const virtual = new VirtualClock();
    const { client, served } = servingPair(virtual);
    client.setFaults({ ...NO_FAULTS, slowMs: 500 });
    const failed = failure(client.transport.request('broker-1', 'Metadata', { topics: null, allowAutoTopicCreation: false }, 1000));
    client.setFaults({ ...NO_FAULTS, slowMs: 500, cutTo: ['broker-1'] });
    await virtual.advance(500);
    await realTicks();
    expect(served).toEqual([]);
    await virtual.advance(500);
    expect((await failed).type).toBe('REQUEST_TIMED_OUT');
  });
});

/** Lets messages already posted on the MessagePorts arrive (they travel on real time, not the virtual clock). */
function realTicks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
