/**
 * The Chaos tab in the lab: `sim.chaos` as a journal action. The run (faults, workloads, checkers)
 * happens in the lab worker on the run's own cluster and virtual time, so its verdict replays with
 * a share link and a seek can go back to any of its faults. Progress comes with the snapshots; Stop
 * is an action too. A seek that leaves the chaos run in another run ends it here with that said.
 */
import type { SimChaos } from '../chaos/sim-chaos';
import type { LiveChaosResult } from '../chaos/live-chaos';
import type { LabCluster } from './lab-cluster';

export function labChaos(cluster: LabCluster): SimChaos {
  return {
    get running() {
      return cluster.snapshot.chaos.running;
    },
    async run(options, controls = {}) {
      if (cluster.snapshot.chaos.running) throw new Error('A chaos run is already under way: stop it, or wait for its verdict.');
      const startedIn = cluster.snapshot.terminal.run;
      let leftBehind!: (error: Error) => void;
      const left = new Promise<never>((_, reject) => (leftBehind = reject));
      const off = cluster.onChange(() => {
        const { terminal, chaos } = cluster.snapshot;
        if (terminal.run !== startedIn)
          leftBehind(new Error('The lab went to another moment: this chaos run stayed in the run left behind.'));
        else if (chaos.progress !== null) controls.onProgress?.(chaos.progress);
      });
      controls.signal?.addEventListener('abort', () => void cluster.act({ kind: 'chaosStop' }), { once: true });
      try {
        return await Promise.race([cluster.act({ kind: 'chaos', options }) as Promise<LiveChaosResult>, left]);
      } finally {
        off();
      }
    },
  };
}
