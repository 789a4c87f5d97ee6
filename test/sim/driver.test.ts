import { describe, expect, it } from 'vitest';
import { scheduleRepeating } from '../../src/core/clock';
import { Driver } from '../../src/sim/driver';
import { VirtualClock } from '../../src/sim/virtual-clock';

const after = <T>(clock: VirtualClock, ms: number, value: T) => new Promise<T>((resolve) => clock.schedule(ms, () => resolve(value)));

describe('sim > driver', () => {
  it('advances virtual time by itself until the awaited promise settles', async () => {
    const clock = new VirtualClock();
    const driver = new Driver(clock);
    expect(await driver.run(after(clock, 9000, 'fenced'))).toBe('fenced');
    expect(clock.elapsedMs()).toBe(9000);
  });

  it('passes a rejection through', async () => {
    const clock = new VirtualClock();
    const driver = new Driver(clock);
    const failing = after(clock, 10, null).then(() => {
      throw new Error('NOT_LEADER_OR_FOLLOWER');
    });
    await expect(driver.run(failing)).rejects.toThrow('NOT_LEADER_OR_FOLLOWER');
  });

  it('shares one loop between concurrent runs, each resolving at its own time', async () => {
    const clock = new VirtualClock();
    const driver = new Driver(clock);
    const seen: Array<[string, number]> = [];
    await Promise.all([
      driver.run(after(clock, 300, 'slow')).then((v) => seen.push([v, clock.elapsedMs()])),
      driver.run(after(clock, 100, 'fast')).then((v) => seen.push([v, clock.elapsedMs()])),
    ]);
    expect(seen).toEqual([
      ['fast', 100],
      ['slow', 300],
    ]);
    expect(clock.steps).toBe(2);
  });

  it('runs async chains that await between timers', async () => {
    const clock = new VirtualClock();
    const driver = new Driver(clock);
    const sleep = (ms: number) => after(clock, ms, undefined);
    const chain = async () => {
      for (let i = 0; i < 5; i++) await sleep(1000);
      return clock.elapsedMs();
    };
    expect(await driver.run(chain())).toBe(5000);
  });

  it('fails with a clear error when a promise can never settle and nothing is scheduled', async () => {
    const driver = new Driver(new VirtualClock());
    await expect(driver.run(new Promise(() => {}), 'producer.send()')).rejects.toThrow(
      /gave up waiting for producer\.send\(\) to settle: no events are pending/,
    );
  });

  it('names its context, such as the seed, in every failure', async () => {
    const driver = new Driver(new VirtualClock(), { context: 'seed 42' });
    await expect(driver.run(new Promise(() => {}))).rejects.toThrow(/no events are pending.*\(seed 42\)$/);
  });

  it('fails at the virtual time bound when heartbeats keep the queue busy forever', async () => {
    const clock = new VirtualClock();
    scheduleRepeating(clock, 2000, () => {});
    const driver = new Driver(clock, { maxVirtualMs: 60_000 });
    await expect(driver.run(new Promise(() => {}))).rejects.toThrow(/maxVirtualMs/);
    expect(clock.elapsedMs()).toBe(60_000);
  });

  it('wraps an object so its async methods, and those of the objects it hands out, drive the clock', async () => {
    const clock = new VirtualClock();
    const driver = new Driver(clock);
    class Producer {
      #sent: string[] = [];
      get sentCount() {
        return this.#sent.length;
      }
      async send(value: string) {
        await after(clock, 5, undefined);
        this.#sent.push(value);
        return { offset: this.#sent.length - 1, atMs: clock.elapsedMs() };
      }
    }
    const kafka = driver.wrap({ producer: () => new Producer(), clientId: 'sim' });
    const producer = kafka.producer();
    expect(await producer.send('a')).toEqual({ offset: 0, atMs: 5 });
    expect(await producer.send('b')).toEqual({ offset: 1, atMs: 10 });
    expect(kafka.clientId).toBe('sim');
    expect(producer.sentCount).toBe(2);
  });
});
