import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random';
import { MemoryLogStore } from '../../src/broker/memory-log-store';
import type { RequestHandler } from '../../src/protocol/rpc';
import { SimNetwork } from '../../src/sim/sim-network';
import { SimProcess } from '../../src/sim/sim-process';
import { VirtualClock } from '../../src/sim/virtual-clock';

describe('sim > process', () => {
  it('after kill, the process writes nothing to its disk, fires no timers and sends nothing', async () => {
    const clock = new VirtualClock();
    const network = new SimNetwork(clock, new SeededRandom(1));
    let served = 0;
    network.register('controller', (async () => {
      served++;
      return {};
    }) as RequestHandler);
    const disk = new MemoryLogStore<{ hw: number }>();
    const process = new SimProcess(clock, network.transport('broker-1'), disk);
    const tp = { topic: 'orders', partition: 0 };
    await process.store.append(tp, [{ baseOffset: 0, bytes: new Uint8Array([1]) }], { hw: 0 });
    let fired = 0;
    process.clock.schedule(10, () => fired++);

    process.kill();
    let settled = false;
    void process.store.writeMeta(tp, { hw: 99 }).then(() => (settled = true));
    void process.transport.request('controller', 'Metadata', {} as never, 1000).then(() => (settled = true));
    await clock.advance(2000);

    expect(settled).toBe(false);
    expect(fired).toBe(0);
    expect(served).toBe(0);
    expect((await disk.load(tp))?.meta).toEqual({ hw: 0 });
  });
});
