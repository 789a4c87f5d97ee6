import { describe, expect, it } from 'vitest';
import { DelayLine } from '../../src/runtime/delay-line';
import { VirtualClock } from '../../src/sim/virtual-clock';

describe('runtime > delay line', () => {
  it('delivers at once when there is no delay and nothing waits', () => {
    const line = new DelayLine(new VirtualClock());
    const delivered: string[] = [];
    line.push(0, () => delivered.push('now'));
    expect(delivered).toEqual(['now']);
  });

  it('holds a message for its delay, and a later one with a shorter delay waits behind it', async () => {
    const clock = new VirtualClock();
    const line = new DelayLine(clock);
    const delivered: string[] = [];
    line.push(500, () => delivered.push('first'));
    line.push(0, () => delivered.push('second'));
    await clock.advance(499);
    expect(delivered).toEqual([]);
    await clock.advance(1);
    expect(delivered).toEqual(['first', 'second']);
  });

  it('forgets what it holds when cleared', async () => {
    const clock = new VirtualClock();
    const line = new DelayLine(clock);
    const delivered: string[] = [];
    line.push(500, () => delivered.push('lost'));
    line.clear();
    await clock.advance(1000);
    line.push(0, () => delivered.push('after'));
    expect(delivered).toEqual(['after']);
  });
});
