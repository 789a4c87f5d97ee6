import { mount } from 'svelte';
import App from './ui/App.svelte';
import { bootSimulator } from './runtime/boot';
import { initLanguage } from './ui/i18n/i18n.svelte';

const target = document.getElementById('app')!;
// Before anything is drawn, so the first frame is already in the learner's language (and <html lang> follows it).
initLanguage();

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
