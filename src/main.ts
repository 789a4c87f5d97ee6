import { mount, unmount } from 'svelte';
import App from './ui/App.svelte';
import TabElsewhere from './ui/TabElsewhere.svelte';
import { bootSimulator } from './runtime/boot';
import { acquireClusterLock, type HeldLock } from './runtime/tab-lock';
import { initLanguage } from './ui/i18n/i18n.svelte';

const target = document.getElementById('app')!;
// Before anything is drawn, so the first frame is already in the learner's language (and <html lang> follows it).
initLanguage();

/** The lab (`?lab`): the deterministic engine in a worker, loaded only when asked for; it uses no IndexedDB, so no lock. */
function startLab(): void {
  Promise.all([import('./lab/boot-lab'), import('./lab/spawn-lab-worker')]).then(
    async ([{ bootLab }, { spawnLabWorker }]) => {
      const sim = await bootLab(spawnLabWorker, location);
      Object.assign(window, { sim });
      mount(App, { target, props: { sim } });
    },
    (error: unknown) => {
      target.textContent = `The lab could not start: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    },
  );
}

/** Starts the cluster in this tab, which holds the cluster's lock; hands it over when another tab asks. */
async function run(lock: HeldLock): Promise<void> {
  const sim = await bootSimulator();
  window.sim = sim;
  const app = mount(App, { target, props: { sim } });
  lock.onTakeOverRequested(async () => {
    // A controlled stop: no new records, then every worker stopped and the store flushed.
    for (const workload of sim.workloads.list()) await sim.workloads.stop(workload.id).catch(() => undefined);
    await sim.close();
    window.sim = undefined;
    await unmount(app);
    mount(TabElsewhere, { target, props: { moved: true } });
  });
}

/** The live cluster: broker workers over IndexedDB, in the one tab that holds the cluster's lock. */
async function startLive(): Promise<void> {
  const lock = await acquireClusterLock();
  if (lock.held) return run(lock.lock);
  // Another tab runs the cluster: start no broker here, say so, and offer to move it.
  const notice = mount(TabElsewhere, {
    target,
    props: {
      moved: false,
      ontakeover: async () => {
        const held = await lock.takeOver();
        await unmount(notice);
        await run(held);
      },
    },
  });
}

if (new URLSearchParams(location.search).has('lab')) startLab();
else
  startLive().catch((error: unknown) => {
    target.textContent = `The cluster could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  });
