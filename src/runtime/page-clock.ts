/**
 * The page's time: wall-clock time that the learner can pause and slow down, the same on every
 * thread of the page. Every node of the browser runtime (each broker's worker, the client worker,
 * the controller, the group coordinator and the page's own clients) runs on a PageClock, and every
 * PageClock follows one TimeCourse that the main thread's TimeControl sets and sends to the
 * workers. While paused no timer of any node fires: a killed broker is not fenced however long the
 * pause lasts, a workload sends nothing, and nothing times out when time resumes.
 *
 * A course maps wall-clock time to cluster time from an anchor: cluster = clusterMs + (wall -
 * wallMs) × speed, or clusterMs while paused. Wall time is read as performance.timeOrigin +
 * performance.now(), an epoch instant with sub-millisecond precision that every thread agrees on
 * (each thread's own performance.now() starts at its own origin).
 */
import type { Clock, Timer } from '../core/clock';
import { RealClock } from './real-clock';

export interface TimeCourse {
  /** A wall-clock instant, epoch milliseconds. */
  wallMs: number;
  /** The cluster's time at that instant. */
  clusterMs: number;
  /** Cluster milliseconds per wall millisecond: 1 is real time, 0.1 slow motion. */
  speed: number;
  paused: boolean;
}

/** The wall clock every thread agrees on, and its timers. */
export interface WallClock extends Clock {
  now(): number;
}

const hasPerformance = typeof performance !== 'undefined' && typeof performance.timeOrigin === 'number';

/** Epoch milliseconds, sub-millisecond where the platform allows, equal on every thread of the page. */
export const wallClock: WallClock = {
  now: hasPerformance ? () => performance.timeOrigin + performance.now() : () => Date.now(),
  schedule: (delayMs, task) => realTimers.schedule(delayMs, task),
};
const realTimers = new RealClock();

/** Real time from now: the course a page starts with. */
export function realTime(wall: Pick<WallClock, 'now'> = wallClock): TimeCourse {
  const nowMs = wall.now();
  return { wallMs: nowMs, clusterMs: nowMs, speed: 1, paused: false };
}

/** The cluster's time at wall-clock instant `wallMs` on `course`. */
export function clusterTimeAt(course: TimeCourse, wallMs: number): number {
  return course.paused ? course.clusterMs : course.clusterMs + (wallMs - course.wallMs) * course.speed;
}

interface PendingTimer {
  /** Cluster time at which the task is due. */
  readonly dueMs: number;
  readonly task: () => void;
  wallTimer: Timer | null;
}

export class PageClock implements Clock {
  private course: TimeCourse;
  private readonly pending = new Set<PendingTimer>();

  constructor(
    course?: TimeCourse,
    private readonly wall: WallClock = wallClock,
  ) {
    this.course = course ?? realTime(wall);
  }

  /** Whole milliseconds, as Date.now() gives them: record timestamps and the engine's arithmetic expect them. */
  now(): number {
    return Math.floor(this.preciseNow());
  }

  /** `delayMs` of cluster time: longer in wall time in slow motion, and not at all while paused. */
  schedule(delayMs: number, task: () => void): Timer {
    const timer: PendingTimer = { dueMs: this.preciseNow() + Math.max(0, delayMs), task, wallTimer: null };
    this.pending.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        timer.wallTimer?.cancel();
        this.pending.delete(timer);
      },
    };
  }

  /** Follows a new course: every pending timer is set again for its due time on it. */
  follow(course: TimeCourse): void {
    this.course = course;
    for (const timer of this.pending) {
      timer.wallTimer?.cancel();
      this.arm(timer);
    }
  }

  get currentCourse(): TimeCourse {
    return this.course;
  }

  private preciseNow(): number {
    return clusterTimeAt(this.course, this.wall.now());
  }

  private arm(timer: PendingTimer): void {
    timer.wallTimer = null;
    if (this.course.paused) return;
    const wallDelayMs = Math.max(0, (timer.dueMs - this.preciseNow()) / this.course.speed);
    timer.wallTimer = this.wall.schedule(wallDelayMs, () => {
      this.pending.delete(timer);
      timer.task();
    });
  }
}
