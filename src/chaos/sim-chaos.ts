/**
 * `window.sim.chaos`: one chaos run at a time against the page's cluster, from DevTools or the
 * Chaos panel (`await sim.chaos.run({ seed: 7, faults: 5, durationMs: 15000 })`).
 */
import type { LiveChaosOptions } from './chaos-options';
import type { ChaosRunControls } from './chaos-run';
import { runLiveChaos, type LiveChaosCluster, type LiveChaosResult } from './live-chaos';

export interface SimChaos {
  /** Runs the chaos checker against the live cluster; resolves to its verdict. Rejects if a run is already under way. */
  run(options: LiveChaosOptions, controls?: ChaosRunControls): Promise<LiveChaosResult>;
  /** Whether a run is under way. */
  readonly running: boolean;
}

export function simChaos(cluster: LiveChaosCluster): SimChaos {
  let running = false;
  return {
    get running() {
      return running;
    },
    async run(options, controls) {
      if (running) throw new Error('A chaos run is already under way: stop it, or wait for its verdict.');
      running = true;
      try {
        return await runLiveChaos(cluster, options, controls);
      } finally {
        running = false;
      }
    },
  };
}
