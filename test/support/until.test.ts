import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/virtual-clock';
import { until } from './until';

describe('until', () => {
  it('runs virtual time only until the condition holds and returns how long that took', async () => {
    const clock = new VirtualClock();
    let done = false;
    clock.schedule(1_500, () => (done = true));
    clock.schedule(60_000, () => undefined);
    expect(await until(clock, 'the timer fires', () => done)).toBe(1_500);
    expect(clock.elapsedMs()).toBe(1_500);
    expect(await until({ clock }, 'the timer has fired', () => done)).toBe(0);
  });

  it('checks a condition that must be awaited every pollEveryMs', async () => {
    const clock = new VirtualClock();
    let done = false;
    clock.schedule(1_250, () => (done = true));
    expect(await until(clock, 'the timer fires', async () => done, { pollEveryMs: 500 })).toBe(1_500);
    await expect(until(clock, 'never', async () => false, { maxVirtualMs: 1_000, pollEveryMs: 500 })).rejects.toThrow(
      /^until "never": it did not happen in 1\.000s of virtual time, from t=1\.500s\. It was checked every 500 ms\.$/,
    );
  });

  it('fails with the condition, the time waited and what the condition last threw', async () => {
    const clock = new VirtualClock();
    const tick = () => clock.schedule(1_000, tick);
    tick();
    const never = () => {
      throw new Error('no leader for orders-0');
    };
    await expect(until(clock, 'orders-0 has a leader', never, 10_000)).rejects.toThrow(
      /^until "orders-0 has a leader": it did not happen in 10\.000s of virtual time, from t=0\.000s\..*maxVirtualMs.*no leader for orders-0/,
    );
  });
});
