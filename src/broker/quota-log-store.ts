/**
 * A store with a quota that can be filled on purpose (`cluster.fillDisk(id)`): from `fill()` on,
 * every write fails as a browser fails an IndexedDB write past the origin's quota
 * (QuotaExceededError); reads still work, as they do on a full disk. The broker's log directory
 * (./log-dir.ts) then fails as in Kafka. Both runtimes put one under each broker's store; a
 * restarted broker gets a new one, as if space had been freed meanwhile.
 */
import { LogStoreDecorator } from './log-store-decorator';

/** The error a full disk gives, named as the browser names it. */
export function quotaExceeded(): Error {
  const error = new Error('The quota has been exceeded (a full disk, simulated).');
  error.name = 'QuotaExceededError';
  return error;
}

export class QuotaLogStore<M = unknown> extends LogStoreDecorator<M> {
  private full = false;

  /** Fills the disk: every write from now on is refused. */
  fill(): void {
    this.full = true;
  }

  get isFull(): boolean {
    return this.full;
  }

  protected writing(call: () => Promise<void>): Promise<void> {
    return this.full ? Promise.reject(quotaExceeded()) : call();
  }
}
