/**
 * Starts a broker's module worker. Vite bundles the worker only when `new URL('literal',
 * import.meta.url)` sits directly inside `new Worker(...)` (vite#22727), so keep this call as it is.
 */
export function spawnBrokerWorker(brokerId: number): Worker {
  return new Worker(new URL('../../workers/broker.worker.ts', import.meta.url), { type: 'module', name: `broker-${brokerId}` });
}
