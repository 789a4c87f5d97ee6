import { mount } from 'svelte';
import App from './ui/App.svelte';
import { bootSimulator } from './runtime/boot';
import { initLanguage } from './ui/i18n/i18n.svelte';

const target = document.getElementById('app')!;
// Before anything is drawn, so the first frame is already in the learner's language (and <html lang> follows it).
initLanguage();

if (new URLSearchParams(location.search).has('lab')) startLab();
else startLive();

/** The lab (`?lab`): the deterministic engine in a worker, loaded only when asked for. */
function startLab(): void {
  Promise.all([import('./lab/boot-lab'), import('./lab/spawn-lab-worker'), import('./ui/lab/LabPage.svelte')]).then(
    async ([{ bootLab }, { spawnLabWorker }, { default: LabPage }]) => {
      const sim = await bootLab(spawnLabWorker, location);
      Object.assign(window, { sim });
      mount(LabPage, { target, props: { sim } });
    },
    (error: unknown) => {
      target.textContent = `The lab could not start: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    },
  );
}

function startLive(): void {
  bootSimulator().then(
    (sim) => {
      window.sim = sim;
      mount(App, { target, props: { sim } });
    },
    (error: unknown) => {
      target.textContent = `The cluster could not start: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    },
  );
}
