/**
 * Starts the client worker that runs the page's workloads. As for the broker workers, Vite bundles
 * it only when `new URL('literal', import.meta.url)` sits directly inside `new Worker(...)`.
 */
export function spawnClientWorker(): Worker {
  return new Worker(new URL('../../workers/client.worker.ts', import.meta.url), { type: 'module', name: 'clients' });
}
