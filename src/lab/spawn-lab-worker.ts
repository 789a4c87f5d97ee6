/**
 * Starts the lab's worker. As for the broker workers, Vite bundles it only when `new URL('literal',
 * import.meta.url)` sits directly inside `new Worker(...)`.
 */
export function spawnLabWorker(): Worker {
  return new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });
}
