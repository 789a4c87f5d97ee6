/**
 * One tab runs the cluster. Two sets of broker workers over the same IndexedDB logs would be two
 * brokers with one id writing one log directory, which Kafka prevents with its lock file
 * (`.lock` in each log.dir, LogManager.lockLogDirs); here a Web Lock plays that part. A tab that
 * closes or crashes releases it by itself. A second tab waits: it can ask the holder to hand the
 * cluster over (a BroadcastChannel message), and the holder stops its brokers cleanly first, then
 * releases the lock, which the asking tab is already queued for.
 */

export const CLUSTER_LOCK = 'kafka-in-a-tab:cluster';
const CHANNEL = 'kafka-in-a-tab:take-over';

export interface HeldLock {
  /** Called when another tab asks for the cluster; resolve once this tab has let go of it. */
  onTakeOverRequested(handOver: () => Promise<void>): void;
}

export type ClusterLock = { held: true; lock: HeldLock } | { held: false; takeOver(): Promise<HeldLock> };

/** Holds the lock until `release` resolves; resolves `held` once it is granted. */
function hold(options: LockOptions): Promise<{ granted: boolean; release: () => void }> {
  return new Promise((resolve) => {
    void navigator.locks.request(CLUSTER_LOCK, options, (lock) => {
      if (lock === null) {
        resolve({ granted: false, release: () => {} });
        return;
      }
      return new Promise<void>((release) => resolve({ granted: true, release }));
    });
  });
}

function heldLock(release: () => void): HeldLock {
  const channel = new BroadcastChannel(CHANNEL);
  return {
    onTakeOverRequested(handOver) {
      channel.onmessage = (event: MessageEvent<unknown>) => {
        if (event.data !== 'take-over') return;
        channel.close();
        void handOver().finally(release);
      };
    },
  };
}

export async function acquireClusterLock(): Promise<ClusterLock> {
  const first = await hold({ ifAvailable: true });
  if (first.granted) return { held: true, lock: heldLock(first.release) };
  return {
    held: false,
    async takeOver() {
      // Queue for the lock first, then ask: the holder's release hands it straight to this tab.
      const queued = hold({});
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage('take-over');
      channel.close();
      const next = await queued;
      return heldLock(next.release);
    },
  };
}
