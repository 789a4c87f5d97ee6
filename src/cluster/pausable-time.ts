/**
 * The part of the page's time control (src/runtime/time-control.ts, `window.sim.time`) that stops
 * and restarts every node at once. Here, under both, so that the runtime (pausing a hidden tab) and
 * the lessons (holding a moment for the learner to look at) take the same contract.
 */
export interface PausableTime {
  pause(): void;
  resume(): void;
  paused(): boolean;
}
