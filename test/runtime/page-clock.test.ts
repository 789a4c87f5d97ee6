/**
 * The page's time on a virtual wall clock: timers run on cluster time, wait while paused, stretch
 * in slow motion, and every clock that follows the control's course agrees on the time.
 */
import { describe, expect, it } from 'vitest';
import { PageClock } from '../../src/runtime/page-clock';
import { TimeControl } from '../../src/runtime/time-control';
import { VirtualClock } from '../../src/sim/virtual-clock';

function setUp() {
  const wall = new VirtualClock();
  const control = new TimeControl(wall);
  const clock = new PageClock(control.current, wall);
  control.onChange((course) => clock.follow(course));
  const fired: number[] = [];
  return { wall, control, clock, fired };
}

describe('runtime > page time', () => {
  it('runs on real time until told otherwise', async () => {
    const { wall, clock, fired } = setUp();
    const start = clock.now();
    clock.schedule(1_000, () => fired.push(clock.now() - start));
    await wall.advance(999);
    expect(fired).toEqual([]);
    await wall.advance(1);
    expect(fired).toEqual([1_000]);
  });

  it('fires no timer while paused, however long, and lets the rest of the delay run once resumed', async () => {
    const { wall, control, clock, fired } = setUp();
    const start = clock.now();
    clock.schedule(1_000, () => fired.push(clock.now() - start));
    await wall.advance(400);
    control.pause();
    await wall.advance(60_000);
    expect(fired).toEqual([]);
    expect(clock.now() - start).toBe(400);
    control.resume();
    await wall.advance(599);
    expect(fired).toEqual([]);
    await wall.advance(1);
    expect(fired).toEqual([1_000]);
  });

  it('stretches every delay in slow motion: at 0.1x a second of cluster time takes ten of the wall', async () => {
    const { wall, control, clock, fired } = setUp();
    const start = clock.now();
    control.setSpeed(0.1);
    clock.schedule(1_000, () => fired.push(clock.now() - start));
    await wall.advance(9_999);
    expect(fired).toEqual([]);
    await wall.advance(1);
    expect(fired).toEqual([1_000]);
    expect(control.speed()).toBe(0.1);
  });

  it('keeps cluster time continuous across changes, so every clock following the course agrees', async () => {
    const { wall, control, clock } = setUp();
    const other = new PageClock(control.current, wall);
    control.onChange((course) => other.follow(course));
    await wall.advance(1_000);
    control.setSpeed(0.5);
    await wall.advance(1_000);
    control.pause();
    await wall.advance(5_000);
    control.resume();
    await wall.advance(1_000);
    expect(clock.now()).toBe(other.now());
    expect(clock.now() - control.current.clusterMs).toBe(500);
    expect(control.now()).toBe(clock.now());
  });

  it('refuses a speed outside 0.1x to 1x with a message that says the range', () => {
    const { control } = setUp();
    expect(() => control.setSpeed(2)).toThrow('Time runs at 0.1× to 1× real time (slow motion), not 2×.');
    expect(() => control.setSpeed(0)).toThrow('not 0×');
    expect(() => control.setSpeed(Number.NaN)).toThrow('not NaN×');
    expect(control.speed()).toBe(1);
  });

  it('gives whole milliseconds, as Date.now() does, though the wall clock it reads has finer ones', () => {
    const wall = { now: () => 1_000.75, schedule: () => ({ cancel: () => undefined }) };
    const clock = new PageClock({ wallMs: 0, clusterMs: 0, speed: 0.1, paused: false }, wall);
    expect(clock.now()).toBe(100);
  });
});
