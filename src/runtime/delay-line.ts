/**
 * One direction of one link of a slow node (cluster.broker(id).slow(extraMs)): messages are held
 * back by the delay in force when each was sent and released in the order they were sent, as TCP
 * keeps a connection's order, so a delay lowered meanwhile never lets a later message overtake an
 * earlier one (SimNetwork keeps the same per-link order on virtual time).
 */
import type { Clock, Timer } from '../core/clock';

interface Held {
  dueMs: number;
  deliver: () => void;
}

export class DelayLine {
  private readonly held: Held[] = [];
  private timer: Timer | null = null;

  constructor(private readonly clock: Clock) {}

  /** Runs `deliver` after `delayMs`, never before what was pushed earlier; at once when there is no delay and nothing waits. */
  push(delayMs: number, deliver: () => void): void {
    if (delayMs <= 0 && this.held.length === 0) {
      deliver();
      return;
    }
    const dueMs = Math.max(this.clock.now() + delayMs, this.held.at(-1)?.dueMs ?? 0);
    this.held.push({ dueMs, deliver });
    if (this.timer === null) this.arm();
  }

  /** Forgets everything held: the connection it was for is gone. */
  clear(): void {
    this.held.length = 0;
    this.timer?.cancel();
    this.timer = null;
  }

  private arm(): void {
    this.timer = this.clock.schedule(this.held[0].dueMs - this.clock.now(), () => {
      this.timer = null;
      const now = this.clock.now();
      try {
        while (this.held.length > 0 && this.held[0].dueMs <= now) this.held.shift()!.deliver();
      } finally {
        // A delivery that threw, or pushed again, must not leave the rest without a timer (or with two).
        if (this.held.length > 0 && this.timer === null) this.arm();
      }
    });
  }
}
