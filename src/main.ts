import { mount } from 'svelte';
import App from './ui/App.svelte';
import { bootSimulator } from './runtime/boot';

const target = document.getElementById('app')!;

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
