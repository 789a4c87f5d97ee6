/**
 * Time as the engine sees it. The engine never reads the wall clock or starts a real timer:
 * the in-process runtime hands it a virtual clock, the browser runtime a real one.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (virtual or real). */
  now(): number;
  /**
   * Runs `task` once, `delayMs` from now. `label` says in words what firing it means (a message
   * delivered, a Kafka timeout), for the lab's step-by-step view; clocks that do not show steps ignore it.
   */
  schedule(delayMs: number, task: () => void, label?: string): Timer;
}

/**
 * Calls `task` first `initialDelayMs` from now (default `intervalMs`), then every `intervalMs`, until
 * the returned timer is cancelled (KafkaScheduler.schedule's delay and period).
 */
export function scheduleRepeating(clock: Clock, intervalMs: number, task: () => void, initialDelayMs = intervalMs): Timer {
  let current: Timer;
  let cancelled = false;
  const tick = () => {
    if (cancelled) return;
    current = clock.schedule(intervalMs, tick);
    task();
  };
  current = clock.schedule(initialDelayMs, tick);
  return {
    cancel() {
      cancelled = true;
      current.cancel();
    },
  };
}
