import type { Clock, Timer } from '../../src/core/clock';

/** A clock that moves only when the test says so, running due timers in (time, scheduling) order. */
export class ManualClock implements Clock {
  private nowMs = 0;
  private seq = 0;
  private readonly timers: { atMs: number; seq: number; task: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.nowMs;
  }

  schedule(delayMs: number, task: () => void): Timer {
    const timer = { atMs: this.nowMs + delayMs, seq: this.seq++, task, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, and lets promises settle after each. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => !t.cancelled && t.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.nowMs = due.atMs;
      due.task();
    }
    this.nowMs = targetMs;
    await settle();
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
