/**
 * Makes one of a test broker's store calls take virtual time, as an IndexedDB commit takes real
 * time, and counts how many of them are in flight at once: whether the broker lets writes that
 * could be committed together (IndexedDbLogStore groups concurrent writes) overlap.
 */
import type { MemoryLogStore } from '../../../src/broker/memory-log-store';
import type { LogMeta } from '../../../src/broker/unified-log';
import type { TestCluster } from './test-cluster';

export function slowStoreWrites(
  cluster: TestCluster,
  brokerId: number,
  method: 'writeMeta' | 'append',
  delayMs = 1,
): { maxInFlight: () => number } {
  const store: MemoryLogStore<LogMeta> = cluster.stores.get(brokerId)!;
  const write = store[method].bind(store) as (...args: unknown[]) => Promise<void>;
  let inFlight = 0;
  let max = 0;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise<void>((resolve) => cluster.clock.schedule(delayMs, resolve));
    inFlight--;
    return write(...args);
  };
  return { maxInFlight: () => max };
}
