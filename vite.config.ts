import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// base './' makes the built site work from any sub-path (issue 4); workers are ES modules
// because an IIFE worker cannot code-split ("UMD and IIFE output formats are not supported for
// code-splitting builds", vitejs/vite#18585).
export default defineConfig({
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    // A test's wall-clock bound only catches a hang: tests on virtual time are bounded by the
    // simulation's driver, and a loaded machine must not fail a test that is merely slow.
    testTimeout: 30_000,
  },
});
