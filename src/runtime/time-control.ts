/**
 * Who sets the page's time: pause, resume and slow motion (0.1× to 1×) for every node at once
 * (`window.sim.time`). It keeps the one TimeCourse every PageClock of the page follows and tells
 * its listeners (the main thread's clock, each broker worker, the client worker) of every change.
 * A change re-anchors the course at the current instant, so cluster time never jumps: paused, it
 * stands still; resumed, it goes on from where it stood.
 */
import { KafkaError } from '../protocol/errors';
import { clusterTimeAt, realTime, wallClock, type TimeCourse, type WallClock } from './page-clock';

/** Slow motion goes down to a tenth of real time; faster than real time is not offered. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1;

export class TimeControl {
  private course: TimeCourse;
  private readonly listeners = new Set<(course: TimeCourse) => void>();

  constructor(private readonly wall: Pick<WallClock, 'now'> = wallClock) {
    this.course = realTime(wall);
  }

  /** The course every clock of the page follows now. */
  get current(): TimeCourse {
    return this.course;
  }

  /** The cluster's time now, in whole milliseconds as every PageClock gives it. */
  now(): number {
    return Math.floor(clusterTimeAt(this.course, this.wall.now()));
  }

  /** Stops every node's timers until resume(). */
  pause(): void {
    if (!this.course.paused) this.change({ paused: true });
  }

  resume(): void {
    if (this.course.paused) this.change({ paused: false });
  }

  /** Slow motion: `speed` cluster milliseconds per wall millisecond, from 0.1 to 1. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      throw new KafkaError('INVALID_REQUEST', `Time runs at ${MIN_SPEED}× to ${MAX_SPEED}× real time (slow motion), not ${speed}×.`);
    }
    if (speed !== this.course.speed) this.change({ speed });
  }

  speed(): number {
    return this.course.speed;
  }

  paused(): boolean {
    return this.course.paused;
  }

  /** Called with each new course; returns the unsubscribe function. */
  onChange(listener: (course: TimeCourse) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private change(next: Partial<Pick<TimeCourse, 'speed' | 'paused'>>): void {
    const wallMs = this.wall.now();
    this.course = { ...this.course, ...next, wallMs, clusterMs: clusterTimeAt(this.course, wallMs) };
    for (const listener of [...this.listeners]) listener(this.course);
  }
}
